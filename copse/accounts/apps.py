from django.apps import AppConfig

from copse.core.demo import register_demo_step


class AccountsConfig(AppConfig):
    name = "copse.accounts"
    label = "accounts"
    verbose_name = "People and organisation"

    def ready(self) -> None:
        # Faces for a few of the demo's people, once the organisation's staff exist.
        register_demo_step("copse.accounts.demo.extend_demo", order=5)
