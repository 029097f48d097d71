"""gunicorn's settings for the web container (Dockerfile, docker-compose.yml) and the benchmark's HTTP mix.

gunicorn reads this file from its working directory (/app in the image, the checkout for `make bench`); flags on
the command line win over it. Measured on the 2-core bench machine (DEPLOY.md, "Measured numbers"): the pages are
CPU-bound (Python, then PostgreSQL on the same cores), so sync workers, about two per core, keep the cores busy
and answer in arrival order, which keeps the 95th percentile close to the median; threads (gthread) added no
throughput per CPU second and widened the tail (a slow page holds its worker's interpreter lock).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# About two per core: the compose file sets WEB_CONCURRENCY (a container may see more cores than it may use).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))  # > 1 switches to the gthread worker
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # seconds; only the gthread worker keeps connections open (sync workers sit behind the proxy)
# The workers' heartbeat files in memory, not on the container's overlay filesystem, where a slow write can make
# the master think a busy worker hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn makes its files with mkstemp)
