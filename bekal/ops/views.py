import hmac
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from bekal.ops.checks import run_checks

LOOPBACK = {"127.0.0.1", "::1"}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Return ok while the process answers (liveness): touches nothing else, so a slow database never gets a
    healthy server restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Return each dependency's status; 503 when one fails, so the load balancer sends no traffic here."""
    checks = run_checks()
    failed = any(status.startswith("fail") for status in checks.values())
    return JsonResponse({"status": "fail" if failed else "ok", "checks": checks}, status=503 if failed else 200)


def metrics_allowed(request: HttpRequest) -> bool:
    """Return True for a caller on this machine (not relayed by a proxy) or one that shows the metrics token."""
    token = settings.BEKAL_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    relayed = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META
    return request.META.get("REMOTE_ADDR") in LOOPBACK and not relayed


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Return the Prometheus metrics to a local scraper or one with the token; 403 to anyone else."""
    if not metrics_allowed(request):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    return ExportToDjangoView(request)


SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "ops" / "sw.js"


def service_worker(request: HttpRequest) -> HttpResponse:
    """Serve the service worker at the root, so it may keep the field forms of every path (its scope is "/")."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
