"""The demo's news pictures, drawn with Pillow: the same every time, and simple enough to read at a glance.

Each is drawn at twice its size and scaled down, which smooths the edges Pillow's drawing leaves jagged, and
handed to the news services as a PNG upload, as a person's picture would be.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 675  # 16:9
SCALE = 2

CREAM = (246, 241, 230)
TEAL = (10, 107, 93)
DEEP_TEAL = (6, 70, 62)
GOLD = (214, 162, 46)
LIGHT_GOLD = (240, 205, 120)
CORAL = (222, 110, 84)
SKY = (120, 170, 205)
SAND = (232, 214, 178)


def _canvas(colour: tuple[int, int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), colour)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).save(out, format="PNG")
    return out.getvalue()


def _star(centre: tuple[float, float], outer: float, inner: float, points: int) -> list[tuple[float, float]]:
    x, y = centre
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / points - math.pi / 2
        corners.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    return corners


def rosette() -> bytes:
    """An award rosette: a gold star on teal rings with a pleated edge, two ribbon tails, on cream."""
    image, draw = _canvas(CREAM)
    s = SCALE
    cx, cy = WIDTH * s / 2, HEIGHT * s * 0.42
    # Soft circles behind, so the rosette does not float on an empty page.
    for dx, dy, r, colour in ((-380, 120, 170, SAND), (400, -60, 130, SAND), (330, 190, 60, LIGHT_GOLD)):
        draw.ellipse(
            (cx + dx * s - r * s, cy + dy * s - r * s, cx + dx * s + r * s, cy + dy * s + r * s), colour
        )
    # The tails, cut with a notch at the end.
    for side in (-1, 1):
        top_x = cx + side * 40 * s
        foot_x = cx + side * 150 * s
        foot_y = cy + 300 * s
        draw.polygon(
            [
                (top_x - 55 * s, cy),
                (top_x + 55 * s, cy),
                (foot_x + 55 * s, foot_y),
                (foot_x, foot_y - 45 * s),
                (foot_x - 55 * s, foot_y),
            ],
            fill=TEAL if side < 0 else DEEP_TEAL,
        )
    draw.polygon(_star((cx, cy), 205 * s, 180 * s, 36), fill=TEAL)
    draw.ellipse((cx - 170 * s, cy - 170 * s, cx + 170 * s, cy + 170 * s), fill=GOLD)
    draw.ellipse((cx - 145 * s, cy - 145 * s, cx + 145 * s, cy + 145 * s), fill=CREAM)
    draw.ellipse((cx - 130 * s, cy - 130 * s, cx + 130 * s, cy + 130 * s), fill=DEEP_TEAL)
    draw.polygon(_star((cx, cy), 95 * s, 40 * s, 5), fill=LIGHT_GOLD)
    return _png(image)


def communities() -> bytes:
    """Six overlapping circles in a ring round a gold one: communities that meet and share."""
    image = Image.new("RGBA", (WIDTH * SCALE, HEIGHT * SCALE), (*CREAM, 255))
    s = SCALE
    cx, cy = WIDTH * s / 2, HEIGHT * s / 2
    palette = (TEAL, CORAL, SKY, DEEP_TEAL, GOLD, SKY)
    for i, colour in enumerate(palette):
        angle = 2 * math.pi * i / len(palette) - math.pi / 2
        x, y = cx + 175 * s * math.cos(angle), cy + 175 * s * math.sin(angle)
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        ImageDraw.Draw(layer).ellipse(
            (x - 130 * s, y - 130 * s, x + 130 * s, y + 130 * s), fill=(*colour, 170)
        )
        image = Image.alpha_composite(image, layer)
    ImageDraw.Draw(image).ellipse(
        (cx - 60 * s, cy - 60 * s, cx + 60 * s, cy + 60 * s), fill=(*LIGHT_GOLD, 255)
    )
    return _png(image.convert("RGB"))


def steps() -> bytes:
    """Blocks rising left to right towards a gold circle: the value communities created, growing."""
    image, draw = _canvas(CREAM)
    s = SCALE
    base = (HEIGHT - 110) * s
    draw.ellipse(((WIDTH - 230) * s, 40 * s, (WIDTH - 70) * s, 200 * s), fill=LIGHT_GOLD)
    colours = (SKY, TEAL, CORAL, DEEP_TEAL, GOLD, TEAL)
    for i, colour in enumerate(colours):
        left = (110 + i * 165) * s
        height = (80 + i * 55) * s
        draw.rounded_rectangle((left, base - height, left + 135 * s, base), radius=18 * s, fill=colour)
    draw.rounded_rectangle((80 * s, base + 18 * s, (WIDTH - 80) * s, base + 34 * s), radius=8 * s, fill=SAND)
    return _png(image)


# Title of the demo post → the picture and its description.
PICTURES = {
    "Our communities of practice win a national award": (
        rosette,
        "An award rosette: a gold star on teal rings with two ribbon tails.",
    ),
    "Communities of practice: the programme starts": (
        communities,
        "Six overlapping circles in teal, coral, blue and gold, in a ring around a small gold circle.",
    ),
    "What our communities created this year": (
        steps,
        "Coloured blocks rising from left to right towards a gold sun.",
    ),
}
