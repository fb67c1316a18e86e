from django.apps import AppConfig


class CommunityServiceConfig(AppConfig):
    name = "bekal.community_service"
    verbose_name = "Community service"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.community_service import demo, events, notices, panels
        from bekal.community_service.services import training_credit
        from bekal.community_service.timeline import person_timeline as community_service_timeline
        from bekal.community_service.worklist import worklist as community_service_worklist
        from bekal.core import registry
        from bekal.core.registry import DailyJob

        audit_events.register(events.GROUP, events.EVENTS)

        registry.nav_items.append(panels.nav_items)
        registry.home_panels.append(panels.home_panels)
        registry.demo_loaders.append(demo.load)
        registry.attendance_listeners.append(training_credit.training_attendance_credit)
        registry.daily_jobs.append(DailyJob("community_service.orders_notify", notices.orders_notify))
        registry.daily_jobs.append(DailyJob("community_service.reports_notify", notices.reports_notify))
        registry.person_timeline_sources.append(community_service_timeline)
        registry.worklist_sources.append(community_service_worklist)
