from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.forms.fields import BaseTemporalField

from copse.accounts.models import User, timezone_choices
from copse.communities.models import Community
from copse.core.forms import AccessibleFormMixin, MarkdownEditor
from copse.core.refusals import Refused
from copse.core.text import WEB_ADDRESS_MESSAGE, SingleLineField

from .models import Audience, Event, EventKind, Material, Registration, Speaker
from .services import EDITABLE, MAX_PLACES, MaterialData, SpeakerData
from .times import as_local, in_zone

PROGRAMME_WIDE = ""
YEARS = (1900, 2999)  # dates outside these years are typing mistakes, and date arithmetic has limits
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """A `datetime-local` input: a date and a time of day, with no zone (the form names the zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=LOCAL_INPUT)


class WallClockField(forms.DateTimeField):
    """A date and time of day as typed, with no time zone yet: the form applies the event's own zone, which may
    differ from the person's, so Django's usual reading in the current zone would be wrong."""

    widget = LocalDateTimeInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"], **kwargs)

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        result = BaseTemporalField.to_python(self, value)
        assert isinstance(result, datetime)  # an empty value returned above; anything unparsable raised
        if not YEARS[0] <= result.year <= YEARS[1]:
            raise forms.ValidationError(f"Enter a date between {YEARS[0]} and {YEARS[1]}.")
        return result


def _zone_or_none(name: str | None) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


TIMES = ("starts_at", "ends_at", "registration_deadline")


class EventForm(AccessibleFormMixin, forms.Form):
    """Scheduling or editing an event. Times are typed as wall-clock times in the event's own time zone, and
    `cleaned_data` holds them as aware datetimes; the rules about them are the service's."""

    title = SingleLineField(label="Title", max_length=200)
    host = forms.ChoiceField(label="Hosted by", required=False)
    kind = forms.ChoiceField(label="Kind of event", choices=EventKind.choices, initial=EventKind.WEBINAR)
    audience = forms.ChoiceField(
        label="Who can take a place",
        choices=Audience.choices,
        initial=Audience.COMMUNITY,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=20_000,
        widget=MarkdownEditor(attrs={"rows": 6}),
        help_text="What it is about and who it is for.",
    )
    starts_at = WallClockField(label="Starts")
    ends_at = WallClockField(label="Ends")
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="The times above are in this zone. Everyone sees them in their own time zone.",
    )
    registration_deadline = WallClockField(
        label="Registration closes",
        required=False,
        help_text="Leave empty to take registrations until the event starts.",
    )
    location = SingleLineField(
        label="Location",
        required=False,
        max_length=300,
        help_text="A room and building, for example. Leave empty for an online-only event.",
    )
    online_url = forms.URLField(
        label="Online meeting link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": WEB_ADDRESS_MESSAGE},
        help_text="A Teams or Zoom link, starting with https://. Only people with a place see it.",
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=MAX_PLACES,
        help_text="Leave empty for no limit. When it is full, people can join a waiting list.",
    )

    def __init__(
        self,
        *args: Any,
        communities: QuerySet[Community],
        programme_wide: bool,
        instance: Event | None = None,
        **kwargs: Any,
    ) -> None:
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                **{name: getattr(instance, name) for name in EDITABLE},
                "host": str(instance.community_id or PROGRAMME_WIDE),
                **{name: as_local(getattr(instance, name), instance.time_zone) for name in TIMES},
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.programme_wide = programme_wide
        self.communities = {str(community.pk): community for community in communities}
        choices = [(pk, community.name) for pk, community in self.communities.items()]
        if programme_wide:
            choices.insert(0, (PROGRAMME_WIDE, "The whole programme (programme-wide)"))
        host = self.fields["host"]
        assert isinstance(host, forms.ChoiceField)
        host.choices = choices
        if instance is not None:
            # Moving an event between communities would change who is told what; cancel and schedule again.
            host.disabled = True
        self.order_fields(["title", "host", "kind", "audience"])

    def clean_host(self) -> Community | None:
        value = self.cleaned_data["host"]
        if value == PROGRAMME_WIDE and not self.programme_wide:
            raise forms.ValidationError("Choose the community that hosts the event.")
        return self.communities.get(value) if value != PROGRAMME_WIDE else None

    def clean_online_url(self) -> str:
        url: str = self.cleaned_data["online_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(WEB_ADDRESS_MESSAGE)
        return url

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone = _zone_or_none(cleaned.get("time_zone"))
        if zone is None:
            # Without a zone the times mean nothing yet: keep them out until the zone is fixed.
            for name in TIMES:
                cleaned.pop(name, None)
            return cleaned
        unchanged = self.instance is not None and "time_zone" not in self.changed_data
        for name in TIMES:
            if cleaned.get(name) is None:
                continue
            if unchanged and name not in self.changed_data:
                # The time as stored, to the second: the input shows it only to the minute.
                cleaned[name] = getattr(self.instance, name)
                continue
            try:
                cleaned[name] = in_zone(cleaned[name], zone, field=name)
            except Refused as refusal:
                self.add_error(name, refusal.message)
        return cleaned

    def event_data(self) -> dict[str, Any]:
        """What the services take, from a valid form: the event's fields (and `host`, when scheduling)."""
        data = {name: self.cleaned_data[name] for name in EDITABLE}
        if self.instance is None:
            data["host"] = self.cleaned_data["host"]
        return data


class SpeakerForm(AccessibleFormMixin, forms.ModelForm):
    name = SingleLineField(label="Name", max_length=150)
    affiliation = SingleLineField(
        label="Organisation or role",
        required=False,
        max_length=200,
        help_text="For a guest from outside, their organisation.",
    )
    email = forms.EmailField(
        label="Their email address, if they work here",
        required=False,
        max_length=254,
        help_text="Their photo is then shown beside their name. Leave it empty for a guest from outside.",
    )

    class Meta:
        model = Speaker
        fields = ["name", "affiliation", "bio"]
        labels = {"name": "Name", "affiliation": "Organisation or role", "bio": "Short biography"}
        help_texts = {"affiliation": "For a guest from outside, their organisation."}
        widgets = {"bio": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.person is not None:
            self.initial["email"] = self.instance.person.email

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        self.cleaned_data["person_id"] = None
        if email:
            person = User.objects.filter(email__iexact=email, is_active=True).only("pk").first()
            if person is None:
                raise forms.ValidationError(
                    "No one here has that email address. Leave it empty for a guest from outside."
                )
            self.cleaned_data["person_id"] = person.pk
        return email


SpeakerFormSet = forms.inlineformset_factory(
    Event, Speaker, form=SpeakerForm, extra=2, max_num=10, validate_max=True, can_delete=True
)


class CancelEventForm(AccessibleFormMixin, forms.Form):
    reason = SingleLineField(
        label="Why is the event cancelled?",
        max_length=2000,
        help_text="Everyone with a place or on the waiting list is told, and the event page shows it.",
    )


class MaterialForm(AccessibleFormMixin, forms.ModelForm):
    title = SingleLineField(label="Link text", max_length=200)
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": WEB_ADDRESS_MESSAGE},
        help_text="Where it is kept, for example the recording on Stream or the slides on SharePoint.",
    )

    class Meta:
        model = Material
        fields = ["kind", "title", "url"]
        labels = {"kind": "What it is", "title": "Link text"}

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(WEB_ADDRESS_MESSAGE)
        return url

    def has_changed(self) -> bool:
        """A new row with only its kind chosen is still an empty row."""
        if self.instance.pk is None and not any(
            self.data.get(self.add_prefix(name), "").strip() for name in ("title", "url")
        ):
            return False
        return super().has_changed()


MaterialFormSet = forms.inlineformset_factory(
    Event, Material, form=MaterialForm, extra=2, max_num=10, validate_max=True, can_delete=True
)


class SummaryForm(AccessibleFormMixin, forms.Form):
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=5000,
        widget=MarkdownEditor(attrs={"rows": 6}),
        help_text="What was covered and decided, for people who could not come.",
    )


