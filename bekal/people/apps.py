from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bekal.people"
    verbose_name = "People"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.people import events, jobs
        from bekal.people.sdp import jobs as sdp_jobs

        audit_events.register(events.GROUP, events.EVENTS)
        jobs.register()
        sdp_jobs.register()
