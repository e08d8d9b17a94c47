"""Every third-party package the application imports is declared in ``pyproject.toml`` itself, not only pulled in
by another package: a dependency that stops needing it would otherwise take it out of the lock unnoticed."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_FOLDERS = ("kkr", "members", "meetings", "elections", "appointments", "portal", "api")
FIRST_PARTY = set(APP_FOLDERS) | {"benchmarks", "scripts", "tests"}


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {
        re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in requirements
    }


def _imported_modules(folders) -> dict[str, Path]:
    found = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path)
    return found


def _undeclared(folders, declared) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, path in sorted(_imported_modules(folders).items()):
        if module in FIRST_PARTY or module in sys.stdlib_module_names or module == "__future__":
            continue
        owners = {name.lower().replace("_", "-") for name in distributions.get(module, [])}
        if not owners & declared:
            missing.append(f"{module} ({path.relative_to(ROOT)}; distribution {sorted(owners) or '?'})")
    return missing


def test_the_application_imports_only_declared_runtime_packages():
    assert _undeclared(APP_FOLDERS, _declared()) == []


def test_the_tests_and_tools_import_only_declared_packages():
    assert _undeclared(("tests", "benchmarks", "scripts"), _declared("dev")) == []


def _pins(lock: str) -> dict[str, str]:
    """Each package pinned in a lock file with the text of its entry (``name==version`` and its hashes)."""
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {entry.split("==")[0].lower().replace("_", "-"): entry for entry in entries if "==" in entry.split("\n")[0]}


def test_runtime_and_dev_are_locked_apart_every_pin_with_its_hashes():
    runtime, dev = _pins("runtime.lock"), _pins("dev.lock")
    assert _declared() <= set(runtime), sorted(_declared() - set(runtime))
    assert _declared("dev") <= set(dev), sorted(_declared("dev") - set(dev))
    assert not {"pytest", "ruff", "hypothesis"} & set(runtime)  # the image gets no test or lint tools
    for name, entry in {**runtime, **dev}.items():
        assert "--hash=sha256:" in entry, f"{name} har ingen hash"
    for name, entry in runtime.items():  # dev is constrained by runtime: the same versions
        assert dev[name].split(" ")[0] == entry.split(" ")[0], name


def test_the_image_installs_the_runtime_lock_only_checking_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements/runtime.lock" in dockerfile
    assert "dev.lock" not in dockerfile and "pyproject" not in dockerfile.split("runtime.lock")[0]


def test_i18n_is_danish_literals_with_django_in_danish_and_no_locale_folder():
    from django.conf import settings

    assert settings.USE_I18N and settings.LANGUAGE_CODE == "da"
    assert all(Path(folder).is_dir() for folder in settings.LOCALE_PATHS), settings.LOCALE_PATHS
    assert "LOCALE_PATHS" not in (ROOT / "kkr" / "settings.py").read_text(encoding="utf-8")
