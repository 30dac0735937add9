"""The site engines: MkDocs (default) and Zensical build the generated docs folder, strictly, as child processes
that an interrupted build stops."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"


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
