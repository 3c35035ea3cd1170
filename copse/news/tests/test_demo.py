from __future__ import annotations

from copse.news.demo import extend_demo
from copse.news.models import NewsKind, NewsPost
from copse.testing import OwnMediaMixin, PersonasTestCase


class DemoTests(OwnMediaMixin, PersonasTestCase):
    def test_the_demo_writes_the_award_community_news_a_scheduled_post_and_pictures(self) -> None:
        summary = extend_demo(seed=1)
        assert summary.startswith("news:")
        award = NewsPost.objects.get(title="Our communities of practice win a national award")
        assert award.kind == NewsKind.RECOGNITION and award.audience == "public"
        assert NewsPost.objects.filter(title__contains="HR Organisational Development").exists()
        assert NewsPost.objects.filter(community__isnull=False).exists()
        assert NewsPost.objects.filter(recognised_community__isnull=False).exists()
        assert NewsPost.objects.scheduled().count() == 1
        # The award and two programme posts, the latest among them (so the home page shows one), have pictures.
        assert award.picture and award.picture_alt.startswith("An award rosette")
        assert (award.picture_width, award.picture_height) == (1200, 675)
        pictured = NewsPost.objects.exclude(picture="")
        assert pictured.count() == 3 and all(post.picture_alt for post in pictured)
        assert NewsPost.objects.published().filter(community__isnull=True).first() in pictured
