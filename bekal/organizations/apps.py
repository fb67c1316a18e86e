from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "bekal.organizations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.organizations import events

        audit_events.register(events.GROUP, events.EVENTS)
