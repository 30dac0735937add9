"""A table source at full size: `import --entities all` of one World Bank series (every country and aggregate),
then validate with every cell checked, generate the pages and build with MkDocs.

    python benchmarks/table_bench.py [--series ip.pat.resd] [--archive ../shared]

Prints one Markdown table: values imported, time of each step, peak memory, and the largest page (the pages
must stay bounded whatever the number of values). Needs the source library in the archive.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", default="ip.pat.resd")
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    package = args.archive / "library" / "world-development-indicators@4ebec5a" / "indicators" / args.series / \
        "datapackage.json"
    if not package.is_file():
        sys.exit(f"table bench: {package} is not here; pass --archive")
    from click.testing import CliRunner

    from generator.cli import main as cli
    from generator.render.docs import generate
    from generator.engines import mkdocs_config, run_mkdocs
    from generator.site import write_docs
    from generator.store import load_store

    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="table-bench-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "tests" / "fixtures" / "small", work / "data")
        archive = work / "archive"
        shutil.copytree(ROOT / "tests" / "fixtures" / "archive", archive)
        (archive / "library").symlink_to(args.archive.resolve() / "library")
        os.chdir(work)
        os.environ["FACTSHEET_ARCHIVE"] = str(archive)
        descriptor = archive / package.relative_to(args.archive)
        steps: dict[str, float] = {}

        def timed(name: str, *command: str) -> None:
            start = time.perf_counter()
            result = runner.invoke(cli, list(command), catch_exceptions=False)
            steps[name] = time.perf_counter() - start
            if result.exit_code != 0:
                sys.exit(f"table bench: {name} failed: {result.stderr[-500:]}")

        timed("source add", "source", "add", str(descriptor), "--id", "wdi-series", "--publisher", "World Bank")
        timed("import", "import", "wdi-series", "--metric", "series-values", "--entities", "all", "--unit", "count")
        timed("validate (cells)", "validate")
        store = load_store(work / "data")
        start = time.perf_counter()
        files = generate(store)
        steps["generate"] = time.perf_counter() - start
        pages = {name: len(text) for name, text in files.items() if name.endswith(".md")}
        docs = work / "docs"
        write_docs(files, docs)
        start = time.perf_counter()
        run_mkdocs(mkdocs_config(work, docs), work / "site")
        steps["mkdocs build"] = time.perf_counter() - start
        built = {p.relative_to(work / "site").as_posix(): p.stat().st_size for p in (work / "site").rglob("*.html")}
        values = sum(1 for f in store.facts.values() if f.metric == "series-values")
        entities = len({f.entity for f in store.facts.values() if f.metric == "series-values"})
        biggest = max(built, key=built.get)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| series | values | entities | {' | '.join(steps)} | peak memory | largest page |")
        print("|" + " --- |" * (len(steps) + 5))
        print(f"| {args.series} | {values:,} | {entities} | " + " | ".join(f"{s:.1f} s" for s in steps.values())
              + f" | {peak:,.0f} MB | {biggest} ({built[biggest] / 1000:,.0f} KB; largest generated Markdown "
              f"{max(pages.values()) / 1000:,.0f} KB) |")


if __name__ == "__main__":
    main()
