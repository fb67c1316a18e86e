from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bekal.accounts"
    verbose_name = "Accounts"
