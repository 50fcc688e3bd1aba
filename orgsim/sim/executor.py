"""The one place orgsim runs independent seeded tasks in parallel: replication sections, paired
comparison blocks, repair trials.

A task is a picklable argument to a module-level function and is a deterministic function of its
argument (it carries its own seed), so the results, returned in task order, are identical whatever
runs them: one process or many. This is the seam another backend (a cluster) plugs into: anything
with `map(function, tasks)` returning results in task order will do.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor as _PoolExecutor
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


class Executor:
    """Runs tasks in up to `workers` processes (in this process when 1), results in task order.

    The process pool is started on first use and kept until the executor is closed, so a search
    that asks for many small batches pays for the processes once."""

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self._pool: _PoolExecutor | None = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def imap(self, function: Callable[[Task], Result], tasks: Sequence[Task]) -> Iterator[Result]:
        """Each task's result as it becomes available, in task order."""
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

