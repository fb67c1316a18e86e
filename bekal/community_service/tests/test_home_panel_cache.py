"""The Bapas home block is read from the figure cache (organizations/figure_versions.py) and is exact after a write:
a session recorded through the service (committed: its audit event at the order's Bapas bumps the version) takes
the order off the at-risk list at once."""

from datetime import date

from bekal.community_service.panels import home_panels
from bekal.community_service.tests.test_session_record import record
from bekal.organizations import figure_versions

TODAY = date(2026, 3, 20)  # past the grace period: an order with no credit is at risk


def _at_risk(user):
    (panel,) = home_panels(user, TODAY)
    return [row["order"] for row in panel.context["at_risk"]]


def test_a_recorded_session_takes_the_order_off_the_cached_at_risk_list(users, order):
    figure_versions.flush()  # what the commit of the set-up does
    assert _at_risk(users.pk) == [order]
    assert _at_risk(users.pk) == [order]  # warm
    for day in (2, 3, 4, 5, 6, 9, 10):  # weekdays: the site is closed at the weekend
        record(users.pk, order, on=date(2026, 3, day), start=(8, 0), end=(12, 0))
    figure_versions.flush()  # the commit of those writes
    assert _at_risk(users.pk) == []
