from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "copse.accounts"
    label = "accounts"
    verbose_name = "People and organisation"
