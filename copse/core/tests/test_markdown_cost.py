"""What rendering a member's Markdown may cost is bounded: wide tables, filled-out rows and repeated long links
cannot turn a 20 KB post into megabytes of HTML (or seconds of work)."""

import re

from copse.core.markdown import (
    MAX_MARKDOWN_LENGTH,
    MAX_RENDERED_LENGTH,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    render_markdown,
)


def cells(html: str) -> int:
    return len(re.findall(r"<t[hd][ >]", html))


def table(columns: int, rows: list[str]) -> str:
    header = "|" + "|".join(f"h{i}" for i in range(columns)) + "|\n"
    delimiter = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    return header + delimiter + "".join(f"{row}\n" for row in rows)


def fill(text: str, line: str) -> str:
    """`text` followed by `line` repeated, to the longest post there may be."""
    return (text + line * MAX_MARKDOWN_LENGTH)[:MAX_MARKDOWN_LENGTH]


def test_a_20_kb_table_of_50_columns_stays_as_text_and_small():
    text = fill(table(50, []), "x\n")

    html = render_markdown(text)

    assert "<table" not in html and "<td" not in html
    assert len(html) < 2 * MAX_MARKDOWN_LENGTH


def test_a_table_as_wide_as_allowed_still_renders():
    html = render_markdown(table(MAX_TABLE_COLUMNS, ["|" + "|".join("1" * MAX_TABLE_COLUMNS) + "|"]))

    assert html.count("<th>") == MAX_TABLE_COLUMNS and html.count("<td>") == MAX_TABLE_COLUMNS


def test_rows_filled_out_to_the_headers_width_stop_at_the_cell_budget_and_the_rest_stays_text():
    html = render_markdown(fill(table(MAX_TABLE_COLUMNS, []), "x\n"))

    assert html.count("<table>") == 1
    assert cells(html) <= MAX_TABLE_CELLS
    assert len(html) <= MAX_RENDERED_LENGTH
    assert html.rstrip().endswith("x</p>")


def test_many_tables_in_one_post_share_the_cell_budget():
    small = table(10, ["|a|b|c|d|e|f|g|h|i|j|"] * 9) + "\n"
    text = (small * (MAX_MARKDOWN_LENGTH // len(small)))[:MAX_MARKDOWN_LENGTH]

    html = render_markdown(text)

    assert text.count("|a|b|") * 10 > MAX_TABLE_CELLS
    assert cells(html) <= MAX_TABLE_CELLS
    assert html.count("<table>") == MAX_TABLE_CELLS // 100


def test_a_long_link_repeated_by_reference_falls_back_to_the_plain_text():
    url = "https://example.org/" + "a" * 1000
    text = fill(f"[x]: {url}\n\n<script>alert(1)</script> & ", "[x]")

    html = render_markdown(text)

    assert len(html) <= MAX_RENDERED_LENGTH
    assert "<a " not in html and "<script" not in html
    assert html.startswith("<p>[x]: https://example.org/aaa")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x][x]" in html


def test_the_plain_text_fallback_keeps_paragraphs_and_line_breaks():
    url = "https://example.org/" + "a" * 1000
    text = fill(f"[x]: {url}\n\nfirst line\nsecond line\n\n", "[x]")

    html = render_markdown(text)

    assert "<p>first line<br>second line</p>" in html
