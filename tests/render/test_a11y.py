"""Accessibility: axe-core (injected into the built pages in Chromium) finds no serious or critical violation on
any kind of page of the demo, on a desktop (1400 px) and a phone (390 px), in normal and in large type.

axe-core is the copy that the pinned test dependency axe-playwright-python ships (axe.min.js, axe 4.12): from
PyPI like every other test tool, so the test runs wherever the test extras are installed, never skipped.
Only the script is used; the pages are driven by this suite's own Playwright and Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.render.chromium import DESKTOP, PHONE, chromium, needs_chromium, served
from tests.render.conftest import Demo

pytestmark = needs_chromium

PAGES = ("index.html", "periods/2025-Q3/index.html", "units/qwb/index.html", "indicators/zsyz/index.html",
         "indicators/index.html", "years/index.html", "years/2024/index.html", "notices/index.html",
         "notices/2026-01-gongshi/index.html", "tasks/index.html", "method/index.html", "search/index.html?q=应急管理")
SERIOUS = ("serious", "critical")
# Every rule axe runs by default (WCAG A and AA, and best practices); only the serious and critical count.
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert script.read_text(encoding="utf-8")[:20].startswith("/*! axe v4"), script
    return script


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def base(demo: Demo) -> Iterator[str]:
    with served(demo.site) as url:  # over HTTP: the search page shows its results
        yield url


def violations(browser: Any, base: str, axe: Path, viewport: dict[str, int], large: bool = False,
               pages: tuple[str, ...] = PAGES) -> dict[str, Any]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = {}
    for path in pages:
        page.goto(base + path)
        if path.startswith("search/"):
            page.wait_for_function("document.querySelector('.search-status').textContent.length > 2", timeout=15000)
        if large:
            page.click("label.large-switch")
        page.add_script_tag(path=str(axe))
        bad = [v for v in page.evaluate(RUN) if v["impact"] in SERIOUS]
        if bad:
            found[path] = bad
    context.close()
    return found


def test_no_serious_violation_on_a_desktop(browser: Any, base: str, axe_script: Path) -> None:
    assert violations(browser, base, axe_script, DESKTOP) == {}


def test_no_serious_violation_on_a_phone(browser: Any, base: str, axe_script: Path) -> None:
    assert violations(browser, base, axe_script, PHONE) == {}


def test_no_serious_violation_in_large_type(browser: Any, base: str, axe_script: Path) -> None:
    # The pages whose colours and sizes change most: boards, a unit, the tasks.
    pages = ("periods/2025-Q3/index.html", "units/qwb/index.html", "tasks/index.html")
    assert violations(browser, base, axe_script, PHONE, large=True, pages=pages) == {}
