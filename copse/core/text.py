"""The one text policy: what single-line text may contain, and when two names are the same name.

Single-line text (names, titles, reasons, places, links' labels) ends up in headers, calendar files, email
subjects, log lines and screen readers' announcements. A line break, a terminal escape or a bidirectional
override in it breaks those or lets one name pose as another, so it is refused with a clear message.
Names that must be unique are compared by `name_key`: after Unicode normalisation (NFKC), case folding and
with invisible characters removed, so "Finance Business Partners" with a zero-width or no-break space is
the same name as without.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from confusable_homoglyphs import confusables
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, URLValidator
from django.utils.deconstruct import deconstructible

from .refusals import Refused

# C0 and C1 controls (tab, CR, LF, NUL, ESC, DEL, ...) and the line and paragraph separators; bidirectional marks,
# embeddings, overrides and isolates (and the deprecated format characters beside them); and invisible characters
# that make two texts look the same: soft hyphen, combining grapheme joiner, Hangul and Khmer fillers, Mongolian
# vowel separator, zero-width space and joiners, word joiner and invisible operators, Braille blank, BOM.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u206f"
_INVISIBLE = "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2060-\u2064\u2800\u3164\ufeff\uffa0"
# The rest of Unicode's default-ignorable characters: allowed in text (an emoji's variation selector), but they
# never make one name differ from another.
_IGNORABLE = "\u180b-\u180d\u180f\ufe00-\ufe0f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
FORBIDDEN_IN_LINE = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}]")
_INVISIBLE_ONLY = re.compile(f"[{_BIDI}{_INVISIBLE}{_IGNORABLE}]")
_SPACES = re.compile(r"\s+")

LINE_MESSAGE = "Use one line of ordinary text, without line breaks, tabs or invisible or control characters."


def has_forbidden_characters(value: str) -> bool:
    return FORBIDDEN_IN_LINE.search(value) is not None


@deconstructible
class SingleLineValidator:
    """Refuse control characters, line breaks, bidirectional overrides and zero-width characters."""

    message = LINE_MESSAGE
    code = "single_line"

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and has_forbidden_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SingleLineValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_single_line = SingleLineValidator()


class SingleLineField(forms.CharField):
    """A form field for one line of text: stripped, with the text policy applied."""

    default_validators = [validate_single_line]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The text policy refuses NUL with the other control characters, in one message.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


def escape_for_terminal(value: str) -> str:
    """Show control and invisible characters as escapes (`\\x1b`, `\\u202e`), so printing them does nothing."""
    return FORBIDDEN_IN_LINE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def strip_forbidden(value: str) -> str:
    """Single-line text with line breaks and tabs made spaces and other forbidden characters removed."""
    spaced = re.sub(r"[\t\r\n\v\f\x85\u2028\u2029]", " ", value)
    return FORBIDDEN_IN_LINE.sub("", spaced)


def name_key(name: str) -> str:
    """What makes two names the same name: NFKC, case-folded, invisible and ignorable characters dropped, spaces
    collapsed (normalised again after case folding, which can undo NFKC)."""
    text = unicodedata.normalize("NFKC", name)
    text = _INVISIBLE_ONLY.sub("", text)
    text = FORBIDDEN_IN_LINE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    return _SPACES.sub(" ", text).strip()


LOOK_ALIKE_MESSAGE = (
    "Use letters from one alphabet in each word: a letter from another alphabet that looks like a Latin one "
    "(such as a Cyrillic “а”) makes this pass for another name."
)


def has_look_alike_letters(name: str) -> bool:
    """A word that mixes alphabets with letters that pass for Latin ones ("Finаnce" with a Cyrillic а).

    Words wholly in one script, and scripts that mix by nature (Japanese kanji with kana), are fine; the check is
    `confusable_homoglyphs`' mixed-script-and-confusable test, word by word.
    """
    return any(confusables.is_dangerous(word, preferred_aliases=["latin"]) for word in name.split())


def single_line(value: str, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """One line of ordinary text, stripped, for a service: refused about `field` when it is empty (if required),
    breaks the text policy or is longer than `max_length`. `label` names it in the message ("the title")."""
    return _checked_text(
        value,
        forbidden=has_forbidden_characters(value),
        message=LINE_MESSAGE,
        field=field,
        label=label,
        max_length=max_length,
        required=required,
    )


def _checked_text(
    value: str, *, forbidden: bool, message: str, field: str, label: str, max_length: int, required: bool
) -> str:
    value = value.strip()
    if required and not value:
        raise Refused(f"Enter {label}.", field=field)
    if forbidden:
        raise Refused(message, field=field)
    if len(value) > max_length:
        raise Refused(
            f"{label[:1].upper()}{label[1:]} must be {max_length:,} characters or fewer.", field=field
        )
    return value


# Paragraphs keep their line breaks and tabs; NUL, escapes, other controls and bidirectional overrides are refused.
_CONTROL_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_BIDI}]")
TEXT_MESSAGE = "Remove the control characters and direction marks from this text."


def has_control_characters(text: str) -> bool:
    """Controls other than line breaks and tabs, or bidirectional marks: never in a paragraph of text."""
    return _CONTROL_IN_TEXT.search(text) is not None


def paragraphs(value: str, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """Text of one or more paragraphs, stripped, for a service: refused about `field` when it is empty (if
    required), holds a NUL or another control character besides line breaks and tabs, or is too long."""
    return _checked_text(
        value,
        forbidden=has_control_characters(value),
        message=TEXT_MESSAGE,
        field=field,
        label=label,
        max_length=max_length,
        required=required,
    )


WEB_ADDRESS_MESSAGE = "Enter a web address that starts with https://."


def web_address(value: str, *, field: str, max_length: int = 500) -> str:
    """A web page's address for a service (http or https, as links people follow), stripped; empty stays empty.

    Refused about `field` when it is not such an address, is too long, or hides characters the text policy
    forbids (a right-to-left override can make "…/exe.pdf" of "…/fdp.exe").
    """
    value = value.strip()
    if not value:
        return value
    if has_forbidden_characters(value):
        raise Refused(LINE_MESSAGE, field=field)
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise Refused(WEB_ADDRESS_MESSAGE, field=field) from None
    if len(value) > max_length:
        raise Refused(f"The web address must be {max_length:,} characters or fewer.", field=field)
    return value
