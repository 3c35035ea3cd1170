"""Background work: telling people about join requests and decisions. Queued after commit, run by `db_worker`."""

from textwrap import shorten

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from copse.accounts.models import User
from copse.core.links import site_url
from copse.notifications.services import notify

from .models import Community, JoinRequest, Membership, Status


@task()
def email_leads_about_request(join_request_id: int) -> int:
    """Tell the community's leads that someone asked to join, as their notification settings say.

    Returns how many leads were notified.
    """
    join_request = JoinRequest.objects.select_related("community", "person").get(pk=join_request_id)
    if not join_request.is_pending:
        return 0
    community = join_request.community
    leads = Membership.objects.leads().filter(community=community).values_list("person_id", flat=True)
    message = shorten(" ".join(join_request.message.split()), width=200, placeholder="…")
    return notify(
        recipient_ids=list(leads),
        kind="join_requests",
        title=f"{join_request.person} asked to join {community.name}: “{message}”",
        url=reverse("communities:requests", args=[community.slug]),
        actor_id=join_request.person_id,
    )


@task()
def email_requester_about_decision(join_request_id: int) -> int:
    """Tell the person who asked to join what the leads decided, as their notification settings say."""
    join_request = JoinRequest.objects.select_related("community", "person", "decided_by").get(
        pk=join_request_id
    )
    community = join_request.community
    if join_request.status == JoinRequest.Status.APPROVED:
        title = f"Welcome to {community.name}: {join_request.decided_by or 'a lead'} approved your request"
    else:
        reason = f" The reason given: {join_request.decision_reason}" if join_request.decision_reason else ""
        title = f"Your request to join {community.name} was not approved.{reason}"
    return notify(
        recipient_ids=[join_request.person_id],
        kind="decisions",
        title=title,
        url=community.get_absolute_url(),
        actor_id=join_request.decided_by_id,
    )


@task()
def email_added_member(membership_id: int, added_by_id: int) -> int:
    """Tell someone a lead has added them to a community."""
    membership = Membership.objects.select_related("community", "person").get(pk=membership_id)
    added_by = User.objects.filter(pk=added_by_id).first()
    body = render_to_string(
        "communities/email/added_to_member.txt",
        {
            "membership": membership,
            "added_by": added_by,
            "community_url": site_url(membership.community.get_absolute_url()),
            "site_name": settings.SITE_NAME,
        },
    )
    return send_mail(
        f"You have been added to {membership.community.name}", body, None, [membership.person.email]
    )


@task()
def email_proposer_about_decision(community_id: int) -> int:
    """Tell the person who proposed a community what the programme team decided."""
    community = Community.objects.select_related("proposed_by", "decided_by").get(pk=community_id)
    if community.proposed_by is None or not community.proposed_by.is_active:
        return 0
    approved = community.status == Status.ACTIVE
    subject = (
        f"{community.name} has been approved"
        if approved
        else f"Your proposal for {community.name} was not approved"
    )
    body = render_to_string(
        "communities/email/proposal_decision.txt",
        {
            "community": community,
            "approved": approved,
            "community_url": site_url(community.get_absolute_url()),
            "site_name": settings.SITE_NAME,
        },
    )
    return send_mail(subject, body, None, [community.proposed_by.email])
