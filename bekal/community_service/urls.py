from django.urls import path

from bekal.community_service.views import ledger, litmas, noncompliance, orders, sites, supervision

app_name = "community_service"
urlpatterns = [
    path("", orders.order_list, name="list"),
    path("new/", orders.client_search, name="client-search"),
    path("people/<int:person_pk>/new/", orders.order_create, name="create"),
    path("<int:pk>/", orders.order_detail, name="detail"),
    path("<int:pk>/sessions/new/", ledger.session_create, name="session-create"),
    path("sessions/<int:pk>/void/", ledger.session_void, name="session-void"),
    path("<int:pk>/adjustments/new/", ledger.adjustment_create, name="adjustment-create"),
    path("<int:pk>/placements/new/", sites.placement_create, name="placement-create"),
    path("placements/<int:pk>/end/", sites.placement_end, name="placement-end"),
    path("placements/<int:pk>/move/", sites.placement_move, name="placement-move"),
    path("<int:pk>/training/", orders.training_counts, name="training-counts"),
    path("letters/<int:pk>.pdf", noncompliance.step_letter, name="letter"),
    path("letters/<int:pk>/signatory/", noncompliance.step_sign, name="letter-sign"),
    path("letters/<int:pk>/decide/", noncompliance.step_decide, name="step-decide"),
    path("sites/", sites.site_list, name="sites"),
    path("sites/new/", sites.site_create, name="site-create"),
    path("sites/<int:pk>/edit/", sites.site_edit, name="site-edit"),
    path("sites/<int:pk>/day/", sites.site_day, name="site-day"),
    path("sites/<int:pk>/day/<int:order_pk>/", sites.site_day_record, name="site-day-record"),
    path("people/<int:person_pk>/litmas/", litmas.litmas_list, name="litmas"),
    path("litmas/<int:pk>/document/", litmas.litmas_document, name="litmas-document"),
    path("litmas/<int:pk>/attach/", litmas.litmas_attach, name="litmas-attach"),
    path("supervision/", supervision.sentence_list, name="sentences"),
    path("people/<int:person_pk>/supervision/new/", supervision.sentence_create, name="sentence-create"),
    path("supervision/<int:pk>/", supervision.sentence_detail, name="sentence-detail"),
    path("supervision/<int:pk>/reports/new/", supervision.report_create, name="report-create"),
    path("supervision/<int:pk>/breaches/new/", supervision.breach_create, name="breach-create"),
    path("supervision/breaches/<int:pk>/advance/", supervision.breach_advance, name="breach-advance"),
]
