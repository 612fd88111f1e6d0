"""The user's cache folder and safe writes into it (fonts, hyphenation patterns).

Everything cached is derived from a file on disk and keyed by that file's path,
modification time and size, so a stale entry is never read.  Files are written to a
temporary name and renamed into place, so parallel builds never see half a file; a
cache that cannot be written (read-only home) is simply not kept.
``BRIEFGEN_CACHE_DIR`` moves the cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """The user's cache folder for briefgen (XDG on Linux, ~/Library/Caches on
    macOS, %LOCALAPPDATA% on Windows); ``BRIEFGEN_CACHE_DIR`` overrides it."""
    override = os.environ.get("BRIEFGEN_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "briefgen"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so no reader ever sees a partial file.  A cache
    that cannot be written (read-only home) is simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        return


def file_key(path: Path, *extra: object) -> str:
    """A name for what is derived from ``path`` as it is now (and ``extra``)."""
    st = path.stat()
    raw = "\0".join(map(str, (path.resolve(), st.st_mtime_ns, st.st_size, *extra)))
    return hashlib.sha1(raw.encode()).hexdigest()
