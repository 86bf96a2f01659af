"""The direction of dependencies (docs/CONTRIBUTING.md): apps stand on the ones below
them, each app's models import on their own, and imports sit at the top of modules."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "officers", "posts", "inbox", "metrics", "federation", "accessibility"]


def test_the_import_contract_holds():
    result = subprocess.run([Path(sys.executable).parent / "lint-imports", "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("app", APPS)
def test_each_apps_models_import_on_their_own(app):
    code = f"import django; django.setup(); import {app}.models"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


def imports_inside_functions(path):
    """(line, text) of every import inside a function, but in AppConfig.ready and those
    that say why: a comment on the line, or on the line above their block of imports."""
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.name == "ready" and path.name == "apps.py":
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                line = lines[inner.lineno - 1]
                above = inner.lineno - 2
                while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                    above -= 1
                if "#" not in line and not lines[above].strip().startswith("#"):
                    found.append((inner.lineno, line.strip()))
    return found


def test_imports_sit_at_the_top_of_modules():
    offenders = {
        str(path.relative_to(ROOT)): found
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and (found := imports_inside_functions(path))
    }
    assert offenders == {}


def test_the_check_finds_an_import_inside_a_function(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def view():\n    from posts.models import Post\n    return Post\n\n\n"
                      "def told():\n    # why\n    import a\n    import b\n")
    assert imports_inside_functions(module) == [(2, "from posts.models import Post")]
