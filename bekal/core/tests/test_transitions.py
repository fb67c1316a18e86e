"""The one status-move mechanism: a table as data, checked at import, refusing a move with both statuses named."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils import translation

from bekal.core.transitions import Transitions


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    OFF = "off", "Off"


LIGHT = Transitions(
    Light,
    {Light.RED: {Light.GREEN, Light.OFF}, Light.GREEN: {Light.AMBER}, Light.AMBER: {Light.RED}, Light.OFF: set()},
)


def test_a_table_without_a_row_for_every_status_fails_at_import():
    with pytest.raises(ImproperlyConfigured, match="no row for \\['off'\\]"):
        Transitions(Light, {Light.RED: {Light.GREEN}, Light.GREEN: set(), Light.AMBER: set()})


def test_a_table_naming_an_unknown_status_fails_at_import():
    with pytest.raises(ImproperlyConfigured, match="unknown statuses \\['blue'\\]"):
        Transitions(Light, {Light.RED: {"blue"}, Light.GREEN: set(), Light.AMBER: set(), Light.OFF: set()})


def test_a_move_in_the_table_sets_the_status_and_returns_the_old_one():
    light = SimpleNamespace(status=Light.RED)
    assert LIGHT.move(light, Light.GREEN) == Light.RED
    assert light.status == Light.GREEN


def test_a_move_outside_the_table_is_refused_naming_both_statuses_and_changes_nothing():
    light = SimpleNamespace(status=Light.GREEN)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        LIGHT.move(light, Light.RED)
    assert error.value.message_dict == {"status": ["Status cannot change from Green to Red"]}
    assert light.status == Light.GREEN


def test_the_message_is_indonesian_by_default_and_names_the_field_given():
    table = Transitions(Light, dict(LIGHT.moves), field="light")
    with translation.override("id"), pytest.raises(ValidationError) as error:
        table.check(Light.OFF, Light.RED)
    assert error.value.message_dict == {"light": ["Status tidak dapat berubah dari Off ke Red"]}


def test_final_statuses_and_allowed_moves_are_read_from_the_table():
    assert LIGHT.is_final(Light.OFF) and not LIGHT.is_final(Light.RED)
    assert LIGHT.allowed(Light.RED) == {Light.GREEN, Light.OFF}
    assert LIGHT.can_move(Light.AMBER, Light.RED) and not LIGHT.can_move(Light.AMBER, Light.GREEN)
