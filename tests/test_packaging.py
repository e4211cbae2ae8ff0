"""A wheel carries resources/ (fonts, colour profile, catalogues, schemas), and the
installed package finds it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ropa_desktop.paths import ROOT, resources_dir


def test_data_files_install_every_shipped_resource() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = config["tool"]["setuptools"]["data-files"]
    shipped = {
        str(Path(target) / path.name)
        for target, patterns in data_files.items()
        for pattern in patterns
        for path in ROOT.glob(pattern)
        if path.is_file()
    }
    wanted = {
        str(Path("share/ropa-desktop") / path.relative_to(ROOT / "resources"))
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert wanted - shipped == set(), "add the folder to [tool.setuptools.data-files]"


def test_a_checkout_reads_resources_beside_the_package() -> None:
    assert resources_dir() == ROOT / "resources"


def test_an_installed_package_reads_them_where_the_wheel_put_them(tmp_path: Path) -> None:
    # No resources/ beside the package (site-packages): the installed copy is used.
    found = resources_dir(tmp_path)
    assert found != tmp_path / "resources"
    assert found.name == "ropa-desktop" and found.parent.name == "share"
    (tmp_path / "resources").mkdir()  # some other project's folder of that name
    assert resources_dir(tmp_path) != tmp_path / "resources"
