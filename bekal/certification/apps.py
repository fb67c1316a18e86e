from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "bekal.certification"
    verbose_name = "Certification"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.certification import demo, events, jobs, notices
        from bekal.certification.timeline import person_timeline as certification_timeline
        from bekal.certification.worklist import worklist as certification_worklist
        from bekal.core import registry
        from bekal.core.registry import DailyJob

        audit_events.register(events.GROUP, events.EVENTS)

        registry.demo_loaders.append(demo.load)
        jobs.register()
        registry.daily_jobs.append(DailyJob("certification.certificates_notify", notices.certificates_notify))
        registry.person_timeline_sources.append(certification_timeline)
        registry.worklist_sources.append(certification_worklist)
