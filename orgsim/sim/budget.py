"""How much work a simulation is, known before it runs: items per replication are the teams'
rates times the horizon, so a scenario that would take hours or exhaust memory is refused with
the figure and how to reduce it, instead of being found out by the operating system.

The figures are expectations of Poisson streams (a replication draws close to them: at these
sizes the standard deviation is the square root, well under 1%). The memory estimate is a
stated rule of thumb, not a measurement of the run: `BYTES_PER_ITEM` per item of one
replication, held at once by each worker process, measured on the engine of this version
(`benchmarks/scale_bench.py` prints the peak memory of real runs beside it). It is a floor:
this engine's memory also grows with the number of nodes that learn each item, which a
20,000-post council shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OrgsimError
from ..model.network import Network
from ..model.numbers import number

# The default cap: a replication of two million items already takes about a minute and a half
# on one core; a council's real rates are far below (Barnet 2014: about 2,000 a replication).
DEFAULT_MAX_ITEMS = 2_000_000
# Measured on this engine: three teams at 30 and at 300 items a day over a year, one
# replication, differ by about 35 MB of peak memory for 295,000 items.
BYTES_PER_ITEM = 120


class TooMuchWork(OrgsimError):
    """A simulation would need more items per replication than the stated cap."""


@dataclass(frozen=True)
class Budget:
    items_per_replication: float
    replications: int
    workers: int

    @property
    def memory_bytes(self) -> float:
        return self.items_per_replication * BYTES_PER_ITEM * max(1, self.workers)

    @property
    def total_items(self) -> float:
        return self.items_per_replication * self.replications


def budget(network: Network, horizon: float, replications: int, workers: int = 1) -> Budget:
    """Expected items per replication: every team's rate of every kind times the horizon."""
    per_day = sum(stream.per_day for stream in network.streams)
    return Budget(per_day * horizon, replications, min(workers, replications))


def check_budget(network: Network, horizon: float, replications: int, workers: int,
                 max_items: int = DEFAULT_MAX_ITEMS) -> Budget:
    """The budget, or TooMuchWork when a replication would exceed `max_items` items."""
    found = budget(network, horizon, replications, workers)
    if found.items_per_replication > max_items:
        raise TooMuchWork(
            f"this simulation would draw about {_count(found.items_per_replication)} items per "
            f"replication ({_count(found.total_items)} over {replications} replication(s); "
            f"at least an estimated {_size(found.memory_bytes)} of memory), more than the limit of "
            f"{_count(max_items)}; shorten --horizon, lower the teams' item rates, or raise the "
            f"limit with --max-items {_count(found.items_per_replication * 1.1, plain=True)} if "
            "the machine has the memory and time")
    return found


def _count(value: float, plain: bool = False) -> str:
    if value >= 1e15:
        return f"{value:.3g}"
    rounded = int(round(value))
    return str(rounded) if plain else f"{rounded:,}"


def _size(nbytes: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if nbytes >= scale:
            return f"{number(nbytes / scale)} {unit}"
    return f"{number(nbytes / 1e3)} KB"
