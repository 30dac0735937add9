"""Docs directory assembly, the MkDocs build, and the atomic swap into the published site directory.

A build either replaces ``site/`` completely or leaves it exactly as it was: MkDocs writes into a
temporary sibling directory, which is renamed into place only when every step succeeded.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .errors import BuildError, DataError, Problem, display_path
from .outdir import MARKER, project_folders, publish_permissions, replaceable_dir, work_dir_check
from .render.bundle import Bundle
from .render.docs import generate, site_files
from .render.routes import HOME
from .store import load_store

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
CONTENT = ROOT / "content"


@dataclass
class Generated:
    written: list[str]
    removed: list[str]
    unchanged: int
    bundle: Bundle | None = None  # the plotly.js shipped, when some page has a chart
    unpictured: list[str] = field(default_factory=list)  # charts without a static picture, and why


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


ENGINES = ("mkdocs", "zensical")
ENGINE_OUT = "out"  # where Zensical writes, inside the config's folder (it refuses a site_dir outside it)


def mkdocs_config(work_dir: Path, docs_dir: Path) -> Path:
    """A config in ``work_dir`` that inherits mkdocs.yml; MkDocs and Zensical both read it.

    Paths are relative to the config's folder (Zensical refuses a site_dir outside it, and fails on an
    absolute docs_dir under INHERIT); the theme overrides and MkDocs' hooks are named absolutely, as INHERIT
    does not move them.
    """
    config = work_dir / "mkdocs.yml"
    text = (
        "# Written by `python -m generator build`; edit mkdocs.yml instead.\n"
        f"INHERIT: {CONFIG.as_posix()}\n"
        f"docs_dir: {os.path.relpath(docs_dir.resolve(), work_dir.resolve())}\n"
        f"site_dir: {ENGINE_OUT}\n"
        "theme:\n"
        f"  custom_dir: {(ROOT / 'theme').as_posix()}\n"
        "hooks:\n"
        f"  - {(ROOT / 'generator' / 'mkdocs_hooks.py').as_posix()}\n"
    )
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return config


def run_engine(engine: str, config: Path, site_dir: Path) -> None:
    """Build the site of ``config`` into ``site_dir`` (an empty folder) with MkDocs or Zensical, strictly."""
    if engine == "zensical":
        run_zensical(config, site_dir)
    else:
        run_mkdocs(config, site_dir)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def run_child(command: list[str], **options: Any) -> subprocess.CompletedProcess:
    """Run the engine, and stop it whenever the build is interrupted: a SIGTERM or Ctrl-C that arrives while
    the child is being started is held until we have its handle (subprocess.run would leave it running),
    and the child itself starts with the signals unblocked."""
    process = None
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS),
                                       **options)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # a held signal is raised here
        stdout, stderr = process.communicate()
    except BaseException:
        if process is not None:
            process.kill()
            process.wait()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def run_mkdocs(config: Path, site_dir: Path) -> None:
    # Not --quiet: it raises the log level above WARNING, and strict mode then counts no warnings.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = run_child(command, env=env)
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                            if line.startswith(("WARNING", "ERROR", "Aborted", "Error", "Config")))
        raise BuildError(f"mkdocs build --strict failed:\n{output}")


def run_zensical(config: Path, site_dir: Path) -> None:
    """Zensical builds into ``out/`` beside the config; the result is moved into ``site_dir``."""
    if importlib.util.find_spec("zensical") is None:
        raise BuildError("zensical is not installed; `make install` installs it from requirements.lock, or build "
                         "with --engine mkdocs")
    out = config.parent / ENGINE_OUT
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)]
    result = run_child(command, cwd=config.parent,
                            env={**os.environ, "NO_COLOR": "1"})
    if result.returncode != 0 or not (out / "index.html").is_file():
        output = "\n".join(line for line in _plain(result.stdout + result.stderr).splitlines()
                            if re.search(r"warning|error|abort", line, re.I) and not line.startswith(" "))
        raise BuildError(f"zensical build --strict failed:\n{output or result.stderr.strip()[-2000:]}")
    try:
        os.replace(out, site_dir)  # site_dir is an empty folder on the same file system, usually
    except OSError:
        shutil.copytree(out, site_dir, dirs_exist_ok=True)
        shutil.rmtree(out)


def _plain(text: str) -> str:
    """Terminal colour codes removed."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def staging_dir(work_dir: Path, out_dir: Path) -> Path:
    """This site's own folder under the working directory: builds of other sites never share it."""
    key = hashlib.sha256(out_dir.as_posix().encode()).hexdigest()[:12]
    return work_dir / f"site-{key}"


