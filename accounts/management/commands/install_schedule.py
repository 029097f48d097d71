"""Put the Celery beat schedule (accounts/schedule.py) back into the database."""

from django.core.management.base import BaseCommand

from accounts.schedule import install_schedule
from kamportal.lib.context import runs_as


class Command(BaseCommand):
    help = "Create or update the periodic tasks of accounts/schedule.py in django-celery-beat's tables."

    @runs_as("command:install_schedule")
    def handle(self, *args, **options):
        for name in install_schedule():
            self.stdout.write(f"Scheduled: {name}")
