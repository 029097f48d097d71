from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, DEMO_RECOVERY_CODES, DEMO_TOTP_SECRET, seed_demo
from kamportal.lib.context import runs_as


class Command(BaseCommand):
    help = "Create the demo region, providers, staff and employers (safe to run again)."

    @runs_as("command:seed_demo")
    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data is in place. Demo logins (password: {DEMO_PASSWORD}):"))
        for role, email in logins:
            self.stdout.write(f"  {role:<55} {email}")
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
        if mail_dir:
            self.stdout.write(f"E-mail is not sent: it is kept in {mail_dir} and on each user's notification page.")
        self.stdout.write(
            "Staff logins ask for a second factor. Add this TOTP secret to an authenticator app "
            f"(or run `manage.py demo_totp_code`): {DEMO_TOTP_SECRET}\n"
            f"  or use a recovery code, each once per user: {', '.join(DEMO_RECOVERY_CODES)}"
        )
