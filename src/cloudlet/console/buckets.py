"""Buckets: the list, and a bucket's object browser (``?prefix=`` with folders by the
delimiter ``/``, ``&token=`` for the next page, ``&max=`` keys a page), an object's metadata page, upload
(a ``multipart/form-data`` form), download (GetObject's body streamed with its content
type and a Content-Disposition) and delete.

LIMITATIONS: the upload is one PutObject of the whole file, read into memory (no
multipart upload); object versions are not listed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from cloudlet.console.form_input import multipart_form, refuse
from cloudlet.console.site import nav, page
from cloudlet.console.view import Failed, View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

nav("Buckets", "/buckets", 70)
PAGE_SIZE = 100


@page("/buckets")
async def buckets(view: View) -> Response:
    params: dict[str, Any] = {"MaxBuckets": PAGE_SIZE}
    if view.query.get("token"):
        params["ContinuationToken"] = view.query["token"]
    out, error = await view.attempt("s3", "ListBuckets", params)
    return view.render("buckets/list.html", title="Buckets", crumbs=[("Buckets", "/buckets")],
                       error=error, buckets=(out or {}).get("Buckets") or [],
                       next_token=(out or {}).get("ContinuationToken"))


def folder_links(view: View, bucket: str, prefix: str) -> list[tuple[str, str]]:
    """Buckets / bucket / each folder of ``prefix``: (label, console link)."""
    links = [("Buckets", view.url("/buckets")), (bucket, view.url(f"/buckets/{bucket}"))]
    walked = ""
    for part in [p for p in prefix.split("/") if p]:
        walked += part + "/"
        links.append((part, view.url(f"/buckets/{bucket}", prefix=walked)))
    return links


@page("/buckets/{name}", methods=("GET", "POST"))
async def bucket(view: View) -> Response:
    name = view.params["name"]
    prefix = view.query.get("prefix", "")
    error, status = None, 200
    if view.request.method == "POST":
        form = view.form()
        try:
            if form.get("action") != "delete" or not form.get("key"):
                raise refuse(f"not supported: action {form.get('action')!r}")
            await view.call("s3", "DeleteObject", {"Bucket": name, "Key": form["key"]})
            return view.redirect(f"/buckets/{name}", prefix=prefix or None,
                                 notice=f"Deleted {form['key']}.")
        except Failed as failed:
            error, status = failed.error, 400
    return await _folder(view, name, prefix, error, status)


async def _folder(view: View, name: str, prefix: str, error: ServiceError | None,
                  status: int) -> Response:
    """The folder ``prefix`` of bucket ``name``: its subfolders and objects, one page."""
    size = view.query.get("max", "")
    params: dict[str, Any] = {"Bucket": name, "Delimiter": "/",
                              "MaxKeys": int(size) if size.isdigit() else PAGE_SIZE}
    if prefix:
        params["Prefix"] = prefix
    if view.query.get("token"):
        params["ContinuationToken"] = view.query["token"]
    out, list_error = await view.attempt("s3", "ListObjectsV2", params)
    if out is None and list_error is not None and list_error.error_code == "NoSuchBucket":
        status = 404
    return view.render(
        "buckets/folder.html", status,
        title=name, folders=folder_links(view, name, prefix),
        error=error or list_error, notice=view.query.get("notice"), bucket=name,
        prefix=prefix, listed=out is not None,
        common=[p["Prefix"] for p in (out or {}).get("CommonPrefixes") or []],
        objects=(out or {}).get("Contents") or [],
        next_token=(out or {}).get("NextContinuationToken"))


@page("/buckets/{name}/upload", methods=("POST",))
async def upload(view: View) -> Response:
    """Each file of the form as an object under the form's ``prefix``, with its type."""
    name = view.params["name"]
    prefix = view.query.get("prefix", "")
    try:
        fields, files = multipart_form(view.request.headers.get("content-type", ""),
                                       view.request.body)
        prefix = fields.get("prefix", prefix)
        if not files:
            raise refuse("Choose a file to upload.")
        for file in files:
            key = prefix + file.filename.replace("\\", "/").rsplit("/", 1)[-1]
            await view.call("s3", "PutObject", {"Bucket": name, "Key": key, "Body": file.data,
                                                "ContentType": file.content_type})
    except Failed as failed:
        return await _folder(view, name, prefix, failed.error, 400)
    uploaded = ", ".join(f.filename for f in files)
    return view.redirect(f"/buckets/{name}", prefix=prefix or None, notice=f"Uploaded {uploaded}.")


def content_disposition(key: str) -> str:
    """``attachment`` named for the key's last segment (RFC 6266: an ASCII fallback and
    the UTF-8 name)."""
    filename = key.rstrip("/").rsplit("/", 1)[-1] or "download"
    fallback = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@page("/buckets/{name}/download")
async def download(view: View) -> Response:
    """The object's bytes as GetObject gives them, streamed."""
    name, key = view.params["name"], view.query.get("key", "")
    try:
        out = await view.call("s3", "GetObject", {"Bucket": name, "Key": key})
    except Failed as failed:
        return view.render("buckets/object.html", 404, title=key or name,
                           folders=folder_links(view, name, _folder_of(key)),
                           error=failed.error, head=None, bucket=name, key=key,
                           prefix=_folder_of(key))
    headers = [("content-type", out.get("ContentType") or "binary/octet-stream"),
               ("content-disposition", out.get("ContentDisposition") or content_disposition(key)),
               ("content-length", str(out.get("ContentLength", 0))),
               ("cache-control", "no-store")]
    body = out.get("Body", b"")
    if isinstance(body, bytes | bytearray):
        return Response(200, bytes(body), headers)
    return Response(200, b"", headers, stream=body)


@page("/buckets/{name}/object")
async def object_page(view: View) -> Response:
    """HeadObject's metadata, with download and delete."""
    name, key = view.params["name"], view.query.get("key", "")
    head, error = await view.attempt("s3", "HeadObject", {"Bucket": name, "Key": key})
    return view.render("buckets/object.html", 200 if head else 404, title=key,
                       folders=folder_links(view, name, _folder_of(key)), error=error,
                       head=head, bucket=name, key=key, prefix=_folder_of(key))


def _folder_of(key: str) -> str:
    """The folder (prefix ending in ``/``) a key is in; empty at the top."""
    return key.rpartition("/")[0] + "/" if "/" in key else ""
