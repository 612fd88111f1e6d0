"""Handouts: per-recipient copies of a brief, stamped, optionally encrypted, with a manifest.

A distribution list (``handouts/<name>.yaml``) names the brief, the template
and the recipients.  The brief is laid out ONCE; each copy is that PDF with a
stamp overlay ("Prepared for NAME, ORGANISATION · Copy n of N · date") on every
page, drawn as real text and marked as an /Artifact so the copy stays tagged.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import secrets
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import yaml

from . import yamlread

from .assemble import assemble
from .build import TemplateCache, write_atomic
from .diagnostics import BriefError, Reporter, did_you_mean
from .pdf.structure import fix_fonts
from .reader import read_brief
from .template.model import Handout, Template

LIST_KEYS = ("brief", "template", "date", "recipients", "title")
RECIPIENT_KEYS = ("name", "organisation", "copies", "password")


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    organisation: str
    copies: int = 1
    password: str | None = None


@dataclass(frozen=True, slots=True)
class DistributionList:
    path: Path
    brief: Path
    template: str
    date: dt.date
    recipients: tuple[Recipient, ...]


def read_list(path: Path, today: dt.date) -> DistributionList:
    """Validate a distribution list; errors name the line of the bad entry."""
    try:
        node = yamlread.compose(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise BriefError(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                         f"YAML syntax error: {exc.problem}") from None
    except OSError as exc:
        raise BriefError(path, 0, 0, f"cannot read: {exc.strerror}") from None
    if not isinstance(node, yaml.MappingNode):
        raise BriefError(path, 1, 1, "a distribution list must be a YAML mapping")
    data = _mapping(path, node, LIST_KEYS)
    for key in ("brief", "template", "recipients"):
        if key not in data:
            raise BriefError(path, 1, 1, f"distribution list has no '{key}'")
    brief = (path.parent / str(data["brief"][0])).resolve()
    date = data["date"][0] if "date" in data else today
    if not isinstance(date, dt.date):
        _bad(path, data["date"][1], "'date' must be an ISO date")
    rec_node = data["recipients"][1]
    if not isinstance(rec_node, yaml.SequenceNode) or not rec_node.value:
        _bad(path, rec_node, "'recipients' must be a non-empty list")
    recipients = tuple(_recipient(path, n) for n in rec_node.value)
    return DistributionList(path, brief, str(data["template"][0]), date, recipients)


def _mapping(path: Path, node: yaml.Node, keys: tuple[str, ...]) -> dict[str, tuple[object, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        _bad(path, node, "expected 'key: value' lines")
    out: dict[str, tuple[object, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in keys:
            _bad(path, key_node, f"unknown key '{key}'{did_you_mean(key, keys)}")
        if isinstance(value_node, yaml.ScalarNode):
            out[key] = (yaml.SafeLoader("").construct_object(value_node), value_node)
        else:
            out[key] = (None, value_node)
    return out


def _recipient(path: Path, node: yaml.Node) -> Recipient:
    data = _mapping(path, node, RECIPIENT_KEYS)
    if "name" not in data:
        _bad(path, node, "a recipient needs a 'name'")
    copies = data.get("copies", (1, node))[0]
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 1000:
        _bad(path, data["copies"][1], "'copies' must be a whole number from 1 to 1000")
    password = data.get("password", (None, node))[0]
    return Recipient(str(data["name"][0]).strip(), str(data.get("organisation", ("", node))[0]),
                     copies, None if password in (None, "") else str(password))


def _bad(path: Path, node: yaml.Node, message: str) -> None:
    raise BriefError(path, node.start_mark.line + 1, node.start_mark.column + 1, message)


def stamp_text(recipient: Recipient, copy: int, date: dt.date) -> str:
    who = recipient.name + (f", {recipient.organisation}" if recipient.organisation else "")
    return f"Prepared for {who} · Copy {copy} of {recipient.copies} · {date.isoformat()}"


STAMP_SIZE = 7.5
STAMP_INK = (0.13, 0.13, 0.13)
"""Near-black on the white backing box: 16:1, readable over any page (a cover band too)."""


def _backed_text(canvas, font: str, text: str, x: float, y: float = 0.0) -> None:  # noqa: ANN001
    """``text`` at (x, y) on an opaque white box with a thin grey edge, so it reads
    the same whatever lies beneath it."""
    from reportlab.pdfbase import pdfmetrics

    width = pdfmetrics.stringWidth(text, font, STAMP_SIZE)
    pad = 2.5
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.4)
    canvas.rect(x - pad, y - pad - 1.5, width + 2 * pad, STAMP_SIZE + 2 * pad, stroke=1, fill=1)
    canvas.setFillColorRGB(*STAMP_INK)
    canvas.drawString(x, y, text)


def _overlay(size: tuple[float, float], text: str, watermark: str | None, style: Handout) -> bytes:
    """A one-page PDF holding the stamp (and the diagonal watermark) as real text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas as rl_canvas

    from .pdf.fonts import register_family

    font = register_family("DejaVu Sans").regular
    buffer = io.BytesIO()
    canvas = rl_canvas.Canvas(buffer, pagesize=size, invariant=1, pageCompression=0)
    width, height = size
    canvas.setFont(font, STAMP_SIZE)
    canvas.saveState()
    if style.stamp == "margin":
        canvas.translate(16, height / 2)
        canvas.rotate(90)
        _backed_text(canvas, font, text, -pdfmetrics.stringWidth(text, font, STAMP_SIZE) / 2)
    else:
        _backed_text(canvas, font, text, 18, 5)
    canvas.restoreState()
    if watermark:
        canvas.saveState()
        canvas.setFillColorRGB(0.55, 0.55, 0.55)
        canvas.setFillAlpha(0.13)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(52)
        canvas.setFont(font, 34)
        canvas.drawCentredString(0, 0, watermark)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def stamp(pdf: bytes, text: str, watermark: str | None, style: Handout) -> pikepdf.Pdf:
    """``pdf`` with the stamp on every page, wrapped as a pagination artifact."""
    doc = pikepdf.open(io.BytesIO(pdf))
    forms: dict[tuple[float, float], pikepdf.Object] = {}
    for page in doc.pages:
        box = [float(v) for v in page.mediabox]
        size = (box[2] - box[0], box[3] - box[1])
        if size not in forms:
            overlay = pikepdf.open(io.BytesIO(_overlay(size, text, watermark, style)))
            fix_fonts(overlay)  # so the stamped copy still passes PDF/UA-1
            forms[size] = doc.copy_foreign(overlay.pages[0].as_form_xobject())
        name = page.add_resource(forms[size], pikepdf.Name.XObject, prefix="Stamp")
        content = (f"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC q 1 0 0 1 "
                   f"{box[0]:g} {box[1]:g} cm {name} Do Q EMC").encode()
        page.contents_add(pikepdf.Stream(doc, content), prepend=False)
    _stamp_metadata(doc, text)
    return doc


