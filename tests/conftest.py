"""Every test runs in the same locale: the command line words a usage error met before any rubric is read in the
locale's language (docs/cli.md), so a developer's zh_CN.UTF-8 must not change what the tests see."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
