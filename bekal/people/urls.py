from django.urls import path

from bekal.people import views
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
    path("<int:pk>/custody/new/", views.custody_create, name="custody-create"),
    path("custody/<int:pk>/edit/", views.custody_edit, name="custody-edit"),
    path("custody/<int:pk>/release/", views.custody_release, name="custody-release"),
    path("<int:pk>/supervision/new/", views.supervision_create, name="supervision-create"),
    path("supervision/<int:pk>/edit/", views.supervision_edit, name="supervision-edit"),
]
