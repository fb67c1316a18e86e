from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "bekal.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from bekal.core import registry
        from bekal.outcomes import demo, panels

        registry.nav_items.append(panels.nav_items)
        registry.demo_loaders.append(demo.load_demo)
