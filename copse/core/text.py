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

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible

# C0 and C1 controls (tab, CR, LF, NUL, ESC, DEL, ...), bidirectional embeddings, overrides and isolates, and
# invisible characters that make two names look the same: zero-width space, joiners, word joiner, BOM, soft
# hyphen, Mongolian vowel separator.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
FORBIDDEN_IN_LINE = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}]")
_INVISIBLE_ONLY = re.compile(f"[{_BIDI}{_INVISIBLE}]")
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
    """What makes two names the same name: NFKC, case-folded, invisible characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", name)
    text = _INVISIBLE_ONLY.sub("", text)
    text = FORBIDDEN_IN_LINE.sub(" ", text)
    return _SPACES.sub(" ", text).strip().casefold()
