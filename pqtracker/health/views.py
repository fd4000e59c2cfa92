from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pqtracker.health import services


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and people: 200 when the database and broker answer, 503 otherwise.
    Says nothing secret: engine names and error class names only."""
    database = services.check_database()
    broker = services.check_broker()
    beat = services.last_heartbeat() if database["ok"] else None
    ok = database["ok"] and broker["ok"]
    body = {
        "status": "ok" if ok else "unavailable",
        "database": database,
        "broker": broker,
        "worker_last_heartbeat": beat.isoformat() if beat else None,
    }
    return JsonResponse(body, status=200 if ok else 503)
