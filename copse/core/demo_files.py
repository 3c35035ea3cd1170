"""Small, valid files made in code, for the demo's attachments and for tests: a one-page PDF of a few lines of
text and pictures drawn with Pillow. Nothing is read from disk or the network; the same arguments give the same
bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

A4 = (595, 842)  # points


def _pdf_text(text: str) -> bytes:
    """A PDF string literal's content: Windows-1252 (the standard fonts' WinAnsi encoding), with ( ) \\ escaped."""
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-page A4 PDF: `title` in bold at the top, then each of `lines` beneath, in Helvetica; the document's
    title set too, so a reader shows it."""
    text = [b"BT", b"/F1 18 Tf", b"56 770 Td", b"(" + _pdf_text(title) + b") Tj", b"/F2 11 Tf", b"0 -30 Td"]
    for line in lines:
        text += [b"(" + _pdf_text(line) + b") Tj", b"0 -16 Td"]
    text.append(b"ET")
    content = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % A4
        + b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title (" + _pdf_text(title) + b") /Producer (Copse demo) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def bar_chart(values: Sequence[float], *, size: tuple[int, int] = (960, 540), fmt: str = "PNG") -> bytes:
    """A plain bar chart of `values` (no words: a page describes it in the image's alt text), as a `fmt` file."""
    width, height = size
    image = Image.new("RGB", size, (250, 251, 250))
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = width * 0.07, width * 0.96, height * 0.07, height * 0.89
    draw.line((left, top, left, bottom), fill=(60, 70, 70), width=3)
    draw.line((left, bottom, right, bottom), fill=(60, 70, 70), width=3)
    for step in range(1, 5):
        y = bottom - (bottom - top) * step / 5
        draw.line((left + 2, y, right, y), fill=(215, 222, 220), width=1)
    highest = max(values) or 1
    slot = (right - left) / len(values)
    for index, value in enumerate(values):
        x0 = left + slot * index + slot * 0.2
        x1 = left + slot * (index + 1) - slot * 0.2
        y0 = bottom - (bottom - top) * value / highest
        colour = (16, 110, 98) if index < len(values) - 1 else (196, 120, 20)
        draw.rectangle((x0, y0, x1, bottom - 1), fill=colour)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def sticky_notes(*, size: tuple[int, int] = (1200, 800), fmt: str = "JPEG") -> bytes:
    """A whiteboard with rows of coloured sticky notes, as a workshop photo might look, as a `fmt` file."""
    width, height = size
    image = Image.new("RGB", size, (236, 238, 234))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, width - 30, height - 30), outline=(170, 176, 172), width=8)
    colours = [(250, 220, 90), (140, 210, 230), (245, 160, 170), (170, 225, 150)]
    note = 130
    for row in range(4):
        for column in range(6):
            x = 90 + column * (note + 50) + (row % 2) * 20
            y = 80 + row * (note + 40)
            draw.rectangle((x + 6, y + 6, x + note + 6, y + note + 6), fill=(200, 202, 198))
            draw.rectangle((x, y, x + note, y + note), fill=colours[(row + column) % len(colours)])
            for line in range(3):
                ly = y + 30 + line * 30
                draw.line((x + 18, ly, x + note - 18 - 14 * line, ly), fill=(80, 80, 80), width=4)
    out = io.BytesIO()
    image.save(out, format=fmt, quality=88)
    return out.getvalue()
