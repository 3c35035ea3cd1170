from django import forms
from django.db import transaction

from copse.core.forms import AccessibleFormMixin
from copse.core.text import SingleLineField, validate_single_line

from .models import Person, User, validate_known_as


class ProfileForm(AccessibleFormMixin, forms.ModelForm):
    """What a person may change about themselves. The HR import owns their name and email address; they may add
    the name they are known by, which is shown with it."""

    known_as = SingleLineField(
        label="Known as",
        max_length=150,
        required=False,
        help_text="If colleagues know you by another name, such as Dan for Daniel. It is shown with your name "
        "from HR records.",
    )
    job_title = SingleLineField(label="Job title", max_length=150, required=False)

    class Meta:
        model = Person
        fields = ["job_title", "department", "job_family", "skills", "bio", "timezone"]
        labels = {"skills": "Skills", "bio": "About you", "timezone": "Time zone"}
        help_texts = {
            "bio": "A few sentences colleagues see on your profile: your role, what you know, what you want to learn.",
            "timezone": "Dates and times are shown in this time zone.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["known_as"].initial = user.known_as
        self.order_fields(["known_as", *self.Meta.fields])

    def clean_known_as(self) -> str:
        known_as: str = self.cleaned_data["known_as"]
        if known_as:
            validate_known_as(self.user, known_as)
        return known_as

    def clean_skills(self) -> list[str]:
        skills: list[str] = self.cleaned_data["skills"]
        too_long = [skill for skill in skills if len(skill) > 100]
        if too_long:
            raise forms.ValidationError("Each skill must be 100 characters or fewer.")
        if len(skills) > 30:
            raise forms.ValidationError("List at most 30 skills.")
        for skill in skills:
            validate_single_line(skill)
        return skills

    @transaction.atomic
    def save(self, commit: bool = True) -> Person:
        person: Person = super().save(commit=commit)
        self.user.known_as = self.cleaned_data["known_as"]
        self.user.save(update_fields=["known_as"])
        return person


class PhotoForm(AccessibleFormMixin, forms.Form):
    """A photo to upload; `services.set_photo` checks what it is by its content."""

    photo = forms.FileField(
        label="Photo",
        help_text="A JPEG, PNG or WebP image of 5 MB or less. It is cropped to a square; details such as where "
        "it was taken are removed.",
        error_messages={
            "required": "Choose a photo to upload",
            "empty": "The file you chose is empty. Choose a photo",
        },
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
