"""`gongshi serve` (serve.py): a real server on 127.0.0.1 in a thread, real HTTP requests (urllib, and
http.client for paths urllib would tidy), a real file watcher, a real Chromium for the error overlay."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.cli_common import Consoles
from generator.errors import ContentError, EnvironmentProblem
from generator.i18n import Translator
from generator.serve import RELOAD_SCRIPT, STATUS_PATH, Status, bind, handler_for, inside, serve
from tests.support import REPO, RESULTS_2025, make_content

ZH = Translator("zh-CN")
TODAY = date(2025, 11, 30)
CHROMIUM = "/usr/bin/chromium"
BAD_RESULTS = RESULTS_2025.replace("甲局,90", "甲局,九十")


def wait_for(condition: Callable[[], Any], seconds: float = 20) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def raw_get(port: int, path: str, method: str = "GET") -> int:
    """The status of a request sent with `path` exactly as written (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def status_of(base: str) -> dict[str, Any]:
    return json.loads(get(base + STATUS_PATH.lstrip("/"))[2])


@contextmanager
def serving(content: Path, site: Path, port: int = 0) -> Iterator[str]:
    """Run `serve` in a thread; yields the announced address and stops the server afterwards."""
    urls: list[str] = []
    stop = threading.Event()
    failure: list[BaseException] = []

    def target() -> None:
        try:
            serve(content, site, TODAY, ZH, Consoles(), port=port, stop=stop, announce=urls.append)
        except BaseException as error:  # reported by the test
            failure.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    wait_for(lambda: urls or failure)
    if failure:
        raise failure[0]
    try:
        yield urls[0].split("（")[0].removeprefix("预览地址：")
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content")


def test_serves_the_built_site_on_localhost_with_the_reload_script(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with serving(content, site) as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/")
        code, headers, body = get(base)
        assert code == 200 and headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-store"
        on_disk = (site / "index.html").read_bytes()
        assert body == on_disk.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>")  # injected on the way out …
        assert STATUS_PATH.encode() not in on_disk  # … never written into the site
        assert get(base + "units/a/")[2].count(STATUS_PATH.encode()) == 1  # a folder serves its index.html
        assert get(base + "manifest.json")[2] == (site / "manifest.json").read_bytes()
        assert status_of(base) == {"build": 1, "errors": []}
        assert get(base + "nothing/here.html")[0] == 404


def test_a_busy_port_is_skipped_for_the_next_free_one(content: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        with serving(content, tmp_path / "site", port=busy) as base:
            port = int(base.rsplit(":", 1)[1].rstrip("/"))
            assert busy < port <= busy + 20
            assert get(base)[0] == 200


def test_when_every_port_tried_is_busy_the_error_says_so() -> None:
    # From 65530 only 65530–65535 can be tried: hold all six (one already held by someone else is busy too).
    held = []
    for port in range(65530, 65536):
        sock = socket.socket()
        with suppress(OSError):
            sock.bind(("127.0.0.1", port))
            sock.listen()
        held.append(sock)
    try:
        with pytest.raises(EnvironmentProblem) as caught:
            bind("127.0.0.1", 65530, handler_for(Path("/nonexistent"), Status()))
        assert caught.value.lines(ZH) == ["端口 65530 已被占用，也没有找到可用的端口（已试到 65535）：请用 --port 指定其他端口"]
    finally:
        for sock in held:
            sock.close()


def test_requests_cannot_leave_the_site(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    with serving(content, site) as base:
        port = int(base.rsplit(":", 1)[1].rstrip("/"))
        (site / "outside").symlink_to(tmp_path)  # a link inside the site that points out of it
        assert raw_get(port, "/index.html") == 200
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/units/../../secret.txt",
                     "/outside/secret.txt", "/%2E%2E/%2E%2E/etc/passwd", "/index.html%00.txt", "/..\\secret.txt"):
            assert raw_get(port, path) == 404, path
            assert raw_get(port, path, "HEAD") == 404, path


@pytest.mark.parametrize(("request_path", "expected"), [
    ("/", ""), ("/units/a/index.html", "units/a/index.html"), ("/units/../index.html?x=1#top", "index.html"),
    ("/%E5%8D%95%E4%BD%8D", "单位"),
])
def test_inside_resolves_within_the_site(tmp_path: Path, request_path: str, expected: str) -> None:
    site = tmp_path.resolve()
    assert inside(site, request_path) == (site / expected if expected else site)


@pytest.mark.parametrize("request_path", ["/../x", "/%2e%2e/x", "/a/../../x", "/a\\b", "/a%00b"])
def test_inside_refuses_paths_out_of_the_site(tmp_path: Path, request_path: str) -> None:
    assert inside(tmp_path.resolve(), request_path) is None


def test_a_change_rebuilds_and_broken_content_shows_its_problems(content: Path, tmp_path: Path) -> None:
    site = content / "site"  # inside the content folder: its own writes must not trigger rebuilds
    with serving(content, site) as base:
        assert status_of(base)["build"] == 1
        make_content(content, {"results/2025.csv": RESULTS_2025.replace("甲局,90,", "甲局,94,")})
        wait_for(lambda: status_of(base)["build"] == 2)
        # 甲局's 党建工作 94: 0.5 × 94 + 0.5 × 90 = 92.00 on the rebuilt board.
        assert "92.00" in get(base + "periods/2025/")[2].decode("utf-8")
        make_content(content, {"results/2025.csv": BAD_RESULTS})
        status = wait_for(lambda: (s := status_of(base))["errors"] and s)
        assert status == {"build": 2, "errors": ["results/2025.csv:2:党建工作: “九十”不是数字"]}
        assert "92.00" in get(base + "periods/2025/")[2].decode("utf-8")  # the last good site is still served
        make_content(content)
        wait_for(lambda: status_of(base) == {"build": 3, "errors": []})
        time.sleep(1.0)  # the site's own files changed with that build: no build follows by itself
        assert status_of(base)["build"] == 3


def test_a_first_build_that_fails_is_an_error(content: Path, tmp_path: Path) -> None:
    make_content(content, {"results/2025.csv": BAD_RESULTS})
    with pytest.raises(ContentError) as caught, serving(content, tmp_path / "site"):
        pass
    assert caught.value.lines(ZH) == ["results/2025.csv:2:党建工作: “九十”不是数字"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_the_browser_shows_the_problems_over_the_page_and_reloads_when_fixed(content: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with serving(content, tmp_path / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            with page.expect_response(lambda r: STATUS_PATH in r.url, timeout=10000):
                page.goto(base)  # the first poll of the status learns the build number
            make_content(content, {"results/2025.csv": BAD_RESULTS})
            overlay = page.locator("#gongshi-overlay")
            overlay.wait_for(state="visible", timeout=20000)
            assert overlay.inner_text() == "results/2025.csv:2:党建工作: “九十”不是数字"
            assert overlay.get_attribute("role") == "alert"
            page.evaluate("window.__before_reload = 1")
            make_content(content)
            page.wait_for_function("window.__before_reload === undefined", timeout=20000)  # reloaded
            with page.expect_response(lambda r: STATUS_PATH in r.url, timeout=10000):
                pass
            assert page.locator("#gongshi-overlay").count() == 0
        finally:
            browser.close()


def test_the_serve_command_as_a_program(content: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path)}
    process = subprocess.Popen([str(REPO / ".venv" / "bin" / "gongshi"), "serve", str(content), "-o", str(tmp_path / "site"),
                                "--port", str(port), "--today", "2025-11-30"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=tmp_path)
    try:
        first = process.stdout.readline() if process.stdout else ""
        assert first.startswith("[") and "已生成" in first
        announce = process.stdout.readline() if process.stdout else ""
        assert announce.strip() == f"预览地址：http://127.0.0.1:{port}/（按 Ctrl+C 停止；内容改动后自动刷新）"
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
        os.kill(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    # Ctrl+C while waiting for changes: the watcher stops, the server closes, the command ends normally.
    assert (process.returncode, out, err) == (0, "", "")


def test_an_address_not_of_this_machine_is_named_in_the_message() -> None:
    from http.server import SimpleHTTPRequestHandler

    from generator.errors import EnvironmentProblem
    from generator.i18n import Translator
    from generator.serve import bind

    with pytest.raises(EnvironmentProblem) as caught:
        bind("10.9.9.9", 8000, SimpleHTTPRequestHandler)
    assert caught.value.lines(Translator("zh-CN")) == [
        "无法在地址 10.9.9.9 上监听：它不是本机的地址。请用 --host 指定本机的地址（默认 127.0.0.1）"]
    assert caught.value.lines(Translator("en")) == [
        "Cannot listen on 10.9.9.9: it is not an address of this machine. Give one with --host (default 127.0.0.1)."]
