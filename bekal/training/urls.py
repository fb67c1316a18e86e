from django.urls import path

from bekal.training import attendance_views, documents_views, views

app_name = "training"
urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("batches/new/", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/status/", views.batch_move, name="batch-move"),
    path("batches/<int:pk>/days/", views.batch_day, name="batch-day"),
    path("batches/<int:pk>/instructors/", views.instructor_add, name="instructor-add"),
    path("batches/<int:pk>/nominate/", views.batch_nominate, name="batch-nominate"),
    path("enrollments/<int:pk>/decide/", views.enrollment_decide, name="enrollment-decide"),
    path("enrollments/<int:pk>/step/", views.enrollment_step, name="enrollment-step"),
    path("enrollments/<int:pk>/end/", views.enrollment_end, name="enrollment-end"),
    path("enrollments/<int:pk>/reopen/", attendance_views.enrollment_reopen, name="enrollment-reopen"),
    path("enrollments/<int:pk>/incident/", views.incident_create, name="incident-create"),
    path("enrollments/<int:pk>/certificate.pdf", documents_views.training_certificate, name="training-certificate"),
    path("enrollments/<int:pk>/certificate/revoke/", documents_views.certificate_revoke, name="certificate-revoke"),
    path("batches/<int:pk>/summary.pdf", documents_views.batch_summary, name="batch-summary"),
    path("days/<int:pk>/attendance/", attendance_views.attendance_day, name="attendance-day"),
    path("days/<int:pk>/attendance.pdf", documents_views.attendance_sheet, name="attendance-sheet"),
    path("attendance/<int:pk>/void/", attendance_views.attendance_void, name="attendance-void"),
    path("days/<int:pk>/escort/", views.escort_assign, name="escort-assign"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/import/", views.programme_import, name="programme-import"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/status/", views.agreement_move, name="agreement-move"),
    path("agreements/<int:pk>/renew/", views.agreement_renew, name="agreement-renew"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement-document"),
    path("agreements/<int:pk>/document.pdf", views.agreement_download, name="agreement-download"),
    path("budget/", views.budget, name="budget"),
    path("budget/<int:pk>/", views.allocation_detail, name="allocation-detail"),
]
