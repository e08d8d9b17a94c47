"""The strict typed readers of environment variables every part of the settings uses, and the mode.

Dev mode (``KKR_DEV=1``, set by ``make run`` and ``make test``) allows the defaults that run on a fresh
machine; anything else is production, where ``require`` stops start-up with a clear Danish message."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from ``NAME`` or from the file named by ``NAME_FILE`` (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} skal være true/false, ikke {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    try:
        return default if value is None else int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} skal være et heltal, ikke {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (env_str(name, default) or "").split(",") if part.strip()]


def require(name: str, value):
    if not value:
        raise ImproperlyConfigured(
            f"{name} skal sættes i produktion (se .env.example). "
            "Til udvikling: sæt KKR_DEV=1 (make run og make test gør det)."
        )
    return value


DEV_MODE = env_bool("KKR_DEV", False)

# The domain .env.example names the operator's site, mail and bucket with: copied unchanged, a value points at
# someone else's (links in e-mails, the hosts Django answers, where mail and files go).
EXAMPLE_DOMAIN = "example.dk"


def refuse_example(name: str, value) -> None:
    """Production refuses a value left as .env.example gives it."""
    values = value if isinstance(value, list | tuple) else [value]
    if not DEV_MODE and any(EXAMPLE_DOMAIN in (part or "") for part in values):
        raise ImproperlyConfigured(
            f"{name} er eksemplet fra .env.example ({', '.join(filter(None, values))}); sæt jeres egen værdi."
        )
