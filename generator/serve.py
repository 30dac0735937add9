"""`serve`: a live preview that regenerates the pages when the data or content change; MkDocs rebuilds and
reloads the browser. A data error is reported and the last good pages stay up."""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path
from typing import Callable

from .engines import mkdocs_config
from .errors import BuildError, DataError, Problem, display_path
from .outdir import project_folders, work_dir_check
from .render.docs import generate
from .render.routes import HOME
from .site import CONTENT, write_docs
from .store import load_store


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


QUIET = 0.3  # seconds without a file event after which a save is taken as done


class Coalesce:
    """Runs ``action`` once for a burst of pokes: when QUIET seconds pass without one. An editor's save arrives as
    several file events (a temporary file written, renamed, the folder touched): one save, one regeneration.
    Pokes during a run make one more run after it."""

    def __init__(self, action: Callable[[], None], quiet: float = QUIET):
        self._action, self._quiet = action, quiet
        self._poked, self._stopped = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="regenerate", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        self._poked.set()

    def stop(self) -> None:
        self._stopped.set()
        self._poked.set()
        self._thread.join()

    def _run(self) -> None:
        while self._poked.wait() and not self._stopped.is_set():
            self._poked.clear()
            while self._poked.wait(self._quiet):  # another event of the same save: wait for the quiet again
                if self._stopped.is_set():
                    return
                self._poked.clear()
            self._action()


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

    runs = Coalesce(lambda: _regenerate_reporting(data_dir, docs_dir, report))

    class Regenerate(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # noqa: ANN001 - watchdog's event type
            if event.event_type in ("created", "modified", "deleted", "moved") and not event.is_directory:
                runs.poke()

    observer = Observer()
    for folder in (data_dir, CONTENT):
        if folder.is_dir():
            observer.schedule(Regenerate(), str(folder), recursive=True)
    runs.start()
    observer.start()
    try:
        mkdocs_serve(str(config), livereload=True, watch_theme=True, dev_addr=dev_addr)
    finally:
        observer.stop()
        observer.join()
        runs.stop()
