import functools

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "bekal.training"
    verbose_name = "Training"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.core.registry import DailyJob
        from bekal.training import demo, events, jobs, notices, panels
        from bekal.training.services import agreements_refresh
        from bekal.training.timeline import person_timeline as training_timeline
        from bekal.training.worklist import worklist as training_worklist

        audit_events.register(events.GROUP, events.EVENTS)

        registry.nav_items.append(panels.nav_items)
        registry.home_panels.append(panels.home_panels)
        registry.demo_loaders.append(demo.load)
        jobs.register()
        # Daily, as the system (no actor): agreements within their notice period become expiring, past ones expired;
        # then the heads of unit are told (from the dates, so the order of the two does not matter).
        refresh = functools.partial(agreements_refresh, actor=None)
        registry.daily_jobs.append(DailyJob("training.agreements_refresh", refresh))
        registry.daily_jobs.append(DailyJob("training.agreements_notify", notices.agreements_notify))
        registry.daily_jobs.append(DailyJob("training.holidays_notify", notices.holidays_notify))
        registry.person_timeline_sources.append(training_timeline)
        registry.worklist_sources.append(training_worklist)
