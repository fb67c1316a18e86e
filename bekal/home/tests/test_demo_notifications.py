"""The demo runs the day's jobs, so its users find notices and the bell shows a count."""

from django.urls import reverse

from bekal.notifications.models import Notice


def test_the_demo_users_have_notices(demo, client_for):
    told = set(Notice.objects.values_list("recipient__username", flat=True))
    # The system administrator was told of next year's missing holidays; 2027's are now shipped (training 0007).
    assert {"martapura.kalapas", "muratara.pk"} <= told, told
    body = client_for(demo["muratara.pk"]).get(reverse("home:home")).content.decode()
    assert 'class="bell unread"' in body


def test_each_notice_links_to_a_page(demo):
    assert not Notice.objects.filter(link="").exists()
