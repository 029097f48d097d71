import time

from django.core.management.base import BaseCommand, CommandError

from recruitment.bench.seed import seed_scale


class Command(BaseCommand):
    help = "Fill an empty (scratch) database with national-scale data: --scale 1 is 50,000 employers."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.1)

    def handle(self, *args, scale: float, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        started = time.monotonic()
        try:
            counts = seed_scale(scale=scale, stdout=self.stdout if options["verbosity"] > 1 else None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        rows = ", ".join(f"{name} {count:,}" for name, count in counts.items())
        self.stdout.write(f"seed_scale {scale}: {rows} in {time.monotonic() - started:.0f} s")
