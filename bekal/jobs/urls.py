from django.urls import path

from bekal.jobs import audit, views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/file/", views.job_download, name="download"),
    path("audit-export/", audit.audit_export, name="audit-export"),
]
