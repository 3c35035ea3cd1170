"""Server-side SVG charts: well-formed XML, a labelled image, every label escaped, round scales, gaps for missing
figures, and something sensible for an empty series."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree

from copse.core.charts import bar_chart, figure, line_chart, nice_step

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output)


def test_a_line_chart_is_a_labelled_image_with_its_title() -> None:
    svg = line_chart([("Jan 2026", 3), ("Feb 2026", 7)], title="Participation", ident="chart-p")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-p-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Participation" and title.get("id") == "chart-p-title"
    assert "table beside" in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
    assert len(root.findall(f".//{SVG}circle")) == 2
    assert [t.text for t in root.iter(f"{SVG}text") if t.text and "2026" in t.text] == [
        "Jan 2026",
        "Feb 2026",
    ]


def test_every_label_and_the_title_are_escaped() -> None:
    evil = '<script>alert("x")</script> & co'
    svg = line_chart([(evil, 1), ("b", 2)], title=evil, ident="x")
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == evil  # type: ignore[union-attr]
    bars = bar_chart([(evil, 4)], title=evil, ident="y")
    assert "<script>" not in bars
    assert evil in [t.text for t in parse(bars).iter(f"{SVG}text")]


def test_an_identifier_cannot_break_out_of_its_attribute() -> None:
    svg = bar_chart([("a", 1)], title="t", ident='x" onload="alert(1)')
    root = parse(svg)
    assert root.get("onload") is None


def test_an_empty_series_says_so_and_is_still_valid() -> None:
    for svg in (
        line_chart([], title="Nothing", ident="e1"),
        line_chart([("Jan", None), ("Feb", None)], title="Nothing", ident="e2"),
        bar_chart([], title="Nothing", ident="e3"),
    ):
        root = parse(svg)
        assert root.get("role") == "img"
        assert any("No figures" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_a_missing_month_is_a_gap_not_a_zero() -> None:
    svg = line_chart([("a", 1), ("b", 2), ("c", None), ("d", 4), ("e", 5)], title="t", ident="g")
    lines = parse(svg).findall(f".//{SVG}polyline")
    assert len(lines) == 2  # a-b and d-e
    assert len(parse(svg).findall(f".//{SVG}circle")) == 4


def test_the_scale_ends_on_a_round_number_above_the_largest_figure() -> None:
    assert nice_step(100) == 50
    assert nice_step(7) == 2
    svg = line_chart([("a", Decimal("13")), ("b", Decimal("87.5"))], title="t", ident="s", unit="%")
    ticks = [t.text for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    assert "0%" in ticks and "100%" in ticks


def test_a_single_point_and_negative_figures_draw() -> None:
    parse(line_chart([("only", 5)], title="t", ident="one"))
    svg = line_chart([("a", -3), ("b", 4)], title="t", ident="neg")
    ticks = [t.text for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    assert any(tick and tick.startswith("-") for tick in ticks)


def test_bars_are_as_long_as_their_figures_and_say_them() -> None:
    root = parse(bar_chart([("Immediate", 10), ("Applied", 5), ("Realised", 0)], title="Stories", ident="b"))
    widths = [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert values == ["10", "5", "0"]


def test_figures_read_as_people_write_them() -> None:
    assert figure(Decimal("1234.00")) == "1,234"
    assert figure(Decimal("4.50")) == "4.5"
    assert figure(80, "%") == "80%"
