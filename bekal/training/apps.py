import functools

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "bekal.training"
    verbose_name = "Training"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.training import demo, events, jobs, panels
        from bekal.training.services import agreements_refresh

        audit_events.register(events.GROUP, events.EVENTS)

        registry.nav_items.append(panels.nav_items)
        registry.home_panels.append(panels.home_panels)
        registry.demo_loaders.append(demo.load)
        jobs.register()
        # Daily, as the system (no actor): agreements within their notice period become expiring, past ones expired.
        refresh = functools.partial(agreements_refresh, actor=None)
        registry.daily_jobs.append(registry.DailyJob("agreements_refresh", refresh))
