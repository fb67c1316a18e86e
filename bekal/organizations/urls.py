from django.urls import path

from bekal.organizations import manage_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("paperwork/", views.paperwork, name="paperwork"),
    path("manage/", manage_views.organization_manage, name="manage"),
    path("new/", manage_views.organization_create, name="create"),
    path("<int:pk>/edit/", manage_views.organization_edit, name="edit"),
    path("<int:pk>/active/", manage_views.organization_active, name="active"),
]
