"""The `cli` fixture of the hostile-input tests (tests/hostile/common.py)."""

from tests.hostile.common import cli

__all__ = ["cli"]
