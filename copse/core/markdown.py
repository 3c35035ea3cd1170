"""Members' Markdown, turned into HTML that is safe to put on a page, at a bounded cost.

Two layers, so that a mistake in one is caught by the other: markdown-it-py never passes raw HTML through
(`html=False`), and nh3 then keeps only an explicit allow-list of tags, attributes and URL schemes.

What rendering may cost is bounded, because a few characters of Markdown can stand for a lot of HTML: a table
row of one character is filled out to the header's width, and a reference link of three characters repeats a
long address. Tables wider than `MAX_TABLE_COLUMNS` stay as text, a post's tables hold at most
`MAX_TABLE_CELLS` cells (further rows stay as text), and a post whose HTML would still pass
`MAX_RENDERED_LENGTH` is shown as its plain text. Previews are limited per person (`take_preview`).

Mentions (`render_with_mentions`) are found by the same parser, so `@names` in code are left alone. The syntax is
this module's; who a name stands for is the caller's (a `MentionResolver`), so the rules on who may be mentioned
stay with the app that has them. Three forms, tried in this order at each `@` that does not follow a letter,
digit, `@` or `.` (so `me@example.org` is no mention):

- `@[Priya Sharma](#user-42)`: the person with that id; the text in brackets is only a reminder, never shown.
- `@Priya Sharma`, `@Dan Hughes`: a person's name or known-as name, up to `MAX_NAME_WORDS` words, the longest
  that names anyone ("@Priya Sharma thanks" is Priya Sharma; "@Priya Sharma's idea" too).
- `@priya.sharma`: the part of their email address before the @ (the first syntax Copse had).

A mention that names no one, or more than one person, stays as its text. One that names one person becomes a
link to their profile reading "@" and their name as Copse shows it (never the words the writer typed).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as markdown_table
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from copse.core.limits import take_turn
from copse.core.refusals import Kind, Refused
from copse.core.text import name_key

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
# The one site-relative link a text may hold: a mention's, to a person's profile (a stable public URL).
PROFILE_PATH = re.compile(r"/people/[0-9]{1,18}/")

MAX_NAME_WORDS = 5
MAX_MENTIONS = 20  # in one text; further @names stay as text, so resolving them is one bounded query
# A word of a name: letters and digits, with apostrophes, hyphens, dots and underscores inside ("O'Neill",
# "Anne-Marie", "priya.sharma"). None of these has a meaning in Markdown there, so a mention may take them.
_NAME_WORD = r"[^\W_](?:[\w'’.-]*[^\W_])?"
MENTION_BY_NAME = re.compile(rf"@({_NAME_WORD}(?: {_NAME_WORD}){{0,{MAX_NAME_WORDS - 1}}})")
MENTION_BY_ID = re.compile(r"@\[([^\[\]\n]{1,200})\]\(#user-([0-9]{1,18})\)")
# `@firstname.lastname`: the part of a colleague's work email before the @.
MENTION_BY_HANDLE = re.compile(r"[a-z0-9][a-z0-9._-]*[a-z0-9]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")

# What a mention may stand for: ("id", "42"), ("name", a `name_key`) or ("handle", "priya.sharma").
MentionRef = tuple[str, str]


@dataclass(frozen=True)
class MentionTarget:
    """The one person a mention names: shown as "@" and `name`, linked to `url`."""

    person_id: int
    name: str
    url: str


# Given every ref a text's mentions could mean, the people they name: a ref that names one person maps to them,
# one that names several maps to None (ambiguous), one that names no one is left out.
MentionResolver = Callable[[set[MentionRef]], Mapping[MentionRef, MentionTarget | None]]


@dataclass(frozen=True)
class Rendered:
    """A text as sanitised HTML, and the people its mentions link to."""

    html: str
    mentioned: frozenset[int]


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


def _mention_refs(match: re.Match[str]) -> list[tuple[MentionRef, int]]:
    """What a mention could mean, most specific first, each with how much of its text that meaning covers."""
    if match.re is MENTION_BY_ID:
        return [(("id", match.group(2)), len(match.group(0)))]
    run = match.group(1)
    words = run.split(" ")
    refs: list[tuple[MentionRef, int]] = []
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        refs.append((("name", name_key(phrase)), 1 + len(phrase)))
        unowned = _POSSESSIVE.sub("", phrase)
        if unowned != phrase and unowned:
            refs.append((("name", name_key(unowned)), 1 + len(unowned)))
    handle = MENTION_BY_HANDLE.match(run)
    if handle:
        refs.append((("handle", handle.group(0).lower()), 1 + len(handle.group(0))))
    return refs


def _mention(state: StateInline, silent: bool) -> bool:
    """An `@` mention (see the module's docstring), when the text is rendered with a resolver."""
    start = state.pos
    source = state.src
    if source[start] != "@" or "mentions" not in state.env or state.linkLevel > 0:
        return False
    if start > 0 and (source[start - 1].isalnum() or source[start - 1] in "_@."):
        return False
    match = MENTION_BY_ID.match(source, start) or MENTION_BY_NAME.match(source, start)
    if match is None:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.content = match.group(0)
        if len(state.env["mentions"]) < MAX_MENTIONS:
            token.meta = {"refs": _mention_refs(match)}
            state.env["mentions"].append(token)
    state.pos = match.end()
    return True


def _render_mention(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    target: MentionTarget | None = token.meta.get("target")
    if target is None:
        return html.escape(token.content, quote=False)
    rest = token.content[token.meta["length"] :]
    return (
        f'<a class="mention" href="{html.escape(target.url)}">@{html.escape(target.name, quote=False)}</a>'
        f"{html.escape(rest, quote=False)}"
    )


_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable(["table", "strikethrough"])
    # A post cannot load remote content: `![alt](url)` stays a plain link to the image.
    .disable("image")
)
_markdown.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
_markdown.core.ruler.push("adapt_tokens_to_page", _adapt_tokens_to_page)
_markdown.inline.ruler.push("mention", _mention)
_markdown.add_render_rule("mention", _render_mention)


def _keep_link(tag: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each attribute: the one site-relative link that survives is to a person's profile,
    as a mention's is (harmless when typed as a link too).

    Everything else relative (`/accounts/logout/`, protocol-relative `//host`) goes; absolute links reach here
    only with an allowed scheme.
    """
    if attribute != "href" or re.match(r"[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return value
    return value if PROFILE_PATH.fullmatch(value) else None


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    # Only absolute http(s)/mailto links survive, and mentions' links to profiles (`_keep_link`): no
    # protocol-relative `//host` or other site-relative paths.
    url_relative="pass_through",
    attribute_filter=_keep_link,
    allowed_classes={"a": {"mention"}},
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


def render_with_mentions(text: str, resolve: MentionResolver) -> Rendered:
    """`render_markdown`, with each mention that names one person (as `resolve` says) linked to their profile.

    `resolve` is called once, with every ref of every mention in the text (at most `MAX_MENTIONS` of them).
    """
    env: dict[str, Any] = {"mentions": []}
    tokens = _markdown.parse(text, env)
    mentions: list[Token] = env["mentions"]
    refs = {ref for token in mentions for ref, _ in token.meta["refs"]}
    found = resolve(refs) if refs else {}
    mentioned: set[int] = set()
    for token in mentions:
        # The most specific meaning that names anyone decides: an ambiguous "@John Smith" is no one, and does
        # not fall back to a shorter "@John".
        for ref, length in token.meta["refs"]:
            if ref in found:
                target = found[ref]
                if target is not None:
                    token.meta.update(target=target, length=length)
                    mentioned.add(target.person_id)
                break
    rendered = _markdown.renderer.render(tokens, _markdown.options, env)
    if len(rendered) > MAX_RENDERED_LENGTH:
        return Rendered(_cleaner.clean(_plain_text(text)), frozenset())
    return Rendered(_cleaner.clean(rendered), frozenset(mentioned))


def mention_of(name: str, person_id: int, *, unique: bool) -> str:
    """How to write a mention of someone: `@` and their name when that names only them (`unique`) and fits the
    syntax, else the id form `@[Name](#user-42)`."""
    plain = f"@{name}"
    if unique and MENTION_BY_NAME.fullmatch(plain):
        return plain
    label = re.sub(r"[\[\]\n]", " ", name)[:200].strip() or "someone"
    return f"@[{label}](#user-{person_id})"


def render_markdown_safe(text: str) -> SafeString:
    """`render_markdown`, marked safe for templates: the one place a member's text becomes trusted HTML."""
    # Safe because nh3 has sanitised the output against the allow-list above; nothing else may reach mark_safe.
    return mark_safe(render_markdown(text))  # noqa: S308


def take_preview(person_id: int) -> None:
    """Count one preview for this person, refusing past `PREVIEWS_PER_MINUTE` in the last minute (`take_turn`:
    shared by the app servers, a brake rather than an exact quota)."""
    wait = take_turn(f"copse:markdown-previews:{person_id}", limit=PREVIEWS_PER_MINUTE)
    if wait is not None:
        raise Refused(
            f"You have previewed {PREVIEWS_PER_MINUTE} times in the last minute. Wait {wait} seconds, then "
            "preview again; you can still post at any time.",
            kind=Kind.RATE_LIMITED,
            field="body",
        )


def preview_markdown(text: str, *, person_id: int, mentions: MentionResolver | None = None) -> SafeString:
    """How a person's text will look once posted, counted against their previews (`take_preview`); with
    `mentions`, its mentions linked as they will be."""
    take_preview(person_id)
    if mentions is None:
        return render_markdown_safe(text)
    # Safe because render_with_mentions sanitises its output with nh3, as render_markdown does.
    return mark_safe(render_with_mentions(text, mentions).html)  # noqa: S308
