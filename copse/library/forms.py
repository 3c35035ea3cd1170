from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from taggit.utils import edit_string_for_tags, parse_tags

from copse.communities.models import Community
from copse.core.files import ACCEPTED
from copse.core.forms import AccessibleFormMixin, MarkdownEditor
from copse.projects.models import Project

from .models import PAGE_MAX, SUMMARY_MAX, TITLE_MAX, Resource, ResourceKind
from .services import MAX_TAGS, ResourceData, Upload


def upload_hint() -> str:
    return (
        f"At most {settings.COPSE_MAX_UPLOAD_MB} MB: a document, spreadsheet, presentation, image or text file "
        f"({ACCEPTED})."
    )


class TagsField(forms.CharField):
    """Tags as people type them, "onboarding, budgeting", parsed as taggit parses them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            max_length=500,
            help_text=f"Optional, separated by commas, at most {MAX_TAGS}: for example onboarding, budgeting.",
            **kwargs,
        )

    def clean(self, value: Any) -> list[str]:
        return parse_tags(super().clean(value) or "")  # type: ignore[no-any-return]


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class ResourceForm(AccessibleFormMixin, forms.Form):
    """Adding or editing one kind of resource: the fields of other kinds are left out."""

    title = forms.CharField(max_length=TITLE_MAX)
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SUMMARY_MAX,
        required=False,
        help_text="What it is and when it helps, in a sentence or two.",
    )
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        help_text="Where the link goes, starting with https://",
    )
    file = forms.FileField(label="File", help_text="")
    body = forms.CharField(
        label="Page",
        widget=MarkdownEditor(attrs={"rows": 14}),
        max_length=PAGE_MAX,
        help_text="Markdown: headings with #, lists with -, links as [words](https://…).",
    )
    tags = TagsField(label="Tags")
    projects = ProjectChoiceField(
        label="Related projects",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Projects of the community this resource came from or helps.",
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        community: Community | None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != ResourceKind.LINK:
            del self.fields["url"]
        if kind != ResourceKind.PAGE:
            del self.fields["body"]
        if kind != ResourceKind.FILE or editing:
            del self.fields["file"]
        else:
            self.fields["file"].help_text = upload_hint()
        if community is None:
            del self.fields["projects"]
        else:
            projects = Project.objects.filter(community=community).order_by("title")
            self.fields["projects"].queryset = projects  # type: ignore[attr-defined]
            if not projects.exists():
                del self.fields["projects"]

    def data_for_service(self) -> ResourceData:
        data = self.cleaned_data
        return ResourceData(
            title=data["title"],
            summary=data.get("summary", ""),
            url=data.get("url", ""),
            body=data.get("body", ""),
            tags=tuple(data.get("tags") or ()),
            projects=tuple(data.get("projects") or ()),
        )

    def upload(self) -> Upload | None:
        chosen = self.cleaned_data.get("file")
        return Upload(name=chosen.name, file=chosen) if chosen else None


def resource_initial(resource: Resource) -> dict[str, Any]:
    return {
        "title": resource.title,
        "summary": resource.summary,
        "url": resource.url,
        "body": resource.body,
        "tags": edit_string_for_tags(list(resource.tags.all())),
        "projects": list(resource.projects.all()),
    }


class ReplaceFileForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label="New version")
    note = forms.CharField(
        label="What changed",
        max_length=200,
        required=False,
        help_text="For example: updated for the 2026 budget round.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_hint()


class ResourceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class CollectionForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX, help_text="What it gathers, for example “New starter toolkit”."
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SUMMARY_MAX,
        required=False,
    )
    resources = ResourceChoiceField(
        queryset=Resource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Shown in the collection in the order of this list.",
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = choices  # type: ignore[attr-defined]


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any kind"), *ResourceKind.choices], required=False)
    tag = forms.CharField(label="Tag", max_length=40, required=False)
    best = forms.BooleanField(label="Best practice only", required=False)

    def __init__(self, *args: Any, communities: list[Community] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"] = forms.ChoiceField(
                label="Community",
                choices=[
                    ("", "All communities"),
                    ("programme", "The whole programme"),
                    *((c.slug, c.name) for c in communities),
                ],
                required=False,
            )
