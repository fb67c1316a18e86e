from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "bekal.rules"
    verbose_name = "Rules"
