from django.http import HttpRequest

from bekal.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind login_required or API auth: its user is a real account."""

    user: User
