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
    write_docs(_generate(store, None, report.texts)[0], docs)
    generation = time.perf_counter() - start
    generator_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rewritten = len(write_docs(_generate(load_store(data), None, report.texts)[0], docs).written)  # a no-op rebuild

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
        "noop_rewritten": rewritten,
    }


GOALS = "goals: MkDocs on our pages ≤ 3× plain; whole build ≤ 4× plain; generator peak ≤ 800 MB at 100k"


def table(rows: list[dict]) -> str:
    head = ("| facts | metrics / entities / sources | pages | load + validate + quotes (s) | raw libyaml parse (s) "
            "| load ÷ parse | generate (s) | mkdocs, our pages (s) | zensical, our pages (s) | mkdocs, plain pages (s) "
            "| mkdocs ours ÷ plain | whole build (s) | whole build ÷ plain | bytes per item page | largest page "
            "| site (MB) | peak memory gen / mkdocs (MB) | no-op rewrites |")
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for r in rows:
        whole = r["generator_s"] + r["mkdocs_generated_s"]
        lines.append(
            f"| {r['facts']:,} | {r['metrics']:,} / {r['entities']:,} / {r['sources']:,} | {r['pages']:,} "
            f"| {r['load_s'] + r['evidence_s']:.2f} | {r['raw_parse_s']:.2f} | {r['load_s'] / r['raw_parse_s']:.1f}× "
            f"| {r['generate_s']:.2f} | {r['mkdocs_generated_s']:.1f} | {r['zensical_s']:.1f} | {r['mkdocs_plain_s']:.1f} "
            f"| {r['mkdocs_generated_s'] / r['mkdocs_plain_s']:.1f}× | {whole:.1f} | {whole / r['mkdocs_plain_s']:.1f}× "
            f"| {r['item_page_bytes']:,} | {r['largest_page']} "
            f"| {r['site_mb']:.1f} | {r['generator_peak_mb']:.0f} / {r['mkdocs_peak_mb']:.0f} | {r['noop_rewritten']} |")
    return "\n".join(lines)


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
