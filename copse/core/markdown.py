"""Members' Markdown, turned into HTML that is safe to put on a page, at a bounded cost.

Two layers, so that a mistake in one is caught by the other: markdown-it-py never passes raw HTML through
(`html=False`), and nh3 then keeps only an explicit allow-list of tags, attributes and URL schemes.

What rendering may cost is bounded, because a few characters of Markdown can stand for a lot of HTML: a table
row of one character is filled out to the header's width, and a reference link of three characters repeats a
long address. Tables wider than `MAX_TABLE_COLUMNS` stay as text, a post's tables hold at most
`MAX_TABLE_CELLS` cells (further rows stay as text), and a post whose HTML would still pass
`MAX_RENDERED_LENGTH` is shown as its plain text. Previews are limited per person (`take_preview`).
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable

import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as markdown_table
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from copse.core.refusals import Kind, Refused

# The size limit a post's body is validated against; rendering itself does not enforce it.
MAX_MARKDOWN_LENGTH = 20_000
MAX_TABLE_COLUMNS = 20
MAX_TABLE_CELLS = 2_000  # in all of one text's tables: 100 rows of 20 columns
# Ten times the longest post: room for every link's `rel` and every cell's tags, not for an expansion attack.
MAX_RENDERED_LENGTH = 10 * MAX_MARKDOWN_LENGTH
PREVIEWS_PER_MINUTE = 20

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Table column alignment travels as `align` (markdown-it writes `style`, which is never allowed).
CELL_ALIGNMENTS = {"left", "center", "right"}
ALLOWED_ATTRIBUTE_VALUES = {"th": {"align": CELL_ALIGNMENTS}, "td": {"align": CELL_ALIGNMENTS}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


def _all_tokens(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _all_tokens(token.children)


def _adapt_tokens_to_page(state: StateCore) -> None:
    """Fit the parsed post into the page around it and into the allow-list.

    Headings move one level down so the page keeps its single h1; strikethrough becomes `<del>` (as in GitHub's
    Markdown); table alignment moves from `style` to `align`.
    """
    for token in _all_tokens(state.tokens):
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        elif token.type in {"s_open", "s_close"}:
            token.tag = "del"
        elif token.type in {"th_open", "td_open"}:
            style = str(token.attrs.pop("style", ""))
            alignment = style.removeprefix("text-align:")
            if alignment in CELL_ALIGNMENTS:
                token.attrSet("align", alignment)


def _bounded_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's table rule, within `MAX_TABLE_COLUMNS` and the text's budget of `MAX_TABLE_CELLS`.

    The width is the number of cells in the delimiter row (`|---|---|`), counted before the rule fills any row
    out; rows past the budget end the table and stay as text.
    """
    if start_line + 1 >= end_line:
        return False
    delimiter = state.src[
        state.bMarks[start_line + 1] + state.tShift[start_line + 1] : state.eMarks[start_line + 1]
    ]
    columns = max(1, len([cell for cell in delimiter.split("|") if cell.strip()]))
    if columns > MAX_TABLE_COLUMNS:
        return False
    used: int = state.env.get("table_cells", 0)
    rows = (MAX_TABLE_CELLS - used) // columns  # the header row included
    if rows < 1:
        return False
    if silent:
        return markdown_table(state, start_line, end_line, silent)
    found = markdown_table(state, start_line, min(end_line, start_line + 1 + rows), silent)
    if found:
        state.env["table_cells"] = used + columns * (state.line - start_line - 1)
    return found


_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable(["table", "strikethrough"])
    # A post cannot load remote content: `![alt](url)` stays a plain link to the image.
    .disable("image")
)
_markdown.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
_markdown.core.ruler.push("adapt_tokens_to_page", _adapt_tokens_to_page)

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    # Only absolute http(s)/mailto links survive: no protocol-relative `//host` or site-relative paths.
    url_relative="deny",
    link_rel=LINK_REL,
)


def _plain_text(text: str) -> str:
    """The text itself, escaped, in paragraphs with its line breaks: what a post too costly to format shows."""
    paragraphs = [part.strip("\n") for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{html.escape(part, quote=False).replace(chr(10), '<br>')}</p>" for part in paragraphs if part
    )


def render_markdown(text: str) -> str:
    """A member's Markdown as sanitised HTML: allow-listed tags only, links nofollow, no images or raw HTML.

    Within the bounds in the module's docstring; past them, the post shows as its plain text.
    """
    rendered = _markdown.render(text, {})
    if len(rendered) > MAX_RENDERED_LENGTH:
        rendered = _plain_text(text)
    return _cleaner.clean(rendered)


def render_markdown_safe(text: str) -> SafeString:
    """`render_markdown`, marked safe for templates: the one place a member's text becomes trusted HTML."""
    # Safe because nh3 has sanitised the output against the allow-list above; nothing else may reach mark_safe.
    return mark_safe(render_markdown(text))  # noqa: S308


def take_preview(person_id: int) -> None:
    """Count one preview for this person, refusing past `PREVIEWS_PER_MINUTE` in the last minute.

    The times live in the shared cache (Redis or the database in production), so the limit holds across app
    servers. Two previews at the same instant on two servers may both count as one: the limit is a brake on
    heavy use, not an exact quota.
    """
    key = f"copse:markdown-previews:{person_id}"
    now = time.time()
    recent = [moment for moment in cache.get(key, []) if now - moment < 60]
    if len(recent) >= PREVIEWS_PER_MINUTE:
        wait = max(1, round(60 - (now - min(recent))))
        raise Refused(
            f"You have previewed {PREVIEWS_PER_MINUTE} times in the last minute. Wait {wait} seconds, then "
            "preview again; you can still post at any time.",
            kind=Kind.RATE_LIMITED,
            field="body",
        )
    cache.set(key, [*recent, now], timeout=60)


def preview_markdown(text: str, *, person_id: int) -> SafeString:
    """How a person's text will look once posted, counted against their previews (`take_preview`)."""
    take_preview(person_id)
    return render_markdown_safe(text)
