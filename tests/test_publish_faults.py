"""Publishing a run is all or nothing: a blocked target, a failing move, a read-only folder or a
full disk leave the output folder exactly as it was, and the message says so; generated
sub-folders that are links are refused, never written through; a dead run's staging folder is
cleaned up by the next run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from orgsim.cli.main import main
from orgsim import pipeline
from orgsim.pipeline import PublishFailed, clean_stale_staging, preflight, publish
from render.paper_fixtures import FAST, write_council

ARGS = ["--replications", "2", "--seed", str(FAST.run.seed), "--workers", "1",
        "--horizon", f"{FAST.run.horizon}d", "--drain", f"{FAST.run.drain}d", "--formats", "html"]


def orgsim(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def staged(tmp_path: Path, tag: str) -> Path:
    staging = tmp_path / f".out.{tag}.tmp"
    for name in ("index.html", "run.json", "results/a.csv", "results/b.json", "diagrams/x.svg"):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(f"{tag} {name}")
    return staging


def first_run(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    publish(staged(tmp_path, "old"), out)
    (out / "my-notes.txt").write_text("the user's own")
    return out


def test_a_move_failing_half_way_puts_every_previous_file_back(tmp_path, monkeypatch):
    out = first_run(tmp_path)
    before = snapshot(out)
    real, calls = os.replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 8:  # the previous five moved aside, two new ones already in place
            raise OSError(28, "No space left on device", str(target))
        return real(source, target)
    monkeypatch.setattr(pipeline.os, "replace", failing)
    with pytest.raises(PublishFailed) as info:
        publish(staged(tmp_path, "new"), out)
    monkeypatch.undo()
    assert "No space left on device" in str(info.value)
    assert f"{out} is exactly as it was before the run" in str(info.value)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == \
        [".out.new.tmp"]  # the caller's staging folder; no backup folder is left


def test_a_file_where_a_results_folder_goes_is_refused_before_anything_moves(tmp_path):
    out = first_run(tmp_path)
    shutil.rmtree(out / "results")
    (out / "results").write_text("mine")
    before = snapshot(out)
    with pytest.raises(PublishFailed, match="results is a file where orgsim writes its results"):
        publish(staged(tmp_path, "new"), out)
    assert snapshot(out) == before


def test_a_folder_where_a_file_goes_is_refused(tmp_path):
    out = first_run(tmp_path)
    (out / "index.html").unlink()
    (out / "index.html").mkdir()
    before = snapshot(out)
    with pytest.raises(PublishFailed, match="index.html is a folder where orgsim writes the file"):
        publish(staged(tmp_path, "new"), out)
    assert snapshot(out) == before


def test_a_symlinked_results_folder_is_refused_and_what_it_points_at_untouched(tmp_path):
    out = first_run(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.csv").write_text("the user's file")
    shutil.rmtree(out / "results")
    (out / "results").symlink_to(elsewhere)
    with pytest.raises(PublishFailed, match="results is a symbolic link"):
        preflight(out)
    with pytest.raises(PublishFailed, match="results is a symbolic link"):
        publish(staged(tmp_path, "new"), out)
    assert (elsewhere / "a.csv").read_text() == "the user's file"


def test_run_refuses_a_blocked_target_before_simulating_and_keeps_earlier_outputs(
        tmp_path, capsys, monkeypatch):
    base, option = write_council(tmp_path / "scenarios")
    out = tmp_path / "pp"
    assert orgsim(capsys, "run", str(base), str(option), "--out", str(out), *ARGS)[0] == 0
    shutil.rmtree(out / "results")
    (out / "results").write_text("mine\n")
    before = snapshot(out)

    def never(*args, **kwargs):
        raise AssertionError("the analysis ran although the output folder is blocked")
    monkeypatch.setattr(pipeline, "analyse", never)
    code, _, stderr = orgsim(capsys, "run", str(base), str(option), "--out", str(out), *ARGS)
    assert code == 1 and "Traceback" not in stderr
    assert f"{out / 'results'} is a file where orgsim writes its results folder" in stderr
    assert snapshot(out) == before


def _mount_tmpfs(where: Path, options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def _read_only_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    if _mount_tmpfs(folder, "ro,size=64k"):
        return folder
    if os.geteuid() == 0:
        pytest.skip("running as root without the right to mount a read-only tmpfs: a chmod "
                    "does not stop root writing")
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True)


def test_a_read_only_output_folder_is_found_before_the_analysis(tmp_path, capsys, monkeypatch):
    base, _ = write_council(tmp_path / "scenarios")
    locked = _read_only_folder(tmp_path)
    try:
        monkeypatch.setattr(pipeline, "analyse", lambda *a, **k: pytest.fail("analysis ran"))
        code, _, stderr = orgsim(capsys, "run", str(base), "--out", str(locked / "out"), *ARGS)
        assert code == 1 and "Traceback" not in stderr
        assert f"orgsim: {locked} cannot be written to" in stderr
    finally:
        _unmount(locked)
        locked.chmod(0o755)


def test_a_full_disk_leaves_the_earlier_run_as_it_was(tmp_path, capsys):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "size=300k"):
        pytest.skip("a small tmpfs cannot be mounted here (needs root and mount); the move "
                    "failure test above covers the roll-back itself")
    try:
        base, option = write_council(tmp_path / "scenarios")
        out = disk / "out"
        code, _, stderr = orgsim(capsys, "report", str(base), "--out", str(out), *ARGS)
        assert code == 0, stderr
        before = snapshot(out)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk
            while True:
                os.write(fd, b"x" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        code, _, stderr = orgsim(capsys, "report", str(base), str(option), "--out", str(out),
                                 *ARGS)
        assert code == 1 and "Traceback" not in stderr
        assert "No space left on device" in stderr
        assert snapshot(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "out"]
    finally:
        _unmount(disk)


def test_a_dead_runs_staging_folder_is_cleaned_and_a_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    dead = _dead_pid()
    stale = tmp_path / f".out.{dead}.abc123.tmp"
    stale.mkdir()
    (stale / "half.svg").write_text("<svg")
    mine = tmp_path / f".out.{os.getpid()}.def456.tmp"
    mine.mkdir()
    backup = tmp_path / f".out.{dead}.old.xyz.tmp"
    backup.mkdir()
    clean_stale_staging(out)
    assert not stale.exists()
    assert mine.exists()
    assert backup.exists()  # may hold the only copy of an earlier run's files


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
