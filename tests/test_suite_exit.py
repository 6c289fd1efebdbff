"""The suite's exit status is pytest's own, and a run that breaks while starting never exits 0
(``conftest.py`` ends the process itself, to keep DuckDB's exit noise out of the output)."""

import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).parent / "conftest.py"
LOAD_PROJECT_HOOKS = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("project_conftest", {str(CONFTEST)!r})
project = importlib.util.module_from_spec(spec)
spec.loader.exec_module(project)
pytest_sessionfinish = project.pytest_sessionfinish
pytest_unconfigure = project.pytest_unconfigure
"""


def run_suite(folder: Path, test: str, extra_hooks: str = "") -> subprocess.CompletedProcess:
    (folder / "conftest.py").write_text(LOAD_PROJECT_HOOKS + extra_hooks, encoding="utf-8")
    (folder / "test_one.py").write_text(test, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder),
                           str(folder)], cwd=folder, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("test", "status"), [("def test_ok():\n    pass\n", 0),
                                              ("def test_broken():\n    assert False\n", 1)])
def test_the_exit_status_is_pytests(tmp_path, test, status):
    assert run_suite(tmp_path, test).returncode == status


def test_a_session_that_breaks_while_starting_fails(tmp_path):
    result = run_suite(tmp_path, "def test_ok():\n    pass\n",
                       "\ndef pytest_sessionstart(session):\n    raise RuntimeError('broken at start')\n")
    assert "broken at start" in result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.INTERNAL_ERROR
