"""`gongshi serve`: build, serve on this machine, rebuild on change and reload the open pages.

The reload script (and, after a failed rebuild, an overlay with the problems) is added by the server to the
HTML it sends, never written into the site, so a site built by `serve` is the same as one built by `build`.
Requests are answered only from inside the site folder; the last good site keeps being served while the
content has errors.
"""

from __future__ import annotations

import errno
import json
import socket
import threading
import time
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .cli_common import Consoles, build_summary
from .errors import EnvironmentProblem, GongshiError, Message
from .i18n import Translator

STATUS_PATH = "/__gongshi_status"
PORTS_TRIED = 20
RELOAD_SCRIPT = f"""<script>
(function () {{
  var seen = null;
  function overlay(lines) {{
    var box = document.getElementById("gongshi-overlay");
    if (!lines.length) {{ if (box) {{ box.remove(); }} return; }}
    if (!box) {{
      box = document.createElement("div");
      box.id = "gongshi-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;background:#fff0f0;" +
        "color:#82071e;border-top:4px solid #cf222e;padding:12px 16px;font:15px/1.6 sans-serif;z-index:99999";
      document.body.appendChild(box);
    }}
    box.textContent = "";
    lines.forEach(function (line) {{ var p = document.createElement("div"); p.textContent = line; box.appendChild(p); }});
  }}
  setInterval(function () {{
    fetch("{STATUS_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (s) {{
      if (seen !== null && s.build !== seen) {{ location.reload(); return; }}
      seen = s.build;
      overlay(s.errors);
    }}).catch(function () {{}});
  }}, 1000);
}})();
</script>
"""


class Status:
    """How many builds have finished, and the problems of the last one (shown in the open pages)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.build = 0
        self.errors: list[str] = []

    def finished(self, errors: list[str]) -> None:
        with self._lock:
            if not errors:
                self.build += 1
            self.errors = errors

    def json(self) -> bytes:
        with self._lock:
            return json.dumps({"build": self.build, "errors": self.errors}, ensure_ascii=False).encode()


def inside(site: Path, request_path: str) -> Path | None:
    """The file a request asks for, when it is inside the site folder (after `..`, %2e%2e and links)."""
    path = unquote(urlsplit(request_path).path)
    if "\x00" in path or "\\" in path:
        return None
    candidate = (site / path.lstrip("/")).resolve()
    if candidate != site and site not in candidate.parents:
        return None
    return candidate


def handler_for(site: Path, status: Status) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            if self.path == STATUS_PATH:
                self._send(status.json(), "application/json")
                return
            path = inside(site, self.path)
            if path is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>")
                self._send(body, "text/html; charset=utf-8")
                return
            super().do_GET()

        def do_HEAD(self) -> None:
            if inside(site, self.path) is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            super().do_HEAD()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def bind(host: str, port: int, handler: type[SimpleHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A server on `port`, or the next free one of PORTS_TRIED."""
    for candidate in range(port, min(port + PORTS_TRIED, 65536)):
        try:
            return ThreadingHTTPServer((host, candidate), handler)
        except OSError as error:
            if isinstance(error, socket.gaierror) or error.errno not in (errno.EADDRINUSE, errno.EACCES):
                # Not a busy port: the address itself cannot be listened on (not this machine's, unknown).
                raise EnvironmentProblem("env.bad_host", host=host) from error
    raise EnvironmentProblem("env.port_busy", port=port, last=min(port + PORTS_TRIED, 65536) - 1)


def serve(content: Path, site: Path, today: date, tr: Translator, consoles: Consoles, host: str = "127.0.0.1",
          port: int = 8000, pdf: bool = False, stop: threading.Event | None = None,
          announce: Callable[[str], None] | None = None) -> None:
    """Build, serve `site` and rebuild whenever a file under `content` changes (until `stop` is set)."""
    import logging

    from watchfiles import watch

    from .build import build

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # not "KeyboardInterrupt caught, stopping watch" on Ctrl+C

    status = Status()

    def rebuild(first: bool) -> None:
        stamp = time.strftime("%H:%M:%S")
        try:
            result = build(content, site, today, pdf=pdf)
        except Exception as error:  # the last good site keeps being served, whatever went wrong
            if first and not (site / "index.html").exists():
                raise
            lines = error.lines(tr) if isinstance(error, GongshiError) else \
                [Message.of("internal", kind=type(error).__name__).text(tr)]
            for line in lines:
                consoles.err.print(f"[{stamp}] {line}", markup=False)
            status.finished(lines)
            return
        status.finished([])
        consoles.say(f"[{stamp}] " + build_summary(result, site, tr))
        for line in result.checks.lines(tr) if result.checks is not None else []:  # the data checks' warnings
            consoles.warn(f"[{stamp}] {line}")

    rebuild(first=True)
    server = bind(host, port, handler_for(site.resolve(), status))
    if port and server.server_address[1] != port:  # (0: any free port, as tests ask)
        consoles.warn(Message.of("env.port_moved", port=port, used=server.server_address[1]).text(tr))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://{host}:{server.server_address[1]}/"
    (announce or consoles.say)(tr("预览地址：{url}（按 Ctrl+C 停止；内容改动后自动刷新）", url=url))
    ignored = site.absolute()

    def relevant(change: Any, path: str) -> bool:
        # The site (when it is inside the content folder), its staging folders and the cache are outputs.
        where = Path(path).absolute()
        return not (where == ignored or ignored in where.parents or any(
            part.startswith((".gongshi", f".{site.name}-")) for part in where.parts))

    try:
        for _changes in watch(content, stop_event=stop, debounce=400, raise_interrupt=False, watch_filter=relevant):
            rebuild(first=False)
    finally:
        server.shutdown()
        server.server_close()


__all__ = ["inside", "serve"]
