from django.urls import path

from bekal.community_service import supervision_views, views

app_name = "community_service"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.client_search, name="client-search"),
    path("people/<int:person_pk>/new/", views.order_create, name="create"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/sessions/new/", views.session_create, name="session-create"),
    path("<int:pk>/adjustments/new/", views.adjustment_create, name="adjustment-create"),
    path("<int:pk>/placements/new/", views.placement_create, name="placement-create"),
    path("<int:pk>/training/", views.training_counts, name="training-counts"),
    path("letters/<int:pk>.pdf", views.step_letter, name="letter"),
    path("letters/<int:pk>/decide/", views.step_decide, name="step-decide"),
    path("sites/", views.site_list, name="sites"),
    path("sites/new/", views.site_create, name="site-create"),
    path("sites/<int:pk>/day/", views.site_day, name="site-day"),
    path("sites/<int:pk>/day/<int:order_pk>/", views.site_day_record, name="site-day-record"),
    path("people/<int:person_pk>/litmas/", views.litmas_list, name="litmas"),
    path("litmas/<int:pk>/document/", views.litmas_document, name="litmas-document"),
    path("supervision/", supervision_views.sentence_list, name="sentences"),
    path("people/<int:person_pk>/supervision/new/", supervision_views.sentence_create, name="sentence-create"),
    path("supervision/<int:pk>/", supervision_views.sentence_detail, name="sentence-detail"),
    path("supervision/<int:pk>/reports/new/", supervision_views.report_create, name="report-create"),
    path("supervision/<int:pk>/breaches/new/", supervision_views.breach_create, name="breach-create"),
    path("supervision/breaches/<int:pk>/advance/", supervision_views.breach_advance, name="breach-advance"),
]
