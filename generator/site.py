"""Docs directory assembly and the build: generate, run the engine (engines.py), swap into place (publish.py).

A build either replaces ``site/`` completely or leaves it exactly as it was: MkDocs writes into a
temporary sibling directory, which is renamed into place only when every step succeeded.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .engines import mkdocs_config, run_engine
from .errors import BuildError
from .outdir import MARKER, project_folders, publish_permissions, replaceable_dir, work_dir_check
from .publish import publishing, swap_into_place
from .render.bundle import Bundle
from .settings import Settings
from .render.docs import site_files

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@dataclass
class Generated:
    written: list[str]
    removed: list[str]
    unchanged: int
    bundle: Bundle | None = None  # the plotly.js shipped, when some page has a chart
    unpictured: list[str] = field(default_factory=list)  # charts without a static picture, and why
    undrawn: str = ""  # characters the shared-link cards draw as boxes: no installed font has them


def write_docs(files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], docs_dir: Path,
               content_dir: Path = CONTENT) -> Generated:
    """Make ``docs_dir`` hold exactly the generated files plus ``content/``, touching only what changed.

    Files arrive one at a time (a large site is never held whole) and changed ones are written beside
    their targets; only when every file has arrived do they replace the old ones and stale ones go, so a
    failure part way leaves ``docs_dir`` as it was.
    """
    content = {path.relative_to(content_dir).as_posix(): path
               for path in sorted(content_dir.rglob("*")) if path.is_file()} if content_dir.is_dir() else {}
    result = Generated([], [], 0)
    wanted: set[str] = set()
    pending: list[tuple[Path, Path, str]] = []  # (written beside, target, name)

    def put(name: str, data: bytes) -> None:
        wanted.add(name)
        target = docs_dir / name
        if target.is_file() and target.read_bytes() == data:
            result.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        beside = target.with_name(f".{target.name}.new")  # a dot file: neither engine reads it
        try:
            beside.write_bytes(data)
        except OSError as exc:
            exc.filename = str(target)  # the file the reader knows, not its temporary neighbour
            raise
        pending.append((beside, target, name))

    docs_dir.mkdir(parents=True, exist_ok=True)
    try:
        for name, text in (files.items() if isinstance(files, Mapping) else files):
            if name in content:
                raise BuildError(f"content/{name} and a generated page have the same path; rename the hand-written page")
            put(name, text.encode("utf-8") if isinstance(text, str) else text)
        for name, path in content.items():
            put(name, path.read_bytes())
    except BaseException:
        for beside, _, _ in pending:
            beside.unlink(missing_ok=True)
        _remove_empty_dirs(docs_dir)
        raise
    for beside, target, name in sorted(pending, key=lambda p: p[2]):
        os.replace(beside, target)
        result.written.append(name)
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        name = path.relative_to(docs_dir).as_posix()
        if path.is_file() and name not in wanted:
            path.unlink()
            result.removed.append(name)
    _remove_empty_dirs(docs_dir)
    return result


def _remove_empty_dirs(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def staging_dir(work_dir: Path, out_dir: Path) -> Path:
    """This site's own folder under the working directory: builds of other sites never share it."""
    key = hashlib.sha256(out_dir.as_posix().encode()).hexdigest()[:12]
    return work_dir / f"site-{key}"


def build(data_dir: Path, out_dir: Path, work_dir: Path, *, archive_dir: Path | None = None,
          engine: str = "mkdocs", settings: Settings | None = None) -> Generated:
    """Validate → generate → MkDocs (or Zensical) build into a temporary directory → swap into ``out_dir``.

    ``out_dir`` is replaced only if it is missing, empty or a site this tool built; the generated
    pages go into a folder of ``work_dir`` that belongs to this output directory alone.
    """
    protected = project_folders(data_dir, archive_dir, CONTENT)
    out_dir = replaceable_dir(out_dir, "--out", protected | project_folders(work_dir))
    work_dir = work_dir_check(work_dir, protected | project_folders(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with publishing(out_dir):
        replaceable_dir(out_dir, "--out", protected)  # again, now that no other build can be writing it
        own = staging_dir(work_dir, out_dir)
        own.mkdir(parents=True, exist_ok=True)
        docs_dir = own / "docs"
        generated = _write_site(data_dir, archive_dir, docs_dir, settings or Settings.from_environment())
        config = mkdocs_config(own, docs_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
        try:
            run_engine(engine, config, staging)
            (staging / MARKER).write_text("Built by `python -m generator build`; the next build replaces this "
                                          "folder whole.\n", encoding="utf-8")
            publish_permissions(staging)
            swap_into_place(staging, out_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return generated


DOCS_MARKER = ".factsheet-docs"  # in a docs folder `generate --out` wrote; engines skip dot files


def generate_docs(data_dir: Path, out_dir: Path, *, archive_dir: Path | None = None,
                  settings: Settings | None = None) -> Generated:
    """Validate, then write the Markdown pages, assets and content/ into ``out_dir`` for any engine to build.

    ``out_dir`` must be missing, empty or a folder this command wrote; it is kept in step (stale files removed).
    """
    out_dir = replaceable_dir(out_dir, "--out", project_folders(data_dir, archive_dir, CONTENT), DOCS_MARKER)
    marker = (DOCS_MARKER, "Written by `python -m generator generate`; the next run keeps this folder in step.\n")
    return _write_site(data_dir, archive_dir, out_dir, settings or Settings.from_environment(), [marker])


def _write_site(data_dir: Path, archive_dir: Path | None, docs_dir: Path, settings: Settings,
                extra: Iterable[tuple[str, str]] = ()) -> Generated:
    """The site's files (and ``extra``) written into ``docs_dir``, with what the build reports about them."""
    files, bundle, unpictured, undrawn = site_files(data_dir, archive_dir, settings)
    generated = write_docs(itertools.chain(files, extra), docs_dir)
    generated.bundle, generated.unpictured, generated.undrawn = bundle, unpictured, undrawn
    return generated


