"""Write output files so that nothing a user wrote is lost and no half-written file is left."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OrgsimError


def write_new_text(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` through a temporary file in the same folder and os.replace.

    An existing file is replaced only with `force`, because it may be the user's own work.
    """
    if path.is_dir():
        raise OrgsimError(f"{path}: is a folder; give a file name for the output")
    if path.exists() and not force:
        raise OrgsimError(f"{path} already exists; choose another output file, or add --force "
                          "to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OrgsimError(f"{path}: the folder {folder} does not exist; create it first")
    try:
        replace_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise OrgsimError(f"{path}: cannot write in {folder} ({exc.strerror})") from None


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def replace_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    Readers see the old file or the new one, never half of one; the temporary file is removed if
    anything fails. The caller decides whether `path` may be replaced.
    """
    folder = path.parent if str(path.parent) else Path(".")
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the mode a plainly written file would
        # have (the umask's), or keep the mode of the file it replaces.
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
