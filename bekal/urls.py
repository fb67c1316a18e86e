from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from bekal.api import api
from bekal.kpis import urls as kpis_urls
from bekal.outcomes import urls as outcomes_urls
from bekal.training import documents_views as training_documents

admin.site.site_header = "Bekal"
admin.site.site_title = "Bekal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("bekal.home.urls")),
    # /healthz, /readyz, /metrics. No /media/ route: uploaded documents are served only by the views that check
    # the record's scope first (training:agreement-download, community_service:litmas-document, the API's).
    path("", include("bekal.ops.urls")),
    path("accounts/", include("bekal.accounts.urls")),
    path("people/", include("bekal.people.urls")),
    path("training/", include("bekal.training.urls")),
    # The public check a training certificate's QR code opens: no login, rate-limited, no personal data beyond a
    # masked name.
    path("verifikasi/<str:token>/", training_documents.verify_certificate, name="verify-certificate"),
    path("certification/", include("bekal.certification.urls")),
    path("community-service/", include("bekal.community_service.urls")),
    path("organizations/", include("bekal.organizations.urls")),
    path("audit/", include("bekal.accounts.audit_urls")),
    path("placement/", include("bekal.placement.urls")),
    path("notifications/", include("bekal.notifications.urls")),
    path("partnerships/", include("bekal.partnerships.urls")),
    # The recidivism page reads the KPI facts (bekal.kpis), the rest of /outcomes/ the records (bekal.outcomes): the
    # root joins them under one namespace, so neither app imports the other upwards.
    path("outcomes/", include(([*kpis_urls.outcome_patterns, *outcomes_urls.urlpatterns], "outcomes"))),
    path("kpis/", include("bekal.kpis.urls")),
    path("jobs/", include("bekal.jobs.urls")),
    path("rules/", include("bekal.rules.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
