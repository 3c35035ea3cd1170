"""Uploaded files: checked by their content, stored under names Copse makes, served only as downloads.

Every app that keeps files (the library's resources, attachments on posts and project updates) goes through here:

- `check_upload` reads an upload once, refuses it past the size limit, and knows its type from its bytes
  (`filetype` for binary formats; UTF-8 without control characters for text), never from its name. A type that is
  not in `KINDS`, or a name whose extension says another type than the content, is refused.
- `storage_name` is where it is kept: a folder by year and month and a random name, so a person's file name is
  never a path. The name they gave is kept only to offer the download under it (`clean_filename`).
- `download` streams a stored file from any storage backend as an attachment, with headers that stop a browser
  from running it (nosniff, a sandboxing CSP), so even an HTML file placed in the store by other means is never
  shown inline. Only images Copse re-encoded itself (`copse.core.images`) are shown inline.

The storage is Django's default storage (`STORAGES["default"]`): a folder, or an S3-compatible object store.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.text import get_valid_filename

from copse.core.refusals import Refused

HEADER_BYTES = 8192  # what `filetype` reads to tell a type


@dataclass(frozen=True)
class FileKind:
    label: str  # what people call it: "PDF document"
    content_type: str
    extensions: tuple[str, ...]  # the first is the one Copse gives its stored copy
    text: bool = False  # told by its content being text, not by a signature
    image: bool = False


KINDS: dict[str, FileKind] = {
    kind.extensions[0]: kind
    for kind in (
        FileKind("PDF document", "application/pdf", ("pdf",)),
        FileKind(
            "Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind("Word 97–2003 document", "application/msword", ("doc",)),
        FileKind(
            "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
        ),
        FileKind("Excel 97–2003 workbook", "application/vnd.ms-excel", ("xls",)),
        FileKind(
            "PowerPoint presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        FileKind("PowerPoint 97–2003 presentation", "application/vnd.ms-powerpoint", ("ppt",)),
        FileKind("OpenDocument text", "application/vnd.oasis.opendocument.text", ("odt",)),
        FileKind("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
        FileKind("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", ("odp",)),
        FileKind("PNG image", "image/png", ("png",), image=True),
        FileKind("JPEG image", "image/jpeg", ("jpg", "jpeg"), image=True),
        FileKind("WebP image", "image/webp", ("webp",), image=True),
        FileKind("GIF image", "image/gif", ("gif",), image=True),
        FileKind("Text file", "text/plain", ("txt",), text=True),
        FileKind("CSV file", "text/csv", ("csv",), text=True),
        FileKind("Markdown file", "text/markdown", ("md", "markdown"), text=True),
    )
}
BY_EXTENSION = {extension: kind for kind in KINDS.values() for extension in kind.extensions}
# What `filetype` calls each kind it can tell from a signature.
BY_SIGNATURE = {"jpg": KINDS["jpg"], **{key: kind for key, kind in KINDS.items() if not kind.text}}
ACCEPTED = ", ".join(f".{extension}" for extension in BY_EXTENSION)
# Characters a text file may hold besides printable ones: tab, line feed, form feed, carriage return.
TEXT_CONTROLS = {"\t", "\n", "\x0c", "\r"}


def max_upload_bytes() -> int:
    return int(settings.COPSE_MAX_UPLOAD_MB) * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An upload Copse has read and accepted: its bytes, what it is and the name to offer it under."""

    data: bytes
    kind: FileKind
    filename: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return self.kind.extensions[0]


def size_in_words(size: int) -> str:
    """ "512 bytes", "84 KB", "3.2 MB": how big a file is, as a download link says it."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_upload(upload: IO[bytes], *, name: str, field: str) -> CheckedFile:
    """The upload read and accepted, or `Refused` about `field`: empty, too large, a type Copse does not keep
    (by its content), or a name that says another type than its content ("report.pdf" that is a program)."""
    limit = max_upload_bytes()
    data = upload.read(limit + 1)
    if not data:
        raise Refused("The chosen file is empty.", field=field)
    if len(data) > limit:
        raise Refused(
            f"Choose a file of {settings.COPSE_MAX_UPLOAD_MB} MB or less: this one is larger.", field=field
        )
    filename = clean_filename(name)
    claimed = filename.rpartition(".")[2].lower() if "." in filename else ""
    kind = _kind_of(data, claimed)
    if kind is None:
        raise Refused(
            f"Copse cannot keep this kind of file. Choose a document, spreadsheet, presentation, image or "
            f"text file ({ACCEPTED}).",
            field=field,
        )
    if claimed not in kind.extensions:
        raise Refused(
            f"This file is a {kind.label}, but its name ends in “.{claimed}”. Rename it to end in "
            f"“.{kind.extensions[0]}” and choose it again.",
            field=field,
        )
    return CheckedFile(data=data, kind=kind, filename=filename, sha256=hashlib.sha256(data).hexdigest())


def _kind_of(data: bytes, claimed: str) -> FileKind | None:
    """What the bytes are, of the kinds Copse keeps; text only when the name asks for text."""
    found = filetype.guess(data[:HEADER_BYTES])
    if found is not None:
        return BY_SIGNATURE.get(found.extension)
    claimed_kind = BY_EXTENSION.get(claimed)
    if claimed_kind is not None and claimed_kind.text and _is_text(data):
        return claimed_kind
    return None


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(
        unicodedata.category(character) == "Cc" and character not in TEXT_CONTROLS for character in text
    )


def clean_filename(name: str) -> str:
    """The last part of a name a browser sent, without anything that could be a path or a control character:
    "../../etc/passwd" becomes "passwd", "C:\\Users\\me\\Plan.docx" becomes "Plan.docx"."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rpartition("/")[2]
    base = "".join(character for character in base if unicodedata.category(character)[0] != "C").strip(" .")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = stem[:100].strip() or "file"
    return f"{stem}.{extension[:10]}" if extension else stem


def storage_name(folder: str, extension: str) -> str:
    """A new place in storage: `<folder>/<year>/<month>/<random>.<extension>`, never a name a person chose."""
    now = timezone.now()
    return f"{folder}/{now:%Y/%m}/{secrets.token_urlsafe(16)}.{get_valid_filename(extension)}"


def save(checked: CheckedFile, *, folder: str, storage: Storage | None = None) -> str:
    """Write an accepted file to storage under a new name; returns the name it was saved as."""
    store = storage or default_storage
    return store.save(storage_name(folder, checked.extension), ContentFile(checked.data))


SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Should a browser render it anyway, it runs nothing and loads nothing.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, max-age=0, must-revalidate",
}


def download(
    name: str,
    *,
    filename: str,
    content_type: str,
    inline: bool = False,
    storage: Storage | None = None,
) -> FileResponse:
    """A stored file streamed from storage (any backend) as an attachment named `filename` (or, for an image
    Copse encoded itself, inline), with headers that stop a browser from sniffing or running it. A file missing
    from storage is a 404."""
    store = storage or default_storage
    try:
        handle = store.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("No file found.") from None
    served_type = content_type if content_type in {kind.content_type for kind in KINDS.values()} else None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=served_type or "application/octet-stream",
    )
    if served_type and served_type.startswith("text/"):
        response["Content-Type"] = f"{served_type}; charset=utf-8"
    for header, value in SAFE_HEADERS.items():
        response[header] = value
    return response
