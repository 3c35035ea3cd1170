from __future__ import annotations

from typing import Any

from django import forms

from copse.accounts.models import ServiceArea, User
from copse.communities.models import Community, Membership
from copse.core.forms import AccessibleFormMixin, AttachmentsField, ImageDescriptionsField, MarkdownEditor

from .models import TEXT_MAX, TITLE_MAX, Project, Status


class DateInput(forms.DateInput):
    """A browser date picker, which reads and writes ISO dates whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ProposeForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, help_text="What the project will change, in a few words.")
    problem = forms.CharField(
        label="Problem or opportunity",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )
    goals = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX, required=False)
    starts_on = forms.DateField(label="Starts on", widget=DateInput, required=False)
    ends_on = forms.DateField(label="Ends on", widget=DateInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date cannot be before the start date.")
        return data


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class EditForm(ProposeForm):
    status = forms.ChoiceField(choices=Status.choices)
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label="Choose the owner",
        help_text="Who leads the project and answers for it. Someone not on the team yet joins it.",
    )
    team = TeamChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members of the community working on it. The owner is always on the team.",
    )
    outcomes = forms.CharField(
        widget=MarkdownEditor(attrs={"rows": 5}),
        max_length=TEXT_MAX,
        required=False,
        help_text="What changed because of the project, once you know.",
    )

    def __init__(self, *args: Any, project: Project, owner_choice: bool = False, **kwargs: Any) -> None:
        """`owner_choice`: whether the person may hand the project to someone else (`can_change_owner`); the
        field is left out for the rest of the team."""
        super().__init__(*args, **kwargs)
        members = Membership.objects.of_staff().filter(community=project.community).values("person_id")
        people = User.objects.filter(pk__in=members).order_by("name")
        field = self.fields["team"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people
        if owner_choice:
            owner = self.fields["owner"]
            assert isinstance(owner, forms.ModelChoiceField)
            owner.queryset = people
        else:
            del self.fields["owner"]


class UpdateForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label="What has happened", widget=MarkdownEditor(attrs={"rows": 4}), max_length=TEXT_MAX
    )
    attachments = AttachmentsField()
    image_descriptions = ImageDescriptionsField()


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *Status.choices])
    area = forms.ChoiceField(label="Service area", required=False)
    community = forms.ChoiceField(label="Community", required=False)

    def __init__(
        self, *args: Any, communities: list[Community], areas: list[ServiceArea], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        community = self.fields["community"]
        area = self.fields["area"]
        assert isinstance(community, forms.ChoiceField) and isinstance(area, forms.ChoiceField)
        community.choices = [("", "Any community"), *((c.slug, c.name) for c in communities)]
        area.choices = [("", "Any service area"), *((a.slug, a.name) for a in areas)]
