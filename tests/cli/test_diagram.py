"""`orgsim diagram`: files written, formats, diff, and the path where Graphviz is missing."""

import os
import subprocess
import sys

from render.councils import BASE, OPTION
from orgsim.cli.main import cli
from orgsim.render.views import VIEWS

from click.testing import CliRunner


def write_pair(folder):
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    (folder / "option.yaml").write_text(OPTION, encoding="utf-8")


def test_default_writes_dot_svg_png_of_every_view_under_outputs(chdir_tmp):
    write_pair(chdir_tmp)
    result = CliRunner().invoke(cli, ["diagram", "base.yaml"])
    assert result.exit_code == 0, result.output
    out = chdir_tmp / "outputs" / "base"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{v}.{ext}" for v in VIEWS for ext in ("dot", "svg", "png"))
    assert (out / "line.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (out / "line.svg").read_bytes()


def test_pdf_on_request_and_one_view(chdir_tmp):
    write_pair(chdir_tmp)
    result = CliRunner().invoke(cli, ["diagram", "base.yaml", "--view", "accountability",
                                      "--formats", "pdf", "--out", "figs"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (chdir_tmp / "figs").iterdir()) == [
        "accountability.dot", "accountability.pdf", "accountability.png", "accountability.svg"]
    assert (chdir_tmp / "figs" / "accountability.pdf").read_bytes().startswith(b"%PDF")


def test_diff_writes_diff_diagrams(chdir_tmp):
    write_pair(chdir_tmp)
    result = CliRunner().invoke(cli, ["diagram", "base.yaml", "--diff", "option.yaml",
                                      "--view", "line", "--out", "d"])
    assert result.exit_code == 0, result.output
    dot = (chdir_tmp / "d" / "diff-option-line.dot").read_text(encoding="utf-8")
    assert "+ added" in dot and "- removed" in dot


def test_unknown_format_is_a_usage_error(chdir_tmp):
    write_pair(chdir_tmp)
    result = CliRunner().invoke(cli, ["diagram", "base.yaml", "--formats", "svg,jpeg"])
    assert result.exit_code == 2
    assert "jpeg is not a format" in result.output


def test_rewrite_replaces_files_and_leaves_no_temporary_files(chdir_tmp):
    write_pair(chdir_tmp)
    runner = CliRunner()
    for _ in range(2):
        assert runner.invoke(cli, ["diagram", "base.yaml", "--view", "line"]).exit_code == 0
    names = [p.name for p in (chdir_tmp / "outputs" / "base").iterdir()]
    assert sorted(names) == ["line.dot", "line.png", "line.svg"]


def test_missing_graphviz_writes_dot_prints_install_hint_exits_non_zero(chdir_tmp):
    write_pair(chdir_tmp)
    empty = chdir_tmp / "no-programs"
    empty.mkdir()
    # With no `dot` on PATH the graphviz package raises ExecutableNotFound.
    env = {**os.environ, "PATH": str(empty)}
    proc = subprocess.run([sys.executable, "-m", "orgsim", "diagram", "base.yaml", "--out", "o"],
                          cwd=chdir_tmp, env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "sudo apt-get install graphviz" in proc.stderr
    assert "brew install graphviz" in proc.stderr
    assert "Traceback" not in proc.stderr
    written = sorted(p.name for p in (chdir_tmp / "o").iterdir())
    assert written == sorted(f"{v}.dot" for v in VIEWS)  # every DOT source, nothing half-drawn
