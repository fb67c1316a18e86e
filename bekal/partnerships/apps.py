from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "bekal.partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.core.registry import DailyJob
        from bekal.partnerships import demo, events, notices, panels, worklist

        audit_events.register(events.GROUP, events.EVENTS)
        registry.nav_items.append(panels.nav_items)
        registry.home_panels.append(panels.home_panels)
        # Read on every request: an action may be given to the user in person by a meeting of another office,
        # whose write bumps that office's figures, not the user's unit's (core/registry.py).
        registry.live_worklist_sources.append(worklist.worklist)
        registry.demo_loaders.append(demo.load)
        # Daily, as the system: the owners of follow-up actions due today or overdue are told, once per action.
        registry.daily_jobs.append(DailyJob("partnerships.actions_notify", notices.actions_notify))
