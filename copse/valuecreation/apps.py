from django.apps import AppConfig

from copse.communities.tabs import register_community_tab
from copse.core.demo import register_demo_step


class ValueCreationConfig(AppConfig):
    name = "copse.valuecreation"
    label = "valuecreation"
    verbose_name = "Value creation"

    def ready(self) -> None:
        # After the communities, discussions and events the stories will be told about.
        register_demo_step("copse.valuecreation.demo.extend_demo", order=50)
        # After Events; shown to those who may see the members' area, as the page itself checks.
        register_community_tab(
            "value",
            label="Value",
            url_name="valuecreation:community_value",
            order=40,
            visible="copse.communities.permissions.can_see_members_area",
        )