def _stamp_metadata(doc: pikepdf.Pdf, text: str) -> None:
    """The stamp in the metadata too (the page text is an artifact, which screen
    readers skip): XMP ``dc:rights``, and the keywords of both XMP and /Info."""
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:rights"] = text
        keywords = str(meta.get("pdf:Keywords", "") or "")
        meta["pdf:Keywords"] = f"{keywords}; {text}" if keywords else text


@dataclass(slots=True)
class Copy:
    file: str
    recipient: str
    organisation: str
    copy: int
    copies: int
    pages: int
    sha256: str
    encrypted: bool


def make_handouts(list_path: Path, out_root: Path, templates: TemplateCache, reporter: Reporter,
                  today: dt.date) -> list[Path]:
    """Write every copy, the manifest (CSV, JSON) and the zip bundle of one distribution list."""
    from .pdf import render_pdf

    spec = read_list(list_path, today)
    template = templates.get(spec.template, (str(list_path), 1, 1))
    brief = read_brief(spec.brief, spec.template, templates.names, reporter)
    from .citations.authorities import laid_out as paginated_layout

    def layout(doc, final: bool) -> tuple[bytes, dict[str, list[int]]]:  # noqa: ANN001
        marks: dict[str, list[int]] = {}
        pdf = render_pdf(doc, template, reporter if final else Reporter(), tagged=final,
                         mark_pages=marks)
        return pdf, marks

    laid_out = paginated_layout(assemble(brief.document, template), template, layout)[1]
    folder = out_root / "handouts" / list_path.stem
    copies: list[Copy] = []
    written: list[Path] = []
    for recipient in spec.recipients:
        for number in range(1, recipient.copies + 1):
            copy_file, copy = _write_copy(laid_out, spec, template, recipient, number, folder)
            copies.append(copy)
            written.append(copy_file)
    written += _manifest(copies, spec, template, folder)
    return written


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "recipient"


