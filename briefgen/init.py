"""``briefgen init DIR``: write a ready project where ``make`` builds.

The project holds ``sources/`` with an example brief, ``templates/`` with a
house template that extends a shipped one, ``handouts/``, ``fonts/`` (house
typefaces go here), a ``Makefile``, a ``.gitignore`` and a short README.  No
existing file is overwritten.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from .diagnostics import BriefError

EXAMPLE = """---
title: "An Example Brief"
subtitle: "What briefgen makes of a page of Markdown"
author: "Policy Unit"
organisation: "Your Organisation"
date: 2026-01-15
language: en
audiences: [house, executive]
summary:
  - "Each brief is one Markdown file; each audience is one template."
  - "`make` builds a PDF and a DOCX for every audience the brief names."
---

## Background

Write the brief in Markdown. Headings, lists, tables and footnotes[^note] become
the same structure in the PDF and in the DOCX.

## Options

| Option | Cost | Risk |
|--------|------|------|
| Do nothing | None | High |
| Act now | Moderate | Low |

## Recommendation

1. Edit `templates/house.yaml` to set your colours and fonts.
2. Put your own typeface files in `fonts/`.

[^note]: Notes go at the foot of the page or at the end, as the template says.
"""

HOUSE = """# The house template: everything not said here comes from briefgen's
# shipped 'default' template (`briefgen templates` lists the others).
name: house
description: "Our house style: the default layout with our colours."
extends: default

colours:
  primary: "#24476B"
  accent: "#A6452B"
"""

MAKEFILE = """# `make` builds every brief in sources/ for each of its audiences into output/.
BRIEFGEN ?= {briefgen}
SOURCES  := $(wildcard sources/*.md)

.PHONY: all check clean
all:
\t$(BRIEFGEN) build $(SOURCES) --output output

check:
\t$(BRIEFGEN) check $(SOURCES)

clean:
\trm -rf output
"""

README = """# Briefs

- `sources/` — one Markdown file per brief; its front matter names its audiences.
- `templates/` — one YAML file per audience; `house.yaml` extends briefgen's `default`.
- `fonts/` — font files (TTF, OTF, TTC) found by family name before the system's.
- `handouts/` — distribution lists for `briefgen handout`.

`make` builds PDF and DOCX files into `output/`; `make check` checks without writing.
"""

FILES = {
    "sources/example.md": EXAMPLE,
    "templates/house.yaml": HOUSE,
    "README.md": README,
    ".gitignore": "output/\n",
    "handouts/.gitkeep": "",
    "fonts/.gitkeep": "",
}


def init_project(folder: Path) -> list[Path]:
    """Write the project into ``folder``; return the files written."""
    if folder.exists() and not folder.is_dir():
        raise BriefError(folder, 0, 0, "not a folder")
    files = dict(FILES)
    files["Makefile"] = MAKEFILE.format(briefgen=_briefgen_command())
    clash = [name for name in files if (folder / name).exists() and name.endswith(
        (".md", ".yaml", "Makefile"))]
    if clash:
        raise BriefError(folder / clash[0], 0, 0, "already exists; briefgen init overwrites "
                         "nothing (choose an empty folder)")
    written = []
    for name, text in files.items():
        path = folder / name
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _briefgen_command() -> str:
    """The command that runs this briefgen (the script next to this Python, if any)."""
    script = Path(sys.executable).with_name("briefgen")
    if script.is_file():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m briefgen"


def cmd_init(args) -> int:
    """``briefgen init DIR``."""
    written = init_project(args.folder)
    for path in written:
        print(f"  wrote {path}")
    print(f"ready: cd {shlex.quote(str(args.folder))} && make")
    return 0


def cmd_fonts(args) -> int:
    """``briefgen fonts``: every family found, its kind, faces and folder."""
    from . import fonts

    lib = fonts.library()
    print("searched, in order: " + ", ".join(str(f) for f in lib.folders))
    for name in lib.names():
        fam = lib.family(name)
        assert fam is not None
        if args.family and fonts.key(" ".join(args.family)) not in fonts.key(name):
            continue
        styles = sorted({f.style for f in fam.faces().values()})
        outline = "CFF" if fam.regular.cff else "TrueType"
        print(f"{name:<32} {fam.kind:<5} {outline:<8} {', '.join(styles):<40} "
              f"{Path(fam.regular.path).parent}")
    return 0
