from django.urls import path

from bekal.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("read-all/", views.read_all, name="read-all"),
    path("preferences/", views.preference_edit, name="preferences"),
]
