"""The built demo on a phone (390 px) and in 长者模式, in Chromium: a ranked row's rank, unit, score and tier stay
in view however far its table is scrolled sideways, no text wraps one character per line, charts keep legible
text and label their periods, and the large-type mode works without script (and with the system's wish for
more contrast)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.render.chromium import PHONE, chromium, needs_chromium
from tests.render.conftest import Demo

pytestmark = needs_chromium

# Per ranked table: the first row's rank, unit, score and tier cells, where they are on screen before and after
# the table's box is scrolled to its far right end.
FIXED_CELLS = """(table) => {
  const box = table.closest('.scroll');
  const row = table.querySelector('tbody tr');
  const cells = [1, 2, 3, 4];  // rank, unit, score, tier (the index's summary: unit, score, rank, tier)
  const where = () => cells.map(n => {
    const r = row.children[n - 1].getBoundingClientRect();
    return [r.left, r.right, row.children[n - 1].textContent.trim()];
  });
  const before = where();
  box.scrollLeft = box.scrollWidth;
  const after = where();
  box.scrollLeft = 0;
  return {before, after, scrolls: box.scrollWidth > box.clientWidth};
}"""

# Text that wraps one character per line: an element whose text runs over several lines with hardly more than
# one character on each (its lines counted from the boxes of its text).
PER_CHARACTER = """() => [...document.querySelectorAll('main td, main th, main li, main p, .lead, h1, h2, h3, dd, dt')]
  .filter(e => e.offsetParent !== null && !e.querySelector('svg, table'))
  .filter(e => {
    const chars = e.textContent.replace(/\\s+/g, '').length;
    if (chars < 2) { return false; }
    // The middles of the boxes of its text, one cluster per line (boxes of a line overlap vertically).
    const middles = [];
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) { if (r.width > 0) { middles.push((r.top + r.bottom) / 2); } }
    }
    middles.sort((a, b) => a - b);
    const gap = 0.6 * parseFloat(getComputedStyle(e).fontSize);
    const lines = middles.filter((m, i) => i === 0 || m - middles[i - 1] > gap).length;
    return lines >= 2 && chars / lines < 1.6;
  })
  .map(e => e.tagName + ':' + e.textContent.trim().slice(0, 20))"""

PAGES = ("index.html", "periods/2025/index.html", "periods/2025-10/index.html", "years/2025/index.html",
         "units/qwb/index.html", "indicators/zsyz/index.html", "tasks/index.html", "notices/2025-11-yujing/index.html",
         "method/index.html", "search/index.html")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context.new_page()
    context.close()


def test_a_ranked_rows_name_score_rank_and_tier_stay_in_view(demo: Demo, phone: Any) -> None:
    for path in ("index.html", "periods/2025/index.html", "periods/2025-10/index.html", "years/2025/index.html"):
        phone.goto((demo.site / path).as_uri())
        tables = phone.locator("table.ranked, table.summary")
        assert tables.count() >= 1, path
        for n in range(tables.count()):
            found = tables.nth(n).evaluate(FIXED_CELLS)
            assert found["scrolls"], path  # the indicators do not fit beside them: the box scrolls
            for left, right, text in found["before"] + found["after"]:
                assert left >= 0 and right <= PHONE["width"] and text, (path, n, text, left, right)
            assert found["before"] == found["after"], path  # they did not move: only the columns after them did


def test_no_page_scrolls_sideways_and_no_text_wraps_per_character(demo: Demo, phone: Any) -> None:
    for path in PAGES:
        phone.goto((demo.site / path).as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert phone.evaluate(PER_CHARACTER) == [], path
    # The index's period names (2025年第二季度) and the tasks' titles keep whole words on a line.
    phone.goto((demo.site / "index.html").as_uri())
    lines = "c => { const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length; }"
    periods = phone.locator("#units-table td.p")
    assert periods.first.text_content() == "2025年度" and periods.first.evaluate(lines) == 1  # one line
    phone.goto((demo.site / "tasks" / "index.html").as_uri())
    title = phone.locator("#tasks-table td.title").first.evaluate("c => c.clientWidth / parseFloat(getComputedStyle(c).fontSize)")
    assert title >= 8  # at least eight characters a line


def test_charts_keep_legible_text_and_label_years_and_periods(demo: Demo, phone: Any) -> None:
    phone.goto((demo.site / "units" / "qwb" / "index.html").as_uri())
    charts = phone.locator(".chart-box svg.chart")
    assert charts.count() == 2  # score, and rank over time
    assert charts.nth(1).get_attribute("aria-label") == "名次走势"
    for n in range(2):
        chart = charts.nth(n)
        # Drawn at 720 units, shown at least 600 px wide (its box scrolls), so 13-unit text is ≥ 10.8 px.
        assert chart.evaluate("c => c.getBoundingClientRect().width") >= 600
        sizes = chart.evaluate("c => [...c.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)")
        assert min(sizes) >= 10
        years = chart.locator("g.year text").all_text_contents()
        assert years == ["2023", "2024", "2025"]
        # 2025's months under the axis (those 26 units apart: every other month of 12 over a third of the width)
        months = chart.locator("g.tick text").all_text_contents()
        assert months and all(m.endswith("月") for m in months)
    # The chart's box starts scrolled to its recent (right) end: 2025 is in view.
    box = phone.locator(".chart-box")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    year = charts.first.locator("g.year text").last.bounding_box()
    assert 0 <= year["x"] <= PHONE["width"]


def test_large_type_works_without_script(demo: Demo, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto((demo.site / "periods" / "2025-10" / "index.html").as_uri())
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.page')).fontSize)")
    page.click("label.large-switch")  # the checkbox's label: CSS does the rest
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.page'));
      const cell = getComputedStyle(document.querySelector('table.board td'));
      const note = getComputedStyle(document.querySelector('.values-note'));
      return [parseFloat(s.fontSize), parseFloat(s.lineHeight), parseFloat(cell.fontSize), parseFloat(note.fontSize),
              note.color]; }""")
    size, line, cell, note, color = style
    assert size >= before * 1.25 and line / size >= 1.3  # GB/T 37668: line spacing at least 1.3
    assert cell >= 18 and note >= 16 and color == "rgb(0, 0, 0)"  # small grey print becomes large and black
    # Ranks, units, scores and tiers still in view on the phone, in large type too.
    found = page.locator("table.ranked").first.evaluate(FIXED_CELLS)
    assert all(left >= 0 and right <= PHONE["width"] for left, right, _ in found["after"])
    context.close()


def test_more_contrast_wished_by_the_system_turns_it_on(demo: Demo, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto((demo.site / "units" / "qwb" / "index.html").as_uri())
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.page')).fontSize)")
    page.emulate_media(contrast="more")
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.page')).fontSize)")
    switched = page.evaluate("""() => { document.getElementById('large').checked = true;
      return parseFloat(getComputedStyle(document.querySelector('.page')).fontSize); }""")
    assert large == switched and large >= normal * 1.25
    context.close()
