from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "bekal.jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.jobs import audit, events, metrics, panels

        audit_events.register(events.GROUP, events.EVENTS)
        registry.nav_items.append(panels.nav_items)
        metrics.register()
        audit.register()
