"""The design system's small pieces that every page uses: faces, times, date tiles, breadcrumbs, a person's
chip and form fields. Templates call them as globals and filters (`copse/core/jinja.py`).

They are Python functions returning HTML, not template includes, because they run inside loops on the busiest
pages (a thread of 200 replies draws 200 faces)."""

import warnings
import zoneinfo
from datetime import date, datetime
from typing import Any

from django.forms import BaseForm, BaseFormSet, BoundField, CheckboxInput, RadioSelect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from copse.core.markdown import render_markdown_safe

# Twelve backgrounds for initials, each with white text at a contrast of at least 4.5:1 (WCAG 2.2 AA); the
# stylesheet names them .avatar-c0 … .avatar-c11. A person keeps theirs because it comes from their id.
AVATAR_COLOURS = 12
# Each size's width in CSS pixels (the stylesheet's .avatar-xs … .avatar-xl), so a photo takes its place at once.
AVATAR_PIXELS = {"xs": 24, "sm": 36, "md": 48, "lg": 72, "xl": 120}
AVATAR_SIZES = set(AVATAR_PIXELS)
# Faces up to this many CSS pixels show the photo's small copy (96 px, sharp at twice the density).
SMALL_FACE = 48


def initials(name: str) -> str:
    """The first letters of the first and last words of a name: "Daniel Hughes" is "DH", "Cher" is "C"."""
    words = [w for w in name.replace("(", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


class ProfileNotFetched(RuntimeWarning):
    """A face was drawn for someone whose profile the query did not select, so their photo could not be shown.

    The tag never fetches it (that would be a query per face); the test suite turns this warning into an error.
    """


def cached_profile(user: Any) -> Any:
    """The person's profile if the query that fetched them selected it (`select_related("person")`), else None,
    without a query either way. Warns (`ProfileNotFetched`) when it was not selected."""
    # __class__, not type(): request.user is a lazy object that passes for the User it wraps.
    relation = getattr(user.__class__, "person", None)
    related = getattr(relation, "related", None)
    if related is None:  # not an account (a speaker from outside, say): initials only
        return None
    if not related.is_cached(user):
        if user.pk is not None:
            warnings.warn(
                f"avatar() for user {user.pk} without their profile: select_related the person "
                "(for example person__person) in the query that fetched them.",
                ProfileNotFetched,
                stacklevel=2,
            )
        return None
    return related.get_cached_value(user)


def avatar(person: Any, size: str = "sm") -> SafeString:
    """`{{ avatar(person, "md") }}`: their photo, or their initials on a colour of their own. Decorative: the name
    always stands beside it, so it is hidden from screen readers rather than read twice.

    `person` is an account (a User) fetched with its profile (`person__person` from a membership, say); the tag
    makes no query. Someone who has left keeps their initials: their photo is no longer served.
    """
    size = size if size in AVATAR_SIZES else "sm"
    if person is None:
        return format_html('<span class="avatar avatar-{} avatar-gone" aria-hidden="true"></span>', size)
    profile = cached_profile(person)
    if profile is not None and profile.photo and getattr(person, "is_active", True):
        return format_html(
            '<img class="avatar avatar-{}" src="{}" alt="" width="{}" height="{}" loading="lazy" decoding="async">',
            size,
            profile.small_photo_url if AVATAR_PIXELS[size] <= SMALL_FACE else profile.photo_url,
            AVATAR_PIXELS[size],
            AVATAR_PIXELS[size],
        )
    name = person.get_full_name() or person.email
    return format_html(
        '<span class="avatar avatar-{} avatar-c{}" aria-hidden="true">{}</span>',
        size,
        (person.pk or 0) % AVATAR_COLOURS,
        initials(name),
    )


def when(value: datetime | None) -> str:
    """A moment in full, in the active time zone, as UI.md asks: "Thursday 23 April 2026, 2:30pm"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{local:%A} {local.day} {local:%B %Y}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def zone_label(name: str) -> str:
    """How a time zone is named beside times: "London time" for Europe/London."""
    return name.rsplit("/", 1)[-1].replace("_", " ") + " time"


def when_in(value: datetime | None, zone_name: str) -> str:
    """`when`, in a named time zone rather than the viewer's: "Thursday 23 April 2026, 2:30pm"."""
    if value is None:
        return ""
    with timezone.override(zoneinfo.ZoneInfo(zone_name)):
        return when(value)


def markdown(text: str) -> SafeString:
    """Someone's Markdown (an event's description, say) as sanitised HTML."""
    return render_markdown_safe(text or "")


def ago_words(moment: datetime, now: datetime) -> str:
    """How long ago a moment was, as people say it: "just now", "5 minutes ago", "3 hours ago", "yesterday",
    "4 days ago", then the date ("12 March", with the year when it is not this year)."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    local, today = timezone.localtime(moment), timezone.localtime(now)
    days = (today.date() - local.date()).days
    if days == 0:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if local.year == today.year:
        return f"{local.day} {local:%B}"
    return f"{local.day} {local:%B %Y}"


def ago(moment: datetime | None) -> SafeString | str:
    """`{{ post.created_at|ago }}`: "3 hours ago" in a <time> element with the exact moment in its datetime
    attribute and the full date in its title, for lists; pages where precision matters use `when`."""
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.isoformat(timespec="seconds"),
        when(moment),
        ago_words(moment, timezone.now()),
    )


def date_tile(moment: datetime | date | None) -> SafeString | str:
    """`{{ date_tile(event.starts_at) }}`: a calendar-page tile ("DEC / 1"). Decorative, hidden from screen readers:
    the full date is always written beside it."""
    if moment is None:
        return ""
    local = (
        timezone.localtime(moment) if isinstance(moment, datetime) and timezone.is_aware(moment) else moment
    )
    return format_html(
        '<span class="date-tile" aria-hidden="true"><span class="date-tile-month">{}</span>'
        '<span class="date-tile-day">{}</span><span class="date-tile-weekday">{}</span></span>',
        f"{local:%b}",
        local.day,
        f"{local:%a}",
    )


def breadcrumbs(*parts: Any) -> SafeString:
    """`{{ breadcrumbs("Communities", list_url, community.name) }}`: label and address pairs, then the current
    page. One line on a phone: the stylesheet shortens a long last label rather than wrapping it."""
    trail = list(zip(parts[:-1:2], parts[1:-1:2], strict=True))
    return format_html(
        '<nav aria-label="Breadcrumb" class="breadcrumb"><ol>{}<li aria-current="page">{}</li></ol></nav>',
        format_html_join("", '<li><a href="{}">{}</a></li>', ((url, label) for label, url in trail)),
        parts[-1],
    )


def person_chip(person: Any, face: str | bool = "xs", link: bool = True) -> SafeString | str:
    """Who someone is, wherever someone decides about them: their face (`face=False` for none, or a size), their
    name as shown everywhere (linked to their profile unless `link=False`), then their job title and department.
    `person` is a User fetched with person__person__department, or None for someone who has left."""
    if person is None:
        return "someone who has left"
    name = (
        format_html('<a href="{}">{}</a>', person.get_absolute_url(), person.display_name)
        if link
        else person.display_name
    )
    profile = cached_profile(person)
    job_title = profile.job_title if profile else ""
    department = profile.department.name if profile and profile.department else ""
    role_of = ", ".join(part for part in (job_title, department) if part)
    return format_html(
        '<span class="person-chip">{}<span>{}{}</span></span>',
        avatar(person, face if isinstance(face, str) else "xs") if face is not False else "",
        name,
        format_html(' <small class="person-role">{}</small>', role_of) if role_of else "",
    )


def attachments(items: Any, by: Any = None) -> SafeString | str:
    """`{{ attachments(post.attachments.all(), by=post.author) }}`: under a post or an update, its images as
    figures (their size set, so the page does not move as they load; loaded as they come into view) and its
    documents as download links with their kind and size ("Meeting notes.pdf, PDF document, 84 KB"). An image
    whose uploader gave no description is described as "Image attached by <name>" (`by`, None for someone who has
    left), numbered when there are several. Nothing for no attachments."""
    items = list(items)
    if not items:
        return ""
    pictures = [item for item in items if item.is_image]
    documents = [item for item in items if not item.is_image]
    name = by.display_name if by is not None else "someone who has left"
    undescribed = [item for item in pictures if not item.alt]
    figures = []
    for item in pictures:
        alt = item.alt
        if not alt:
            place = f" {undescribed.index(item) + 1} of {len(undescribed)}" if len(undescribed) > 1 else ""
            alt = f"Image{place} attached by {name}"
        url = item.get_absolute_url()
        figures.append(
            format_html(
                '<figure class="attachment-image"><a href="{}"><img src="{}" alt="{}" width="{}" height="{}" '
                'loading="lazy" decoding="async"></a></figure>',
                url,
                url,
                alt,
                item.width,
                item.height,
            )
        )
    links = format_html_join(
        "",
        '<li><a href="{}">{}</a><span class="attachment-about">, {}, {}</span></li>',
        ((item.get_absolute_url(), item.filename, item.kind_label, item.size_in_words) for item in documents),
    )
    return format_html(
        '<div class="attachments">{}{}</div>',
        format_html(
            '<div class="attachment-images">{}</div>', format_html_join("", "{}", ((f,) for f in figures))
        )
        if figures
        else "",
        format_html('<ul class="attachment-files" aria-label="Attached files">{}</ul>', links)
        if documents
        else "",
    )


def field_id(bound: BoundField) -> str:
    """The id a field's hint, error and error-summary link hang on: its input's, or for a group of radio buttons
    or checkboxes (whose label is a legend) the group's."""
    return bound.id_for_label or bound.auto_id or ""


def field(bound: BoundField, filter: bool = False, optional: bool | None = None) -> SafeString:
    """`{{ field(form.title) }}`: a form field with its label, "(optional)" unless it is required or a search
    `filter` (or as `optional` says, for a field whose need depends on another, which its hint explains), its
    hint, its errors and the input; the form mixin links them with aria-describedby. A group of radio buttons or
    checkboxes is a fieldset, its label the legend; a single checkbox comes before its label."""
    ident = field_id(bound)
    if isinstance(bound.field.widget, CheckboxInput):
        return _checkbox(bound, ident)
    if optional is None:
        optional = not bound.field.required and not filter
    suffix = " (optional)" if optional else ""
    grouped = isinstance(bound.field.widget, RadioSelect)
    return format_html(
        '<{tag} class="field{error}">{label}{hint}{errors}{input}</{tag}>',
        tag="fieldset" if grouped else "div",
        error=" field-error" if bound.errors else "",
        label=format_html("<legend>{}{}</legend>", bound.label, suffix)
        if grouped
        else format_html('<label for="{}">{}{}</label>', ident, bound.label, suffix),
        hint=_hint(bound, ident),
        errors=_errors(bound, ident),
        input=bound,
    )


def _checkbox(bound: BoundField, ident: str) -> SafeString:
    """A single checkbox: the box before its label, then its hint and errors. Never "(optional)": leaving a box
    unticked is always an answer."""
    return format_html(
        '<div class="field{}"><div class="checkbox-field">{} <label for="{}">{}</label></div>{}{}</div>',
        " field-error" if bound.errors else "",
        bound,
        ident,
        bound.label,
        _hint(bound, ident),
        _errors(bound, ident),
    )


def _hint(bound: BoundField, ident: str) -> SafeString | str:
    if not bound.help_text:
        return ""
    return format_html('<small class="hint" id="{}-hint">{}</small>', ident, bound.help_text)


def _errors(bound: BoundField, ident: str) -> SafeString:
    return format_html_join(
        "",
        '<small class="error-message" id="{}-error"><span class="visually-hidden">Error:</span> {}</small>',
        ((ident, error) for error in bound.errors),
    )


def form_errors(form: BaseForm | None = None, formset: BaseFormSet | None = None) -> SafeString | str:
    """`{{ form_errors(form) }}`: above a form with errors, a summary linking to each field with an error."""
    items: list[SafeString] = []
    if form is not None and form.errors:
        items += [format_html("<li>{}</li>", error) for error in form.non_field_errors()]
        items += [
            format_html('<li><a href="#{}">{}</a></li>', field_id(f), error)
            for f in form
            for error in f.errors
        ]
    if formset is not None and formset.total_error_count():
        items += [format_html("<li>{}</li>", error) for error in formset.non_form_errors()]
        items += [
            format_html('<li><a href="#{}">{}</a></li>', field_id(f), error)
            for subform in formset
            for f in subform
            for error in f.errors
        ]
    if not items:
        return ""
    return format_html(
        '<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">'
        '<h2 id="error-summary-title">There is a problem</h2><ul>{}</ul></div>',
        format_html_join("", "{}", ((item,) for item in items)),
    )
