from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bekal.notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.notifications import demo, events, panels

        audit_events.register(events.GROUP, events.EVENTS)

        registry.account_panels.append(panels.account_panels)
        # Registered last (the app is last in INSTALLED_APPS): the daily jobs read every other app's demo data.
        registry.demo_loaders.append(demo.load)
