"""Publishing a built site: one build at a time per site folder, and the swap that replaces the published folder
whole or not at all (a killed build's leftovers are cleared, and a site caught mid-swap is put back)."""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BuildError


@contextmanager
def publishing(out_dir: Path) -> Iterator[None]:
    """One build at a time per site directory; clear up after a build that was killed.

    A killed build can leave its half-written ``.site-new-*`` directory, or, killed between the two
    renames of the swap, the published site moved aside as ``.site-old-*``: that one is put back.
    """
    with open(out_dir.parent / f".{out_dir.name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build is writing {out_dir}; wait for it to finish") from None
        moved_aside = sorted(out_dir.parent.glob(f".{out_dir.name}-old-*"), key=lambda p: p.stat().st_mtime)
        if not out_dir.exists() and moved_aside:
            moved_aside.pop().rename(out_dir)
        for leftover in [*out_dir.parent.glob(f".{out_dir.name}-new-*"), *moved_aside]:
            shutil.rmtree(leftover, ignore_errors=True)
        yield


def swap_into_place(new: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with ``new``: two renames on one file system, old copy removed after."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    try:
        new.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old)
