from django.apps import AppConfig

from copse.core.demo import register_demo_step


class AccountsConfig(AppConfig):
    name = "copse.accounts"
    label = "accounts"
    verbose_name = "People and organisation"

    def ready(self) -> None:
        # Faces for a few of the demo's people; they need only its staff, so they come after the other steps.
        register_demo_step("copse.accounts.demo.extend_demo", order=40)
