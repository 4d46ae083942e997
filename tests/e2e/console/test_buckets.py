"""The console's bucket pages in a real browser: upload a file and read it back with
boto3, download it (checked with urllib), browse folders and pages, object metadata,
delete."""

from __future__ import annotations

import urllib.request
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer

DATA = bytes(range(256)) * 3 + "\r\nrésumé\n".encode()


def test_upload_download_and_delete_an_object(server: RunningServer, console: WebDriver,
                                              tmp_path: Path) -> None:
    s3 = make_client(server, "s3")
    bucket = f"console-b-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    upload = tmp_path / "report 1.bin"
    upload.write_bytes(DATA)

    console.get(f"{server.url}/_cloudlet/console/buckets")
    wait_for(console, f'tr[data-bucket="{bucket}"] a').click()
    prefix = wait_for(console, "#prefix")
    prefix.send_keys("docs/")
    console.find_element(By.ID, "file").send_keys(str(upload))
    console.find_element(By.ID, "upload-button").click()
    wait_text(console, ".notice", "Uploaded report 1.bin")
    assert "prefix=docs%2F" in console.current_url  # the folder it went to
    got = s3.get_object(Bucket=bucket, Key="docs/report 1.bin")
    assert got["Body"].read() == DATA
    assert got["ContentType"] == "application/octet-stream"

    link = str(wait_for(console, 'tr[data-key="docs/report 1.bin"] a.download')
               .get_attribute("href"))
    with urllib.request.urlopen(link) as answer:
        assert answer.read() == DATA
        assert answer.headers["Content-Type"] == "application/octet-stream"
        assert answer.headers["Content-Disposition"] == (
            "attachment; filename=\"report 1.bin\"; filename*=UTF-8''report%201.bin")

    console.find_element(By.CSS_SELECTOR, 'tr[data-key="docs/report 1.bin"] td a').click()
    metadata = wait_for(console, "#metadata").text
    assert "docs/report 1.bin" in metadata and f"{len(DATA)} bytes" in metadata
    shot(console, "buckets-object")
    console.find_element(By.ID, "delete").click()
    wait_text(console, ".notice", "Deleted docs/report 1.bin")
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_browse_folders_and_pages(server: RunningServer, console: WebDriver) -> None:
    s3 = make_client(server, "s3")
    bucket = f"console-b-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    for key in ("readme.txt", "photos/2026/a.jpg", "photos/2026/b.jpg", "photos/c.jpg",
                "photos/d.jpg", "photos/e.jpg"):
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode(), ContentType="image/jpeg")
    console.get(f"{server.url}/_cloudlet/console/buckets/{bucket}")
    wait_for(console, 'tr[data-folder="photos/"] a').click()
    wait_for(console, 'tr[data-folder="photos/2026/"]')
    names = [e.text for e in console.find_elements(By.CSS_SELECTOR, "#objects tbody tr td:first-child")]
    assert names == ["2026/", "c.jpg", "d.jpg", "e.jpg"]
    assert "readme.txt" not in console.page_source
    shot(console, "buckets-folder")

    console.get(f"{server.url}/_cloudlet/console/buckets/{bucket}?prefix=photos/&max=2")
    first = [e.get_attribute("data-key") or e.get_attribute("data-folder")
             for e in console.find_elements(By.CSS_SELECTOR, "#objects tbody tr")]
    console.find_element(By.ID, "next-page").click()
    wait_for(console, "#objects")
    assert "token=" in console.current_url and "max=2" in console.current_url
    second = [e.get_attribute("data-key") or e.get_attribute("data-folder")
              for e in console.find_elements(By.CSS_SELECTOR, "#objects tbody tr")]
    assert len(first) == 2 and len(second) == 2 and not set(first) & set(second)

    console.get(f"{server.url}/_cloudlet/console/buckets/{bucket}?prefix=photos/2026/")
    crumbs = console.find_element(By.ID, "folders")
    crumbs.find_element(By.LINK_TEXT, "photos").click()
    wait_for(console, 'tr[data-folder="photos/2026/"]')
    console.get(f"{server.url}/_cloudlet/console/buckets/no-such-{bucket}")
    assert "NoSuchBucket" in wait_for(console, ".error").text
