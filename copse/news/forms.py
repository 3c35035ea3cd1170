from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import CLOSED, Community

from .models import NewsAudience, NewsKind, NewsPost
from .services import NewsText


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class NewsForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        max_length=300, required=False, help_text="One or two sentences for the list and the feed."
    )
    body = forms.CharField(
        label="Story", required=False, widget=forms.Textarea(attrs={"rows": 10}), help_text="Markdown."
    )
    audience = forms.ChoiceField(
        choices=NewsAudience.choices, widget=forms.RadioSelect, initial=NewsAudience.STAFF
    )
    publish_at = forms.DateTimeField(
        label="Publish from",
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text="Leave as it is to publish now; a later date (within a year) schedules the post.",
    )
    kind = forms.ChoiceField(choices=NewsKind.choices, initial=NewsKind.NEWS)
    award_name = forms.CharField(label="Award", max_length=200, required=False, help_text="For recognition.")
    recognised_community = forms.ModelChoiceField(
        label="Community recognised", queryset=Community.objects.none(), required=False
    )
    recognised_person = forms.EmailField(
        label="Person recognised (email address)", required=False, help_text="For recognition."
    )

    def __init__(
        self, *args: Any, post: NewsPost | None = None, programme: bool = True, **kwargs: Any
    ) -> None:
        if post is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": post.title,
                    "summary": post.summary,
                    "body": post.body,
                    "audience": post.audience,
                    "publish_at": timezone.localtime(post.publish_at),
                    "kind": post.kind,
                    "award_name": post.award_name,
                    "recognised_community": post.recognised_community_id,
                    "recognised_person": post.recognised_person.email if post.recognised_person else "",
                },
            )
        else:
            kwargs.setdefault("initial", {}).setdefault("publish_at", timezone.localtime().replace(second=0))
        super().__init__(*args, **kwargs)
        self.programme = programme
        if programme:
            choice = self.fields["recognised_community"]
            assert isinstance(choice, forms.ModelChoiceField)
            choice.queryset = Community.objects.exclude(status__in=CLOSED).order_by("name")
        else:
            for name in ("audience", "kind", "award_name", "recognised_community", "recognised_person"):
                del self.fields[name]

    def clean_recognised_person(self) -> User | None:
        email = self.cleaned_data.get("recognised_person")
        if not email:
            return None
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("No one at Copse has this email address.")
        return person

    def news_text(self) -> NewsText:
        data = self.cleaned_data
        return NewsText(
            title=data["title"],
            summary=data.get("summary", ""),
            body=data.get("body", ""),
            audience=data.get("audience") or NewsAudience.STAFF,
            publish_at=data["publish_at"],
            kind=data.get("kind") or NewsKind.NEWS,
            award_name=data.get("award_name", ""),
            recognised_community=data.get("recognised_community"),
            recognised_person=data.get("recognised_person"),
        )
