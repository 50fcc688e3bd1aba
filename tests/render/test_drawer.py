"""The drawer of a run's diagrams: drawings start at a lower priority while the simulation runs,
those not yet started move to the usual priority once the run waits on them, each result comes
back whichever thread drew it, and a failed run does not wait for drawings not yet started."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from orgsim.render import drawer as drawer_module
from orgsim.render.drawer import Drawer

LINUX = sys.platform.startswith("linux")


class Gate:
    """Drawings that wait for the gate, counting those under way."""

    def __init__(self):
        self.open, self.lock, self.started, self.done = threading.Event(), threading.Lock(), 0, []

    def draw(self, n: int) -> tuple[int, str, int]:
        with self.lock:
            self.started += 1
        self.open.wait(10)
        thread = threading.get_native_id()
        self.done.append(n)
        return n, threading.current_thread().name, \
            os.getpriority(os.PRIO_PROCESS, thread) if LINUX else 0

    def wait_started(self, n: int) -> None:
        deadline = time.monotonic() + 10
        while self.started < n and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.started == n


def test_drawings_wait_their_turn_at_a_lower_priority_until_hurried():
    gate, k = Gate(), drawer_module.threads()
    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) if LINUX else 0
    with Drawer() as drawer:
        drawings = [drawer.submit(gate.draw, n) for n in range(3 * k)]
        gate.wait_started(k)  # the first k are under way, the rest wait their turn
        drawer.hurry()
        gate.open.set()
        found = [d.result() for d in drawings]
    assert [n for n, _, _ in found] == list(range(3 * k))
    started, moved = found[:k], found[k:]
    assert all("background" in name for _, name, _ in started)
    assert all(name.startswith("orgsim-draw") and "background" not in name
               for _, name, _ in moved)
    if LINUX:
        assert all(nice == min(19, main + drawer_module.NICENESS) for _, _, nice in started)
        assert all(nice == main for _, _, nice in moved)


def test_a_failed_run_waits_only_for_the_drawings_under_way():
    gate, k = Gate(), drawer_module.threads()
    with pytest.raises(RuntimeError, match="the repair failed"):
        with Drawer() as drawer:
            for n in range(3 * k):
                drawer.submit(gate.draw, n)
            gate.wait_started(k)
            threading.Timer(0.2, gate.open.set).start()  # once the rest are called off
            raise RuntimeError("the repair failed")
    assert sorted(gate.done) == list(range(k))
