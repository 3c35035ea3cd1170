"""The organisation's look: its name, logo and primary colour, from settings, with the colour's contrast checked.

The primary colour fills buttons (white text on it) and colours links (on white), so it must reach 4.5:1 against
white (WCAG 2.2 AA for normal text). A system check refuses to start with a colour that does not; the stylesheet
gets the colour, a darker shade for hover and a pale tint, from /brand.css."""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

DEFAULT_PRIMARY = "#0a6b5d"
MINIMUM_CONTRAST = 4.5
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_colour(value: str) -> tuple[int, int, int] | None:
    """ "#0a6b5d", "0a6b5d" or "#0a6" as (r, g, b); None when it is not a hex colour."""
    match = _HEX.fullmatch(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def _mix(rgb: tuple[int, int, int], other: tuple[int, int, int], share: float) -> str:
    return _hex(tuple(c * (1 - share) + o * share for c, o in zip(rgb, other, strict=True)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Brand:
    organisation_name: str
    site_name: str
    logo: str  # a path on this site (static or media) or "" for the initial on the primary colour
    primary: str
    primary_hover: str
    primary_tint: str

    @property
    def is_default_colour(self) -> bool:
        return self.primary == DEFAULT_PRIMARY

    @property
    def css(self) -> str:
        return (
            ":root{"
            f"--copse-primary:{self.primary};--copse-primary-hover:{self.primary_hover};"
            f"--copse-primary-tint:{self.primary_tint};"
            "}\n"
        )


@cache
def brand() -> Brand:
    colour = parse_colour(settings.COPSE_PRIMARY_COLOUR) or parse_colour(DEFAULT_PRIMARY)
    assert colour is not None
    return Brand(
        organisation_name=settings.ORGANISATION_NAME,
        site_name=settings.SITE_NAME,
        logo=settings.COPSE_LOGO,
        primary=_hex(colour),  # type: ignore[arg-type]
        primary_hover=_mix(colour, (0, 0, 0), 0.18),
        primary_tint=_mix(colour, (255, 255, 255), 0.88),
    )


@register()
def check_brand(**kwargs: object) -> list[CheckMessage]:
    """At start-up: the primary colour is a colour, and white text on it (and it on white) can be read."""
    value = settings.COPSE_PRIMARY_COLOUR
    colour = parse_colour(value)
    if colour is None:
        return [
            Error(
                f"COPSE_PRIMARY_COLOUR {value!r} is not a hex colour such as #0a6b5d.",
                id="copse.E010",
            )
        ]
    ratio = contrast(colour, (255, 255, 255))
    if ratio < MINIMUM_CONTRAST:
        return [
            Error(
                f"COPSE_PRIMARY_COLOUR {value} has a contrast of {ratio:.2f}:1 with white; buttons and links need "
                f"at least {MINIMUM_CONTRAST}:1 (WCAG 2.2 AA).",
                hint="Choose a darker shade of the colour.",
                id="copse.E011",
            )
        ]
    logo = settings.COPSE_LOGO
    if logo and not logo.startswith("/"):
        return [
            Error(
                f"COPSE_LOGO {logo!r} must be a path on this site, such as /static/brand/logo.svg "
                "(the content security policy allows images from this site only).",
                id="copse.E012",
            )
        ]
    return []
