"""Values to and from XML by their botocore shape, as the query and rest-xml protocols
write them (ElementTree does the escaping).

- structures: one child element per member, named by the member's ``locationName``;
  ``xmlAttribute`` members are attributes of the structure's element;
- lists: ``<Name><member>..</member></Name>`` (the list member's ``locationName`` in place
  of ``member``), or, when ``flattened``, repeated ``<Name>`` elements;
- maps: ``<Name><entry><key/><value/></entry></Name>``, or repeated ``<Name><key/><value/>``
  when flattened;
- scalars: booleans ``true``/``false``, timestamps ISO 8601, blobs base64.

Members with a ``location`` (headers, URI, query string, status) are not body members.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from cloudlet.server.protocols.rest import format_text, read_text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from xml.etree.ElementTree import Element

    from botocore.model import Shape

    from cloudlet.server.errors import ServiceError

_NAMESPACE = re.compile(r"^\{.*?\}")
# Characters XML 1.0 cannot hold (controls other than tab, newline and return; U+FFFE and
# U+FFFF), as UTF-8 bytes. S3 writes them as character references (``&#x1;``), which
# strict parsers refuse as AWS's answers are refused: ``EncodingType=url`` is the way out.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def member_key(member: Shape, name: str) -> str:
    """The element name a structure member is written under (botocore's rule: a flattened
    list takes its member's ``locationName``)."""
    if member.type_name == "list" and member.serialization.get("flattened"):
        inner = member.member.serialization.get("name")
        if inner is not None:
            return str(inner)
    return str(member.serialization.get("name", name))


def add_namespace(shape: Shape, element: Element) -> None:
    namespace = shape.serialization.get("xmlNamespace")
    if isinstance(namespace, dict):
        prefix = namespace.get("prefix")
        element.set(f"xmlns:{prefix}" if prefix else "xmlns", namespace["uri"])
    elif isinstance(namespace, str):
        element.set("xmlns", namespace)


def write_members(element: Element, shape: Shape, value: dict[str, Any]) -> None:
    """Write a structure's body members into ``element``."""
    members = shape.members
    for name, item in value.items():
        member = members.get(name)
        if item is None or member is None or member.serialization.get("location"):
            continue
        if member.serialization.get("xmlAttribute"):
            element.set(member.serialization.get("name", name), format_text(member, item, "iso8601"))
            continue
        write_value(element, member, item, member_key(member, name))


def write_value(parent: Element, shape: Shape, value: Any, name: str) -> None:
    kind = shape.type_name
    if kind == "structure":
        element = ElementTree.SubElement(parent, name)
        add_namespace(shape, element)
        write_members(element, shape, value)
    elif kind == "list":
        inner = shape.member
        if shape.serialization.get("flattened"):
            for item in value:
                write_value(parent, inner, item, name)
        else:
            element = ElementTree.SubElement(parent, name)
            add_namespace(shape, element)
            item_name = inner.serialization.get("name", "member")
            for item in value:
                write_value(element, inner, item, item_name)
    elif kind == "map":
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        flattened = shape.serialization.get("flattened")
        if not flattened:
            container = ElementTree.SubElement(parent, name)
            add_namespace(shape, container)
        for key, item in value.items():
            entry = ElementTree.SubElement(parent if flattened else container,
                                           name if flattened else "entry")
            write_value(entry, shape.key, key, key_name)
            write_value(entry, shape.value, item, value_name)
    else:
        element = ElementTree.SubElement(parent, name)
        add_namespace(shape, element)
        element.text = format_text(shape, value, "iso8601")


def local_name(tag: str) -> str:
    return _NAMESPACE.sub("", tag)


def _children(element: Element) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for child in element:
        found.setdefault(local_name(child.tag), []).append(child)
    return found


def read_members(element: Element, shape: Shape) -> dict[str, Any]:
    """A structure's body members from its element (text left as text for the
    validator where a conversion fails)."""
    children = _children(element)
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        if member.serialization.get("location"):
            continue
        if member.serialization.get("xmlAttribute"):
            wanted = local_name(str(member.serialization.get("name", name))).split(":")[-1]
            for attr, text in element.attrib.items():
                if local_name(attr).split(":")[-1] == wanted:
                    out[name] = read_text(member, text, "iso8601")
            continue
        nodes = children.get(member_key(member, name))
        if not nodes:
            continue
        if member.serialization.get("flattened") and member.type_name in ("list", "map"):
            out[name] = _read_many(member, nodes)
        else:
            out[name] = read_value(member, nodes[0])
    return out


def _read_many(shape: Shape, nodes: Iterable[Element]) -> Any:
    if shape.type_name == "list":
        return [read_value(shape.member, node) for node in nodes]
    return dict(_read_entry(shape, node) for node in nodes)


def _read_entry(shape: Shape, entry: Element) -> tuple[Any, Any]:
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    key: Any = None
    value: Any = None
    for child in entry:
        tag = local_name(child.tag)
        if tag == key_name:
            key = read_value(shape.key, child)
        elif tag == value_name:
            value = read_value(shape.value, child)
    return key, value


def read_value(shape: Shape, element: Element) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return read_members(element, shape)
    if kind == "list":
        return [read_value(shape.member, child) for child in element]
    if kind == "map":
        return dict(_read_entry(shape, child) for child in element)
    return read_text(shape, element.text or "", "iso8601")


def to_bytes(root: Element) -> bytes:
    """The document, UTF-8 with its XML declaration; characters XML 1.0 cannot hold are
    written as character references, as S3 writes them."""
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    if _NOT_XML.search(data) is None:
        return data
    return _NOT_XML.sub(lambda found: b"&#x%X;" % ord(found[0].decode()), data)


def write_error(element: Element, error: ServiceError) -> None:
    """An error's Code, Message and extra members, as children of ``element``."""
    ElementTree.SubElement(element, "Code").text = error.error_code
    ElementTree.SubElement(element, "Message").text = error.message
    for key, value in error.fields.items():
        if value is not None:
            ElementTree.SubElement(element, key).text = str(value)
