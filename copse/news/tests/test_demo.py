from __future__ import annotations

from copse.news.demo import extend_demo
from copse.news.models import NewsKind, NewsPost
from copse.testing import PersonasTestCase


class DemoTests(PersonasTestCase):
    def test_the_demo_writes_the_award_community_news_and_a_scheduled_post(self) -> None:
        summary = extend_demo(seed=1)
        assert summary.startswith("news:")
        award = NewsPost.objects.get(title="Our communities of practice win a national award")
        assert award.kind == NewsKind.RECOGNITION and award.audience == "public"
        assert NewsPost.objects.filter(title__contains="HR Organisational Development").exists()
        assert NewsPost.objects.filter(community__isnull=False).exists()
        assert NewsPost.objects.filter(recognised_community__isnull=False).exists()
        assert NewsPost.objects.scheduled().count() == 1
