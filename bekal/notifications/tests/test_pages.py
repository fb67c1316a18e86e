"""The inbox pages and the bell: the signed-in user's own notices only (the ladder: anonymous -> login, another
user's notice -> 404, one's own -> 200/302; every role has an inbox, so no role is refused)."""

import pytest
from django.urls import reverse

from bekal.notifications.models import Notice, NotificationPreference

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_login(client_for, tell, users):
    (notice,) = tell()
    client = client_for(None)
    for url in [reverse("notifications:list"), reverse("notifications:open", args=[notice.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    for name in ["notifications:read-all", "notifications:preferences"]:
        assert reverse("accounts:login") in client.post(reverse(name))["Location"]
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_inbox_lists_ones_own_notices_the_unread_marked(client_for, tell, users):
    tell()
    response = client_for(users.head).get(reverse("notifications:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "PKS 12/2024 berakhir pada 31 Januari 2027" in body and 'class="unread"' in body
    assert "PKS 12/2024" not in client_for(users.officer).get(reverse("notifications:list")).content.decode()


def test_opening_a_notice_marks_it_read_and_follows_its_link(client_for, tell, users):
    (notice,) = tell()
    response = client_for(users.head).get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/training/agreements/1/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_another_users_notice_is_not_found(client_for, tell, users):
    (notice,) = tell()
    assert client_for(users.officer).get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_is_a_post_and_touches_only_ones_own(client_for, tell, users, world, make_user):
    from bekal.accounts.models import Role

    other = make_user(world.martapura, Role.HEAD_OF_UNIT)
    tell()
    client = client_for(users.head)
    assert client.get(reverse("notifications:read-all")).status_code == 405
    assert client.post(reverse("notifications:read-all")).status_code == 302
    assert not Notice.objects.filter(recipient=users.head, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_the_bell_shows_the_unread_count_on_every_page(client_for, tell, users):
    client = client_for(users.head)
    assert '<span class="count">0</span>' in client.get(reverse("home:home")).content.decode()
    tell()
    for url in [reverse("home:home"), reverse("accounts:profile"), reverse("organizations:list")]:
        body = client.get(url).content.decode()
        assert 'class="bell unread"' in body and '<span class="count">1</span>' in body, url


def test_the_account_page_switches_the_emails_off(client_for, users):
    client = client_for(users.officer)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="email_enabled"' in page and reverse("notifications:preferences") in page
    response = client.post(reverse("notifications:preferences"), {"language": "en"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    preference = NotificationPreference.objects.get(user=users.officer)
    assert not preference.email_enabled and preference.language == "en"
    from bekal.audit.models import AuditEvent

    assert AuditEvent.objects.get(code="notifications.preference.set").actor == users.officer


def test_an_unknown_language_is_refused(client_for, users):
    client_for(users.officer).post(reverse("notifications:preferences"), {"language": "xx", "email_enabled": "on"})
    assert not NotificationPreference.objects.exists()
