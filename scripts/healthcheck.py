"""Compose's health probe of a web container: GET /health/ on this container's gunicorn; exit 0 only on 200.

Sends the first DJANGO_ALLOWED_HOSTS name as Host, so the probe passes Django's host check in production.
"""

import os
import sys
import urllib.error
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
if host in {"", "*"}:
    host = "localhost"
port = os.environ.get("PORT", "8000")
request = urllib.request.Request(  # noqa: S310
    f"http://127.0.0.1:{port}/health/", headers={"Host": host, "Accept": "application/json"}
)
try:
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
