from django.conf import settings
from django.db import models
from django.utils import timezone

from copse.core.files import BY_EXTENSION, size_in_words
from copse.core.images import CONTENT_TYPE as IMAGE_TYPE


class TimestampedModel(models.Model):
    """When a row was first written and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """A file a person uploaded, kept in storage under a name Copse made (`copse.core.files`).

    Each app that keeps files has its own model on this one (a library file's version, an attachment on a post),
    so a file is reached only through what it belongs to, and its download checks that thing's access.
    """

    # The name in storage: "<folder>/<year>/<month>/<random>.<extension>", written only by `files.save`.
    file = models.FileField(max_length=200)
    # As the person named it, cleaned: the download's.
    filename = models.CharField("File name", max_length=120)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def size_in_words(self) -> str:
        return size_in_words(self.size)

    @property
    def kind_label(self) -> str:
        kind = BY_EXTENSION.get(self.filename.rpartition(".")[2].lower())
        return kind.label if kind else "File"


class AttachedFile(StoredFile):
    """A file attached to something a person wrote (a post, a project update): a document offered as a download,
    or an image Copse re-encoded (`copse.core.attachments`), shown in the page at its size with its description.
    """

    width = models.PositiveIntegerField(null=True, blank=True)  # an image's, in pixels; empty for a document
    height = models.PositiveIntegerField(null=True, blank=True)
    # What the image shows, in the words of the person who attached it; empty when they gave none (pages then say
    # who attached it).
    alt = models.CharField("Description", max_length=250, blank=True)

    class Meta:
        abstract = True

    @property
    def is_image(self) -> bool:
        """An image Copse wrote itself, so it may be shown inline."""
        return self.width is not None and self.content_type == IMAGE_TYPE
