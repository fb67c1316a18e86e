"""The CPU-time header the bench reads: present only with BEKAL_BENCH=1."""

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.test import RequestFactory

from bekal.core.middleware import AppCpuTiming


def _answer(request):
    sum(range(10_000))  # some CPU to count
    return HttpResponse("ok")


def test_the_header_says_the_cpu_time_with_bekal_bench(monkeypatch):
    monkeypatch.setenv("BEKAL_BENCH", "1")
    response = AppCpuTiming(_answer)(RequestFactory().get("/"))
    name, _, duration = response["Server-Timing"].partition(";dur=")
    assert name == "app-cpu"
    assert float(duration) >= 0


@pytest.mark.parametrize("value", [None, "0", ""])
def test_the_middleware_is_left_out_without_bekal_bench(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("BEKAL_BENCH", raising=False)
    else:
        monkeypatch.setenv("BEKAL_BENCH", value)
    with pytest.raises(MiddlewareNotUsed):
        AppCpuTiming(_answer)


@pytest.mark.django_db
def test_a_page_has_no_cpu_header_by_default(client, monkeypatch):
    monkeypatch.delenv("BEKAL_BENCH", raising=False)
    assert "Server-Timing" not in client.get("/healthz")
