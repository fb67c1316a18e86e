from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bekal.people"
    verbose_name = "People"
