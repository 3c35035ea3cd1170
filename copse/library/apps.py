from django.apps import AppConfig

from copse.communities.tabs import register_community_tab
from copse.core.demo import register_demo_step


class LibraryConfig(AppConfig):
    name = "copse.library"
    label = "library"

    def ready(self) -> None:
        # After projects (45), whose projects its resources relate to; before value creation (50).
        register_demo_step("copse.library.demo.extend_demo", order=47)
        # A community's resources are shown where its members' area is (`can_view_resource`).
        register_community_tab(
            "library",
            label="Library",
            url_name="library:community_library",
            order=38,
            visible="copse.communities.permissions.can_see_members_area",
        )
