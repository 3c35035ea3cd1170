"""Members' Markdown becomes HTML with only the allowed tags, attributes and link schemes, whatever they type."""

from html.parser import HTMLParser

import pytest

from copse.core.markdown import MAX_MARKDOWN_LENGTH, render_markdown, render_markdown_safe

# Written out here rather than imported, so the tests state the policy independently of the code.
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SAFE_HREF_PREFIXES = ("http://", "https://", "mailto:")
REL = "nofollow noopener noreferrer"


class ElementCollector(HTMLParser):
    """Every element with its attributes, and any comment or markup declaration, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(data)

    def handle_pi(self, data: str) -> None:
        self.declarations.append(data)


def parse(html: str) -> ElementCollector:
    collector = ElementCollector()
    collector.feed(html)
    collector.close()
    return collector


def links(html: str) -> list[dict[str, str | None]]:
    return [dict(attrs) for tag, attrs in parse(html).elements if tag == "a"]


# --- Behaviour -------------------------------------------------------------------------------------------


def test_emphasis_strong_and_strikethrough():
    html = render_markdown("*soft* **loud** ~~gone~~")

    assert html == "<p><em>soft</em> <strong>loud</strong> <del>gone</del></p>\n"


def test_bulleted_and_numbered_lists():
    html = render_markdown("- apples\n- pears\n\n1. first\n2. second\n")

    assert "<ul>\n<li>apples</li>\n<li>pears</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_blockquote_and_rule():
    html = render_markdown("> quoted\n\n---\n")

    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<hr>" in html


def test_code_block_keeps_its_content_as_escaped_text():
    html = render_markdown("```html\n<script>alert(1)</script>\n```\n")

    assert "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>" in html
    assert "<script" not in html


def test_indented_code_and_inline_code_are_escaped():
    html = render_markdown("    <b>indented</b>\n\nsay `<img src=x onerror=alert(1)>` aloud")

    assert "<pre><code>&lt;b&gt;indented&lt;/b&gt;\n</code></pre>" in html
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in html
    assert [tag for tag, _ in parse(html).elements] == ["pre", "code", "p", "code"]


def test_code_block_language_class_is_dropped():
    html = render_markdown("```python\nprint(1)\n```\n")

    assert html == "<pre><code>print(1)\n</code></pre>\n"


@pytest.mark.parametrize(
    ("markdown", "tag"),
    [("# One", "h2"), ("## Two", "h3"), ("### Three", "h4"), ("#### Four", "h5"), ("##### Five", "h6")],
)
def test_headings_move_down_one_level(markdown, tag):
    text = markdown.split()[1]

    assert render_markdown(markdown) == f"<{tag}>{text}</{tag}>\n"


def test_smallest_heading_stays_h6():
    assert render_markdown("###### Six") == "<h6>Six</h6>\n"


def test_setext_heading_moves_down_too():
    assert render_markdown("Title\n=====\n") == "<h2>Title</h2>\n"


def test_no_h1_survives_even_as_raw_html():
    html = render_markdown("# Title\n\n<h1>raw</h1>")

    assert "h1" not in [tag for tag, _ in parse(html).elements]


def test_tables_render_with_alignment_but_no_style():
    html = render_markdown("| Name | Count | Note |\n|:-----|------:|:----:|\n| tea | 3 | hot |\n")

    elements = parse(html).elements
    assert [tag for tag, _ in elements] == [
        "table", "thead", "tr", "th", "th", "th", "tbody", "tr", "td", "td", "td",
    ]  # fmt: skip
    assert [dict(attrs).get("align") for tag, attrs in elements if tag in {"th", "td"}] == [
        "left", "right", "center", "left", "right", "center",
    ]  # fmt: skip
    assert "style" not in html
    assert '<td align="left">tea</td>' in html


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[site](http://example.org/a?b=c)", "http://example.org/a?b=c"),
        ("[site](https://example.org/path#frag)", "https://example.org/path#frag"),
        ("[mail](mailto:sam@example.org)", "mailto:sam@example.org"),
        ("<https://example.org/auto>", "https://example.org/auto"),
        ("<sam@example.org>", "mailto:sam@example.org"),
    ],
    ids=["http", "https", "mailto", "autolink", "email-autolink"],
)
def test_safe_links_keep_their_href_and_get_rel_nofollow(markdown, href):
    assert links(render_markdown(markdown)) == [{"href": href, "rel": REL}]


def test_link_title_is_kept():
    assert links(render_markdown('[x](https://example.org "A title")')) == [
        {"href": "https://example.org", "title": "A title", "rel": REL}
    ]


def test_reference_link():
    html = render_markdown("See [the docs][d].\n\n[d]: https://example.org/docs\n")

    assert links(html) == [{"href": "https://example.org/docs", "rel": REL}]


def test_relative_links_lose_their_href():
    html = render_markdown("[here](/communities/) and [there](//evil.example/)")

    assert links(html) == [{"rel": REL}, {"rel": REL}]
    assert "here" in html and "there" in html


def test_data_image_link_loses_its_href():
    # markdown-it lets data:image/png through as a link destination; nh3's scheme allow-list removes it.
    html = render_markdown("[x](data:image/png;base64,iVBORw0KGgo=)")

    assert links(html) == [{"rel": REL}]


def test_link_inside_a_link_destination_stays_one_https_link():
    # Not in the corpus: the text "javascript:" survives inside the https URL's path, where it is inert.
    html = render_markdown("[a](https://example.org/[b](javascript:alert(1)))")

    assert links(html) == [{"href": "https://example.org/%5Bb%5D(javascript:alert(1))", "rel": REL}]


def test_image_is_a_plain_link_not_an_img():
    html = render_markdown("![a cat](https://example.org/cat.png)")

    assert "<img" not in html
    assert links(html) == [{"href": "https://example.org/cat.png", "rel": REL}]
    assert "a cat" in html


def test_raw_html_is_shown_as_text():
    html = render_markdown('<b>bold?</b> <div class="x">block</div>')

    assert "&lt;b&gt;bold?&lt;/b&gt;" in html
    assert '&lt;div class="x"&gt;block&lt;/div&gt;' in html
    assert [tag for tag, _ in parse(html).elements] == ["p"]


def test_raw_html_block_is_shown_as_text():
    html = render_markdown("<script>\nalert(1)\n</script>\n")

    assert html == "<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>\n"


def test_hard_line_break():
    assert render_markdown("one  \ntwo") == "<p>one<br>\ntwo</p>\n"


def test_render_markdown_returns_plain_str_and_safe_variant_is_marked_safe():
    text = "**hi** <b>"

    plain = render_markdown(text)
    safe = render_markdown_safe(text)

    assert type(plain) is str
    assert safe == plain
    assert hasattr(safe, "__html__")


def test_empty_input():
    assert render_markdown("") == ""


def test_a_post_of_the_maximum_size_renders():
    block = (
        "## Section\n\nSome *emphasis*, **strong**, ~~struck~~ and `code` with a "
        "[link](https://example.org/page).\n\n- one\n- two\n\n> quote <b>raw</b>\n\n"
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n```\n<script>x</script>\n```\n\n"
    )
    text = (block * (MAX_MARKDOWN_LENGTH // len(block) + 1))[:MAX_MARKDOWN_LENGTH]
    assert len(text) == MAX_MARKDOWN_LENGTH

    html = render_markdown(text)

    assert isinstance(html, str)
    assert html.count("<h3>Section</h3>") == text.count("## Section")
    assert '<a href="https://example.org/page" rel="nofollow noopener noreferrer">link</a>' in html
    assert "<del>struck</del>" in html
    assert '<td align="right">2</td>' in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script" not in html


def test_pathological_nesting_still_renders():
    text = "> " * 5_000 + "deep\n" + "*" * 5_000 + "[" * 5_000 + "x" + "](" * 2_000

    assert isinstance(render_markdown(text[:MAX_MARKDOWN_LENGTH]), str)


# --- XSS corpus ------------------------------------------------------------------------------------------
# (id, Markdown a member might post). Every one must render to HTML that passes `assert_harmless`.

XSS_PAYLOADS: list[tuple[str, str]] = [
    # Script tags in many casings and encodings
    ("script-plain", "<script>alert(1)</script>"),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-src", '<script src="https://evil.example/x.js"></script>'),
    ("script-src-unquoted", "<script src=//evil.example/x.js></script>"),
    ("script-space-before-gt", "<script >alert(1)</script >"),
    ("script-slash-attr", "<script/xss src=//evil.example></script>"),
    ("script-unclosed", "<script>alert(1)"),
    ("script-nested-split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-entity-lt", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("script-decimal-entity", "&#60;script&#62;alert(1)&#60;/script&#62;"),
    ("script-hex-entity", "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;"),
    ("script-fullwidth-brackets", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e"),
    ("script-in-heading", "# <script>alert(1)</script>"),
    ("script-in-list", "- <script>alert(1)</script>\n- two"),
    ("script-in-blockquote", "> <script>alert(1)</script>"),
    ("script-in-table-cell", "| a |\n|---|\n| <script>alert(1)</script> |"),
    ("script-in-emphasis", "**<script>alert(1)</script>**"),
    ("script-in-link-text", "[<script>alert(1)</script>](https://example.org)"),
    ("script-after-code-fence", "```\ncode\n```\n<script>alert(1)</script>"),
    ("script-unterminated-fence", "```\n<script>alert(1)</script>"),
    ("script-in-fence-info", "```<script>alert(1)</script>\nx\n```"),
    ("script-in-fence-info-quote", '```js" onload="alert(1)\nx\n```'),
    # javascript: in Markdown link syntax
    ("md-link-javascript", "[x](javascript:alert(1))"),
    ("md-link-javascript-mixed-case", "[x](JaVaScRiPt:alert(1))"),
    ("md-link-javascript-upper", "[x](JAVASCRIPT:alert(1))"),
    ("md-link-javascript-tab", "[x](java\tscript:alert(1))"),
    ("md-link-javascript-newline", "[x](java\nscript:alert(1))"),
    ("md-link-javascript-leading-space", "[x]( javascript:alert(1))"),
    ("md-link-javascript-angle", "[x](<javascript:alert(1)>)"),
    ("md-link-javascript-angle-space", "[x](<java script:alert(1)>)"),
    ("md-link-javascript-decimal-entity", "[x](&#106;avascript:alert(1))"),
    ("md-link-javascript-hex-entity", "[x](&#x6A;avascript:alert(1))"),
    (
        "md-link-javascript-all-entities",
        "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    ),
    ("md-link-javascript-padded-entity", "[x](&#0000106;avascript:alert(1))"),
    ("md-link-javascript-named-colon", "[x](javascript&colon;alert(1))"),
    ("md-link-javascript-tab-entity", "[x](java&#9;script:alert(1))"),
    ("md-link-javascript-newline-entity", "[x](java&#x0A;script:alert(1))"),
    ("md-link-javascript-percent-encoded", "[x](javascript%3Aalert(1))"),
    ("md-link-javascript-backslash-escape", "[x](javascript\\:alert(1))"),
    ("md-link-javascript-comment-trick", "[x](javascript://%0Aalert(1))"),
    ("md-link-javascript-zero-width", "[x](java\u200bscript:alert(1))"),
    ("md-link-javascript-nul", "[x](java\x00script:alert(1))"),
    ("md-link-javascript-leading-control", "[x](\x01javascript:alert(1))"),
    ("md-link-javascript-nbsp", "[x](\u00a0javascript:alert(1))"),
    ("md-link-javascript-with-title", '[x](javascript:alert(1) "title")'),
    ("md-link-nested-brackets", "[[x](javascript:alert(1))](https://example.org)"),
    ("md-link-javascript-in-parens", "[x]((javascript:alert(1)))"),
    ("md-link-vbscript", "[x](vbscript:msgbox(1))"),
    ("md-link-vbscript-upper", "[x](VBSCRIPT:msgbox(1))"),
    ("md-link-data-html", "[x](data:text/html,<script>alert(1)</script>)"),
    ("md-link-data-html-base64", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-link-data-image-svg", "[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("md-link-data-image-png", "[x](data:image/png;base64,iVBORw0KGgo=)"),
    ("md-link-file", "[x](file:///etc/passwd)"),
    ("md-link-livescript", "[x](livescript:alert(1))"),
    ("md-link-protocol-relative", "[x](//evil.example/)"),
    ("md-link-relative-path", "[x](/logout)"),
    ("md-link-fragment", "[x](#top)"),
    ("md-link-backslash-host", "[x](\\\\evil.example)"),
    ("md-link-javascript-empty-text", "[](javascript:alert(1))"),
    # javascript: in autolinks
    ("autolink-javascript", "<javascript:alert(1)>"),
    ("autolink-javascript-mixed-case", "<JaVaScRiPt:alert(1)>"),
    ("autolink-javascript-entity", "<&#106;avascript:alert(1)>"),
    ("autolink-javascript-slashes", "<javascript://example.org/%0Aalert(1)>"),
    ("autolink-vbscript", "<vbscript:msgbox(1)>"),
    ("autolink-data", "<data:text/html,<script>alert(1)</script>>"),
    ("autolink-data-base64", "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>"),
    ("autolink-email-with-quote", '<a"onmouseover="alert(1)@example.org>'),
    ("bare-url-javascript", "javascript:alert(1)"),
    # Reference links to javascript:
    ("reference-link-javascript", "[x][evil]\n\n[evil]: javascript:alert(1)"),
    ("reference-link-javascript-angle", "[x][evil]\n\n[evil]: <javascript:alert(1)>"),
    ("reference-link-javascript-title", '[x][evil]\n\n[evil]: javascript:alert(1) "t"'),
    ("reference-link-collapsed", "[evil][]\n\n[evil]: JAVASCRIPT:alert(1)"),
    ("reference-link-shortcut", "[evil]\n\n[evil]: java&#115;cript:alert(1)"),
    ("reference-link-data", "[x][d]\n\n[d]: data:text/html,<script>alert(1)</script>"),
    ("reference-image-javascript", "![x][evil]\n\n[evil]: javascript:alert(1)"),
    # Link titles with quotes breaking out of attributes
    ("title-double-quote-breakout", '[x](https://example.org "a\\" onmouseover=\\"alert(1))'),
    ("title-single-quote-breakout", "[x](https://example.org 'a\\' onmouseover=\\'alert(1)')"),
    ("title-paren-breakout", '[x](https://example.org (a" onclick="alert(1)))'),
    ("title-gt-breakout", '[x](https://example.org "\\"><script>alert(1)</script>")'),
    ("title-entity-quote", '[x](https://example.org "&quot; onmouseover=&quot;alert(1)")'),
    ("href-quote-breakout", '[x](https://example.org/"onmouseover="alert(1))'),
    ("href-quote-breakout-angle", '[x](<https://example.org/" onmouseover="alert(1)>)'),
    ("href-entity-quote-breakout", "[x](https://example.org/&quot;onmouseover=&quot;alert(1))"),
    ("autolink-quote-breakout", '<https://example.org/"onmouseover="alert(1)>'),
    ("image-alt-breakout", '![x" onerror="alert(1)](https://example.org/x.png)'),
    ("image-src-javascript", "![x](javascript:alert(1))"),
    ("image-title-breakout", '![x](https://example.org/x.png "a\\" onerror=\\"alert(1))'),
    # Event handlers
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-quoted", '<img src="x" onerror="alert(1)">'),
    ("img-onerror-no-space", "<img/src=x/onerror=alert(1)>"),
    ("img-onerror-backticks", "<img src=`x` onerror=`alert(1)`>"),
    ("img-onerror-upper", "<IMG SRC=x ONERROR=alert(1)>"),
    ("img-src-javascript", '<img src="javascript:alert(1)">'),
    ("img-dynsrc", '<img dynsrc="javascript:alert(1)">'),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-slash-onload", "<svg/onload=alert(1)>"),
    ("body-onload", "<body onload=alert(1)>"),
    ("body-onpageshow", "<body onpageshow=alert(1)>"),
    ("div-onmouseover", '<div onmouseover="alert(1)">hover</div>'),
    ("a-onclick", '<a href="https://example.org" onclick="alert(1)">x</a>'),
    ("a-href-javascript", '<a href="javascript:alert(1)">x</a>'),
    ("a-href-javascript-entity", '<a href="&#106;avascript:alert(1)">x</a>'),
    ("a-onfocus-autofocus", "<a onfocus=alert(1) autofocus tabindex=1>x</a>"),
    ("input-onfocus-autofocus", "<input onfocus=alert(1) autofocus>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>"),
    ("video-onerror", "<video><source onerror=alert(1)></video>"),
    ("audio-src-onerror", "<audio src=x onerror=alert(1)>"),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>"),
    ("select-onfocus", "<select autofocus onfocus=alert(1)>"),
    ("textarea-onfocus", "<textarea autofocus onfocus=alert(1)>"),
    ("keygen-onfocus", "<keygen autofocus onfocus=alert(1)>"),
    ("handler-in-emphasis", "*<img src=x onerror=alert(1)>*"),
    ("handler-in-table", "| <img src=x onerror=alert(1)> |\n|---|\n| x |"),
    # SVG tricks
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-script-href", '<svg><script href="data:,alert(1)"/></svg>'),
    (
        "svg-animate-href",
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text y=20>x</text></a></svg>",
    ),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>'),
    ("svg-xlink-href", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("svg-use-data", '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>'),
    (
        "svg-foreignobject",
        "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    ),
    ("svg-animate-onbegin", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>"),
    # Embedding and navigation
    ("iframe-javascript", "<iframe src=javascript:alert(1)></iframe>"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("iframe-remote", '<iframe src="https://evil.example"></iframe>'),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("object-data-html", '<object data="data:text/html,<script>alert(1)</script>"></object>'),
    ("embed-src", '<embed src="javascript:alert(1)">'),
    ("embed-swf", '<embed src="https://evil.example/x.swf" allowscriptaccess=always>'),
    ("applet", '<applet code="Evil.class"></applet>'),
    ("form-action", '<form action="javascript:alert(1)"><button>go</button></form>'),
    ("button-formaction", '<form><button formaction="javascript:alert(1)">go</button></form>'),
    ("input-image-src", '<input type="image" src="javascript:alert(1)">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    (
        "meta-refresh-data",
        '<meta http-equiv="refresh" content="0;url=data:text/html,<script>alert(1)</script>">',
    ),
    ("base-href", '<base href="javascript:alert(1)//">'),
    ("base-href-remote", '<base href="https://evil.example/">'),
    ("link-stylesheet", '<link rel="stylesheet" href="javascript:alert(1)">'),
    ("link-import", '<link rel="import" href="https://evil.example/x.html">'),
    # Styles
    ("style-tag-expression", "<style>body{width:expression(alert(1))}</style>"),
    ("style-tag-import", "<style>@import 'javascript:alert(1)';</style>"),
    ("style-tag-url", "<style>body{background:url(javascript:alert(1))}</style>"),
    ("style-attr-expression", '<div style="width:expression(alert(1))">x</div>'),
    ("style-attr-url", '<div style="background-image:url(javascript:alert(1))">x</div>'),
    ("style-attr-escaped", '<div style="background:url(&#1;javascript:alert(1))">x</div>'),
    ("style-attr-behavior", '<div style="behavior:url(x.htc)">x</div>'),
    ("style-attr-moz-binding", '<div style="-moz-binding:url(https://evil.example/x.xml#xss)">x</div>'),
    ("style-attr-on-link", '<a href="https://example.org" style="position:fixed;top:0;left:0">x</a>'),
    # Malformed and unclosed tags
    ("unclosed-img", "<img src=x onerror=alert(1)"),
    ("unclosed-attr-quote", '<a href="https://example.org onclick="alert(1)">x</a>'),
    ("double-lt", "<<script>alert(1)//<</script>"),
    ("tag-without-name", "< script>alert(1)</script>"),
    ("slash-in-tag", "<script/src=https://evil.example></script>"),
    ("newline-in-tag", "<img\nsrc=x\nonerror=alert(1)>"),
    ("null-in-tag", "<scr\x00ipt>alert(1)</script>"),
    ("unclosed-comment-tag", "<!--<img src=x onerror=alert(1)>"),
    ("closing-tag-attrs", '</p onclick="alert(1)">'),
    ("attr-without-value-chain", "<div onclick onmouseover=alert(1) >x</div>"),
    ("xmp-breakout", '<xmp><p title="</xmp><img src=x onerror=alert(1)>">'),
    ("noscript-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("title-breakout", "<title><img src=x onerror=alert(1)></title>"),
    ("textarea-breakout", "<textarea></textarea><img src=x onerror=alert(1)>"),
    ("plaintext", "<plaintext><img src=x onerror=alert(1)>"),
    # Comments and CDATA
    ("html-comment", "<!-- <script>alert(1)</script> -->"),
    ("html-comment-conditional", "<!--[if IE]><script>alert(1)</script><![endif]-->"),
    ("html-comment-breakout", "<!--><img src=x onerror=alert(1)>-->"),
    ("html-comment-bang", "<!--!><img src=x onerror=alert(1)>-->"),
    ("cdata-script", "<![CDATA[<script>alert(1)</script>]]>"),
    ("cdata-svg", "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>"),
    ("processing-instruction", '<?xml-stylesheet href="javascript:alert(1)"?>'),
    ("doctype", "<!DOCTYPE html><script>alert(1)</script>"),
    # Unicode and zero-width obfuscation
    ("zero-width-in-tag", "<scr\u200bipt>alert(1)</scr\u200bipt>"),
    ("zero-width-joiner-href", "[x](java\u200dscript:alert(1))"),
    ("bom-before-scheme", "[x](\ufeffjavascript:alert(1))"),
    ("rtl-override", "[x](\u202ejavascript:alert(1))"),
    ("fullwidth-javascript", "[x](\uff4aavascript:alert(1))"),
    ("unicode-escape-text", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
    ("homoglyph-scheme", "[x](jav\u0430script:alert(1))"),
    ("line-separator-in-href", "[x](java\u2028script:alert(1))"),
    # <math> and <template>
    ("math-href", '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>'),
    ("math-xlink", '<math xlink:href="javascript:alert(1)"><mi>x</mi></math>'),
    (
        "math-maction",
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    ),
    ("math-mglyph-style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("template-script", "<template><script>alert(1)</script></template>"),
    ("template-img", "<template><img src=x onerror=alert(1)></template>"),
    ("noembed-breakout", '<noembed><p title="</noembed><img src=x onerror=alert(1)>">'),
    # Polyglots
    (
        "polyglot-0xsobky",
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/"
        "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
    ),
    ("polyglot-attr-break", "'\"><img src=x onerror=alert(1)>"),
    ("polyglot-markdown-html-mix", '[<img src=x onerror=alert(1)>](javascript:alert(2) "<script>")'),
    ("polyglot-emphasis-attr", '*<a href="javascript:alert(1)">x</a>*_<b onmouseover=alert(1)>_'),
    ("polyglot-table-breakout", "| a | b |\n|---|---|\n| <td onclick=alert(1)> | [x](javascript:alert(1)) |"),
    ("polyglot-html-block-then-md", "<div>\n\n[x](javascript:alert(1))\n\n</div>"),
    ("polyglot-entity-in-code-span", "`&lt;script&gt;` &#60;img src=x onerror=alert(1)&#62;"),
]


def assert_harmless(html: str) -> None:
    collector = parse(html)
    for tag, attrs in collector.elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> is not allowed"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            assert name not in {"style", "src"}, f"{name} on <{tag}>"
            if name == "href":
                assert (value or "").strip().lower().startswith(SAFE_HREF_PREFIXES), f"href={value!r}"
            assert "javascript:" not in (value or "").lower(), f"{name}={value!r} on <{tag}>"
    assert collector.comments == []
    assert collector.declarations == []


def test_xss_corpus_has_distinct_payloads_and_ids():
    ids = [payload_id for payload_id, _ in XSS_PAYLOADS]
    payloads = [payload for _, payload in XSS_PAYLOADS]

    assert len(set(ids)) == len(ids)
    assert len(set(payloads)) == len(payloads)
    assert len(payloads) >= 120


@pytest.mark.parametrize(
    "payload", [payload for _, payload in XSS_PAYLOADS], ids=[i for i, _ in XSS_PAYLOADS]
)
def test_payload_renders_harmless(payload):
    assert_harmless(render_markdown(payload))


@pytest.mark.parametrize(
    "payload", [payload for _, payload in XSS_PAYLOADS], ids=[i for i, _ in XSS_PAYLOADS]
)
def test_payload_renders_harmless_inside_a_list_item(payload):
    assert_harmless(render_markdown(f"- {payload}\n- after"))
