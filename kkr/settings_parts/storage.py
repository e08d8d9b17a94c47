"""Static files, and where bilag and rendered PDFs are kept: the host's disk or an S3 bucket (docs/scaling.md)."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .env import BASE_DIR, DEV_MODE, env_int, env_str, refuse_example

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# /healthz warns (still 200: a restart frees no disk) when the media disk has less free space than this, in MB.
MEDIA_MIN_FREE_MB = env_int("MEDIA_MIN_FREE_MB", 500)
WHITENOISE_USE_FINDERS = DEV_MODE


def s3_media_backend(endpoint_url: str, bucket: str, access_key: str, secret_key: str, region: str) -> dict:
    """django-storages' S3 backend for a private bucket (also what the tests configure against their S3 server)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": endpoint_url,
            "bucket_name": bucket,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region,
            "addressing_style": "path",  # MinIO and most S3-compatible servers: bucket in the path, not the host
            "default_acl": None,  # the bucket's own (private) policy; nothing is ever public
            "querystring_auth": True,  # a URL, should one ever be made, is signed and expires
            "querystring_expire": 60,
            "file_overwrite": False,  # a name in use gets a suffix, as on the local disk: nothing is overwritten
            "max_memory_size": 10 * 2**20,  # a download larger than this is buffered in a temporary file
            # Fail fast when the storage is unreachable: a page waits seconds, not botocore's default minute.
            "client_config": Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }


def s3_setting(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} skal sættes, når MEDIA_STORAGE=s3 (se .env.example)")
    refuse_example(name, value)
    return value


# Where bilag and PDFs are kept (docs/scaling.md): ``file`` is MEDIA_ROOT on this host's disk (one host); ``s3`` is
# a bucket on an S3-compatible server (MinIO, AWS S3 …) that every web and worker host shares. Either way a
# file is only ever sent through the permission-checked views, which stream it from the storage: the bucket
# stays private and no signed URL is handed out (one could be passed on, and the storage server need not be
# reachable from the users' network).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "file")
if MEDIA_STORAGE == "file":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = s3_media_backend(
        s3_setting("S3_ENDPOINT_URL"),
        s3_setting("S3_BUCKET"),
        s3_setting("S3_ACCESS_KEY_ID"),
        s3_setting("S3_SECRET_ACCESS_KEY"),
        env_str("S3_REGION", "us-east-1"),
    )
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE skal være file eller s3, ikke {MEDIA_STORAGE!r}")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_MODE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
