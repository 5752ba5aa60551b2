"""`gongshi serve`: pages served with the reload script, a rebuild on change, the built site untouched."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from generator.serve import RELOAD_PATH, serve


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a localhost test server
        return response.read().decode("utf-8")


def test_serve_reloads_after_a_change(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "note.txt").write_text("one", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>v1</p></body></html>", encoding="utf-8")
    rebuilds: list[int] = []
    urls: list[str] = []
    stop = threading.Event()

    def rebuild() -> None:
        (site / "index.html").write_text("<html><body><p>v2</p></body></html>", encoding="utf-8")
        rebuilds.append(1)

    thread = threading.Thread(target=serve, args=(content, site, rebuild),
                              kwargs={"port": 0, "announce": urls.append, "stop": stop}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not urls and time.monotonic() < deadline:
        time.sleep(0.05)
    base = urls[0]
    page = fetch(base)
    assert "<p>v1</p>" in page and RELOAD_PATH in page
    assert RELOAD_PATH not in (site / "index.html").read_text(encoding="utf-8")  # injected, never written
    assert fetch(base + RELOAD_PATH.lstrip("/")) == "0"
    (content / "note.txt").write_text("two", encoding="utf-8")
    while not rebuilds and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert fetch(base + RELOAD_PATH.lstrip("/")) == "1"
    assert "<p>v2</p>" in fetch(base + "index.html")
    stop.set()
    thread.join(timeout=5)
