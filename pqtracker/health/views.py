from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pqtracker.health import registry, services


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and people: 200 when the database and broker answer, 503 otherwise.

    "degraded" (still 200: the web server itself is fine, and a load balancer must not take it
    out of service) when a registered check, such as the imports', says so. Served by
    HealthzMiddleware ahead of the session and auth middleware. Says nothing secret: engine
    names, error class names, times and counts only."""
    database = services.check_database()
    broker = services.check_broker()
    beat = services.last_heartbeat() if database["ok"] else None
    ok = database["ok"] and broker["ok"]
    checks = registry.run_checks() if database["ok"] else {}
    degraded = any(result.get("status") != "ok" for result in checks.values())
    body = {
        "status": ("degraded" if degraded else "ok") if ok else "unavailable",
        "database": database,
        "broker": broker,
        "worker_last_heartbeat": beat.isoformat() if beat else None,
        **checks,
    }
    return JsonResponse(body, status=200 if ok else 503)
