from django.urls import path

from bekal.certification import bnsp_views, views

app_name = "certification"
urlpatterns = [
    path("", views.certificate_list, name="certificate-list"),
    path("batches/<int:pk>/assessments/new/", views.assessment_create, name="assessment-create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/participants/<int:enrollment_id>/", views.assessment_record, name="assessment-record"),
    path("assessments/<int:pk>/bnsp.xlsx", views.bnsp_export, name="bnsp-export"),
    path("assessments/<int:pk>/bnsp-certificates/", bnsp_views.bnsp_certificates, name="bnsp-certificates"),
    path(
        "assessments/<int:pk>/bnsp-certificates/<int:job>/",
        bnsp_views.bnsp_certificates_check,
        name="bnsp-certificates-check",
    ),
]
