"""Background work: sending account emails (password reset and the like), so a slow mail server never holds up a
request or tells an onlooker by its timing whether an address has an account."""

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks import task


def message_as_data(message: EmailMessage) -> dict[str, Any]:
    """What a task needs to send an already rendered email: plain data the task queue can store."""
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": message.subject,
        "body": message.body,
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in alternatives],
    }


@task()
def send_account_email(message: dict[str, Any]) -> int:
    """Send one account email rendered during the request. Returns how many were sent (0 or 1)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message["headers"],
        alternatives=[(content, mimetype) for content, mimetype in message["alternatives"]],
    )
    email.content_subtype = message["content_subtype"]
    return email.send()
