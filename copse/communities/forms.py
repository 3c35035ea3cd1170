from django import forms

from copse.accounts.models import ServiceArea, User
from copse.core.forms import AccessibleFormMixin

from .models import Community, CommunityLink, Role, Visibility
from .services import JOIN_MESSAGE_MAX


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

    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    reason = forms.CharField(required=False, max_length=1000)

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == "approve")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label="Role")


class AddMemberForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label="Colleague's work email address",
        help_text="They are added as a member at once, and we email them to say so.",
    )

    def clean_email(self) -> User:
        email: str = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("No member of staff has this email address. Check it and try again.")
        return person


class RemoveMemberForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Reason",
        help_text="Kept in the community's activity log, which the leads and the programme team see.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommunityForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Community
        fields = ["purpose", "meeting_cadence", "visibility"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5})}


class LinkForm(AccessibleFormMixin, forms.ModelForm):
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        help_text="Starts with https://, for example the Teams channel or SharePoint site.",
    )

    class Meta:
        model = CommunityLink
        fields = ["label", "url"]
        labels = {"label": "Link text"}

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address that starts with https://.")
        return url


LinkFormSet = forms.inlineformset_factory(
    Community, CommunityLink, form=LinkForm, extra=2, max_num=10, validate_max=True, can_delete=True
)


class ProposalForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label="Name of the community", max_length=120)
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

    reason = forms.CharField(required=False, max_length=2000)


class LifecycleForm(AccessibleFormMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("dormant", "Dormant"), ("retired", "Retired")], label="New status"
    )
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=2000)


class ServiceAreaForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceArea
        fields = ["name", "slug", "description"]
        help_texts = {"slug": "Used in the web address, for example finance."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug == "new":
            raise forms.ValidationError(
                "This web address is taken by the page for adding an area. Choose another."
            )
        return slug
