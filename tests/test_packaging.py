"""The built wheel carries the grammar and works without the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_wheel_parses_an_example(tmp_path: Path) -> None:
    """A non-editable install (the wheel, unpacked alone) finds its grammar and scores the example."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("perfscore-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "perfscore/grammar/perfscore.lark" in names
        assert "perfscore/py.typed" in names
        assert "perfscore/parser_tables.json" in names  # the parser, prebuilt: no cache at run time
        assert "perfscore/library/standard.perf" in names  # 引用: the standard indicators
        for template in ("mof-project", "zhengzhou-2021", "jiangmen-2021", "liuyang-2021", "shuozhou-2020",
                         "shijiazhuang-2024"):  # perfscore new --template NAME
            for file in ("rubric.perf", "data.toml", "rubric.tests.toml"):
                assert f"perfscore/library/templates/{template}/{file}" in names, (template, file)
        archive.extractall(tmp_path / "site")
    script = (
        "import perfscore, pathlib, sys;"
        f"assert pathlib.Path(perfscore.__file__).is_relative_to({str(tmp_path / 'site')!r}), perfscore.__file__;"
        f"r = perfscore.load({str(ROOT / 'examples' / 'shuozhou-2020' / 'rubric.perf')!r});"
        f"print(r.evaluate({str(ROOT / 'examples' / 'shuozhou-2020' / 'data.toml')!r}).total);"
        "s = perfscore.compile('总分 5\\n指标 B21 预算执行率 5 { 引用 预算执行率 }');"
        "print(s.evaluate({'预算数': 100, '执行数': 80}).total);"
        "from perfscore import templates;"
        "print(len(templates.files('mof-project')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["80.85", "4.00", "3"]
