"""Everything checked before a stack operation starts, in CloudFormation's words.

The template is read (TemplateBody, or TemplateURL on cloudlet's S3), parsed, its
transforms applied (``AWS::Serverless-2016-10-31`` by ``cloudlet.templates.sam``,
``AWS::LanguageExtensions`` by evaluation; any other: "not supported"), capabilities
checked, parameters and conditions evaluated, and every resource type checked: a type
CloudFormation does not know, one cloudlet has no provider for, and a property the type
has but cloudlet's provider does not apply all fail here, before anything is created.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.schemas import is_custom, known, schema
from cloudlet.cloudformation.template import (
    Pseudo,
    evaluate,
    parse_template,
    required_capabilities,
    transforms,
)
from cloudlet.server.errors import ClientError, ServiceError, ValidationError
from cloudlet.server.internal import call

if TYPE_CHECKING:
    from collections.abc import Collection

    from cloudlet.cloudformation.engine import Engine
    from cloudlet.cloudformation.template import Evaluated
    from cloudlet.server.context import RequestContext

SAM = "AWS::Serverless-2016-10-31"
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
CUSTOM_TYPE = "AWS::CloudFormation::CustomResource"
MAX_BODY = 51_200
_S3_HOSTS = re.compile(
    r"^(?:(?P<bucket>.+)\.)?s3(?:[.-][a-z0-9-]+)?\.(?:amazonaws\.com|localhost)$")


class InsufficientCapabilities(ClientError):
    """A template that needs capabilities the request did not acknowledge."""

    code = "InsufficientCapabilitiesException"


@dataclass
class Prepared:
    body: str
    template: dict[str, Any]
    processed: dict[str, Any]
    evaluated: Evaluated
    # The parameter values the stack keeps (given ones, and previous ones reused).
    values: dict[str, str]


def invalid(error: TemplateError) -> ValidationError:
    return ValidationError(str(error))


def _bucket_key(url: str) -> tuple[str, str]:
    """The S3 bucket and key a TemplateURL names (path style on cloudlet's own port,
    cloudlet's ``{bucket}.s3.localhost``, and AWS's virtual-hosted and path-style forms)."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    hosted = _S3_HOSTS.match(parts.hostname or "")
    if hosted and hosted["bucket"]:
        return hosted["bucket"], path
    bucket, _, key = path.partition("/")
    if not bucket or not key:
        raise ValidationError("TemplateURL must be a supported URL.")
    return bucket, key


async def read_url(ctx: RequestContext, url: str) -> str:
    bucket, key = _bucket_key(url)
    try:
        out = await call(ctx.state, "s3", "GetObject", {"Bucket": bucket, "Key": key},
                         principal=ctx.caller, region=ctx.region)
    except ServiceError as error:
        raise ValidationError(f"S3 error: {error.message}") from None
    body = out.get("Body")
    if isinstance(body, bytes | str):
        data = body.encode() if isinstance(body, str) else body
    else:
        chunks = [chunk async for chunk in body] if body is not None else []
        data = b"".join(chunks)
    return data.decode("utf-8")


async def template_text(ctx: RequestContext, req: Mapping[str, Any],
                        previous: str | None = None) -> str:
    """The template a request gives: TemplateBody, TemplateURL or UsePreviousTemplate."""
    given = [k for k in ("TemplateBody", "TemplateURL") if req.get(k)]
    if req.get("UsePreviousTemplate"):
        if given:
            raise ValidationError("An input template was specified while "
                                  "UsePreviousTemplate is true")
        if previous is None:
            raise ValidationError("UsePreviousTemplate is not allowed here")
        return previous
    if len(given) != 1:
        raise ValidationError("Either Template URL or Template Body must be specified.")
    if given[0] == "TemplateURL":
        return await read_url(ctx, str(req["TemplateURL"]))
    body = str(req["TemplateBody"])
    if len(body.encode()) > MAX_BODY:
        raise ValidationError(
            f"1 validation error detected: Value '{body[:20]}...' at 'templateBody' failed to "
            f"satisfy constraint: Member must have length less than or equal to {MAX_BODY}")
    return body


def parse(body: str) -> dict[str, Any]:
    try:
        return parse_template(body)
    except TemplateError as error:
        raise invalid(error) from None


def check_capabilities(template: dict[str, Any], given: Collection[str], *,
                       expand: bool = True) -> None:
    needed = [c for c in required_capabilities(template)
              if expand or c != "CAPABILITY_AUTO_EXPAND"]
    if "CAPABILITY_NAMED_IAM" in given:
        given = [*given, "CAPABILITY_IAM"]
    missing = [c for c in needed if c not in given]
    if missing:
        raise InsufficientCapabilities(f"Requires capabilities : [{', '.join(missing)}]")


