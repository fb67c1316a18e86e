from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "bekal.rules"
    verbose_name = "Rules"

    def ready(self) -> None:
        from bekal.audit import events as audit_events
        from bekal.core import registry
        from bekal.rules import events, housekeeping, nav

        audit_events.register(events.GROUP, events.EVENTS)
        registry.nav_items.append(nav.nav_items)
        registry.daily_jobs.append(
            registry.DailyJob("rules.idempotency_keys_purge", housekeeping.idempotency_keys_purge)
        )
