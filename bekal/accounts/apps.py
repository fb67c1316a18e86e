from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bekal.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from bekal.accounts import events
        from bekal.audit import events as audit_events

        audit_events.register(events.GROUP, events.EVENTS)

        from bekal.accounts import signin

        signin.connect()
