"""The DOCX writer: a :class:`briefgen.model.Document` laid out by a template.

Only :func:`render_docx` is public.  Modules, as in pandoc's Docx writer:

=============  ===========================================================
``writer``     the entry point, in phases
``package``    base document, core properties, reproducible zip
``styles``     named Word styles from the template
``context``    read-only ``Ctx``, accumulator ``State``, bookmark names
``blocks``     one renderer per block type
``inlines``    one renderer per inline type
``tables``     tables, recommendations register, callout boxes
``images``     pictures with alt text, fitted to the page
``numbering``  list definitions, one ``w:num`` per list
``footnotes``  Word footnotes or an endnotes section
``fields``     PAGE, NUMPAGES and the pre-filled TOC
``running``    page set-up, header, footer, classification banner
``opening``    title block, cover, key points
``oxml``       every raw lxml element builder
=============  ===========================================================
"""

from .writer import render_docx

__all__ = ["render_docx"]