def _kept(formset: BaseInlineFormSet[Any, Any, Any]) -> list[dict[str, Any]]:
    """The cleaned rows of a valid formset, in order: existing rows not marked for removal, and new rows filled in."""
    deleted = set(map(id, formset.deleted_forms))
    return [
        form.cleaned_data
        for form in formset.forms
        if id(form) not in deleted and (form.instance.pk or form.has_changed()) and form.cleaned_data
    ]


def speaker_data(formset: BaseInlineFormSet[Any, Any, Any]) -> list[SpeakerData] | None:
    """The speakers a valid formset lists, for the services; None when nothing in it changed."""
    if not formset.has_changed():
        return None
    return [
        SpeakerData(
            name=row["name"], affiliation=row["affiliation"], bio=row["bio"], person_id=row.get("person_id")
        )
        for row in _kept(formset)
    ]


def material_data(formset: BaseInlineFormSet[Any, Any, Any], event: Event) -> list[MaterialData]:
    """The links a valid formset lists, for the services: the event's own when nothing in it changed."""
    if not formset.has_changed():
        return [MaterialData(title=m.title, url=m.url, kind=m.kind) for m in event.materials.all()]
    return [MaterialData(title=row["title"], url=row["url"], kind=row["kind"]) for row in _kept(formset)]


class AttendanceForm(forms.Form):
    """A checklist of the people who had a place: ticked means they came."""

    attended = forms.MultipleChoiceField(
        label="Who came", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(r.pk), str(r.person)) for r in registrations]


class EventFilterForm(forms.Form):
    """Which events a list or month shows: everything I may see, my communities' and the programme's, or one
    community's; of one kind or all."""

    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All events you can see"),
            ("mine", "My communities and the programme"),
            ("programme", "Programme-wide events"),
        ],
    )
    community = forms.ChoiceField(label="Community", required=False)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *EventKind.choices])

    def __init__(self, *args: Any, communities: list[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any community"), *((c.slug, c.name) for c in communities)]


def month_from(value: str | None, today: date) -> date:
    """The first day of the month `?month=2026-12` names, or of this month when it is missing or malformed."""
    # Four digits and one or two: int() takes a 20-digit month, and date() then overflows.
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value or "", flags=re.ASCII)
    if match:
        year, month = (int(part) for part in match.groups())
        if YEARS[0] <= year <= YEARS[1] and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


class CalendarKeyForm(forms.Form):
    """What to do with the person's secret calendar key: make one, make a new one, or turn it off."""

    action = forms.ChoiceField(choices=[("create", "Create"), ("reset", "Reset"), ("revoke", "Revoke")])
