"""What the render tests share: the demo project built once per session (HTML, open data and search index,
no PDFs) at the reference date 2026-01-06, and its validated content and computed outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from generator.build import build, check
from generator.cache import StageCache, code_digest
from generator.model.types import Content
from generator.outcome import Outcome
from tests.support import DEMO

TODAY = date(2026, 1, 6)


@dataclass(frozen=True)
class Demo:
    site: Path
    cache: Path
    content: Content
    outcome: Outcome


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    base = tmp_path_factory.mktemp("render-demo")
    site, cache = base / "site", base / "cache"
    build(DEMO, site, TODAY, pdf=False, cache_dir=cache)
    # The same stage cache as the build: the model and outcome come back from it instead of being recomputed.
    content, outcome = check(DEMO, TODAY, stages=StageCache(cache, code_digest()))
    return Demo(site, cache, content, outcome)
