from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "bekal.organizations"
    verbose_name = "Organisations"
