from django.urls import path

from bekal.placement import todo_kind_views, views

app_name = "placement"
urlpatterns = [
    path("", views.due_list, name="due"),
    path("people/<int:pk>/", views.person_work, name="person"),
    path("people/<int:pk>/readiness/", views.readiness_edit, name="readiness"),
    path("people/<int:pk>/todos/", views.todos_edit, name="todos"),
    path("people/<int:pk>/referrals/new/", views.referral_create, name="referral-create"),
    path("people/<int:pk>/internships/new/", views.internship_create, name="internship-create"),
    path("people/<int:pk>/placements/new/", views.placement_create, name="placement-create"),
    path("referrals/<int:pk>/", views.referral_move, name="referral"),
    path("internships/<int:pk>/", views.internship_edit, name="internship"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("follow-ups/", views.follow_ups_due, name="follow-ups"),
    path("follow-ups/<int:pk>/", views.follow_up_record, name="follow-up"),
    path("employers/", views.employer_list, name="employers"),
    path("employers/new/", views.employer_create, name="employer-create"),
    path("employers/<int:pk>/", views.employer_detail, name="employer"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer-edit"),
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("demand/", views.demand, name="demand"),
    path("karirhub.xlsx", views.karirhub_export, name="karirhub"),
    path("vacancies/new/", views.vacancy_create, name="vacancy-create"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy-edit"),
    path("todo-kinds/", todo_kind_views.todo_kind_list, name="todo-kinds"),
    path("todo-kinds/new/", todo_kind_views.todo_kind_create, name="todo-kind-create"),
    path("todo-kinds/<int:pk>/edit/", todo_kind_views.todo_kind_edit, name="todo-kind-edit"),
    path("todo-kinds/<int:pk>/active/", todo_kind_views.todo_kind_active, name="todo-kind-active"),
]
