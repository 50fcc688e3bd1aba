"""A section's headline quantiles, taken for all its rows at once, are each row's own."""

from __future__ import annotations

import numpy as np

from orgsim.sim.metrics import BINS_PER_DAY, Tally, _rows_quantiles, quantiles


def _tally(rng: np.random.Generator, items: int, bins: int) -> Tally:
    tally = Tally(0)
    tally.items = items
    if bins:
        hours = np.zeros(int(rng.integers(bins, 4 * bins + 1)), dtype=np.int64)
        chosen = rng.choice(len(hours), size=bins, replace=False)
        # at most `items` known, at least one in each chosen bin: the rest are never known, so a
        # high rank may find no bin
        known = int(rng.integers(bins, items + 1))
        hours[chosen] = 1 + rng.multinomial(known - bins, [1 / bins] * bins)
        tally.add_hours(hours)
    if rng.random() < 0.5:
        tally.compact()  # as it travels between processes
    return tally


def test_every_rows_quantile_is_its_own_whatever_the_rows_around_it():
    rng = np.random.default_rng(4)
    tallies = [_tally(rng, 0, 0), _tally(rng, 5, 0)]
    for _ in range(300):
        items = int(rng.integers(1, 60))
        tallies.append(_tally(rng, items, int(rng.integers(0, min(items, 12) + 1))))
    rng.shuffle(tallies)
    levels = (0.5, 0.9, 0.99)
    expected = [quantiles(t.items, *t.histogram(), levels) for t in tallies]
    for i, at_level in enumerate(_rows_quantiles(tallies, levels)):
        assert at_level == [row[i] for row in expected]
        assert None in at_level and any(e is not None for e in at_level)


def test_a_rank_beyond_the_known_items_is_never():
    tally = Tally(0)
    tally.items = 10
    tally.add_hours(np.array([0, 3, 0, 2], dtype=np.int64))  # 5 of 10 known
    assert _rows_quantiles([tally], (0.5, 0.9)) == [[3 / BINS_PER_DAY], [None]]
    assert _rows_quantiles([], (0.5,)) == [[]]
