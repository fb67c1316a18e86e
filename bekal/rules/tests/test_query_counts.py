"""The legal figures page and API read every rule's figures in one query, whatever the number of figures set
(see `bekal.core.testing`)."""

import itertools
from datetime import date

from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.rules.models import RuleValue
from bekal.rules.registry import DEFINITIONS

CODE = "training.batch.quota"
_n = itertools.count(1)


def grow_codes(n):
    """A figure for n more rules, each with its own legal basis (shown as the rule's figure in force)."""
    sources = []
    unused = [c for c, d in DEFINITIONS.items() if d.kind == "int" and not RuleValue.objects.filter(code=c).exists()]
    for code in unused[:n]:
        source = f"Dasar {next(_n)}"
        RuleValue.objects.create(code=code, value="7", valid_from=date(2020, 1, 1), source=source)
        sources.append(source)
    return sources


def grow_history(n):
    """n more figures of one rule, one year apart."""
    sources = []
    for _ in range(n):
        i = next(_n)
        source = f"Riwayat {i}"
        RuleValue.objects.create(code=CODE, value=str(10 + i), valid_from=date(1990 + i, 1, 1), source=source)
        sources.append(source)
    return sources


@covers("rules:list")
def test_the_rule_list(client_for, users):
    assert_flat_queries(client_for(users.sysadmin), reverse("rules:list"), grow_codes, ceiling=8)


@covers("GET /api/v1/rules")
def test_the_rule_list_endpoint(client_for, users):
    assert_flat_queries(client_for(users.sysadmin), "/api/v1/rules", grow_codes, ceiling=8)


@covers("rules:detail")
def test_a_rules_history(client_for, users):
    assert_flat_queries(client_for(users.sysadmin), reverse("rules:detail", args=[CODE]), grow_history, ceiling=8)


@covers("GET /api/v1/rules/{code}")
def test_a_rules_history_endpoint(client_for, users):
    assert_flat_queries(client_for(users.sysadmin), f"/api/v1/rules/{CODE}", grow_history, ceiling=8)
