from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "bekal.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.outcomes import demo, events, panels

        audit_events.register(events.GROUP, events.EVENTS)

        registry.nav_items.append(panels.nav_items)
        registry.demo_loaders.append(demo.load_demo)
