"""The package layout holds: no import cycle among first-party modules (imports inside functions counted), every
module imports on its own in a fresh interpreter, and the import-linter contracts in pyproject.toml are kept."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench import imports

ROOT = Path(__file__).resolve().parent.parent


def test_there_is_no_import_cycle():
    graph = imports.build()
    assert imports.cycles(graph) == []
    assert len(graph.modules) > 50  # the walk found the packages


def test_the_import_contracts_are_kept():
    done = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def _import_alone(module: str) -> str | None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    return None if done.returncode == 0 else f"{module}: {done.stderr.strip().splitlines()[-1]}"


@pytest.mark.slow
def test_every_module_imports_on_its_own():
    # Scripts run by others, not imported: `python -m service` runs the CLI, Alembic runs env.py in its context.
    scripts = {"service.__main__", "service.storage.migrations.env"}
    modules = sorted(set(imports.build().modules) - scripts)
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for f in pool.map(_import_alone, modules) if f]
    assert failures == []
