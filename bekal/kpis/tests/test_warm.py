"""The warm-up of the national and Kanwil figures: the pages read what the job computed, under the same keys."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from bekal.core import registry
from bekal.kpis import views, warm
from bekal.organizations import figure_versions


def test_the_dashboard_and_recidivism_read_what_the_warm_up_computed(client_for, users, kpi, world, monkeypatch):
    batch = kpi.batch(kpi.programme())
    kpi.enrol(batch, certified=True, released=date(2025, 9, 1), working="employed")
    client = client_for(users.national)
    figure_versions.flush()  # what the commit of the set-up does
    assert users.national in warm.viewers()
    assert users.regional in warm.viewers()  # a Kanwil's viewer: its own scope
    assert warm.figures_warm(today=timezone.localdate()) == len(warm.viewers())
    computed: list[str] = []
    for name in ("_dashboard_figures", "_recidivism_figures", "_choices"):
        real = getattr(views, name)
        monkeypatch.setattr(views, name, lambda *a, _n=name, _r=real, **k: computed.append(_n) or _r(*a, **k))
    assert client.get(reverse("kpis:dashboard")).status_code == 200
    assert client.get(reverse("outcomes:recidivism")).status_code == 200
    assert computed == []  # both pages found their figures computed
    kpi.enrol(batch, certified=True, released=date(2025, 10, 1))
    figure_versions.flush()
    assert client.get(reverse("kpis:dashboard")).context["row"].funnel["released"] == 2  # a write: afresh
    assert "_dashboard_figures" in computed


def test_the_warm_up_runs_every_day_with_the_daily_jobs():
    assert "kpis.figures_warm" in {job.name for job in registry.daily_jobs}
