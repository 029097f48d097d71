"""One beat at a time: django-celery-beat's DatabaseScheduler behind a lock in Redis.

Each tick renews a lock (a key holding this beat's random token, with a TTL of
CELERY_BEAT_LOCK_TTL seconds) or, if another beat holds it, sends nothing and checks again.
A second beat started by mistake waits; when the first dies, the second takes over within
one TTL. Without Redis (make run, eager tasks) there is nothing to share, so no lock.
"""

import logging
import uuid

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

log = logging.getLogger(__name__)

LOCK_KEY = "kamportal:beat-lock"
# Take the lock if it is free, renew it if it is ours; 1 if we hold it afterwards.
HOLD = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class LockedDatabaseScheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs):
        self.lock_token = uuid.uuid4().hex
        self.lock_held: bool | None = None
        self._redis = None
        super().__init__(*args, **kwargs)

    @property
    def lock_ttl(self) -> int:
        return settings.CELERY_BEAT_LOCK_TTL

    def _client(self):
        if not settings.REDIS_URL:
            return None
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=5)
        return self._redis

    def hold_lock(self) -> bool:
        client = self._client()
        if client is None:
            return True
        try:
            held = bool(client.eval(HOLD, 1, LOCK_KEY, self.lock_token, self.lock_ttl * 1000))
        except Exception:
            log.warning("beat: cannot reach Redis for the beat lock; sending nothing", exc_info=True)
            held = False
        if held != self.lock_held:
            log.warning("beat: %s the beat lock", "holds" if held else "waits for")
            self.lock_held = held
        return held

    def tick(self, *args, **kwargs):
        renew_every = max(self.lock_ttl / 3, 1)
        if not self.hold_lock():
            return renew_every
        return min(super().tick(*args, **kwargs), renew_every)

    def close(self):
        client = self._client()
        if client is not None and self.lock_held:
            try:
                client.eval(RELEASE, 1, LOCK_KEY, self.lock_token)
            except Exception:
                log.warning("beat: could not release the beat lock", exc_info=True)
        super().close()
