from celery import shared_task


@shared_task(name="kamportal.ping")
def ping() -> str:
    """Round-trip check for the broker and a worker."""
    return "pong"
