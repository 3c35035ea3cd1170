from django.apps import AppConfig

from copse.communities.tabs import register_community_tab
from copse.core.demo import register_demo_step


class DiscussionsConfig(AppConfig):
    name = "copse.discussions"
    label = "discussions"

    def ready(self) -> None:
        # Threads need the demo's communities and members.
        register_demo_step("copse.discussions.demo.extend_demo", order=20)
        # How far the personas have read, once the threads are there.
        register_demo_step("copse.discussions.demo_reading.extend_demo", order=25)
        # A few files on the lead persona's community's posts.
        register_demo_step("copse.discussions.demo_attachments.extend_demo", order=26)
        register_community_tab(
            "discussions",
            label="Discussions",
            url_name="discussions:thread_list",
            order=20,
            visible="copse.discussions.permissions.can_read_discussions",
        )
