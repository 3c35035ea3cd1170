from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from copse.accounts.models import Department, JobFamily, ServiceArea, User
from copse.core.forms import AccessibleFormMixin
from copse.core.text import (
    LOOK_ALIKE_MESSAGE,
    TEXT_MESSAGE,
    SingleLineField,
    has_control_characters,
    has_look_alike_letters,
    name_key,
)

from .models import NAME_MAX, Community, Role, Visibility
from .services import (
    CADENCE_MAX,
    JOIN_MESSAGE_MAX,
    LINK_LABEL_MAX,
    LINK_URL_MAX,
    LINKS_MAX,
    PURPOSE_MAX,
    REASON_MAX,
    LinkData,
)


class DirectoryFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(label="Search communities", required=False, max_length=100)
    area = forms.ModelChoiceField(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All service areas",
    )
    retired = forms.BooleanField(label="Include retired communities", required=False)


class JoinRequestForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label="Message to the leads",
        help_text="Say a little about your role and what you hope to share or learn.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=JOIN_MESSAGE_MAX,
        error_messages={"required": "Tell the leads a little about why you would like to join."},
    )


class DecisionForm(forms.Form):
    """A lead's decision on a join request. Each request's row in the queue renders its own fields."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={
            "required": "Choose whether to approve or decline.",
            "invalid_choice": "Choose whether to approve or decline.",
        },
    )
    reason = SingleLineField(label="Reason", required=False, max_length=REASON_MAX)

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == "approve")


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        label="Role",
        error_messages={
            "required": "Choose lead, core member or member.",
            "invalid_choice": "Choose lead, core member or member.",
        },
    )


# The members page's role filter and role control name the roles as the page explains them.
ROLE_NAMES: dict[str, str] = {Role.LEAD: "Lead", Role.CORE: "Core member", Role.MEMBER: "Wider member"}
ROLE_FILTER_CHOICES = [
    ("", "All roles"),
    (Role.LEAD, "Leads"),
    (Role.CORE, "Core members"),
    (Role.MEMBER, "Wider members"),
]


def cleaned_filters(form: forms.Form) -> dict[str, Any]:
    """The filters that are valid: a bad one (an old bookmark, a mangled address) is dropped, and its message
    stands beside its field, while the others still apply."""
    form.is_valid()
    return {name: value for name, value in getattr(form, "cleaned_data", {}).items() if value}


class MemberFilterForm(AccessibleFormMixin, forms.Form):
    q = SingleLineField(label="Name or job title", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_FILTER_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose a role from the list. Showing every role."},
    )


class ListSelect(forms.Select):
    """A select drawn in one pass in Python. Django's Select renders a template for every option, which for the
    people filters (every department, job family, service area and community) cost more than the rest of the page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), " selected" if str(option) == chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


