from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bekal.people"
    verbose_name = "People"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.core.registry import DailyJob
        from bekal.people import events, jobs, retention

        audit_events.register(events.GROUP, events.EVENTS)
        jobs.register()
        registry.daily_jobs.append(DailyJob("people.retention_apply", retention.people_retention_apply))
