"""The audit trail page, mounted at /audit/: the trail is written by bekal.audit, read here through the user's scope."""

from django.urls import path

from bekal.accounts import views

app_name = "audit"
urlpatterns = [path("", views.audit_list, name="list")]
