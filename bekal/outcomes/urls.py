from django.urls import path

from bekal.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("readmissions/", views.readmission_list, name="readmissions"),
    path("identity/", views.identity_queue, name="identity"),
    path("identity/<int:earlier>/<int:later>/", views.identity_decide, name="identity-decide"),
]
