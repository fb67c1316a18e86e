from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "bekal.national"
    verbose_name = "National dataset and benchmark"
