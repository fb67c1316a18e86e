"""Signing out leaves no participant's name behind on a shared phone: the logout answer tells the browser to drop
its HTTP cache (Clear-Site-Data "cache"), and the sign-in page it lands on deletes the service worker's copies of the
field pages; the offline queue's unsent records (localStorage) are kept, so no "storage" directive."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse


def test_signing_out_clears_the_browser_cache_but_not_the_offline_queue(client_for, users):
    client = client_for(users.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse(settings.LOGIN_URL)
    assert response["Clear-Site-Data"] == '"cache"'
    assert "storage" not in response["Clear-Site-Data"]
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_deletes_the_cache_the_service_worker_fills(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "bekal/signed_out.js" in page
    worker = Path(finders.find("ops/sw.js")).read_text()
    queue = Path(finders.find("bekal/queue.js")).read_text()
    cleaner = Path(finders.find("bekal/signed_out.js")).read_text()
    name = re.search(r'var CACHE = "([^"]+)"', worker).group(1)
    assert f'var CACHE = "{name}"' in queue and f'var CACHE = "{name}"' in cleaner
    assert "caches.delete(CACHE)" in cleaner and "localStorage" not in cleaner.split("*/", 1)[1]
