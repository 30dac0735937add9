"""Where a command may write: the checks that keep a careless ``--out`` from replacing a user's files.

A build replaces its output directory whole, so it may only replace a directory that is missing,
empty, or a site this tool built (it carries :data:`MARKER`). ``export --out`` may only overwrite a
file that is an earlier export. No output may land in, or replace a folder holding, the data, the
hand-written pages, the theme, the generator or the archive of sources.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageProblem, display_path

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".factsheet-site"  # written into every site a build publishes
IMAGES_MARKER = ".factsheet-images"  # written into the folder `diff --images` fills
# The files every site built before the marker existed has; such a site may be replaced too.
LEGACY_SITE_FILES = ("index.html", "search/search_index.json", "data/datapackage.json")


def project_folders(*extra: Path | None) -> dict[Path, str]:
    """The folders no output may land in or replace, with what they hold."""
    folders = {
        (ROOT / name).resolve(): what for name, what in (
            ("data", "the fact data"), ("content", "the hand-written pages"), ("theme", "the theme"),
            ("generator", "the generator's code"), ("tests", "the tests"), (".git", "the git repository"))
    }
    for folder in extra:
        if folder is not None:
            folders.setdefault(folder.resolve(), "your files")
    return folders


def _refuse_overlap(target: Path, option: str, protected: dict[Path, str]) -> None:
    """Refuse a target inside a protected folder, or one that contains a protected folder or this project."""
    for folder, what in protected.items():
        if target == folder or folder.is_relative_to(target):
            raise UsageProblem(f"{option} {display_path(target)} would replace {display_path(folder)} ({what}); "
                               "choose a new folder for the output, such as site/")
        if target.is_relative_to(folder):
            raise UsageProblem(f"{option} {display_path(target)} is inside {display_path(folder)} ({what}); "
                               "choose a folder outside it")
    for keep in (ROOT, Path.cwd().resolve(), Path.home().resolve()):
        if keep.is_relative_to(target):
            raise UsageProblem(f"{option} {display_path(target)} would replace {display_path(keep)} and everything in "
                               "it; choose a new folder for the output, such as site/")


def _resolve(path: Path, option: str) -> Path:
    if str(path).strip() == "" or str(path) == ".":
        raise UsageProblem(f"{option} needs a path of its own, such as site/, not the current folder")
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:  # a symbolic-link loop
        raise UsageProblem(f"{option} {path}: cannot follow it ({exc}); choose another path") from None


def replaceable_dir(path: Path, option: str, protected: dict[Path, str], marker: str = MARKER) -> Path:
    """``path`` resolved, if a command may delete and replace it; UsageProblem naming why not otherwise."""
    target = _resolve(path, option)
    _refuse_overlap(target, option, protected)
    if not target.exists():
        return target
    if not target.is_dir():
        raise UsageProblem(f"{option} {display_path(target)} is a file, not a folder; choose a folder")
    if (target / marker).is_file() or not any(target.iterdir()):
        return target
    if marker == MARKER and all((target / name).is_file() for name in LEGACY_SITE_FILES):
        return target  # a site built before sites were marked
    raise UsageProblem(f"{option} {display_path(target)} holds files this tool did not write, and would be replaced "
                       "whole; choose a new or empty folder, or delete it yourself if it is an old site")


def work_dir_check(path: Path, protected: dict[Path, str]) -> Path:
    """The working folder: generated pages go in subfolders of it, never among a user's files."""
    target = _resolve(path, "--work")
    for folder, what in protected.items():
        if target.is_relative_to(folder):
            raise UsageProblem(f"--work {display_path(target)} is inside {display_path(folder)} ({what}); "
                               "choose a folder outside it, such as build/")
    return target


def write_file_atomically(path: Path, text: str, option: str, protected: dict[Path, str],
                          is_earlier_output) -> None:  # noqa: ANN001 - a predicate on the file's text
    """Write ``text`` to ``path``, replacing it only when ``is_earlier_output`` recognises what is there."""
    target = _resolve(path, option)
    _refuse_overlap(target, option, protected)
    if not target.parent.is_dir():
        raise UsageProblem(f"{option} {display_path(target)}: the folder {display_path(target.parent)} does not "
                           "exist; create it first")
    if target.exists():
        if not target.is_file():
            raise UsageProblem(f"{option} {display_path(target)} is a folder; give a file name")
        try:
            earlier = is_earlier_output(target.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            earlier = False
        if not earlier:
            raise UsageProblem(f"{option} {display_path(target)} exists and is not an earlier export; choose "
                               "another file name, or delete it yourself")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def publish_permissions(folder: Path) -> None:
    """A folder made by mkdtemp is 0700; give the published one a normal folder's mode (the umask's)."""
    folder.chmod(0o777 & ~current_umask())
