from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bekal.audit"
    verbose_name = "Audit"
