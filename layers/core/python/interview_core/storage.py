"""Media and report objects in the KMS-encrypted bucket. The only module that talks to S3.

Every write names the customer-managed key explicitly (SSE-KMS), and presigned uploads sign the
encryption headers, so a client cannot store a segment unencrypted or under another key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from interview_core.errors import ChunkRejectedError, NotFoundError, UpstreamError

_EXTENSIONS = {
    "video/webm": "webm",
    "audio/webm": "webm",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
}


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    content_type: str | None
    sse: str | None
    kms_key_id: str | None
    etag: str | None = None


@dataclass(frozen=True)
class PresignedUpload:
    url: str
    headers: dict[str, str]


def chunk_key(session_id: str, seq: int, content_type: str) -> str:
    base = content_type.split(";")[0].strip()
    return f"sessions/{session_id}/chunks/{seq:06d}.{_EXTENSIONS.get(base, 'bin')}"


def session_prefix(session_id: str) -> str:
    return f"sessions/{session_id}/"


def analysis_key(session_id: str, kind: str, name: str) -> str:
    return f"sessions/{session_id}/analysis/{kind}/{name}.json"


def report_key(session_id: str, ext: str = "json") -> str:
    return f"sessions/{session_id}/report/report.{ext}"


def recording_key(session_id: str, ext: str = "webm") -> str:
    """The joined recording (`webm`, or `mp4` for H.264 + AAC) and its manifest (`json`), written only after
    the file verified."""
    return f"sessions/{session_id}/recording/recording.{ext}"


class MediaStore:
    def __init__(self, s3: Any, bucket: str, kms_key_arn: str) -> None:
        self._s3 = s3
        self.bucket = bucket
        self.kms_key_arn = kms_key_arn

    def _sse(self) -> dict[str, str]:
        return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self.kms_key_arn}

    def presign_upload(
        self, key: str, content_type: str, size_bytes: int, retention_days: int, ttl_s: int
    ) -> PresignedUpload:
        """A PUT URL whose signature covers type, exact length, encryption and the retention tag."""
        tagging = f"retention-days={retention_days}"
        url = self._s3.generate_presigned_url(
            "put_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ContentType": content_type,
                "ContentLength": size_bytes,
                "Tagging": tagging,
                **self._sse(),
            },
            ExpiresIn=ttl_s,
        )
        headers = {
            "Content-Type": content_type,
            "x-amz-server-side-encryption": "aws:kms",
            "x-amz-server-side-encryption-aws-kms-key-id": self.kms_key_arn,
            "x-amz-tagging": tagging,
        }
        return PresignedUpload(url=url, headers=headers)

    def presign_get(self, key: str, ttl_s: int) -> str:
        url: str = self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=ttl_s
        )
        return url

    def head(self, key: str) -> ObjectInfo | None:
        try:
            r = self._s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as e:
            if e.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise UpstreamError("cannot read object metadata") from e
        return ObjectInfo(
            size=int(r["ContentLength"]),
            content_type=r.get("ContentType"),
            sse=r.get("ServerSideEncryption"),
            kms_key_id=r.get("SSEKMSKeyId"),
            etag=r.get("ETag"),
        )

    def put_bytes(self, key: str, data: bytes, content_type: str, retention_days: int | None = None) -> None:
        extra: dict[str, Any] = {"Tagging": f"retention-days={retention_days}"} if retention_days else {}
        self._s3.put_object(
            Bucket=self.bucket, Key=key, Body=data, ContentType=content_type, **self._sse(), **extra
        )

    def put_json(self, key: str, obj: Any, retention_days: int | None = None) -> None:
        body = json.dumps(obj, separators=(",", ":"), default=str).encode()
        self.put_bytes(key, body, "application/json", retention_days)

    def get_bytes(self, key: str, if_match: str | None = None) -> bytes:
        """The object; with `if_match`, only if its ETag is still that one (an accepted segment)."""
        condition = {"IfMatch": if_match} if if_match else {}
        try:
            body: bytes = self._s3.get_object(Bucket=self.bucket, Key=key, **condition)["Body"].read()
            return body
        except ClientError as e:
            code = e.response["Error"]["Code"]
            if code in ("404", "NoSuchKey"):
                raise NotFoundError("object not found", key=key) from e
            if code in ("412", "PreconditionFailed"):
                raise ChunkRejectedError("the object changed after it was accepted", key=key) from e
            raise UpstreamError("cannot read object") from e

    def upload_file(self, key: str, path: Path, content_type: str, retention_days: int | None = None) -> None:
        """A large object from disk, streamed in parts (a whole recording does not fit a single PUT)."""
        extra: dict[str, Any] = {"Tagging": f"retention-days={retention_days}"} if retention_days else {}
        self._s3.upload_file(
            str(path), self.bucket, key, ExtraArgs={"ContentType": content_type, **self._sse(), **extra}
        )

    def get_json(self, key: str) -> Any:
        return json.loads(self.get_bytes(key))

    def download(self, key: str, path: Path, if_match: str | None = None) -> Path:
        path.write_bytes(self.get_bytes(key, if_match))
        return path

    def delete_keys(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            batch = [{"Key": k} for k in keys[start : start + 1000]]
            self._s3.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})

    def delete_prefix(self, prefix: str) -> int:
        deleted = 0
        paginator = self._s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            keys = [o["Key"] for o in page.get("Contents", [])]
            self.delete_keys(keys)
            deleted += len(keys)
        return deleted
