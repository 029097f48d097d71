from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from accounts.demo import demo_totp_key_hex


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo logins (the demo secret only)."

    def handle(self, *args, **options):
        self.stdout.write(str(TOTP(bytes.fromhex(demo_totp_key_hex())).token()).zfill(6))
