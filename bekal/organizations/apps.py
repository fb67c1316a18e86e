from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "bekal.organizations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.organizations import demo, events, figure_versions, nav

        audit_events.register(events.GROUP, events.EVENTS)
        registry.demo_loaders.append(demo.load)
        registry.nav_items.append(nav.nav_items)
        figure_versions.connect()
