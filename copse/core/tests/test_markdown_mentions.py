"""The mention syntax, read by the Markdown parser: which `@` is a mention, what it could mean, how it renders.

Who a name stands for is the caller's (a resolver); here a dictionary stands in for it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from copse.core.markdown import (
    MAX_MENTIONS,
    MentionRef,
    MentionTarget,
    mention_of,
    render_markdown,
    render_with_mentions,
)

PRIYA = MentionTarget(42, "Priya Sharma", "/people/42/")
DAN = MentionTarget(7, "Dan Hughes (Daniel Hughes)", "/people/7/")
KNOWN: dict[MentionRef, MentionTarget | None] = {
    ("name", "priya sharma"): PRIYA,
    ("handle", "priya.sharma"): PRIYA,
    ("name", "dan hughes"): DAN,
    ("name", "daniel hughes"): DAN,
    ("id", "7"): DAN,
    ("name", "john smith"): None,  # two people are called John Smith
    ("name", "john"): PRIYA,  # and someone else is known as John
}


class Resolver:
    """Answers from KNOWN and remembers what it was asked."""

    def __init__(self) -> None:
        self.calls: list[set[MentionRef]] = []

    def __call__(self, refs: set[MentionRef]) -> Mapping[MentionRef, MentionTarget | None]:
        self.calls.append(refs)
        return {ref: KNOWN[ref] for ref in refs if ref in KNOWN}


def render(text: str) -> tuple[str, frozenset[int]]:
    rendered = render_with_mentions(text, Resolver())
    return rendered.html, rendered.mentioned


def link(target: MentionTarget) -> str:
    name = target.name
    return f'<a class="mention" href="{target.url}" rel="nofollow noopener noreferrer">@{name}</a>'


def test_a_name_with_a_space_is_a_mention_and_the_words_after_it_stay_text() -> None:
    html, mentioned = render("**Thanks** @Priya Sharma for the template")
    assert html == f"<p><strong>Thanks</strong> {link(PRIYA)} for the template</p>\n"
    assert mentioned == {42}


def test_a_known_as_name_and_the_hr_name_both_name_the_person_shown_as_copse_shows_them() -> None:
    for text in ("@Dan Hughes", "@daniel hughes", "@DAN HUGHES"):
        html, mentioned = render(text)
        assert link(DAN) in html
        assert mentioned == {7}


def test_a_possessive_and_punctuation_after_a_name_are_not_part_of_it() -> None:
    html, _ = render("@Priya Sharma's idea, and @Dan Hughes.")
    assert html == f"<p>{link(PRIYA)}'s idea, and {link(DAN)}.</p>\n"


def test_the_first_syntax_by_email_still_works() -> None:
    html, mentioned = render("cc @priya.sharma, please")
    assert link(PRIYA) in html
    assert mentioned == {42}


def test_the_id_form_names_the_person_whatever_the_label_says() -> None:
    html, mentioned = render("@[Someone important](#user-7) will know")
    assert html == f"<p>{link(DAN)} will know</p>\n"
    assert "Someone important" not in html
    assert mentioned == {7}


def test_an_id_of_someone_who_may_not_be_mentioned_stays_as_its_text() -> None:
    html, mentioned = render("@[Olu](#user-999)")
    assert html == "<p>@[Olu](#user-999)</p>\n"
    assert mentioned == frozenset()


def test_an_ambiguous_name_names_no_one_and_does_not_fall_back_to_a_shorter_one() -> None:
    html, mentioned = render("@John Smith, can you help?")
    assert html == "<p>@John Smith, can you help?</p>\n"
    assert mentioned == frozenset()


def test_a_name_no_one_has_stays_as_text() -> None:
    html, mentioned = render("@Nobody Here and @ alone")
    assert html == "<p>@Nobody Here and @ alone</p>\n"
    assert mentioned == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "mail priya.sharma@example.org",  # an email address
        "`@Priya Sharma`",  # code
        "    @Priya Sharma\n",  # a code block
        "[ask @Priya Sharma](https://example.org)",  # inside a link's text
        "\\@Priya Sharma",  # escaped
    ],
)
def test_no_mention_in_addresses_code_links_or_after_a_backslash(text: str) -> None:
    html, mentioned = render(text)
    assert 'class="mention"' not in html
    assert mentioned == frozenset()


def test_the_resolver_is_asked_once_with_every_meaning_of_every_mention() -> None:
    resolver = Resolver()
    render_with_mentions("@Priya Sharma thanks, @dan.", resolver)
    assert resolver.calls == [
        {
            ("name", "priya sharma thanks"),
            ("name", "priya sharma"),
            ("name", "priya"),
            ("handle", "priya"),
            ("name", "dan"),
            ("handle", "dan"),
        }
    ]


def test_a_text_without_mentions_does_not_ask_the_resolver() -> None:
    resolver = Resolver()
    render_with_mentions("Nothing to see", resolver)
    assert resolver.calls == []


def test_mentions_past_the_limit_stay_as_text() -> None:
    html, mentioned = render(" ".join(["@Priya Sharma"] * (MAX_MENTIONS + 3)))
    assert html.count('class="mention"') == MAX_MENTIONS
    assert mentioned == {42}


def test_without_a_resolver_nothing_is_a_mention() -> None:
    assert render_markdown("@Priya Sharma") == "<p>@Priya Sharma</p>\n"


def test_only_a_profile_survives_as_a_site_relative_link() -> None:
    html = render_markdown("[a](/people/4/) [b](/accounts/logout/) [c](//evil.example/people/4/)")
    assert html.count('href="/people/4/"') == 1
    assert "logout" not in html
    assert "evil" not in html


def test_a_mention_cannot_smuggle_markup_through_a_name() -> None:
    target = MentionTarget(1, '<script>x</script> "Bob"', "/people/1/")
    rendered = render_with_mentions("@Bob", lambda refs: dict.fromkeys(refs, target))
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html


def test_what_a_suggestion_writes_is_the_name_unless_others_share_it() -> None:
    assert mention_of("Priya Sharma", 42, unique=True) == "@Priya Sharma"
    assert mention_of("Priya Sharma", 42, unique=False) == "@[Priya Sharma](#user-42)"
    # A name the plain syntax cannot hold (brackets, too many words) takes the id form too.
    assert mention_of("Mary (Molly) Jones", 3, unique=True) == "@[Mary (Molly) Jones](#user-3)"
    assert mention_of("A B C D E F", 4, unique=True) == "@[A B C D E F](#user-4)"
    assert mention_of("Odd [name]", 5, unique=False) == "@[Odd  name](#user-5)"
