from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bekal.people"
    verbose_name = "People"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.core.registry import DailyJob
        from bekal.people import events, jobs, links, retention
        from bekal.people.sdp import jobs as sdp_jobs
        from bekal.people.timeline import person_timeline as people_timeline
        from bekal.people.worklist import live_worklist as people_live_worklist
        from bekal.people.worklist import worklist as people_worklist

        audit_events.register(events.GROUP, events.EVENTS)
        jobs.register()
        links.connect()
        registry.bulk_write_contexts.append(links.deferred)
        sdp_jobs.register()
        registry.daily_jobs.append(DailyJob("people.retention_apply", retention.people_retention_apply))
        registry.person_timeline_sources.append(people_timeline)
        registry.worklist_sources.append(people_worklist)
        # Read on every request: the Bapas takes a proposal on with a write audited at the Bapas (core/registry.py).
        registry.live_worklist_sources.append(people_live_worklist)
