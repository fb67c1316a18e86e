from django.apps import AppConfig


class CommunityServiceConfig(AppConfig):
    name = "bekal.community_service"
    verbose_name = "Community service"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.community_service import events, hooks
        from bekal.core import registry

        audit_events.register(events.GROUP, events.EVENTS)

        registry.nav_items.append(hooks.nav_items)
        registry.home_panels.append(hooks.home_panels)
        registry.demo_loaders.append(hooks.load_demo)
        registry.attendance_listeners.append(hooks.training_attendance)
