from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "bekal.kpis"
    verbose_name = "KPIs"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.kpis import demo, events, facts, jobs, panels, warm

        audit_events.register(events.GROUP, events.EVENTS)

        facts.connect()
        registry.bulk_write_contexts.append(facts.deferred)

        registry.nav_items.append(panels.nav_items)
        registry.demo_loaders.append(demo.load_demo)
        jobs.register()
        registry.daily_jobs.append(registry.DailyJob("kpis.figures_warm", warm.figures_warm))
