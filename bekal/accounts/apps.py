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

        # Authenticators are enrolled and removed on the pages, audited; django-otp's own admin would write around
        # the audit trail (the Django admin is autodiscovered before this app is ready).
        from django.contrib import admin
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if admin.site.is_registered(TOTPDevice):
            admin.site.unregister(TOTPDevice)
