"""What every command shares: the data and archive options, how problems are reported and turn into exit codes,
and how a long command stops cleanly when interrupted."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NoReturn

import click

from ..errors import DataError, Interrupted, Problem, UsageProblem, display_path, printable
from ..numbers import count_of
from ..settings import Settings
from ..store import FactStore, load_store

EVIDENCE_SKIPPED = "evidence: SKIPPED, quotes not verified (pass --archive DIR or set FACTSHEET_ARCHIVE)"


def resolvable(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:  # noqa: ARG001
    """A path option whose symbolic links lead somewhere: a link to itself (or a circle of links) is a usage
    error, not a traceback."""
    if value is not None:
        try:
            value.resolve()
        except (RuntimeError, OSError):
            raise click.BadParameter(f"'{printable(str(value))}' is a symbolic link that leads back to itself; "
                                     "point it at a directory, or pass the directory itself") from None
    return value


DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
    show_default=True, callback=resolvable, help="Directory of YAML data files.",
)


def print_problems(problems: list[Problem], fmt: str, *, err: bool = False) -> None:
    for problem in sorted(problems):
        click.echo(problem.as_github() if fmt == "github" else problem.as_text(), err=err)


def exit_on_problems(exc: DataError, data_dir: Path, consequence: str) -> NoReturn:
    """Bad data stopped a command that writes: every problem, then what it did not do; exit 1."""
    print_problems(exc.problems, "text")
    click.echo(f"{len(exc.problems)} problem(s) in {data_dir}; {consequence}", err=True)
    sys.exit(1)


def load_or_exit(data_dir: Path, fmt: str = "text", *, warnings_to_stdout: bool = False) -> FactStore:
    try:
        store = load_store(data_dir, today=Settings.from_environment().build_date())  # read here, at the edge
        # With the problems for validate; on stderr elsewhere, where stdout may be the command's data (export).
        print_problems(store.warnings, fmt, err=not (warnings_to_stdout or fmt == "github"))
        return store
    except DataError as exc:
        print_problems(exc.problems, fmt)
        errors = sum(p.severity == "error" for p in exc.problems)
        click.echo(f"{count_of(errors, 'problem')} in {data_dir}", err=True)
        sys.exit(1)


def archive_option(function):
    return click.option(
        "--archive", "archive_dir", type=click.Path(path_type=Path, file_okay=False), default=None, callback=resolvable,
        help="Directory of archived source texts for quote verification (default: $FACTSHEET_ARCHIVE).",
    )(function)


def resolve_archive(archive_dir: Path | None, data_dir: Path = Path("data")) -> Path | None:
    """The archive of source texts: --archive, else $FACTSHEET_ARCHIVE, else factsheet.toml's [archive] path."""
    from ..settings import archive_setting

    if archive_dir is None and os.environ.get("FACTSHEET_ARCHIVE"):
        archive_dir = Path(os.environ["FACTSHEET_ARCHIVE"])
    if archive_dir is None:
        setting = archive_setting(data_dir)
        if setting.path is not None and setting.path.is_dir():
            return setting.path
        if setting.path is not None:
            click.echo(f"warning: {display_path(setting.file)} names the archive {setting.path}, which is not "
                       "here", err=True)
        return None
    if not archive_dir.is_dir():
        raise click.BadParameter(f"archive directory '{archive_dir}' does not exist", param_hint="--archive")
    return archive_dir


class RefusedUsage(click.ClickException):
    """A UsageProblem as click prints it: 'Error: …' on one line, exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return printable(self.message)


class Commands(click.Group):
    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            raise RefusedUsage(str(exc)) from None


@contextmanager
def interruptible(what: str) -> Iterator[None]:
    """Turn SIGTERM and SIGINT into Interrupted, so a build stops its child and cleans up, then exits 128+N."""
    def stop(signum: int, frame) -> None:  # noqa: ANN001, ARG001 - the signal module's signature
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    except Interrupted as exc:
        name = signal.Signals(exc.signum).name
        click.echo(f"{what} interrupted by {name}; stopped and cleaned up, nothing was published", err=True)
        sys.exit(128 + exc.signum)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
