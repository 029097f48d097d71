"""Private files on S3-compatible object storage (a real SeaweedFS): still only through the policy, audited."""

import urllib.error
import urllib.request

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from candidates.models import Document
from kamportal.lib.storage_url import s3_options
from kamportal.storage import PrivateFileSystemStorage, PrivateS3Storage
from tests.candidates.factories import candidate_of
from tests.candidates.files import good_pdf, pdf_with_open_action_javascript
from tests.s3server import BUCKET

pytestmark = pytest.mark.django_db


def test_storage_url_names_endpoint_bucket_prefix_keys_and_region():
    assert s3_options("s3://AK:s%2Fcret@s3.eu-north-1.amazonaws.com/kam-files/private?region=eu-north-1") == {
        "endpoint_url": "https://s3.eu-north-1.amazonaws.com",
        "bucket_name": "kam-files",
        "location": "private",
        "access_key": "AK",
        "secret_key": "s/cret",
        "region_name": "eu-north-1",
    }
    plain = s3_options("s3+http://key:secret@seaweedfs:8333/kamportal")
    assert (plain["endpoint_url"], plain["bucket_name"], plain["location"]) == (
        "http://seaweedfs:8333",
        "kamportal",
        "",
    )


@pytest.mark.parametrize(
    "url", ["https://key:secret@host/bucket", "s3://key:secret@host/", "s3://host/bucket", "s3://key:secret@/bucket"]
)
def test_a_storage_url_without_scheme_bucket_or_keys_is_refused_at_start(url):
    with pytest.raises(ValueError, match="STORAGE_URL"):
        s3_options(url)


def test_without_storage_url_private_files_stay_in_the_local_folder(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    storage = storages["private"]
    assert isinstance(storage, PrivateFileSystemStorage)
    assert storage.location == str(tmp_path)


def test_an_uploaded_cv_goes_to_the_bucket_and_downloads_through_the_policy_view(client, world, s3_private_storage):
    assert isinstance(storages["private"], PrivateS3Storage)
    candidate = candidate_of(world)
    data = good_pdf("CV i bøtta")
    before = set(s3_private_storage.keys())
    client.force_login(world.advisor_a)

    response = client.post(
        reverse("candidates:document_upload", kwargs={"uuid": candidate.uuid}),
        {"kind": "cv", "file": SimpleUploadedFile("Ola CV.pdf", data, content_type="application/pdf")},
    )

    assert response.status_code == 302
    document = Document.objects.get(candidate=candidate)
    [key] = set(s3_private_storage.keys()) - before
    assert key == document.stored_name
    assert s3_private_storage.client().get_object(Bucket=BUCKET, Key=key)["Body"].read() == data

    download = reverse("candidates:document_download", kwargs={"uuid": document.uuid})
    client.force_login(world.kam_a)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == data
    assert AuditEvent.objects.filter(action="document.downloaded", candidate_id=candidate.pk).count() == 1

    client.force_login(world.kam_other)  # another region: the policy says no, whatever the storage
    assert client.get(download).status_code == 404


def test_the_bucket_is_not_public(s3_private_storage):
    key = storages["private"].save("candidates/probe", SimpleUploadedFile("x", good_pdf()))
    for url in (f"{s3_private_storage.endpoint}/{BUCKET}/{key}", f"{s3_private_storage.endpoint}/{BUCKET}"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310
        assert refused.value.code == 403, url
    assert s3_private_storage.client().get_object(Bucket=BUCKET, Key=key)["Body"].read() == good_pdf()


def test_a_refused_file_leaves_nothing_in_the_bucket(client, world, s3_private_storage):
    candidate = candidate_of(world)
    before = set(s3_private_storage.keys())
    client.force_login(world.advisor_a)

    response = client.post(
        reverse("candidates:document_upload", kwargs={"uuid": candidate.uuid}),
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_with_open_action_javascript())},
    )

    assert response.status_code == 200
    assert not Document.objects.filter(candidate=candidate).exists()
    assert set(s3_private_storage.keys()) == before


def test_health_is_green_with_the_bucket_and_red_when_it_refuses_the_portal(client, s3_private_storage, settings):
    response = client.get(reverse("health"), HTTP_ACCEPT="text/html")  # a probe's answer even to a browser
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["Storage(alias='private')"] == "OK"

    wrong = {**s3_options(s3_private_storage.storage_url), "secret_key": "rotated-elsewhere"}
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "kamportal.storage.PrivateS3Storage", "OPTIONS": wrong},
    }
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    assert response.json()["Storage(alias='private')"] != "OK"
    assert response.json()["Database(alias='default')"] == "OK"


def test_storage_init_creates_a_missing_bucket_once(s3_private_storage, settings):
    from io import StringIO

    from django.core.management import call_command

    options = {**s3_options(s3_private_storage.storage_url), "bucket_name": "kamportal-new-bucket"}
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "kamportal.storage.PrivateS3Storage", "OPTIONS": options},
    }
    buckets = lambda: {b["Name"] for b in s3_private_storage.client().list_buckets()["Buckets"]}  # noqa: E731
    assert "kamportal-new-bucket" not in buckets()

    first, second = StringIO(), StringIO()
    call_command("storage_init", stdout=first)
    call_command("storage_init", stdout=second)

    assert "kamportal-new-bucket" in buckets()
    assert "created" in first.getvalue() and "already there" in second.getvalue()


def test_storage_init_says_so_when_files_stay_in_a_folder(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.PRIVATE_STORAGE_ROOT = tmp_path
    out = StringIO()
    call_command("storage_init", stdout=out)
    assert str(tmp_path) in out.getvalue() and "nothing to create" in out.getvalue()
