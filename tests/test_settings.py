"""Production refuses to start half-configured; manage.py in a checkout runs in dev mode (kkr/settings.py)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-settings-tests-0123456789",
    "ALLOWED_HOSTS": "kkr.kl.dk",
    "DATABASE_URL": "sqlite:////tmp/x.db",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "KKR_DEV": "0",
}
LOAD_SETTINGS = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup()"


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DJANGO_DEBUG"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True)


def test_production_settings_load_when_every_variable_is_set():
    assert run(["-c", LOAD_SETTINGS], **PRODUCTION).returncode == 0


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["-c", LOAD_SETTINGS], **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY skal sættes i produktion" in result.stderr


@pytest.mark.parametrize("key", ["change-me", "dev-only-insecure-key-kkr-sekretariat", "short-but-not-empty"])
def test_production_refuses_a_placeholder_or_short_secret_key(key):
    result = run(["-c", LOAD_SETTINGS], **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY er en pladsholder" in result.stderr and "for kort (mindst 50 tegn)" in result.stderr


def example_values() -> dict[str, str]:
    example = (ROOT / ".env.example").read_text()
    return dict(re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", example, flags=re.MULTILINE))


# The values in .env.example that name the operator's own site, mail or bucket: copied unchanged, they point at
# someone else's. The compose services' addresses (DATABASE_URL, CELERY_BROKER_URL, CACHE_URL) are real as given.
OWN = ["SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"]


@pytest.mark.parametrize("name", OWN)
def test_production_refuses_a_value_copied_from_env_example(name):
    value = example_values()[name]
    result = run(["-c", LOAD_SETTINGS], **{**PRODUCTION, name: value})
    assert result.returncode != 0, f"{name}={value} blev accepteret"
    assert f"{name}" in result.stderr and ".env.example" in result.stderr


def test_production_refuses_the_example_s3_address():
    s3 = {"MEDIA_STORAGE": "s3", "S3_BUCKET": "kkr-media", "S3_ACCESS_KEY_ID": "id", "S3_SECRET_ACCESS_KEY": "key"}
    result = run(["-c", LOAD_SETTINGS], **PRODUCTION, **s3, S3_ENDPOINT_URL=example_values()["S3_ENDPOINT_URL"])
    assert result.returncode != 0 and "S3_ENDPOINT_URL" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    """An operator copies .env.example: a setting missing there is one they never learn of."""
    read = set()
    for module in (ROOT / "kkr").rglob("*.py"):  # kkr/settings.py and its parts in kkr/settings_parts/
        read |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', module.read_text()))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read, "fandt ingen indstillinger i kkr/"
    assert read - listed == set(), f"mangler i .env.example: {sorted(read - listed)}"


def test_the_image_leaves_local_state_and_secrets_out():
    ignored = {line.strip().strip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for path in (".env", ".venv", "db.sqlite3", "media", ".git", "staticfiles"):
        assert path in ignored, f"{path} kommer med i Docker-billedet"


def test_production_refuses_to_start_with_debug_on():
    result = run(["-c", LOAD_SETTINGS], **PRODUCTION, DJANGO_DEBUG="1")
    assert "DJANGO_DEBUG må ikke være slået til i produktion" in result.stderr


def test_manage_py_in_a_checkout_runs_in_dev_mode_without_any_variable():
    result = run(["manage.py", "check"])
    assert result.returncode == 0, result.stderr


CACHE_BACKEND = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup(); "
    "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
)


def test_the_cache_is_redis_with_cache_url_and_each_processs_memory_without():
    """the public pages' cache (kkr/pagecache.py) is shared through Redis in production."""
    redis = run(["-c", CACHE_BACKEND], **PRODUCTION, CACHE_URL="redis://127.0.0.1:6379/1")
    assert redis.stdout.strip() == "kkr.rediscache.RedisCache", redis.stderr  # Django's, its clients reused
    memory = run(["-c", CACHE_BACKEND], **PRODUCTION, CACHE_URL="")
    assert memory.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", memory.stderr


DB_OPTIONS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup(); "
    "from django.conf import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))"
)


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements_unless_turned_off():
    """PostgreSQL plans a statement a connection runs again and again once (the roles query of every
    page); DB_SERVER_SIDE_BINDING=0 turns it off, SQLite has no such option. JIT is off either way
    (tests/test_database_jit.py)."""
    postgres = {**PRODUCTION, "DATABASE_URL": "postgres://kkr@127.0.0.1:5432/kkr"}
    on = run(["-c", DB_OPTIONS], **postgres)
    no_jit = "('options', '-c jit=off')"
    assert on.stdout.strip() == f"[{no_jit}, ('prepare_threshold', 5), ('server_side_binding', True)]", on.stderr
    assert run(["-c", DB_OPTIONS], **postgres, DB_SERVER_SIDE_BINDING="0").stdout.strip() == f"[{no_jit}]"
    assert run(["-c", DB_OPTIONS], **PRODUCTION).stdout.strip() == "[]"


SEVERAL_HOSTS = {
    "MEDIA_STORAGE": "s3",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9",
    "S3_BUCKET": "kkr-media",
    "S3_ACCESS_KEY_ID": "kkr",
    "S3_SECRET_ACCESS_KEY": "kkr-secret",
}


@pytest.mark.parametrize(
    "deployment",
    [{"WEB_CONCURRENCY": "3"}, SEVERAL_HOSTS],
    ids=["three-gunicorn-workers", "hosts-sharing-s3"],
)
def test_production_with_more_than_one_web_process_warns_without_cache_url(deployment):
    """docs/scaling.md: each process would keep its own cache (the API's rate limit counted per process)."""
    alone = run(["manage.py", "check"], **PRODUCTION, **deployment)
    assert alone.returncode == 0, alone.stderr
    assert "(kkr.W001) Mere end én webproces" in alone.stderr and "Sæt CACHE_URL" in alone.stderr
    shared = run(["manage.py", "check"], **PRODUCTION, **deployment, CACHE_URL="redis://127.0.0.1:6379/1")
    assert shared.returncode == 0 and "kkr.W001" not in shared.stderr, shared.stderr


def test_one_web_process_on_its_own_disk_needs_no_shared_cache():
    result = run(["manage.py", "check"], **PRODUCTION, WEB_CONCURRENCY="1")
    assert result.returncode == 0 and "kkr.W001" not in result.stderr, result.stderr


MEDIA_BACKEND = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup(); "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__name__, getattr(s, 'bucket_name', ''))"
)


def test_media_storage_is_the_local_disk_by_default_and_s3_when_asked():
    assert run(["-c", MEDIA_BACKEND], **PRODUCTION).stdout.split() == ["FileSystemStorage"]
    s3 = run(["-c", MEDIA_BACKEND], **PRODUCTION, **SEVERAL_HOSTS)
    assert s3.stdout.split() == ["S3Storage", "kkr-media"], s3.stderr


@pytest.mark.parametrize("missing", ["S3_ENDPOINT_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"])
def test_s3_media_storage_refuses_to_start_without_each_of_its_settings(missing):
    result = run(["-c", LOAD_SETTINGS], **PRODUCTION, **{**SEVERAL_HOSTS, missing: ""})
    assert result.returncode != 0
    assert f"{missing} skal sættes, når MEDIA_STORAGE=s3" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = run(["-c", LOAD_SETTINGS], **PRODUCTION, MEDIA_STORAGE="ftp")
    assert "MEDIA_STORAGE skal være file eller s3, ikke 'ftp'" in result.stderr
