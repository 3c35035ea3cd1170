from django import forms
from django.db import transaction

from copse.core.forms import AccessibleFormMixin

from .models import Person, User


class ProfileForm(AccessibleFormMixin, forms.ModelForm):
    """What a person may change about themselves; the HR import owns email and employment details' source."""

    name = forms.CharField(label="Full name", max_length=150)

    class Meta:
        model = Person
        fields = ["job_title", "department", "job_family", "skills", "bio", "timezone"]
        labels = {"bio": "About you", "timezone": "Time zone"}
        help_texts = {
            "bio": "A few sentences colleagues see on your profile: your role, what you know, what you want to learn.",
            "timezone": "Dates and times are shown in this time zone.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].initial = user.name
        self.order_fields(["name", *self.Meta.fields])

    def clean_skills(self) -> list[str]:
        skills: list[str] = self.cleaned_data["skills"]
        too_long = [skill for skill in skills if len(skill) > 100]
        if too_long:
            raise forms.ValidationError("Each skill must be 100 characters or fewer.")
        if len(skills) > 30:
            raise forms.ValidationError("List at most 30 skills.")
        return skills

    @transaction.atomic
    def save(self, commit: bool = True) -> Person:
        person: Person = super().save(commit=commit)
        self.user.name = self.cleaned_data["name"].strip()
        self.user.save(update_fields=["name"])
        return person


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Search people by name, job title or skill", required=False, max_length=100)
