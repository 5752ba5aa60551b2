"""Where the built-in templates and the demo content live: inside the wheel, or beside a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def templates_dir() -> Path:
    return _first_existing(_PACKAGE / "_bundled" / "templates", _CHECKOUT / "templates")


def demo_content_dir() -> Path:
    return _first_existing(_PACKAGE / "_bundled" / "content", _CHECKOUT / "content")
