"""STORAGE_URL → the options of the S3 storage of private files.

`s3://KEY:SECRET@HOST[:PORT]/BUCKET[/PREFIX][?region=REGION]` talks HTTPS to HOST; `s3+http://…` plain HTTP
(an S3 server on a private network, or a test's SeaweedFS). Key and secret are percent-encoded.
"""

from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = {"s3": "https", "s3+https": "https", "s3+http": "http"}


def s3_options(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"STORAGE_URL must start with one of {sorted(SCHEMES)}, not {parts.scheme!r}")
    bucket, _, prefix = parts.path.lstrip("/").partition("/")
    if not parts.hostname or not bucket:
        raise ValueError("STORAGE_URL needs a host and a bucket: s3://KEY:SECRET@HOST/BUCKET")
    if not parts.username or not parts.password:
        raise ValueError("STORAGE_URL needs the access key and secret: s3://KEY:SECRET@HOST/BUCKET")
    host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    return {
        "endpoint_url": f"{SCHEMES[parts.scheme]}://{host}",
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "access_key": unquote(parts.username),
        "secret_key": unquote(parts.password),
        "region_name": parse_qs(parts.query).get("region", ["us-east-1"])[0],
    }
