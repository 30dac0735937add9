"""synth: a valid data set of any size, whose per-item pages keep their size as it grows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from generator.evidence import verify
from generator.store import load_store
from generator.synth import synth

from .conftest import run_cli


def test_synthetic_data_validates_with_its_quotes(tmp_path: Path) -> None:
    result = run_cli("synth", "--facts", "250", "--out", str(tmp_path))
    assert result.code == 0
    assert result.err == f"250 facts, 5 metrics, 5 entities, 3 sources, 10 events written to {tmp_path}\n"
    store = load_store(tmp_path / "data")
    assert len(store.facts) == 250
    report = verify(store, tmp_path / "archive")
    assert report.problems == [] and report.checked == 260


def test_more_facts_mean_more_pages_not_longer_ones(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    synth(small, 500)
    synth(large, 5_000)
    for out in (small, large):
        store = load_store(out / "data")
        per_metric = Counter(f.metric for f in store.facts.values())
        per_entity = Counter(f.entity for f in store.facts.values())
        per_source = Counter(c.source for f in store.facts.values() for c in f.citations)
        assert set(per_metric.values()) == {50} and set(per_entity.values()) == {50} and set(per_source.values()) == {100}


def test_synth_refuses_to_overwrite_data(tmp_path: Path) -> None:
    synth(tmp_path, 10)
    result = run_cli("synth", "--facts", "10", "--out", str(tmp_path))
    assert result.code == 2 and "is not empty; choose another --out" in result.err


def test_the_home_page_keeps_its_size_as_the_data_grows(tmp_path: Path) -> None:
    """Not an index: it names the entities with most figures and sends the reader to the entities page (at
    100k facts the whole list made one search section too large for Zensical's index)."""
    from generator.render.pages import HOME_ENTITIES, Renderer

    sizes = []
    for facts in (1_500, 15_000):
        synth(tmp_path / str(facts), facts)
        home = Renderer(load_store(tmp_path / str(facts) / "data")).home()
        assert home.count("\n- [Synthetic Company") == HOME_ENTITIES
        assert "more on the [entities page](entities/index.md)" in home
        sizes.append(len(home))
    assert abs(sizes[1] - sizes[0]) < 200, sizes
