from django.apps import AppConfig

from copse.core.demo import register_demo_step


class ValueCreationConfig(AppConfig):
    name = "copse.valuecreation"
    label = "valuecreation"
    verbose_name = "Value creation"

    def ready(self) -> None:
        # After the communities, discussions and events the stories will be told about.
        register_demo_step("copse.valuecreation.demo.extend_demo", order=50)