def build(data_dir: Path, out_dir: Path, work_dir: Path, *, archive_dir: Path | None = None,
          engine: str = "mkdocs") -> Generated:
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
        generated = _write_site(data_dir, archive_dir, docs_dir)
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


def generate_docs(data_dir: Path, out_dir: Path, *, archive_dir: Path | None = None) -> Generated:
    """Validate, then write the Markdown pages, assets and content/ into ``out_dir`` for any engine to build.

    ``out_dir`` must be missing, empty or a folder this command wrote; it is kept in step (stale files removed).
    """
    out_dir = replaceable_dir(out_dir, "--out", project_folders(data_dir, archive_dir, CONTENT), DOCS_MARKER)
    marker = (DOCS_MARKER, "Written by `python -m generator generate`; the next run keeps this folder in step.\n")
    return _write_site(data_dir, archive_dir, out_dir, [marker])


def _write_site(data_dir: Path, archive_dir: Path | None, docs_dir: Path,
                extra: Iterable[tuple[str, str]] = ()) -> Generated:
    """The site's files (and ``extra``) written into ``docs_dir``, with what the build reports about them."""
    files, bundle, unpictured = site_files(data_dir, archive_dir)
    generated = write_docs(itertools.chain(files, extra), docs_dir)
    generated.bundle, generated.unpictured = bundle, unpictured
    return generated


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


def regenerate(data_dir: Path, docs_dir: Path) -> list[Problem]:
    """Rewrite the docs directory from the data; on bad data, leave it as it is and return the problems."""
    try:
        store = load_store(data_dir)
    except DataError as exc:
        return exc.problems
    write_docs(generate(store), docs_dir)
    return []


def serve(data_dir: Path, work_dir: Path, dev_addr: str, report: Callable[[list[Problem]], None]) -> None:
    """Live preview: regenerate on changes to data/ and content/; MkDocs rebuilds and reloads the browser.

    A data error is reported and the last good pages stay up; the server keeps running.
    """
    work_dir = work_dir_check(work_dir, project_folders(data_dir, CONTENT))
    own = work_dir / f"serve-{dev_addr.replace(':', '-').replace('/', '-')}"  # a build never shares it
    own.mkdir(parents=True, exist_ok=True)
    docs_dir = own / "docs"
    with open(own / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another preview is already serving {dev_addr}; stop it or pass --dev-addr") from None
        _serve(data_dir, docs_dir, mkdocs_config(own, docs_dir), dev_addr, report)


def _regenerate_reporting(data_dir: Path, docs_dir: Path, report: Callable[[list[Problem]], None]) -> None:
    """Regenerate for the watcher: every failure is reported, and the watcher keeps watching."""
    try:
        report(regenerate(data_dir, docs_dir))
    except Exception as exc:  # noqa: BLE001 - the watcher thread must survive whatever goes wrong in one run
        where = exc.filename if isinstance(exc, OSError) and exc.filename else display_path(data_dir)
        report([Problem(str(where), 1, 1, f"could not regenerate the pages ({type(exc).__name__}: {exc})")])


def _serve(data_dir: Path, docs_dir: Path, config: Path, dev_addr: str,
           report: Callable[[list[Problem]], None]) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    problems = regenerate(data_dir, docs_dir)
    report(problems)
    if problems and not (docs_dir / HOME).is_file():
        raise BuildError("no pages to serve until the data validates")

    class Regenerate(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # noqa: ANN001 - watchdog's event type
            if event.event_type in ("created", "modified", "deleted", "moved") and not event.is_directory:
                _regenerate_reporting(data_dir, docs_dir, report)

    observer = Observer()
    for folder in (data_dir, CONTENT):
        if folder.is_dir():
            observer.schedule(Regenerate(), str(folder), recursive=True)
    observer.start()
    try:
        mkdocs_serve(str(config), livereload=True, watch_theme=True, dev_addr=dev_addr)
    finally:
        observer.stop()
        observer.join()
