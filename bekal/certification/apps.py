from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "bekal.certification"
    verbose_name = "Certification"
