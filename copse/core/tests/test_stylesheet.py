"""The one stylesheet stays well formed: an unclosed block swallows every rule after it without any error in the
browser, which is how a merge once hid the charts' and reports' styles."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "copse" / "static" / "app.css"
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def unclosed_blocks(css: str) -> list[str]:
    """What is wrong with the nesting of a stylesheet written as ours is: a nested rule is indented, so a rule at
    the start of a line inside an open block means the block was never closed."""
    problems, depth = [], 0
    lines = COMMENT.sub(lambda m: "\n" * m.group().count("\n"), css).split("\n")
    for number, line in enumerate(lines, 1):
        if depth > 0 and line[:1] not in ("", " ", "}"):
            problems.append(f"line {number} starts a rule inside an unclosed block: {line[:60]}")
        depth += line.count("{") - line.count("}")
        if depth < 0:
            problems.append(f"line {number} closes a block that was never opened")
            depth = 0
    if depth:
        problems.append("the stylesheet ends inside an unclosed block")
    return problems


def test_every_block_of_the_stylesheet_is_closed_where_it_opened() -> None:
    assert unclosed_blocks(STYLESHEET.read_text()) == []


def test_an_unclosed_block_is_found() -> None:
    css = "@media (max-width: 48rem) {\n  .a { color: red; }\n.b { color: blue; }\n"
    assert unclosed_blocks(css) == [
        "line 3 starts a rule inside an unclosed block: .b { color: blue; }",
        "the stylesheet ends inside an unclosed block",
    ]


def test_every_page_section_ends_before_the_next_begins() -> None:
    markers = re.findall(r"/\* == (Pages|end): .+? == \*/", STYLESHEET.read_text())
    assert markers, "app.css has no page sections"
    assert markers == ["Pages", "end"] * (len(markers) // 2), "a page section of app.css has no end marker"
