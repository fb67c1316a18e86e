import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bekal.settings")
application = get_wsgi_application()

from bekal.core.warmup import warm_up  # noqa: E402 - Django is set up above

warm_up()  # once per process before it serves; under gunicorn --preload, once in the master for every worker
