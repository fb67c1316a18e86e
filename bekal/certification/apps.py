from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "bekal.certification"
    verbose_name = "Certification"

    def ready(self) -> None:
        from bekal.certification import demo
        from bekal.core import registry

        registry.demo_loaders.append(demo.load)
