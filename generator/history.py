"""The data at a git revision: what `diff` compares and what the feed reads its entries from.

``load_revision`` checks out the data directory of a commit into a temporary folder and loads it as a
fact store; problems are named by the paths a contributor knows, not the temporary copy.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem
from .store import FactStore, load_store


class RevisionError(Exception):
    """A git revision could not be read (unknown revision, not a repository, no data directory)."""


@dataclass
class Revision:
    label: str
    store: FactStore | None
    problems: list[Problem]


def run_git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def load_revision(repo: Path, data_dir: Path, rev: str | None) -> Revision:
    """The data at ``rev``, or in the working tree when ``rev`` is None; problems instead of an exception."""
    if rev is None:
        return _load(data_dir, "working tree", None)
    try:
        commit = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(f"'{rev}' is not a commit in the repository of {repo}") from None
    top = Path(run_git(repo, "rev-parse", "--show-toplevel").decode().strip())
    if not data_dir.resolve().is_relative_to(top.resolve()):
        raise RevisionError(f"--data {data_dir} leads to {data_dir.resolve()}, outside the repository at {top}; "
                            "run diff from the repository that holds the data")
    relative = data_dir.resolve().relative_to(top.resolve()).as_posix()
    label = f"{rev} ({commit[:7]})" if not commit.startswith(rev) else commit[:7]
    with tempfile.TemporaryDirectory(prefix="factsheet-diff-") as tmp:
        listing = run_git(top, "ls-tree", "-r", "--name-only", commit, "--", relative).decode().split()
        if not listing:
            raise RevisionError(f"{rev} has no '{relative}' directory")
        archive = run_git(top, "archive", "--format=tar", commit, "--", relative)
        skipped = []
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                if member.isfile() or member.isdir():
                    tar.extract(member, tmp, filter="data")
                else:  # a symbolic link (perhaps to an absolute path) or a special file: never followed
                    skipped.append(Problem(member.name, 1, 1, f"at {label} this is a "
                                           f"{'symbolic link' if member.issym() or member.islnk() else 'special file'},"
                                           " not a file; it was left out of that revision's data (data files must be "
                                           "plain files)", "warning"))
        revision = _load(Path(tmp) / relative, label, (Path(tmp), relative))
        revision.problems = skipped + revision.problems
        return revision


def _load(data_dir: Path, label: str, relabel: tuple[Path, str] | None) -> Revision:
    """Load; problems point at the file names a contributor knows, not at a temporary copy."""
    try:
        store = load_store(data_dir)
        problems: list[Problem] = []
    except DataError as exc:
        store, problems = None, exc.problems
    if relabel is not None:
        tmp = relabel[0].resolve().as_posix() + "/"
        problems = [Problem(p.path.replace(tmp, ""), p.line, p.col, p.message, p.severity) for p in problems]
        if store is not None:
            store.files = [f.replace(tmp, "") for f in store.files]
            for loaded in {id(o.file): o.file for o in store.origins.values()}.values():
                loaded.hold()  # the temporary copy is removed once loaded; the report names positions
                loaded.path = loaded.path.replace(tmp, "")
    return Revision(label, store, problems)
