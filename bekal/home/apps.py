from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "bekal.home"
    verbose_name = "Home"
