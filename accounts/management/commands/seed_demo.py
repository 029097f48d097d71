from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, seed_demo
from kamportal.lib.context import runs_as


class Command(BaseCommand):
    help = "Create the demo region, providers, staff and employers (safe to run again)."

    @runs_as("command:seed_demo")
    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data is in place. Demo logins (password: {DEMO_PASSWORD}):"))
        for role, email in logins:
            self.stdout.write(f"  {role:<55} {email}")
