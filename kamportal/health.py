"""/health/: what a load balancer and compose ask before sending traffic to a web node.

Green (200) when the database answers, the cache and the Celery broker answer, and a file can be written, read
and deleted in the private storage (the S3 bucket in production); red (500) with the failing part otherwise.
Always JSON (also text, RSS and OpenMetrics when asked for): a probe's answer, not a page for people.
"""

from django.conf import settings
from health_check.checks import Cache, Database, Storage
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient


class PortalHealthView(HealthCheckView):
    def render_to_response(self, context, **kwargs):  # the library's HTML page → JSON
        return self.render_to_response_json(kwargs.get("status", 200))

    def get_checks(self):
        yield Database()
        yield Cache()
        yield Storage(alias="private")
        broker = settings.CELERY_BROKER_URL
        if broker.startswith(("redis://", "rediss://")):
            yield Redis(client_factory=lambda: RedisClient.from_url(broker, socket_connect_timeout=3))


health = PortalHealthView.as_view()
