"""The members page's row, as a template global returning HTML: it runs for each of up to 50 rows, and the same markup
as a template fragment (a face, a badge, a form with a select and its options, three links) cost two to three times
as much to render, measured with the Django test client on the demo data."""

import jinja2
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from copse.communities.forms import ROLE_NAMES
from copse.communities.models import Membership
from copse.core.links import address
from copse.core.ui import avatar

ROLE_BADGES = {
    role: format_html('<span class="badge {}">{}</span>', css, ROLE_NAMES[role])
    for role, css in (("lead", "badge-brand"), ("core", "badge-info"), ("member", "badge-outline"))
}
# The role select's options with each role chosen: the same three strings for every row.
ROLE_OPTIONS = {
    chosen: format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == chosen else "", label) for value, label in ROLE_NAMES.items()),
    )
    for chosen in ROLE_NAMES
}


@jinja2.pass_context
def member_row(context: jinja2.runtime.Context, membership: Membership) -> SafeString:
    """`{{ member_row(m) }}`: one member as a list item: face, name (to their profile), role badge, job title and
    department, the day they joined, and for a lead (`can_manage`) the role controls. `m` needs
    person__person__department selected."""
    person = membership.person
    profile = getattr(person, "person", None)
    job_title = profile.job_title if profile else ""
    department = profile.department.name if profile and profile.department else ""
    role_of = ", ".join(part for part in (job_title, department) if part)
    joined = timezone.localtime(membership.joined_at)
    people_url = address("communities:people")
    members_url = address("communities:members", context["community"].slug)
    return format_html(
        '<li id="member-{pk}">{face}<div class="item-body"><p class="item-title"><a href="{url}">{name}</a> {badge}'
        '</p><p class="meta">{role_of}{dot}Joined <time datetime="{iso}">{day}</time></p></div>{controls}</li>',
        pk=membership.pk,
        face=avatar(person, "sm"),
        url=f"{people_url}{person.pk}/",
        name=person.display_name,
        badge=ROLE_BADGES.get(membership.role, ""),
        role_of=role_of,
        dot=" · " if role_of else "",
        iso=joined.date().isoformat(),
        day=f"{joined.day} {joined:%B %Y}",
        controls=role_controls(context, membership, f"{members_url}{membership.pk}/")
        if context.get("can_manage")
        else "",
    )


def role_controls(context: jinja2.runtime.Context, membership: Membership, base: str) -> SafeString:
    """A lead's compact controls for one member (`base` is their address under the members page): a role select
    with its button (a plain form, which htmx posts in place to swap the row) and a quiet link to the page that
    confirms removing them."""
    return format_html(
        '<div class="item-aside member-controls"><form method="post" action="{base}role/" class="inline-form"'
        ' hx-post="{base}role/" hx-target="#member-{pk}" hx-swap="outerHTML">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<label for="role-{pk}" class="visually-hidden">Role of {name}</label>'
        '<select name="role" id="role-{pk}">{options}</select>'
        '<button type="submit" class="secondary small">Change role<span class="visually-hidden"> of {name}</span>'
        '</button></form><a href="{base}remove/" class="button quiet small">Remove'
        '<span class="visually-hidden"> {name}</span></a></div>',
        base=base,
        pk=membership.pk,
        token=context.get("csrf_token", ""),
        name=membership.person.display_name,
        options=ROLE_OPTIONS.get(membership.role, ""),
    )
