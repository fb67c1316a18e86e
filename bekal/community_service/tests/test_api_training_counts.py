"""Whether training days count toward an order's hours, set through the API like the order's page: one audited
service, with the ladder."""

import json

from bekal.audit.models import AuditEvent


def test_training_counts_over_the_api_with_the_ladder(client_for, users, order, cs, foreign_order):
    url = f"/api/v1/community-service/orders/{order.pk}/training-counts"

    def put(user, value, target=url):
        return client_for(user).put(target, json.dumps({"training_counts": value}), content_type="application/json")

    assert put(None, True).status_code == 401
    assert put(cs.site_user, True).status_code == 403
    assert (
        put(users.pk, True, f"/api/v1/community-service/orders/{foreign_order.pk}/training-counts").status_code == 404
    )
    assert put(users.pk, "maybe").status_code == 422
    response = put(users.pk, True)
    assert response.status_code == 200 and response.json() == {"id": order.pk, "training_counts": True}
    order.refresh_from_db()
    assert order.training_counts is True
    assert AuditEvent.objects.filter(code="community_service.order.training_counts_changed").count() == 1
