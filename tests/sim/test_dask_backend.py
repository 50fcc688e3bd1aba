"""The Dask backend against a real cluster: a `dask scheduler` and two `dask worker` processes on
127.0.0.1, started and stopped here. A comparison and a small sensitivity sweep sent through
`--scheduler` give JSON byte-identical to the process pool's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli.main import cli
from support import FIXTURES, reference_scenario

DASK = Path(sys.executable).with_name("dask")
BASE = str(reference_scenario("barnet-2013-baseline"))
OPTION = str(reference_scenario("barnet-2014-commissioning"))
SMALL = ["-n", "4", "--min-replications", "4", "--seed", "3"]
# a sweep's worlds each a comparison of two blocks of one replication: small, but every part runs
TINY = ["-n", "2", "--min-replications", "2", "--seed", "3"]


def _stop(processes: list[subprocess.Popen]) -> None:
    for p in reversed(processes):  # the workers, then the scheduler
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a scheduler with two single-threaded workers, all on 127.0.0.1."""
    if not DASK.exists():
        pytest.skip(f"no dask command beside {sys.executable}")
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    log = (folder / "cluster.log").open("w")
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--no-dashboard", "--scheduler-file", str(file)],
                                  stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder)]
    try:
        deadline = time.monotonic() + 60
        while not file.exists() or not file.read_text().strip():
            if time.monotonic() > deadline or processes[0].poll() is not None:
                pytest.fail("the Dask scheduler did not start: "
                            + (folder / "cluster.log").read_text()[-2000:])
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole before the scheduler listens; give it a beat
        address = json.loads(file.read_text())["address"]
        for _ in range(2):
            processes.append(subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--host", "127.0.0.1", "--memory-limit", "0"],
                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder))
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=90)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        _stop(processes)
        log.close()
    assert all(p.poll() is not None for p in processes)


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # 1: the option raises a red
    return result.output


def test_a_comparison_on_the_cluster_is_byte_identical_to_the_pool(scheduler):
    on_pool = _run(["compare", BASE, OPTION, *SMALL, "--workers", "2", "--json"])
    on_cluster = _run(["compare", BASE, OPTION, *SMALL, "--scheduler", scheduler, "--json"])
    assert json.loads(on_pool)["options"][0]["simulation"]  # a real comparison, rows and all
    assert on_cluster == on_pool


def test_a_sweep_on_the_cluster_is_byte_identical_to_the_pool(scheduler, tmp_path):
    sweep = ["--sweep", str(FIXTURES / "sweeps" / "barnet-schools.sweep.yaml"),
             "--trajectories", "1", "--samples", "2"]
    _run(["sensitivity", BASE, OPTION, *TINY, *sweep, "--workers", "2",
          "--out", str(tmp_path / "pool")])
    _run(["sensitivity", BASE, OPTION, *TINY, *sweep, "--scheduler", scheduler,
          "--out", str(tmp_path / "cluster")])
    for name in ("sensitivity.json", "tornado.svg", "tornado.png"):
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "pool" / name).read_bytes()
    data = json.loads((tmp_path / "pool" / "sensitivity.json").read_text())
    assert data["design"]["morris_worlds"] == 3 and data["verdicts"]
    assert all("of plausible assumptions" in v["paper_sentence"] for v in data["verdicts"])
    assert set(data["scenario_hashes"]) == {"barnet-2013-baseline", "barnet-2014-commissioning"}


def test_an_unreachable_scheduler_is_one_clear_line(monkeypatch):
    monkeypatch.setattr("orgsim.sim.executor.CONNECT_TIMEOUT_S", 2)
    result = CliRunner().invoke(cli, ["compare", BASE, OPTION, *SMALL, "--scheduler",
                                      "tcp://127.0.0.1:9", "--json"])
    assert result.exit_code != 0
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in str(result.exception or "") \
        + result.output


def test_a_scheduler_address_without_a_scheme_is_a_usage_error():
    result = CliRunner().invoke(cli, ["compare", BASE, OPTION, *SMALL, "--scheduler",
                                      "localhost:8786"])
    assert result.exit_code == 2
    assert "tcp://HOST:PORT" in result.output


def test_a_local_cluster_returns_results_in_task_order_and_raises_a_task_failure():
    import math

    from orgsim.sim.executor import Executor

    tasks = [9, 1, 7, 3, 12, 0, 5]
    with Executor(2, "local") as executor:
        assert executor.backend == "a local Dask cluster of 2 workers"
        assert executor.map(math.factorial, tasks) == [math.factorial(t) for t in tasks]
        with pytest.raises(ValueError):
            executor.map(math.factorial, [3, -1])
