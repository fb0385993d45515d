"""Classes of the tile map: quantile bounds, never more classes than distinct values."""

from __future__ import annotations

from bildungspfade.report.tilemap import Tile, breaks, render, shade


def test_breaks_are_increasing_and_cover_the_maximum():
    values = [float(v) for v in range(1, 73)]
    bounds = breaks(values)
    assert len(bounds) == 5
    assert bounds == sorted(set(bounds))
    assert bounds[-1] == 72.0


def test_few_values_give_few_classes():
    assert breaks([36.7, 39.8, 42.7]) == [36.7, 39.8, 42.7]
    assert breaks([5.0, 5.0, 5.0]) == [5.0]
    assert breaks([]) == []
    assert [shade(k, 3) for k in range(3)] == [0, 2, 4]


def test_suppressed_tiles_show_the_sign_not_a_colour_class():
    html = render(
        [Tile("01", "Altstadt", 36.7, ""), Tile("02", "Weststadt", None, "s")],
        "Kachelkarte",
        "%",
    )
    assert '<span class="tile-value">•</span>' in html
    assert "36,7 %" in html
    assert "bis 36,7 %" in html


def test_awaited_tiles_show_the_later_sign():
    html = render(
        [Tile("01", "Altstadt", 36.7, ""), Tile("02", "Weststadt", None, "…")],
        "Kachelkarte",
        "%",
    )
    assert '<span class="tile-value">…</span>' in html
    assert "Angabe fällt später an" in html
