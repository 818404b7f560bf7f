"""The soak in its short form: ``scripts/soak.py`` for 10 s against ``coalition serve``.

64 concurrent connections send a mix of list, detail, search, facet and export requests
(plus conditional and deliberately bad ones); the figures are printed whatever pytest's
capture setting. The long form (60 s, or more) is in the README.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SECONDS = 10
CONNECTIONS = 64
MAX_GROWTH = 0.10


def test_short_soak(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "soak.json"
    cmd = [
        sys.executable,
        "scripts/soak.py",
        f"--seconds={SECONDS}",
        f"--connections={CONNECTIONS}",
        f"--max-growth={MAX_GROWTH}",
        f"--json={out}",
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=SECONDS + 120, check=False)
    with capsys.disabled():
        print(f"\n{done.stdout.strip()}", flush=True)
    assert out.exists(), done.stderr[-4000:]
    report = json.loads(out.read_text())
    assert report["requests"] > 0
    assert report["errors"] == 0, report["error_samples"]
    assert set(report["statuses"]) <= {"200", "304", "404", "422"}, report["statuses"]
    assert {"list", "detail", "search", "facet", "export"} <= set(report["by_kind"])
    assert report["rss_growth"] < MAX_GROWTH, report
    assert done.returncode == 0, done.stderr[-4000:]
