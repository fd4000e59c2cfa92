"""The Celery application: Redis when REDIS_URL is set, a filesystem broker otherwise.

Tasks live in each app's ``tasks.py``, take ids, call one service and are safe to rerun.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqtracker.settings")

app = Celery("pqtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
