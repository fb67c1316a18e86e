from django.urls import path

from bekal.people import handover_views, views
from bekal.people.sdp import views as sdp_views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("import/", views.people_import, name="import"),
    path("import/sdp/", sdp_views.sdp_import, name="sdp-import"),
    path("import/sdp/<int:pk>/", sdp_views.sdp_check, name="sdp-check"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/nik/", views.person_nik_reveal, name="nik-reveal"),
    path("<int:pk>/subject.json", views.person_subject_export, {"fmt": "json"}, name="subject-json"),
    path("<int:pk>/subject.pdf", views.person_subject_export, {"fmt": "pdf"}, name="subject-pdf"),
    path("<int:pk>/summary/", views.person_summary, name="summary"),
    path("<int:pk>/custody/new/", views.custody_create, name="custody-create"),
    path("custody/<int:pk>/edit/", views.custody_edit, name="custody-edit"),
    path("custody/<int:pk>/release/", views.custody_release, name="custody-release"),
    path("<int:pk>/supervision/new/", views.supervision_create, name="supervision-create"),
    path("supervision/<int:pk>/edit/", views.supervision_edit, name="supervision-edit"),
    path("handovers/", handover_views.handover_list, name="handovers"),
    path("handovers/<int:pk>/", handover_views.handover_detail, name="handover"),
    path("handovers/<int:pk>/accept/", handover_views.handover_accept, name="handover-accept"),
    path("handovers/<int:pk>/cancel/", handover_views.handover_cancel, name="handover-cancel"),
    path("custody/<int:pk>/handover/", handover_views.handover_create, name="handover-create"),
]