def _write_copy(laid_out: bytes, spec: DistributionList, template: Template,
                recipient: Recipient, number: int, folder: Path) -> tuple[Path, Copy]:
    text = stamp_text(recipient, number, spec.date)
    mark = recipient.name if template.handout.watermark else None
    doc = stamp(laid_out, text, mark, template.handout)
    out = io.BytesIO()
    encryption: pikepdf.Encryption | bool = False
    if recipient.password:
        allow = pikepdf.Permissions(
            accessibility=True, extract=template.handout.allow_copy,
            print_lowres=template.handout.allow_print, print_highres=template.handout.allow_print,
            modify_annotation=False, modify_assembly=False, modify_form=False, modify_other=False)
        encryption = pikepdf.Encryption(user=recipient.password, owner=secrets.token_hex(16),
                                        allow=allow, aes=True, R=6)
    doc.save(out, deterministic_id=not recipient.password, encryption=encryption)
    pages = len(doc.pages)
    data = out.getvalue()
    name = f"{spec.brief.stem}-{_slug(recipient.name)}-copy{number}.pdf"
    path = folder / name
    write_atomic(path, data)
    return path, Copy(name, recipient.name, recipient.organisation, number, recipient.copies,
                      pages, hashlib.sha256(data).hexdigest(), bool(recipient.password))


def _source_commit(path: Path) -> str | None:
    try:
        head = subprocess.run(["git", "-C", str(path.parent), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(path.parent), "status", "--porcelain", "--",
                                str(path)], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if head.returncode != 0:
        return None
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def _manifest(copies: list[Copy], spec: DistributionList, template: Template,
              folder: Path) -> list[Path]:
    common = {"brief": str(spec.brief.name), "template": template.name,
              "source_commit": _source_commit(spec.brief), "date": spec.date.isoformat()}
    rows = [{**vars_of(c), **common} for c in copies]
    fields = list(rows[0]) if rows else []
    csv_buffer = io.StringIO()
    writer = csv.DictWriter(csv_buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_path, json_path = folder / "manifest.csv", folder / "manifest.json"
    write_atomic(csv_path, csv_buffer.getvalue().encode("utf-8"))
    write_atomic(json_path, (json.dumps({**common, "copies": [vars_of(c) for c in copies]},
                                        indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    bundle = folder.parent / f"{folder.name}.zip"
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [c.file for c in copies] + ["manifest.csv", "manifest.json"]:
            info = zipfile.ZipInfo(f"{folder.name}/{name}", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (folder / name).read_bytes())
    write_atomic(bundle, zipped.getvalue())
    return [csv_path, json_path, bundle]


def vars_of(copy: Copy) -> dict[str, object]:
    return {"file": copy.file, "recipient": copy.recipient, "organisation": copy.organisation,
            "copy": copy.copy, "copies": copy.copies, "pages": copy.pages,
            "sha256": copy.sha256, "encrypted": copy.encrypted}
