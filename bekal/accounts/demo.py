"""The demo's shared sign-in secret; the demo accounts themselves are made by bekal.home.demo."""

DEMO_PASSWORD = "bekal-demo"  # noqa: S105 - a published demo password, for the demo database only
