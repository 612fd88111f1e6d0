"""Where a block of the tagged PDF came from: the names of the ``UserProperties``
entries the PDF writer puts on each structure element (``briefgen.pdf.structure``) and
``briefgen verify`` reads back (``briefgen.readback``) to name a block's source line.

A module of its own so the writer does not load the reader's libraries, nor the
reader the writer's."""

LINE_PROPERTY = "source line"
"""Name of the UserProperties entry that carries a block's source line."""
PATH_PROPERTY = "source file"
"""… the file it was written in, when not the brief (an included part, a CSV file)."""
MADE_PROPERTY = "made by the template"
"""… what the template made the block as, when no source line wrote it ("contents")."""
