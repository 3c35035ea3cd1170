from django.apps import AppConfig

from copse.communities.tabs import register_community_tab
from copse.core.demo import register_demo_step


class ProjectsConfig(AppConfig):
    name = "copse.projects"
    label = "projects"

    def ready(self) -> None:
        # Before value creation (order 50), which must not find stories about projects it did not tell.
        register_demo_step("copse.projects.demo.extend_demo", order=45)
        register_demo_step("copse.projects.demo_attachments.extend_demo", order=46)
        # A community's projects are shown where its members' area is (`can_view_project`).
        register_community_tab(
            "projects",
            label="Projects",
            url_name="projects:community_projects",
            order=35,
            visible="copse.communities.permissions.can_see_members_area",
        )
