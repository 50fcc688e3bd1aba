"""The one place orgsim runs independent seeded tasks in parallel: replication sections, paired
comparison blocks, repair trials, the points of a sensitivity sweep.

A task is a picklable argument to a module-level function and is a deterministic function of its
argument (it carries its own seed), so the results, returned in task order, are identical whatever
runs them: one process, a pool of processes, or the workers of a Dask cluster, however many there
are and in whatever order they finish.

Backends (`cluster`):
- None (the default): this process when `workers` is 1, else a local pool of `workers` processes.
- "local": a Dask LocalCluster of `workers` single-threaded worker processes, started on first
  use and closed with the executor. On one machine it is no faster than the pool (it costs the
  cluster's start-up); it is here to try a sweep before sending it to a cluster.
- "tcp://host:port" (or tls://): the scheduler of an existing Dask cluster. Every worker must run
  the same orgsim version (the tasks name orgsim's functions; their code is not shipped).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor as _PoolExecutor
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from ..errors import OrgsimError

Task = TypeVar("Task")
Result = TypeVar("Result")

LOCAL = "local"
SCHEMES = ("tcp://", "tls://", "inproc://")
CONNECT_TIMEOUT_S = 10


class ClusterError(OrgsimError):
    """The Dask cluster asked for cannot be reached or started."""


def check_cluster(cluster: str | None) -> str | None:
    """The cluster setting as given, or a ValueError saying what to write instead."""
    if cluster is None or cluster == LOCAL or cluster.startswith(SCHEMES):
        return cluster
    raise ValueError(f"'{cluster}' is not a Dask scheduler address; write it as "
                     "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), or use --cluster local")


class Executor:
    """Runs tasks in up to `workers` processes (in this process when 1) or on a Dask cluster,
    results in task order.

    The process pool (or the Dask client) is started on first use and kept until the executor is
    closed, so a search that asks for many small batches pays for the processes once."""

    def __init__(self, workers: int = 1, cluster: str | None = None):
        self.workers = max(1, workers)
        self.cluster = check_cluster(cluster)
        self._pool: _PoolExecutor | None = None
        self._client: Any = None
        self._local: Any = None

    @classmethod
    def of(cls, settings: Any) -> Executor:
        """The executor a run's settings ask for (`workers`, and `cluster` where they have one)."""
        return cls(settings.workers, getattr(settings, "cluster", None))

    @property
    def backend(self) -> str:
        """In words, for progress lines and benchmarks."""
        if self.cluster is None:
            return "this process" if self.workers == 1 else f"a pool of {self.workers} processes"
        if self.cluster == LOCAL:
            return f"a local Dask cluster of {self.workers} workers"
        return f"the Dask cluster at {self.cluster}"

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._local is not None:
            self._local.close()
            self._local = None

    def imap(self, function: Callable[[Task], Result], tasks: Sequence[Task]) -> Iterator[Result]:
        """Each task's result as it becomes available, in task order."""
        if self.cluster is not None:
            return self._on_dask(function, tasks)
        if self.workers == 1 or len(tasks) <= 1:
            return map(function, tasks)
        return self._processes().map(function, tasks)

    def map(self, function: Callable[[Task], Result], tasks: Sequence[Task]) -> list[Result]:
        return list(self.imap(function, tasks))

    def _processes(self) -> _PoolExecutor:
        if self._pool is None:
            # fork where there is one: workers start at once and inherit the loaded modules
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    # --- Dask ------------------------------------------------------------------------------------

    def _on_dask(self, function: Callable[[Task], Result], tasks: Sequence[Task],
                 ) -> Iterator[Result]:
        """Every task submitted at once (the scheduler spreads them over the workers), each
        result taken in task order: a late finisher holds up the fold, never reorders it."""
        client = self._dask()
        # pure=False: two equal tasks are still two tasks (never merged by the scheduler's cache)
        futures = client.map(function, list(tasks), pure=False)
        return _in_order(futures)

    def _dask(self) -> Any:
        if self._client is None:
            try:
                from distributed import Client, LocalCluster
            except ImportError as exc:  # pragma: no cover - a declared dependency
                raise ClusterError(f"the Dask backend needs the distributed package ({exc}); "
                                   "run scripts/setup.sh again") from None
            if self.cluster == LOCAL:
                try:
                    self._local = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                               processes=True, dashboard_address=None,
                                               silence_logs=40)
                except Exception as exc:  # noqa: BLE001 - said in one line, not a traceback
                    raise ClusterError(f"cannot start a local Dask cluster: {exc}") from None
                self._client = Client(self._local)
            else:
                try:
                    self._client = Client(self.cluster, timeout=CONNECT_TIMEOUT_S)
                except (OSError, TimeoutError) as exc:
                    raise ClusterError(
                        f"cannot reach the Dask scheduler at {self.cluster} ({exc}); start one "
                        "with `dask scheduler` and workers with `dask worker ADDRESS`, check the "
                        "address, or use --cluster local") from None
        return self._client


def _in_order(futures: list[Any]) -> Iterator[Any]:
    try:
        for future in futures:
            result = future.result()
            future.release()  # the scheduler may forget it: results are folded as they come
            yield result
    finally:
        for future in futures:  # an abandoned or failed batch leaves nothing running
            future.cancel()
