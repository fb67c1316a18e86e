from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "bekal.ops"
    verbose_name = "Operations"
