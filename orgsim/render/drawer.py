"""Threads that draw a run's diagrams, each waiting on one Graphviz process at a time, so that as
many diagrams are drawn at once as there are threads.

`orgsim run` starts drawing as soon as the figures the diagrams show are known, while the repair
search is still simulating. Until `hurry()` is called, drawings start from threads at a lower
priority, so their Graphviz processes take only the processor time the simulation leaves (Linux
keeps a priority per thread, and a process started from a thread inherits it; elsewhere they run
at the usual priority). `hurry()` moves every drawing not yet started to threads at the usual
priority, for when the run waits on them; one already started finishes where it is.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

NICENESS = 10  # added to the drawing threads' priority while the simulation runs


def _lower_priority() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread,
                       min(19, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS))
    except (OSError, AttributeError):  # not permitted, or not this platform's: usual priority
        pass


def threads() -> int:
    return max(2, os.cpu_count() or 1)


class Drawing:
    """One call on the drawer: its result once drawn, wherever it was drawn."""

    def __init__(self, call: tuple[Callable[..., Any], tuple]):
        self.call = call
        self.future: Future | None = None

    def result(self) -> Any:
        return self.future.result()


class Drawer:
    """Draws in the background until `hurry()`, then at the usual priority."""

    def __init__(self, background: bool = True):
        self._foreground = ThreadPoolExecutor(threads(), thread_name_prefix="orgsim-draw")
        self._background = ThreadPoolExecutor(
            threads(), thread_name_prefix="orgsim-draw-background",
            initializer=_lower_priority) if background else None
        self._drawings: list[Drawing] = []
        self._retired: list[ThreadPoolExecutor] = []  # background threads still finishing

    def submit(self, function: Callable[..., Any], *args: Any) -> Drawing:
        drawing = Drawing((function, args))
        pool = self._background or self._foreground
        drawing.future = pool.submit(function, *args)
        self._drawings.append(drawing)
        return drawing

    def hurry(self) -> None:
        """Every drawing not yet started is moved to the usual priority, in the same order."""
        if self._background is None:
            return
        for drawing in self._drawings:
            if drawing.future.cancel():
                function, args = drawing.call
                drawing.future = self._foreground.submit(function, *args)
        self._background.shutdown(wait=False)
        self._retired.append(self._background)
        self._background = None

    def __enter__(self) -> Drawer:
        return self

    def __exit__(self, kind, *exc: object) -> None:
        if kind is not None:  # a failed run waits only for the drawings already started
            for drawing in self._drawings:
                drawing.future.cancel()
        for pool in (self._background, *self._retired, self._foreground):
            if pool is not None:
                pool.shutdown(wait=True)
