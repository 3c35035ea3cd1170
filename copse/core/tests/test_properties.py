"""Properties that hold whatever the input, checked with hypothesis: keyset pagination cursors and Markdown
sanitising."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from copse.core.markdown import MAX_RENDERED_LENGTH, render_markdown
from copse.core.pagination import keyset_page
from copse.core.tests.test_markdown import assert_harmless
from copse.discussions.models import Thread
from copse.testing import CommunityFactory, ThreadFactory

DB_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# --- Keyset pagination -----------------------------------------------------------------------------------


class CursorPropertyTests(TestCase):
    """Twenty threads whose activity times tie in groups of three, so the primary key must break ties."""

    @classmethod
    def setUpTestData(cls) -> None:
        community = CommunityFactory()
        start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        for i in range(20):
            thread = ThreadFactory(community=community, title=f"Thread {i % 7}", opening=False)
            Thread.objects.filter(pk=thread.pk).update(last_activity_at=start + timedelta(hours=i // 3))
        cls.community = community

    def threads(self):
        return Thread.objects.filter(community=self.community)

    def ordered(self, sort_key: str, descending: bool) -> list[int]:
        sign = "-" if descending else ""
        return list(self.threads().order_by(f"{sign}{sort_key}", f"{sign}pk").values_list("pk", flat=True))

    @DB_SETTINGS
    @given(
        size=st.integers(min_value=1, max_value=25),
        descending=st.booleans(),
        sort_key=st.sampled_from(["last_activity_at", "title"]),
    )
    def test_following_the_cursors_gives_every_row_once_in_order(self, size, descending, sort_key) -> None:
        seen: list[int] = []
        cursor = ""
        for _ in range(30):
            page = keyset_page(
                self.threads(), sort_key=sort_key, cursor=cursor, size=size, descending=descending
            )
            assert len(page.rows) <= size
            seen.extend(row.pk for row in page.rows)
            if page.next_cursor is None:
                break
            assert len(page.rows) == size
            cursor = page.next_cursor
        assert seen == self.ordered(sort_key, descending)

    @DB_SETTINGS
    @given(
        cursor=st.one_of(
            st.text(max_size=80),
            st.text(alphabet="0123456789-:T.+|Z ", max_size=60),
            st.builds(lambda key, pk: f"{key}|{pk}", st.text(max_size=40), st.integers()),
            st.builds(lambda moment, pk: f"{moment.isoformat()}|{pk}", st.datetimes(), st.integers()),
        ),
        descending=st.booleans(),
        sort_key=st.sampled_from(["last_activity_at", "title"]),
    )
    @example(cursor="2026-99-99T99:99:99+00:00|1", descending=True, sort_key="last_activity_at")
    @example(
        cursor="9999-12-31T23:59:59+14:00|999999999999999999", descending=False, sort_key="last_activity_at"
    )
    @example(cursor="\x00|1", descending=True, sort_key="title")
    @example(cursor="2026-03-01T09:00:00|1", descending=True, sort_key="last_activity_at")
    def test_a_forged_cursor_never_raises_and_gives_an_unbroken_run_of_the_list(
        self, cursor, descending, sort_key
    ) -> None:
        page = keyset_page(self.threads(), sort_key=sort_key, cursor=cursor, size=5, descending=descending)

        ordered = self.ordered(sort_key, descending)
        rows = [row.pk for row in page.rows]
        assert len(rows) <= 5
        if rows:
            start = ordered.index(rows[0])
            assert rows == ordered[start : start + len(rows)]
        key, separator, pk = cursor.rpartition("|")
        if not separator or not (pk.isascii() and pk.isdigit()):
            assert rows == ordered[:5]  # not a cursor at all: the list starts again

    def test_a_cursor_with_a_time_that_does_not_parse_starts_the_list_again(self) -> None:
        for cursor in ("yesterday|3", "2026-03-01T09:00:00|3", "1066-10-14T09:00:00+00:00|3", "|3"):
            with self.subTest(cursor=cursor):
                page = keyset_page(
                    self.threads(), sort_key="last_activity_at", cursor=cursor, size=5, descending=True
                )
                assert [row.pk for row in page.rows] == self.ordered("last_activity_at", True)[:5]


# --- Markdown sanitising ---------------------------------------------------------------------------------

MARKDOWN_PIECES = st.sampled_from(
    [
        "<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "JaVaScRiPt:", "&#106;",
        "&colon;", "[", "]", "(", ")", "<", ">", '"', "'", "`", "```", "\n", "\n\n", "|", "|---|", "- ",
        "> ", "# ", "*", "_", "~~", "\\", "onclick=", " onmouseover=", "<a href=", "<svg onload=alert(1)>",
        "![x](", "[x]: ", "data:text/html,", "vbscript:", "\x00", "\u200b", "\u202e", "https://example.org/",
        "mailto:", "<!--", "-->", "<![CDATA[", "style=", "<iframe src=", "&lt;", "&#x3C;",
    ]
)  # fmt: skip
MARKDOWN = st.one_of(
    st.text(max_size=300), st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=8))).map("".join)
)


@settings(max_examples=400, deadline=None)
@given(text=MARKDOWN)
def test_whatever_is_typed_the_html_is_harmless(text):
    html = render_markdown(text)

    assert_harmless(html)
    assert not re.search(r"<\s*script", html, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=", re.sub(r">[^<]*<", "><", html), re.IGNORECASE)
    assert 'href="javascript:' not in html.lower()


@settings(max_examples=200, deadline=None)
@given(text=MARKDOWN, repeat=st.integers(min_value=1, max_value=60))
def test_rendering_never_raises_and_stays_within_its_bound(text, repeat):
    html = render_markdown((text * repeat)[:20_000])

    assert isinstance(html, str)
    assert len(html) <= MAX_RENDERED_LENGTH
    assert_harmless(html)
