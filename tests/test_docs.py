"""The README stays in step with the code: every setting is documented as the code has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import SETTINGS, documented

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting) -> None:
    assert documented(setting) in README.splitlines()


def test_readme_names_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
