from django.apps import AppConfig


class CommunityServiceConfig(AppConfig):
    name = "bekal.community_service"
    verbose_name = "Community service"

    def ready(self) -> None:
        from bekal.community_service import demo, panels
        from bekal.community_service.services import training_credit
        from bekal.core import registry

        registry.nav_items.append(panels.nav_items)
        registry.home_panels.append(panels.home_panels)
        registry.demo_loaders.append(demo.load)
        registry.attendance_listeners.append(training_credit.training_attendance_credit)
