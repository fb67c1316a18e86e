"""The demo fixtures of `home/tests`, for the API tests that run over the whole demo (the api app sits above home)."""

from bekal.home.tests.conftest import _demo_user_pks, demo, demo_today

__all__ = ["_demo_user_pks", "demo", "demo_today"]
