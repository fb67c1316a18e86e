from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "bekal.kpis"
    verbose_name = "KPIs"

    def ready(self) -> None:
        from bekal.core import registry
        from bekal.kpis import demo, facts, panels

        facts.connect()
        registry.bulk_write_contexts.append(facts.deferred)

        registry.nav_items.append(panels.nav_items)
        registry.demo_loaders.append(demo.load_demo)
