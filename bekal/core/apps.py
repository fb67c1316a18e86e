from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bekal.core"
    verbose_name = "Core"
