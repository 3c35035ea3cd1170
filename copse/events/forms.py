from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.fields import BaseTemporalField

from copse.accounts.models import timezone_choices
from copse.communities.models import Community
from copse.core.forms import AccessibleFormMixin

from .models import Event, EventKind, Material, Registration, Speaker

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


WEB_ADDRESS = "Enter a web address that starts with https://."


def in_zone(local: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The moment a wall-clock time means in a time zone.

    A time the clocks skip (01:30 on the night they go forward in Europe/London) is refused. A time that happens
    twice (01:30 on the night they go back) means the first time, as calendar applications read it.
    """
    naive = local.replace(tzinfo=None)
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != naive:
        day = f"{naive.day} {naive:%B %Y}"
        raise forms.ValidationError(
            f"There is no {naive:%H:%M} on {day} in {zone.key}: the clocks go forward an hour that night. "
            "Choose another time."
        )
    return aware


def as_local(moment: datetime | None, zone_name: str) -> datetime | None:
    """What a stored moment shows as on a wall clock in the event's time zone, for the form's inputs."""
    if moment is None:
        return None
    # To the minute, as the inputs show it, so an untouched time does not count as a change.
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None, second=0, microsecond=0)


class EventForm(AccessibleFormMixin, forms.ModelForm):
    """Scheduling or editing an event. Times are typed as wall-clock times in the event's own time zone."""

    host = forms.ChoiceField(label="Hosted by", required=False)
    starts_at = WallClockField(label="Starts")
    ends_at = WallClockField(label="Ends")
    registration_deadline = WallClockField(
        label="Registration closes",
        required=False,
        help_text="Leave empty to take registrations until the event starts.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="The times above are in this zone. Everyone sees them in their own time zone.",
    )
    online_url = forms.URLField(
        label="Online meeting link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": WEB_ADDRESS},
        help_text="A Teams or Zoom link, starting with https://. Only people with a place see it.",
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="Leave empty for no limit. When it is full, people can join a waiting list.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "audience",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "location",
            "online_url",
            "capacity",
            "registration_deadline",
        ]
        labels = {"title": "Title", "kind": "Kind of event", "audience": "Who can take a place"}
        help_texts = {
            "description": "What it is about and who it is for. You can use Markdown.",
            "location": "A room and building, for example. Leave empty for an online-only event.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "audience": forms.RadioSelect}

    def __init__(
        self,
        *args: Any,
        communities: QuerySet[Community],
        programme_wide: bool,
        going: int = 0,
        **kwargs: Any,
    ) -> None:
        instance: Event | None = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs["initial"] = {
                "host": str(instance.community_id or PROGRAMME_WIDE),
                "starts_at": as_local(instance.starts_at, instance.time_zone),
                "ends_at": as_local(instance.ends_at, instance.time_zone),
                "registration_deadline": as_local(instance.registration_deadline, instance.time_zone),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.going = going
        self.programme_wide = programme_wide
        self.communities = {str(community.pk): community for community in communities}
        choices = [(pk, community.name) for pk, community in self.communities.items()]
        if programme_wide:
            choices.insert(0, (PROGRAMME_WIDE, "The whole programme (programme-wide)"))
        host = self.fields["host"]
        assert isinstance(host, forms.ChoiceField)
        host.choices = choices
        if instance is not None and instance.pk:
            # Moving an event between communities would change who is told what; cancel and schedule again.
            host.disabled = True
        self.fields["kind"].choices = EventKind.choices  # type: ignore[attr-defined]
        self.order_fields(["title", "host", "kind", "audience"])

    def clean_host(self) -> Community | None:
        value = self.cleaned_data["host"]
        if value == PROGRAMME_WIDE and not self.programme_wide:
            raise forms.ValidationError("Choose the community that hosts the event.")
        return self.communities.get(value) if value != PROGRAMME_WIDE else None

    def clean_online_url(self) -> str:
        url: str = self.cleaned_data["online_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(WEB_ADDRESS)
        return url

    def clean_capacity(self) -> int | None:
        capacity: int | None = self.cleaned_data["capacity"]
        if capacity is not None and capacity < self.going:
            raise forms.ValidationError(
                f"{self.going} people already have a place, so there must be at least {self.going} places."
            )
        return capacity

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            # Without a zone the times mean nothing yet: keep them off the instance until the zone is fixed.
            for name in ("starts_at", "ends_at", "registration_deadline"):
                cleaned.pop(name, None)
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ("starts_at", "ends_at", "registration_deadline"):
            if cleaned.get(name) is not None:
                try:
                    cleaned[name] = in_zone(cleaned[name], zone)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end must be after the start.")
        deadline = cleaned.get("registration_deadline")
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", "Registration must close before the event starts.")
        if cleaned.get("audience") != "all_staff" and "host" in cleaned and cleaned["host"] is None:
            self.add_error("audience", "A programme-wide event is for all staff.")
        return cleaned

    def _post_clean(self) -> None:
        # The host is not a model field, so the instance gets it here, before the model's own validation.
        if "host" in self.cleaned_data:
            self.instance.community = self.cleaned_data["host"]
        super()._post_clean()  # type: ignore[misc]


class SpeakerForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "affiliation", "bio"]
        labels = {"name": "Name", "affiliation": "Organisation or role", "bio": "Short biography"}
        help_texts = {"affiliation": "For a guest from outside, their organisation."}
        widgets = {"bio": forms.Textarea(attrs={"rows": 2})}


SpeakerFormSet = forms.inlineformset_factory(
    Event, Speaker, form=SpeakerForm, extra=2, max_num=10, validate_max=True, can_delete=True
)


class CancelEventForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the event cancelled?",
        max_length=2000,
        help_text="Everyone with a place or on the waiting list is told, and the event page shows it.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MaterialForm(AccessibleFormMixin, forms.ModelForm):
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": WEB_ADDRESS},
        help_text="Where it is kept, for example the recording on Stream or the slides on SharePoint.",
    )

    class Meta:
        model = Material
        fields = ["kind", "title", "url"]
        labels = {"kind": "What it is", "title": "Link text"}

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(WEB_ADDRESS)
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


class SummaryForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["summary"]
        labels = {"summary": "Summary"}
        help_texts = {
            "summary": "What was covered and decided, for people who could not come. Markdown works."
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}


class AttendanceForm(forms.Form):
    """A checklist of the people who had a place: ticked means they came."""

    attended = forms.MultipleChoiceField(
        label="Who came", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(r.pk), r.person.name or r.person.email) for r in registrations]


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
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if YEARS[0] <= year <= YEARS[1]:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)
