"""The package: base document, core properties and a reproducible zip.

The base is python-docx's built-in document, or the template's reference
document (its styles, headers and footers kept, its body cleared).  The
thumbnail and Word 2010's ``stylesWithEffects`` part are dropped (one shows
python-docx's picture, the other would shadow our styles in Word 2010).
Core properties come from the front matter; dates from the brief's date, else
``SOURCE_DATE_EPOCH``, else 2000-01-01.  The zip is rewritten with fixed
timestamps, fixed attributes, ``[Content_Types].xml`` first and the other
entries sorted, stored uncompressed so zlib versions cannot change the bytes
(library-pitfalls §6).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..model import Meta

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def base_document(reference: Path | None) -> DocxDocument:
    """A document with an empty body (its final ``w:sectPr`` kept)."""
    document = docx.Document(str(reference)) if reference else docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_rels(document.part.package, RT.THUMBNAIL)
    _drop_rels(document.part, STYLES_WITH_EFFECTS)
    settings = document.settings.element
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)
    if reference is None:
        _word_2013_layout(settings)
    return document


def _word_2013_layout(settings) -> None:  # noqa: ANN001 - CT_Settings
    """Word 2013 layout rules (compatibility mode 15): a table's indent is
    measured to its edge, so boxes line up with the text column."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _drop_rels(owner, reltype: str) -> None:  # noqa: ANN001 - Part or OpcPackage
    for rid, rel in list(owner.rels.items()):
        if rel.reltype == reltype:
            owner.rels.pop(rid)


def document_datetime(meta: Meta) -> dt.datetime:
    """The brief's date at 00:00 UTC, else ``SOURCE_DATE_EPOCH``, else 2000-01-01."""
    if meta.date is not None:
        return dt.datetime(meta.date.year, meta.date.month, meta.date.day, tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return FALLBACK_DATE


def set_core_properties(document: DocxDocument, meta: Meta, language: str,
                        classification: str | None) -> None:
    props = document.core_properties
    author = "; ".join(meta.authors)
    when = document_datetime(meta).replace(tzinfo=None)
    props.title = meta.title
    props.author = author
    props.last_modified_by = author
    props.subject = meta.subtitle or ""
    props.keywords = ", ".join(meta.keywords)
    props.language = language
    props.category = classification or ""
    props.comments = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = when
    props.modified = when


def reproducible_zip(data: bytes) -> bytes:
    """``data`` (a zip) rewritten with fixed metadata and a fixed entry order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name])
    return out.getvalue()


def save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())
