"""Members' Markdown, turned into HTML that is safe to put on a page.

Two layers, so that a mistake in one is caught by the other: markdown-it-py never passes raw HTML through
(`html=False`), and nh3 then keeps only an explicit allow-list of tags, attributes and URL schemes.
"""

from collections.abc import Iterable

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# The size limit a post's body is validated against; rendering itself does not enforce it.
MAX_MARKDOWN_LENGTH = 20_000

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


_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable(["table", "strikethrough"])
    # A post cannot load remote content: `![alt](url)` stays a plain link to the image.
    .disable("image")
)
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


def render_markdown(text: str) -> str:
    """A member's Markdown as sanitised HTML: allow-listed tags only, links nofollow, no images or raw HTML."""
    return _cleaner.clean(_markdown.render(text))


def render_markdown_safe(text: str) -> SafeString:
    """`render_markdown`, marked safe for templates: the one place a member's text becomes trusted HTML."""
    # Safe because nh3 has sanitised the output against the allow-list above; nothing else may reach mark_safe.
    return mark_safe(render_markdown(text))  # noqa: S308
