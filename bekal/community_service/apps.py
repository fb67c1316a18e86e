from django.apps import AppConfig


class CommunityServiceConfig(AppConfig):
    name = "bekal.community_service"
    verbose_name = "Community service"

    def ready(self) -> None:
        from bekal.community_service import hooks
        from bekal.core import registry

        registry.nav_items.append(hooks.nav_items)
        registry.home_panels.append(hooks.home_panels)
        registry.demo_loaders.append(hooks.load_demo)
        registry.attendance_listeners.append(hooks.training_attendance)
