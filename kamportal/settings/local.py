"""`make run`: SQLite under var/, eager Celery, mail to console and var/mail."""

from .base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)  # noqa: F405
