"""The inbox does not run a query per notice (see `bekal.core.testing`)."""

import itertools

from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.notifications.models import Notice

_n = itertools.count()


def _grow(user):
    def grow(n):
        titles = []
        for _ in range(n):
            i = next(_n)
            notice = Notice.objects.create(recipient=user, kind="agreement_expiring", key=f"k{i}", title=f"Notice {i}")
            titles.append(notice.title)
        return titles

    return grow


@covers("notifications:list")
def test_the_inbox(client_for, users):
    assert_flat_queries(client_for(users.head), reverse("notifications:list"), _grow(users.head), ceiling=8)


@covers("GET /api/v1/notifications")
def test_the_inbox_endpoint(client_for, users):
    assert_flat_queries(client_for(users.head), "/api/v1/notifications", _grow(users.head), ceiling=6)