def apply_transforms(template: dict[str, Any], values: dict[str, str], account: str,
                     region: str) -> dict[str, Any]:
    """The processed template: SAM translated; LanguageExtensions left to evaluation."""
    names = transforms(template)
    for name in names:
        if name not in (SAM, LANGUAGE_EXTENSIONS):
            raise ValidationError(f"not supported: Transform {name}")
    if SAM not in names:
        return template
    from cloudlet.templates.sam import transform

    plain = json.loads(json.dumps(template))
    try:
        processed: dict[str, Any] = transform(plain, values, account=account, region=region)
    except TemplateError as error:
        raise invalid(error) from None
    rest = [n for n in names if n != SAM]
    processed.pop("Transform", None)
    if rest:
        processed["Transform"] = rest if len(rest) > 1 else rest[0]
    return processed


def parameter_values(req: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The request's Parameters: given values, and the keys with UsePreviousValue."""
    given: dict[str, str] = {}
    reuse: list[str] = []
    for p in req.get("Parameters") or []:
        key = p.get("ParameterKey")
        if not key:
            continue
        if p.get("UsePreviousValue"):
            reuse.append(key)
        else:
            given[key] = str(p.get("ParameterValue", ""))
    return given, reuse


def check_types(engine: Engine, evaluated: Evaluated) -> None:
    """Unknown types, types without a provider, and schema properties the provider does
    not apply: refused before anything is created."""
    providers = engine.providers()
    types = list(dict.fromkeys(d.type_name for d in evaluated.resources.values()))
    unknown = [t for t in types if not known(t)]
    if unknown:
        raise ValidationError("Template format error: Unrecognized resource types: "
                              f"[{', '.join(unknown)}]")
    missing = [t for t in types if t not in providers
               and not (is_custom(t) and CUSTOM_TYPE in providers)]
    if missing:
        raise ValidationError(f"not supported by cloudlet: {', '.join(missing)}")
    for decl in evaluated.resources.values():
        found = schema(decl.type_name)
        provider = providers.get(decl.type_name)
        if (found is None or provider is None or is_custom(decl.type_name)
                or not isinstance(decl.properties, dict)):
            continue
        for name in decl.properties:
            if name in found.properties and name not in provider.properties:
                raise ValidationError(
                    f"not supported by cloudlet: property {name} of {decl.type_name}")


def _imports(value: Any) -> list[str]:
    """The literal export names a template's Fn::ImportValue uses."""
    if isinstance(value, dict):
        if len(value) == 1 and "Fn::ImportValue" in value:
            name = value["Fn::ImportValue"]
            return [name] if isinstance(name, str) else _imports(name)
        return [n for v in value.values() for n in _imports(v)]
    if isinstance(value, list):
        return [n for v in value for n in _imports(v)]
    return []


def check_imports(engine: Engine, template: dict[str, Any], account: str, region: str) -> None:
    exports = engine.store.exports(account, region)
    for name in _imports({k: template.get(k) for k in ("Resources", "Outputs")}):
        if name not in exports:
            raise ValidationError(f"No export named {name} found.")


async def prepare(engine: Engine, ctx: RequestContext, body: str, req: Mapping[str, Any], *,
                  stack_name: str, stack_id: str, previous: dict[str, str] | None = None,
                  expand: bool = True) -> Prepared:
    """Read, transform, evaluate and check a template for one operation."""
    template = parse(body)
    check_capabilities(template, req.get("Capabilities") or [], expand=expand)
    given, reuse = parameter_values(req)
    values = dict(given)
    for key in reuse:
        if previous is not None and key in previous:
            values[key] = previous[key]
    processed = apply_transforms(template, values, ctx.account, ctx.region)
    check_capabilities(processed, req.get("Capabilities") or [], expand=False)
    pseudo = Pseudo(ctx.account, ctx.region, stack_name, stack_id,
                    notification_arns=list(req.get("NotificationARNs") or []))

    async def ssm(names: list[str]) -> dict[str, str]:
        out = await call(ctx.state, "ssm", "GetParameters", {"Names": names},
                         principal=ctx.caller, region=ctx.region)
        return {p["Name"]: p["Value"] for p in out.get("Parameters", [])}

    try:
        evaluated = await evaluate(processed, given, pseudo, ssm=ssm, previous=previous,
                                   use_previous=reuse)
    except TemplateError as error:
        raise invalid(error) from None
    check_types(engine, evaluated)
    check_imports(engine, processed, ctx.account, ctx.region)
    return Prepared(body, template, processed, evaluated, values)
