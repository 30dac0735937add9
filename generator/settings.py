"""Settings: those of a build, read once from the environment by the command line and passed down (``Settings``),
and the repository's settings file, ``factsheet.toml`` beside the data directory.

The file says where the archive of source texts is, so that ``validate``, ``build`` and ``source add`` find
it without flags, and so that the pull-request workflow knows which archive to check quotes against.
Precedence: the ``--archive`` flag, then ``$FACTSHEET_ARCHIVE``, then ``[archive] path`` here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import UsageProblem, display_path, printable

FILE_NAME = "factsheet.toml"


@dataclass(frozen=True)
class Settings:
    """What a build depends on besides the data: its published address and its date."""

    site_url: str = ""  # SITE_URL: where the site is published ('' when it is not: addresses stay relative)
    source_date_epoch: str = ""  # SOURCE_DATE_EPOCH: the build's date, for reproducible builds ('' for today)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(environ.get("SITE_URL", "").strip(), environ.get("SOURCE_DATE_EPOCH", ""))

    def build_date(self) -> dt.date:
        """Today, or the day SOURCE_DATE_EPOCH gives.

        A value that is not a whole number of seconds between 1970 and the year 9999 is refused, as the
        reproducible-builds specification asks, rather than silently replaced by today.
        """
        epoch = self.source_date_epoch
        if not epoch:
            return dt.date.today()
        latest = dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc).timestamp()
        if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > latest:
            raise UsageProblem(f"SOURCE_DATE_EPOCH={printable(epoch[:40])!s} is not a date: it must be whole seconds "
                               "since 1970-01-01 (UTC), before the year 10000; unset it or fix it")
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()


@dataclass(frozen=True)
class ArchiveSetting:
    path: Path | None  # resolved against the settings file's folder
    repository: str | None  # owner/name of a repository holding the archive (for CI)
    ref: str | None  # the commit of that repository the quotes are verified against
    subdirectory: str  # where the texts are inside that repository
    file: Path | None  # the settings file it came from


def settings_file(data_dir: Path) -> Path:
    return Path(data_dir).resolve().parent / FILE_NAME


def archive_setting(data_dir: Path) -> ArchiveSetting:
    file = settings_file(data_dir)
    if not file.is_file():
        return ArchiveSetting(None, None, None, ".", None)
    try:
        settings = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise UsageProblem(f"{display_path(file)}: {exc}; fix the settings file") from None
    archive = settings.get("archive", {})
    if not isinstance(archive, dict):
        raise UsageProblem(f"{display_path(file)}: [archive] must be a table")
    path = archive.get("path")
    return ArchiveSetting(
        (file.parent / path).resolve() if isinstance(path, str) and path else None,
        archive.get("repository") or None, archive.get("ref") or None, archive.get("subdirectory") or ".", file,
    )


_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_REF = re.compile(r"[A-Za-z0-9._/-]{1,255}")
_SUBDIRECTORY = re.compile(r"[A-Za-z0-9._/-]{1,255}")


def ci_archive(setting: ArchiveSetting, repository: str | None, ref: str | None, subdirectory: str | None) -> dict[str, str]:
    """Where CI gets the archive: the repository variables, else the settings file; checked, so nothing
    unexpected reaches the workflow's outputs. An empty dict when no repository is configured."""
    repository = repository or setting.repository
    ref = ref or setting.ref
    subdirectory = subdirectory or setting.subdirectory
    if not repository:
        return {}
    if not _REPOSITORY.fullmatch(repository):
        raise UsageProblem(f"archive repository '{repository}' is not owner/name")
    if not ref or not _REF.fullmatch(ref) or ".." in ref:
        raise UsageProblem(f"archive repository '{repository}' needs a ref (a commit SHA, or a tag) to pin the texts")
    if not _SUBDIRECTORY.fullmatch(subdirectory) or ".." in subdirectory.split("/") or subdirectory.startswith("/"):
        raise UsageProblem(f"archive subdirectory '{subdirectory}' must be a relative path inside the repository")
    return {"repository": repository, "ref": ref, "subdirectory": subdirectory}
