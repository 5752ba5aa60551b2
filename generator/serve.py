"""`gongshi serve`: build, serve on localhost, rebuild on change and reload the open pages.

The reload script is added by the server to the HTML it sends, never written into the site, so a
site built by `serve` is the same as one built by `build`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

RELOAD_PATH = "/__gongshi_build"
RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (id) {
      if (seen !== null && id !== seen) { location.reload(); }
      seen = id;
    }).catch(function () {});
  }, 1000);
})();
</script>
""" % RELOAD_PATH.encode()


class BuildCounter:
    """How many builds have finished; the pages poll it and reload when it moves."""

    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    def bump(self) -> None:
        with self._lock:
            self._value += 1

    @property
    def value(self) -> int:
        with self._lock:
            return self._value


def handler_for(site: Path, counter: BuildCounter) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            return

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            if self.path == RELOAD_PATH:
                self._send(str(counter.value).encode(), "text/plain")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                self._send(body, "text/html; charset=utf-8")
                return
            super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return functools.partial(Handler, directory=str(site))  # type: ignore[return-value]


def serve(content: Path, site: Path, rebuild: Callable[[], None], host: str = "127.0.0.1", port: int = 8000,
          announce: Callable[[str], None] = print, stop: threading.Event | None = None) -> None:
    """Serve `site` and call `rebuild` whenever a file under `content` changes (until `stop` is set)."""
    counter = BuildCounter()
    server = ThreadingHTTPServer((host, port), handler_for(site.resolve(), counter))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    announce(f"http://{host}:{server.server_address[1]}/")
    try:
        for _changes in watch(content, stop_event=stop, debounce=400, raise_interrupt=False):
            rebuild()
            counter.bump()
    finally:
        server.shutdown()
        server.server_close()
