from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "bekal.placement"
    verbose_name = "Placement"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.core.registry import DailyJob
        from bekal.placement import demo, events, jobs, notices, panels
        from bekal.placement.timeline import person_timeline as placement_timeline
        from bekal.placement.worklist import worklist as placement_worklist

        audit_events.register(events.GROUP, events.EVENTS)
        jobs.register()

        registry.nav_items.append(panels.nav_items)
        registry.home_panels.append(panels.home_panels)
        registry.demo_loaders.append(demo.load_demo)
        registry.daily_jobs.append(DailyJob("placement.follow_ups_notify", notices.follow_ups_notify))
        registry.person_timeline_sources.append(placement_timeline)
        registry.worklist_sources.append(placement_worklist)
