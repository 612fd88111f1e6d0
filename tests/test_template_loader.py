"""Templates are validated data: errors name file, line and key; extends merges deeply."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.diagnostics import BriefError
from briefgen.template.loader import TEMPLATE_DIR, available, load_template

SHIPPED = ("default", "exam", "executive", "legal", "public")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_templates_load() -> None:
    assert set(SHIPPED) <= set(available())
    for name in SHIPPED:
        template = load_template(name)
        assert template.name == name and template.description
        assert template.path == (TEMPLATE_DIR / f"{name}.yaml").resolve()


def test_lengths_units_and_deep_merge(tmp_path: Path) -> None:
    write(tmp_path, "base", "name: base\ndescription: d\npage: {size: Letter, margins: {top: 1in,"
          " left: 20mm}}\nfonts: {size: 11}\n")
    write(tmp_path, "child", "extends: base\nname: child\ndescription: c\n"
          "page: {margins: {top: 36}}\nheadings: {numbered: true}\n")
    t = load_template("child", (tmp_path,))
    assert t.page.size == "Letter" and t.page.margins.top == 36.0
    assert t.page.margins.left == pytest.approx(20 * 72 / 25.4)
    assert t.fonts.size == 11.0 and t.headings.numbered
    assert [p.name for p in t.inputs] == ["child.yaml", "base.yaml"]


@pytest.mark.parametrize(("text", "message"), [
    ("name: x\ndescription: d\nfonst: {}\n",
     "3:1: error: unknown template key 'fonst' (did you mean 'fonts'?)"),
    ("name: x\ndescription: d\npage:\n  size: A5\n",
     "4:9: error: 'page.size' must be one of 'A4', 'Letter', not 'A5'"),
    ("name: x\ndescription: d\ncolours: {primary: blue}\n",
     "3:20: error: 'colours.primary' must be a colour '#RRGGBB', not 'blue'"),
    ("name: x\ndescription: d\npage: {margins: {top: wide}}\n",
     "3:23: error: 'page.margins.top' must be a length such as 25mm, 1in, 12pt or a number of "
     "points, not 'wide'"),
    ("name: x\ndescription: d\ntoc: {enabled: yes please}\n",
     "3:16: error: 'toc.enabled' must be true or false, not 'yes please'"),
    ("name: x\ndescription: d\nopening: {logo: missing.png}\n",
     "3:17: error: 'opening.logo': file not found: missing.png"),
    ("name: x\ndescription: d\nextends: defalt\n",
     "3:10: error: unknown template 'defalt' in 'extends' (did you mean 'default'?)"),
    ("name: x\n  description: d\n", "2:14: error: YAML syntax error"),
])
def test_bad_template(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "bad", text)
    with pytest.raises(BriefError) as caught:
        load_template("bad", (tmp_path, TEMPLATE_DIR))
    assert str(caught.value).startswith(f"{path}:{message}")


def test_extends_loop(tmp_path: Path) -> None:
    write(tmp_path, "a", "name: a\ndescription: d\nextends: b\n")
    write(tmp_path, "b", "name: b\ndescription: d\nextends: a\n")
    with pytest.raises(BriefError, match="template 'extends' loop: a -> b -> a"):
        load_template("a", (tmp_path,))


def test_no_code_runs_from_yaml(tmp_path: Path) -> None:
    write(tmp_path, "evil", "name: evil\ndescription: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(BriefError):
        load_template("evil", (tmp_path,))
