"""Live preview: edits to the data show up, and a data error is reported without stopping the server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import ROOT, SMALL


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                last = response.read().decode("utf-8")
                if text in last:
                    return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}")


def test_serve_regenerates_and_survives_bad_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--data", str(data), "--work", str(tmp_path / "build"),
         "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + "metrics/", "Licensing revenue")
        entities = data / "entities.yaml"
        entities.write_text(entities.read_text(encoding="utf-8").replace("label: Licensing revenue", "label: Royalty income"), encoding="utf-8")
        _wait_for(base + "metrics/", "Royalty income")
        entities.write_text(entities.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
        deadline = time.monotonic() + 30
        while "still serving the last good pages" not in (tmp_path / "serve.log").read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the data error was never reported"
            time.sleep(0.3)
        assert server.poll() is None
        assert "entities.yaml:" in (tmp_path / "serve.log").read_text(encoding="utf-8")
        _wait_for(base + "metrics/", "Royalty income")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_the_watcher_reports_every_error_and_keeps_watching(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Not only data errors: whatever fails in one regeneration is reported, and the next one still runs."""
    from generator import serve as site

    reported: list[list] = []
    failures = iter([PermissionError(13, "Permission denied", str(tmp_path / "docs" / "index.md")),
                     RuntimeError("a template broke")])

    def regenerate(data_dir: Path, docs_dir: Path) -> list:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return []

    monkeypatch.setattr(site, "regenerate", regenerate)
    for _ in range(3):
        site._regenerate_reporting(tmp_path / "data", tmp_path / "docs", reported.append)
    assert [[p.as_text() for p in problems] for problems in reported] == [
        [f"{tmp_path / 'docs' / 'index.md'}:1:1: could not regenerate the pages "
         f"(PermissionError: [Errno 13] Permission denied: '{tmp_path / 'docs' / 'index.md'}')"],
        [f"{tmp_path / 'data'}:1:1: could not regenerate the pages (RuntimeError: a template broke)"],
        [],
    ]


def test_serve_on_a_port_in_use_is_a_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--data", str(data), "--work", str(tmp_path / "build"),
             "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"cannot serve on 127.0.0.1:{port}: Address already in use; pass --dev-addr 127.0.0.1:PORT with a free port")
    assert "Traceback" not in result.stderr


def test_one_save_of_many_file_events_regenerates_once() -> None:
    """An editor's save arrives as several events (26 to 29 for one chunked save): one regeneration, once the
    events stop; events during a regeneration make exactly one more."""
    import threading
    import time

    from generator.serve import Coalesce

    runs: list[float] = []
    running = threading.Event()

    def action() -> None:
        runs.append(time.monotonic())
        running.set()
        time.sleep(0.2)

    coalesce = Coalesce(action, quiet=0.1)
    coalesce.start()
    try:
        for _ in range(29):
            coalesce.poke()
            time.sleep(0.01)
        running.wait(2)
        for _ in range(5):  # during the run
            coalesce.poke()
        time.sleep(0.8)
        assert len(runs) == 2
        time.sleep(0.3)
        assert len(runs) == 2  # and nothing more without a new event
    finally:
        coalesce.stop()
