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