def filter_choice(label: str, everything: str, missing: str, *, coerce: Any = str) -> forms.TypedChoiceField:
    """A filter offering a list that __init__ fills in, with `everything` first; a value not in it is dropped with
    the `missing` message."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        widget=ListSelect,
        coerce=coerce,
        empty_value=None,
        error_messages={"invalid_choice": missing},
        choices=[("", everything)],
    )


class PeopleFilterForm(AccessibleFormMixin, forms.Form):
    """The people directory's search and filters. The lists are plain (value, name) pairs read in one query each,
    so checking a chosen value costs no further query; communities are those whose member list the viewer may see.
    """

    q = SingleLineField(label="Name, job title or skill", required=False, max_length=100)
    department = filter_choice(
        "Department",
        "All departments",
        "We could not find that department. Showing every department.",
        coerce=int,
    )
    job_family = filter_choice(
        "Job family",
        "All job families",
        "We could not find that job family. Showing every job family.",
        coerce=int,
    )
    area = filter_choice(
        "Service area",
        "All service areas",
        "We could not find that service area. Showing every service area.",
    )
    community = filter_choice(
        "Community", "Any community", "We could not find that community. Showing people in any community."
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lists = {
            "department": Department.objects.order_by("name").values_list("pk", "name"),
            "job_family": JobFamily.objects.order_by("name").values_list("pk", "name"),
            "area": ServiceArea.objects.order_by("name").values_list("slug", "name"),
            "community": Community.objects.members_visible_to(viewer)
            .listed()
            .order_by("name")
            .values_list("slug", "name"),
        }
        for name, values in lists.items():
            field = cast(forms.ChoiceField, self.fields[name])
            everything = cast(list[tuple[str, str]], field.choices)
            field.choices = [*everything, *((str(value), label) for value, label in values)]


class AddMemberForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label="Colleague's work email address",
        help_text="They are added as a member at once, and we let them know.",
    )

    def clean_email(self) -> User:
        email: str = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("No member of staff has this email address. Check it and try again.")
        return person


class RemoveMemberForm(AccessibleFormMixin, forms.Form):
    reason = SingleLineField(
        required=False,
        max_length=REASON_MAX,
        label="Reason",
        help_text="Kept in the community's activity log, which the leads and the programme team see.",
    )


class CommunityForm(AccessibleFormMixin, forms.Form):
    """A lead's edit of the community's purpose, meeting times and who can join (the service saves it)."""

    purpose = forms.CharField(
        label="Purpose",
        max_length=PURPOSE_MAX,
        help_text=Community._meta.get_field("purpose").help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    meeting_cadence = SingleLineField(
        label="Meeting cadence",
        max_length=CADENCE_MAX,
        required=False,
        help_text=Community._meta.get_field("meeting_cadence").help_text,
    )
    visibility = forms.ChoiceField(label="Visibility", choices=Visibility.choices)

    @classmethod
    def of(cls, community: Community, data: Any = None) -> CommunityForm:
        """The form for this community: its current values, or what was posted."""
        fields = ("purpose", "meeting_cadence", "visibility")
        return cls(data, initial={name: getattr(community, name) for name in fields})


class LinkForm(AccessibleFormMixin, forms.Form):
    label = SingleLineField(label="Link text", max_length=LINK_LABEL_MAX)
    url = forms.URLField(
        label="Web address",
        max_length=LINK_URL_MAX,
        assume_scheme="https",
        help_text="Starts with https://, for example the Teams channel or SharePoint site.",
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address that starts with https://.")
        return url


class BaseLinkFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    @classmethod
    def of(cls, community: Community, data: Any = None) -> BaseLinkFormSet:
        """The community's links, a form each, and two empty rows to add more."""
        initial = [{"label": link.label, "url": link.url} for link in community.links.all()]
        return cls(data, initial=initial, prefix="links")

    def links(self) -> list[LinkData]:
        """The links as they should be after saving, in order: filled rows not marked for removal."""
        return [
            LinkData(label=form.cleaned_data["label"], url=form.cleaned_data["url"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


LinkFormSet = cast(
    type[BaseLinkFormSet],
    forms.formset_factory(
        LinkForm, formset=BaseLinkFormSet, extra=2, max_num=LINKS_MAX, validate_max=True, can_delete=True
    ),
)


class ProposalForm(AccessibleFormMixin, forms.Form):
    name = SingleLineField(label="Name of the community", max_length=NAME_MAX)
    service_area = forms.ModelChoiceField(
        label="Service area", queryset=ServiceArea.objects.all(), empty_label="Choose a service area"
    )
    purpose = forms.CharField(
        label="Purpose",
        help_text="The shared domain: what members care about and want to get better at together.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    visibility = forms.ChoiceField(
        label="Who can join",
        choices=Visibility.choices,
        initial=Visibility.ON_REQUEST,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why is it needed?",
        help_text="Who would take part, and what would be different if it existed.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProposalDecisionForm(DecisionForm):
    """The programme team's decision on a proposed community; the service requires a reason to decline."""

    reason = SingleLineField(label="Reason", required=False, max_length=PURPOSE_MAX)


class LifecycleForm(AccessibleFormMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("dormant", "Dormant"), ("retired", "Retired")],
        label="New status",
        error_messages={
            "required": "Choose active, dormant or retired.",
            "invalid_choice": "Choose active, dormant or retired.",
        },
    )
    # The field template adds "(optional)" to the label of every field that is not required.
    reason = SingleLineField(label="Reason", required=False, max_length=PURPOSE_MAX)


class ServiceAreaForm(AccessibleFormMixin, forms.ModelForm):
    """The programme team's edit of a service area: a plain single-model edit, with the text policy applied."""

    name = SingleLineField(label="Name", max_length=120)

    class Meta:
        model = ServiceArea
        fields = ["name", "slug", "description"]
        help_texts = {"slug": "Used in the web address, for example finance."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if has_look_alike_letters(name):
            raise forms.ValidationError(LOOK_ALIKE_MESSAGE)
        others = ServiceArea.objects.exclude(pk=self.instance.pk).values_list("name", flat=True)
        if name_key(name) in {name_key(other) for other in others}:
            raise forms.ValidationError("A service area with this name already exists. Choose another name.")
        return name

    def clean_description(self) -> str:
        description: str = self.cleaned_data["description"]
        if has_control_characters(description):
            raise forms.ValidationError(TEXT_MESSAGE)
        return description

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug == "new":
            raise forms.ValidationError(
                "This web address is taken by the page for adding an area. Choose another."
            )
        return slug
