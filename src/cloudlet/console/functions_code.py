"""A function's code, read-only: the files of its deployment package and one file's text.

GetFunction's ``Code.Location`` is a URL on this server; the package is read through the
same edge handler that answers that URL (no HTTP round trip, no reading Lambda's files
behind its back). Text files up to 512 KB are shown; others are named with their size.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from cloudlet.server import internal
from cloudlet.server.http import Request, Response
from cloudlet.server.state import ServerState

SHOWN_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class Package:
    files: list[tuple[str, int]]  # (path, uncompressed size), in the zip's order
    selected: str | None
    text: str | None  # the selected file's text; None when binary or too large
    note: str = ""  # why there is nothing to show


async def fetch_zip(state: ServerState, location: str) -> bytes | None:
    """The zip behind ``location`` through the Lambda service's own edge route."""
    service = internal.served(state, "lambda")
    if service is None or not location:
        return None
    parts = urlsplit(location)
    raw_path = parts.path
    request = Request("GET", unquote(raw_path), raw_path, parts.query, {}, b"",
                      host=parts.netloc)
    for route in service.edge_routes:
        params = route.match(parts.hostname or "", raw_path)
        if params is None:
            continue
        response: Response | None = await route.handler(state, request, params)
        if response is not None:
            return response.body if response.status == 200 else None
    return None


def read_package(body: bytes | None, selected: str | None) -> Package:
    if body is None:
        return Package([], None, None, "The deployment package could not be read.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile:
        return Package([], None, None, "The deployment package is not a zip file.")
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        files = [(i.filename, i.file_size) for i in infos]
        if selected is None:
            selected = next((n for n, _ in files if n.endswith((".py", ".js", ".mjs"))),
                            files[0][0] if files else None)
        info = next((i for i in infos if i.filename == selected), None)
        if info is None:
            return Package(files, None, None, "" if selected is None else
                           f"There is no file {selected} in the package.")
        if info.file_size > SHOWN_BYTES:
            return Package(files, selected, None, "The file is too large to show.")
        data = archive.read(info)
    try:
        return Package(files, selected, data.decode("utf-8"))
    except UnicodeDecodeError:
        return Package(files, selected, None, "The file is binary.")
