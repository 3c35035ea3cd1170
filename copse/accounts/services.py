"""Workflows about a person's own profile."""

from __future__ import annotations

import secrets
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction

from copse.core.refusals import Kind, Refused

from .models import Person
from .photos import EXTENSION, prepare_photo, read_upload, small_copy, small_name


def set_photo(person: Person, *, upload: IO[bytes]) -> Person:
    """Give the person a new photo, made from an uploaded JPEG, PNG or WebP image (see `photos.prepare_photo`).

    The upload is checked and re-encoded before anything is written; a refusal leaves the old photo as it was.
    A small copy is stored beside it for lists (`photos.SMALL`).
    The new file has a new name, so its address changes and nobody's browser keeps showing the old one; the old
    file is deleted once the change is committed.
    """
    face = prepare_photo(read_upload(upload))
    small = small_copy(face)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        old_name = locked.photo.name
        locked.photo.save(f"{secrets.token_urlsafe(12)}.{EXTENSION}", ContentFile(face), save=False)
        new_name = str(locked.photo.name)
        storage = locked.photo.storage
        # If the row cannot be saved, the files just written must not be left behind without an owner.
        try:
            storage.save(small_name(new_name), ContentFile(small))
            locked.save(update_fields=["photo", "updated_at"])
        except BaseException:
            storage.delete(new_name)
            storage.delete(small_name(new_name))
            raise
        if old_name:
            transaction.on_commit(lambda: _delete_photo(storage, old_name))
    person.photo = locked.photo
    return person


def _delete_photo(storage: Storage, name: str) -> None:
    storage.delete(name)
    storage.delete(small_name(name))


def remove_photo(person: Person) -> Person:
    """Take the person's photo away: colleagues see their initials again. The file is deleted after commit."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        old_name = locked.photo.name
        if not old_name:
            raise Refused("You have no photo to remove.", kind=Kind.CONFLICT)
        storage = locked.photo.storage
        locked.photo = ""
        locked.save(update_fields=["photo", "updated_at"])
        transaction.on_commit(lambda: _delete_photo(storage, old_name))
    person.photo = locked.photo
    return person
