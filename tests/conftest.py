"""Shared fixtures: small projects built by the real pipeline into temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.build import BuildReport, BuildSettings, build

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://sociaaldomein.example/"


def copy_project(target: Path, extra: dict[str, Path] | None = None) -> Path:
    """A copy of the good fixture project, with extra files placed at relative paths."""
    shutil.copytree(FIXTURES / "good", target, dirs_exist_ok=True)
    for relative, source in (extra or {}).items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target / relative)
    return target


def settings_for(source: Path, instance: Path) -> BuildSettings:
    return BuildSettings(source_dir=source, instance_dir=instance, base_iri=BASE)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def built(tmp_path: Path, project: Path) -> tuple[BuildSettings, BuildReport]:
    settings = settings_for(project, tmp_path / "instance")
    return settings, build(settings)
