"""Uploaded files are told by their content, never by their name, and served so that no browser runs them."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import override_settings

from copse.core import files
from copse.core.refusals import Refused
from copse.library.demo import docx, pdf
from copse.testing import image_bytes

PDF = pdf("Checklist", ["Day 1: accruals."])
DOCX = docx(["Agenda"])
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def check(data: bytes, name: str) -> files.CheckedFile:
    return files.check_upload(io.BytesIO(data), name=name, field="file")


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(Refused) as refused:
        check(data, name)
    assert refused.value.field == "file"
    return refused.value.message


@pytest.mark.parametrize(
    ("data", "name", "label"),
    [
        (PDF, "Checklist.pdf", "PDF document"),
        (DOCX, "Agenda.docx", "Word document"),
        (image_bytes("PNG"), "chart.png", "PNG image"),
        (image_bytes("JPEG"), "photo.JPEG", "JPEG image"),
        (b"Name,Team\nAmara,Finance\n", "people.csv", "CSV file"),
        ("Notes in plain text, with a £ sign.\n".encode(), "notes.txt", "Text file"),
        (b"# A page\n\n- with a list\n", "guide.md", "Markdown file"),
    ],
)
def test_a_file_of_a_kept_kind_is_accepted_by_its_content(data: bytes, name: str, label: str) -> None:
    checked = check(data, name)
    assert checked.kind.label == label
    assert checked.data == data
    assert len(checked.sha256) == 64


def test_an_empty_file_is_refused() -> None:
    assert "empty" in refusal(b"", "nothing.pdf")


def test_a_file_past_the_limit_is_refused_without_reading_all_of_it() -> None:
    with override_settings(COPSE_MAX_UPLOAD_MB=1):
        message = refusal(PDF + b"0" * (1024 * 1024), "big.pdf")
    assert message == "Choose a file of 1 MB or less: this one is larger."


@pytest.mark.parametrize(
    ("data", "name"),
    [(EXE, "setup.exe"), (EXE, "report.pdf"), (HTML, "page.html"), (HTML, "report.pdf"), (SVG, "logo.svg")],
)
def test_programs_web_pages_and_svg_are_refused_whatever_their_name_says(data: bytes, name: str) -> None:
    assert refusal(data, name).startswith("Copse cannot keep this kind of file.")


def test_a_kept_kind_under_another_kind_s_name_is_refused_with_what_it_really_is() -> None:
    assert refusal(DOCX, "report.pdf") == (
        "This file is a Word document, but its name ends in “.pdf”. Rename it to end in “.docx” and choose it again."
    )


def test_text_with_control_characters_or_not_in_utf8_is_not_text() -> None:
    assert refusal(b"plain\x00text", "notes.txt").startswith("Copse cannot keep")
    assert refusal("café".encode("latin-1"), "notes.txt").startswith("Copse cannot keep")


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Plan.docx", "Plan.docx"),
        ("..", "file"),
        ("report\u202egpj.exe", "reportgpj.exe"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
    ],
)
def test_a_sent_name_never_becomes_a_path(sent: str, kept: str) -> None:
    assert files.clean_filename(sent) == kept


def test_a_stored_name_is_made_by_copse_not_the_person() -> None:
    name = files.storage_name("library", "pdf")
    folder, year, month, stem = name.split("/")
    assert (folder, len(year), len(month)) == ("library", 4, 2)
    assert stem.endswith(".pdf") and len(stem) > 20


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml", "application/pdf"])
def test_a_download_is_an_attachment_that_a_browser_will_not_sniff_or_run(content_type: str) -> None:
    name = default_storage.save("test-downloads/x.bin", ContentFile(HTML))
    try:
        response = files.download(name, filename="x.html", content_type=content_type)
        body = b"".join(response.streaming_content)  # type: ignore[arg-type]
        response.close()
    finally:
        default_storage.delete(name)
    assert body == HTML
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # A type Copse does not keep is never served as itself.
    expected = "application/pdf" if content_type == "application/pdf" else "application/octet-stream"
    assert response["Content-Type"] == expected


def test_a_file_missing_from_storage_is_a_404() -> None:
    with pytest.raises(Http404):
        files.download("library/2026/01/missing.pdf", filename="x.pdf", content_type="application/pdf")
