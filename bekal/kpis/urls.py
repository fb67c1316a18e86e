from django.urls import path

from bekal.kpis import plan_views, views

app_name = "kpis"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
    path("table.xlsx", views.table_xlsx, name="table-xlsx"),
    path("people.xlsx", views.people_xlsx, name="people-xlsx"),
    path("plans/realisation/", plan_views.plan_realisation_page, name="plan-realisation"),
    path("plans/realisation.xlsx", plan_views.plan_realisation_xlsx, name="plan-realisation-xlsx"),
    path("facts/<str:action>/", views.facts_job, name="facts-job"),
    path("report/<int:unit>/<int:year>/q<int:quarter>.pdf", views.quarterly_pdf, name="quarterly-pdf"),
]

# Mounted by bekal.urls under /outcomes/ with the outcomes pages (namespace "outcomes"): recidivism is an outcome,
# read here from the KPI facts.
outcome_patterns = [path("recidivism/", views.recidivism, name="recidivism")]
