"""Files in an S3-compatible object store (django-storages' S3 backend), as several app servers share them: the
same services and views, against moto's implementation of the S3 protocol in the test process."""

from __future__ import annotations

import io

import boto3
from django.core.files.storage import default_storage
from django.test import override_settings
from moto import mock_aws

from copse.library import services
from copse.library.demo import pdf
from copse.library.models import ResourceKind
from copse.library.services import ResourceData, Upload
from copse.testing import PersonasTestCase

BUCKET = "copse-files"
S3 = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "region_name": "eu-west-2",
            "default_acl": "private",
            "file_overwrite": False,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@mock_aws
@override_settings(STORAGES=S3)
class ObjectStoreTests(PersonasTestCase):
    def setUp(self) -> None:
        self.s3 = boto3.client("s3", region_name="eu-west-2")
        self.s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})

    def test_a_file_goes_to_the_bucket_privately_and_comes_back_through_copse(self) -> None:
        data = pdf("Checklist", ["Day 1"])
        resource = services.add_resource(
            self.community,
            by=self.member,
            kind=ResourceKind.FILE,
            data=ResourceData("Checklist"),
            upload=Upload("Checklist.pdf", io.BytesIO(data)),
        )
        version = resource.versions.get()
        self.assertEqual(type(default_storage._wrapped).__name__, "S3Storage")
        stored = self.s3.get_object(Bucket=BUCKET, Key=version.file.name)
        self.assertEqual(stored["Body"].read(), data)
        grants = self.s3.get_object_acl(Bucket=BUCKET, Key=version.file.name)["Grants"]
        self.assertFalse([g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")])
        response = self.client_for("member").get(version.get_absolute_url())
        self.assertEqual(b"".join(response.streaming_content), data)  # type: ignore[attr-defined]
        self.assertEqual(self.client_for("outsider").get(version.get_absolute_url()).status_code, 404)
