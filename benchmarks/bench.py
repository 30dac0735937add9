"""Scaled benchmark: the whole build against MkDocs on plain pages, at growing numbers of facts.

    python benchmarks/bench.py [--sizes 1000,10000,100000] [--keep DIR]

For each size, in a fresh subprocess (so peak memory is that size's own): synthesise a data set,
load + validate + verify quotes, generate the pages into a docs folder as `build` does (streamed), run a
no-op regeneration, build with MkDocs and with Zensical, and, as the baseline, build with MkDocs the
same number of plain pages (a heading and one paragraph each, same theme, plugins and navigation).
Prints one Markdown table; `make bench` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(size: int, work: Path) -> dict:
    """One size, measured in this process. Returns the row as a dict."""
    import yaml

    from generator.evidence import verify
    from generator.render.docs import _generate
    from generator.engines import mkdocs_config, run_mkdocs, run_zensical
    from generator.settings import Settings
    from generator.site import write_docs
    from generator.store import data_files, load_store
    from generator.synth import synth

    counts = synth(work, size)
    data, archive = work / "data", work / "archive"

    start = time.perf_counter()
    for path in data_files(data)[0]:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506 - the C safe loader
    raw_parse = time.perf_counter() - start

    start = time.perf_counter()
    store = load_store(data)
    load = time.perf_counter() - start
    start = time.perf_counter()
    report = verify(store, archive)
    evidence = time.perf_counter() - start
    assert not report.problems, report.problems[:3]

    # As `build` does it: the files stream into the docs folder, one at a time.
    start = time.perf_counter()
    docs = work / "build" / "docs"
    settings = Settings.from_environment()
    write_docs(_generate(store, None, report.texts, settings)[0], docs)
    generation = time.perf_counter() - start
    generator_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    start = time.perf_counter()  # a no-op rebuild: everything generated again, nothing rewritten
    rewritten = len(write_docs(_generate(load_store(data), None, report.texts, settings)[0], docs).written)
    noop = time.perf_counter() - start

    config = mkdocs_config(work / "build", docs)
    start = time.perf_counter()
    run_mkdocs(config, work / "site")
    mkdocs_generated = time.perf_counter() - start
    mkdocs_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    # The same pages with Zensical, Material for MkDocs' successor (build --engine zensical).
    (work / "zensical-site").mkdir()
    start = time.perf_counter()
    run_zensical(config, work / "zensical-site")
    zensical_generated = time.perf_counter() - start

    # Baseline: MkDocs, with the same theme, plugins and navigation, on as many plain pages (a heading and
    # one paragraph each, at the same paths).
    plain = work / "plain" / "docs"
    for page in docs.rglob("*.md"):
        name = page.relative_to(docs).as_posix()
        (plain / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / name).write_text(f"# {name}\n\nOne plain paragraph of text on the page {name}, for the baseline.\n",
                                  encoding="utf-8")
    start = time.perf_counter()
    run_mkdocs(mkdocs_config(work / "plain", plain), work / "plain-site")
    mkdocs_plain = time.perf_counter() - start

    pages = [p for p in (work / "site").rglob("index.html")]
    item_pages = [p for p in pages if p.parent.parent.name in ("metrics", "entities", "sources")]
    site_bytes = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "facts": size, **{k: v for k, v in counts.items() if k != "facts"},
        "raw_parse_s": raw_parse, "load_s": load, "evidence_s": evidence, "generate_s": generation,
        "generator_s": load + evidence + generation, "mkdocs_generated_s": mkdocs_generated,
        "mkdocs_plain_s": mkdocs_plain, "zensical_s": zensical_generated, "pages": len(pages),
        "item_page_bytes": sum(p.stat().st_size for p in item_pages) // max(len(item_pages), 1),
        "largest_page": f"{largest.parent.relative_to(work / 'site').as_posix() or '/'} "
                        f"({largest.stat().st_size / 1e6:.1f} MB)",
        "site_mb": site_bytes / 1e6, "generator_peak_mb": generator_peak_mb, "mkdocs_peak_mb": mkdocs_peak_mb,
        "noop_rewritten": rewritten, "noop_s": noop,
        "edit_to_visible_s": edit_to_visible(work, data) if size <= EDIT_SIZES else None,
    }


EDIT_SIZES = 10_000  # edit-to-visible is measured up to this size (the goal is stated at 10k)


def edit_to_visible(work: Path, data: Path, timeout: float = 300) -> float | None:
    """Seconds from saving a one-fact edit to `serve` showing the changed value on its metric page (polled over
    HTTP, as a reader's browser would reload it); None when it does not show within ``timeout``."""
    import socket
    import urllib.request

    import yaml

    from generator.numbers import figure_words
    from generator.store import load_store

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--data", str(data), "--work",
                               str(work / "serve-work"), "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page(path: str) -> str | None:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return None

    try:
        deadline = time.monotonic() + timeout
        while page("") is None:
            if time.monotonic() > deadline or server.poll() is not None:
                return None
            time.sleep(0.5)
        path = sorted((data / "facts").glob("*.yaml"))[0]
        first = yaml.safe_load(path.read_text(encoding="utf-8"))["facts"][0]
        store = load_store(data)
        fact = store.facts[first["id"]]
        new = fact.model_copy(update={"value": fact.value * 3 + 7})
        shown = figure_words(new, store.metrics[fact.metric].unit)
        text = path.read_text(encoding="utf-8")
        line = f"value: {first['value']}"
        assert line in text, line
        start = time.monotonic()
        path.write_text(text.replace(line, f"value: {new.value}", 1), encoding="utf-8")
        while time.monotonic() - start < timeout:
            if shown in (page(f"metrics/{fact.metric}/") or ""):
                return time.monotonic() - start
            time.sleep(0.2)
        return None
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


GOALS = ("goals: generator ≤ 1× plain MkDocs; whole build (generator + MkDocs) ≤ 3× plain; generator peak "
         "≤ 800 MB at 100k; a one-fact edit visible in `serve` within 3 s at 10k")


def table(rows: list[dict]) -> str:
    head = ("| facts | metrics / entities / sources | pages | load + validate + quotes (s) | raw libyaml parse (s) "
            "| load ÷ parse | generate (s) | mkdocs, our pages (s) | zensical, our pages (s) | mkdocs, plain pages (s) "
            "| generator ÷ plain | mkdocs ours ÷ plain | whole build (s) | whole build ÷ plain | bytes per item page "
            "| largest page | site (MB) | peak memory gen / mkdocs (MB) | no-op rebuild (s) / rewrites "
            "| edit to visible in serve (s) |")
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for r in rows:
        whole = r["generator_s"] + r["mkdocs_generated_s"]
        lines.append(
            f"| {r['facts']:,} | {r['metrics']:,} / {r['entities']:,} / {r['sources']:,} | {r['pages']:,} "
            f"| {r['load_s'] + r['evidence_s']:.2f} | {r['raw_parse_s']:.2f} | {r['load_s'] / r['raw_parse_s']:.1f}× "
            f"| {r['generate_s']:.2f} | {r['mkdocs_generated_s']:.1f} | {r['zensical_s']:.1f} | {r['mkdocs_plain_s']:.1f} "
            f"| {r['generator_s'] / r['mkdocs_plain_s']:.1f}× "
            f"| {r['mkdocs_generated_s'] / r['mkdocs_plain_s']:.1f}× | {whole:.1f} | {whole / r['mkdocs_plain_s']:.1f}× "
            f"| {r['item_page_bytes']:,} | {r['largest_page']} "
            f"| {r['site_mb']:.1f} | {r['generator_peak_mb']:.0f} / {r['mkdocs_peak_mb']:.0f} "
            f"| {r['noop_s']:.1f} / {r['noop_rewritten']} | {edit_words(r.get('edit_to_visible_s'), r['facts'])} |")
    return "\n".join(lines)


def edit_words(seconds: float | None, facts: int) -> str:
    if facts > EDIT_SIZES:
        return "not measured"
    return f"{seconds:.1f}" if seconds is not None else "not visible in 300 s"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", type=Path, default=None, help="Keep each size's files under this directory.")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # internal: measure one size
    parser.add_argument("--work", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.work)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        work = (args.keep / str(size)) if args.keep else Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            result = subprocess.run([sys.executable, __file__, "--one", str(size), "--work", str(work)],
                                    capture_output=True, text=True)
            if result.returncode:
                sys.exit(f"measuring {size:,} facts failed:\n{result.stderr[-4000:]}")
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
        print(f"measured {size:,} facts", file=sys.stderr, flush=True)
    print(f"Machine: {machine()}; {GOALS}.\n")
    print(table(rows))


if __name__ == "__main__":
    main()
