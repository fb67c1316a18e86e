from django.urls import path

from bekal.partnerships import views, views_forums

app_name = "partnerships"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("new/", views.partnership_create, name="partnership-create"),
    path("<int:pk>/", views.partnership_detail, name="partnership"),
    path("<int:pk>/steps/", views.step_record, name="step-record"),
    path("<int:pk>/steps/<str:kind>/document/", views.step_document, name="step-document"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/status/", views.meeting_status, name="meeting-status"),
    path("meetings/<int:pk>/minutes/upload/", views.meeting_minutes_upload, name="meeting-minutes-upload"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("forums/", views_forums.forum_list, name="forums"),
    path("forums/new/", views_forums.forum_create, name="forum-create"),
    path("forums/<int:pk>/", views_forums.forum_detail, name="forum"),
    path("forums/<int:pk>/edit/", views_forums.forum_edit, name="forum-edit"),
    path("forums/<int:pk>/members/", views_forums.forum_member_add, name="forum-member-add"),
    path("forums/<int:pk>/commitments/new/", views_forums.commitment_create, name="commitment-create"),
    path("commitments/<int:pk>/status/", views_forums.commitment_status, name="commitment-status"),
    path("awards/", views_forums.award_list, name="awards"),
    path("awards/new/", views_forums.award_create, name="award-create"),
    path("awards/<int:pk>/document.pdf", views_forums.award_document, name="award-document"),
    path("awards/<int:pk>/minutes.pdf", views_forums.award_minutes, name="award-minutes"),
    path("partners/<int:pk>/", views_forums.partner_detail, name="partner"),
    path("mine/", views_forums.mine, name="mine"),
]
