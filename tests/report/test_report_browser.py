"""The report in headless Chromium: renders without console errors, requests nothing, and
shows its charts and tables with titles, headers and text alternatives."""

from __future__ import annotations

import pytest

from tests.report.chromium import MISSING, REQUIRE_ENV, available, open_page, required

pytestmark = pytest.mark.skipif(not available() and not required(), reason=MISSING)


def test_chromium_is_there_when_required():
    # CI sets BILDUNGSPFADE_REQUIRE_CHROMIUM: there the browser tests must run, not skip
    assert available(), f"{REQUIRE_ENV} is set but {MISSING}"


@pytest.fixture(scope="module")
def visit(report_file):
    with open_page(report_file.as_uri()) as v:
        yield v


def test_the_error_listener_hears_errors(visit):
    visit.page.evaluate("console.error('probe')")
    assert "probe" in visit.errors
    visit.console.clear()


def test_renders_without_console_errors_or_requests(visit, report_file):
    assert visit.errors == []
    assert visit.requests == [report_file.as_uri()]
    assert visit.page.title().startswith("Bildungspfade")


def test_charts_are_drawn_with_text_alternatives(visit):
    page = visit.page
    assert page.locator("svg.sankey").count() == 2  # one per cohort group
    assert page.locator("svg.sankey path").count() >= 15
    assert page.locator("svg.chart").count() == 2  # one per indicator
    # tile maps: 4 statistical districts for one indicator, 1 for the other
    assert page.locator(".tiles li").count() == 5
    for svg in page.locator("svg").all():
        assert svg.get_attribute("role") == "img"
        ids = svg.get_attribute("aria-labelledby").split()
        assert svg.locator(f"title[id='{ids[0]}']").count() == 1
        assert svg.locator(f"desc[id='{ids[1]}']").count() == 1
    box = page.locator("svg.sankey").first.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 200


def test_tables_have_captions_and_scoped_headers(visit):
    page = visit.page
    tables = page.locator("table")
    assert tables.count() >= 6
    for t in tables.all():
        assert t.locator("caption").count() == 1
        assert t.locator("thead th[scope=col]").count() >= 2
    grade5 = page.locator("#klasse5 table")
    assert "Gymnasium in %" in grade5.inner_text()


def test_screenshot(visit, tmp_path):
    shot = tmp_path / "report.png"
    visit.page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
