from typing import Any

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the S3 bucket named by BEKAL_S3_BUCKET when it does not exist yet (first start)."

    def handle(self, *args: Any, **options: Any) -> None:
        name = settings.BEKAL_S3_BUCKET
        if not name:
            self.stdout.write("BEKAL_S3_BUCKET is not set: documents are kept on the local disk, nothing to create")
            return
        client = default_storage.connection.meta.client  # type: ignore[attr-defined]
        try:
            client.head_bucket(Bucket=name)
        except ClientError:
            region = default_storage.region_name  # type: ignore[attr-defined]
            # us-east-1 is the one region S3 refuses to be named in.
            extra = (
                {"CreateBucketConfiguration": {"LocationConstraint": region}}
                if region not in {None, "", "us-east-1"}
                else {}
            )
            client.create_bucket(Bucket=name, **extra)
            self.stdout.write(f"bucket {name} created")
        else:
            self.stdout.write(f"bucket {name} exists")
