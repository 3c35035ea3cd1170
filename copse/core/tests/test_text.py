"""The one text policy: single-line text refuses control and invisible characters; names compare by name_key."""

from __future__ import annotations

import unicodedata

from django import forms
from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from copse.core.text import (
    FORBIDDEN_IN_LINE,
    LINE_MESSAGE,
    SingleLineField,
    escape_for_terminal,
    name_key,
    strip_forbidden,
)

REFUSED = {
    "carriage return": "Budget\rclinic",
    "line feed": "Budget\nclinic",
    "CRLF": "Budget\r\nclinic",
    "NUL": "Budget\x00clinic",
    "escape": "\x1b[31mBudget",
    "tab": "Budget\tclinic",
    "right-to-left override": "Amara \u202eOkafor",
    "left-to-right isolate": "Amara \u2066Okafor",
    "zero-width space": "Finance\u200bBusiness",
    "zero-width joiner": "Finance\u200dBusiness",
    "byte order mark": "\ufeffFinance",
    "line separator": "Budget\u2028clinic",
}


class TitleForm(forms.Form):
    title = SingleLineField(max_length=200)


class SingleLineFieldTests(SimpleTestCase):
    def test_each_forbidden_character_is_refused_with_a_clear_message(self) -> None:
        for name, value in REFUSED.items():
            with self.subTest(name):
                form = TitleForm({"title": value})
                assert not form.is_valid()
                assert form.errors["title"] == [LINE_MESSAGE]

    def test_ordinary_text_in_any_script_is_accepted_and_trimmed(self) -> None:
        for value in ("Finance Business Partners", "Zoë O’Brien-Ñúñez", "数据分析", "\u00a0Spaced out\u00a0"):
            with self.subTest(value):
                form = TitleForm({"title": value})
                assert form.is_valid(), form.errors
                assert form.cleaned_data["title"] == value.strip()


class NameKeyTests(SimpleTestCase):
    def test_look_alike_names_are_the_same_name(self) -> None:
        plain = name_key("Finance Business Partners")
        for look_alike in (
            "Finance\u200b Business Partners",
            "Finance\u00a0Business Partners",
            "FINANCE business  partners",
            "Ｆｉｎａｎｃｅ Business Partners",
            " Finance Business Partners\u2060",
            "Finance Business\u202e Partners",
        ):
            with self.subTest(look_alike):
                assert name_key(look_alike) == plain

    def test_different_names_stay_different(self) -> None:
        assert name_key("Finance Business Partners") != name_key("Finance Business Partner")

    @given(st.text())
    def test_a_key_is_stable_and_holds_no_forbidden_characters(self, name: str) -> None:
        key = name_key(name)
        assert name_key(key) == key
        assert FORBIDDEN_IN_LINE.search(key) is None
        assert unicodedata.is_normalized("NFKC", key) or key == name_key(unicodedata.normalize("NFKC", key))


class TerminalTests(SimpleTestCase):
    def test_escapes_are_printed_as_text(self) -> None:
        assert escape_for_terminal("a\x1b[2Jb\u202ec") == "a\\x1b[2Jb\\u202ec"

    @given(st.text())
    def test_nothing_escaped_can_act_on_a_terminal(self, value: str) -> None:
        assert FORBIDDEN_IN_LINE.search(escape_for_terminal(value)) is None

    @given(st.text())
    def test_stripped_text_is_one_clean_line(self, value: str) -> None:
        cleaned = strip_forbidden(value)
        assert FORBIDDEN_IN_LINE.search(cleaned) is None
        assert "\n" not in cleaned and "\r" not in cleaned
