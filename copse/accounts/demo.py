"""The demo's faces: a handful of people get a photo, drawn here (nothing is downloaded) and given to them
through the same service an upload goes through. Most keep their initials, as in a real organisation, and so do
the member and the newcomer personas, so that adding a photo can be tried."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from .models import Person
from .services import set_photo

# Two of the personas, then this many colleagues chosen by the seed.
PERSONAS_WITH_PHOTOS = ("admin@example.org", "lead@example.org")
COLLEAGUES_WITH_PHOTOS = 14
SIZE = 192  # drawn small: the service would only crop and re-encode a larger one, and the demo must stay fast

BACKGROUNDS = ["#d9e8f5", "#e3f1e6", "#f6e7d8", "#ece3f4", "#f3e0e6", "#e0eeee", "#f1f0da"]
SKIN = ["#f1d3bd", "#e5b998", "#c98e68", "#a86b47", "#8a5536", "#5e3a24"]
HAIR = ["#2b1d14", "#4a3222", "#6e4b2e", "#a3733f", "#c9a86a", "#8d8d8d", "#1c1c1c"]
CLOTHES = ["#1d5f91", "#0b6e4f", "#8a1c7c", "#a4321c", "#38495c", "#5b3d99", "#00665e"]


def portrait(rng: random.Random) -> bytes:
    """A simple drawn head and shoulders, as a PNG: background, clothes, skin and hair chosen by `rng`."""
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    image = Image.new("RGB", (SIZE, SIZE), rng.choice(BACKGROUNDS))
    draw = ImageDraw.Draw(image)
    s = SIZE / 256  # the drawing is laid out on a 256 px square
    draw.ellipse(tuple(v * s for v in (36, 176, 220, 340)), fill=rng.choice(CLOTHES))  # shoulders
    draw.rectangle(tuple(v * s for v in (108, 140, 148, 190)), fill=skin)  # neck
    if rng.random() < 0.5:
        draw.ellipse(tuple(v * s for v in (62, 40, 194, 200)), fill=hair)  # long hair, behind the face
    draw.ellipse(tuple(v * s for v in (80, 56, 176, 168)), fill=skin)  # face
    draw.chord(tuple(v * s for v in (74, 40, 182, 130)), 180, 360, fill=hair)  # hair on top
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def extend_demo(*, seed: int) -> str:
    """Give two personas and a few colleagues a drawn photo, the same ones for the same seed."""
    rng = random.Random(seed + 9)  # noqa: S311 - the demo is made the same each time, not secret
    chosen = list(Person.objects.filter(user__email__in=PERSONAS_WITH_PHOTOS).order_by("user__email"))
    colleagues = list(
        Person.objects.filter(user__is_active=True)
        .exclude(user__email__in=[*PERSONAS_WITH_PHOTOS, "member@example.org", "newcomer@example.org"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    picked = rng.sample(colleagues, min(COLLEAGUES_WITH_PHOTOS, len(colleagues)))
    chosen += list(Person.objects.filter(pk__in=picked).order_by("pk"))
    for person in chosen:
        set_photo(person, upload=io.BytesIO(portrait(rng)))
    return f"Gave {len(chosen)} people a photo."
