"""The benchmark harness (scripts/bench.py) runs end to end at a tiny N.

It builds our site and the baseline, measures the floors and validate.py, and
(unless Chromium is missing) the catalogue in the browser; the figures
themselves are not checked, only that every part ran and reported them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import CHROMIUM, ROOT


def test_bench_quick_runs_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    args = [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--json", str(out), "--workdir", str(tmp_path / "work")]
    browser = Path(CHROMIUM).exists()
    if not browser:
        args.append("--no-browser")
    result = subprocess.run(args, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    data = json.loads(out.read_text(encoding="utf-8"))

    assert {"command", "machine", "practices", "validate", "catalogue", "serve", "targets"} <= set(data)
    assert data["machine"]["nproc"] and data["machine"]["python"]

    (run,) = data["practices"]
    assert run["generated"]["practices"] == 3 and run["generated"]["versions"] >= 3
    for key in ("ours", "baseline"):
        assert run[key]["returncode"] == 0
        assert run[key]["wall_s"] > 0 and run[key]["max_rss_mb"] > 0 and run[key]["site_mb"] > 0
    assert run["floor"]["versions"] == run["generated"]["versions"] and run["floor"]["seconds"] > 0
    assert run["ratios"]["ours_vs_baseline_wall"] > 0

    assert len(data["validate"]) == 2
    for v in data["validate"]:
        assert v["validate_raw_s"] > 0 and v["floor_in_process_s"] > 0 and v["files"] > 0

    (cat,) = data["catalogue"]
    assert cat["build"]["returncode"] == 0
    assert cat["bytes"]["gzip_kb"] > 0 and any(f["file"].endswith("catalogue.json") for f in cat["bytes"]["files"])
    if browser:
        assert cat["browser"]["first_render"]["ready_ms"]["median"] > 0
        assert cat["browser"]["filter"]["changes"] >= 1
        assert cat["browser"]["search"]["status"]

    names = [t["target"] for t in data["targets"]]
    assert any("vs tuned baseline" in n for n in names) and any("validate" in n for n in names)
