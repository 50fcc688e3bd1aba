"""`orgsim run` draws its diagrams in parallel, the formats the paper does not embed while the
paper is laid out: the same files in the same order as drawing them one after another, and a
failure while the paper is being written still names the diagrams step and writes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from orgsim import pipeline
from orgsim.records import Settings
from orgsim.render import diagram as diagram_module
from render.paper_fixtures import FAST, write_council

HTML = Settings(FAST.run, formats=("html",))


def test_diagrams_listed_in_order_with_every_format_whoever_drew_them(tmp_path):
    base, option = write_council(tmp_path / "scenarios")
    analysis = pipeline.analyse(base, [option], HTML)
    serial = []
    for d in pipeline._drawings(analysis):  # noqa: SLF001 - the list the run draws
        files = diagram_module.render(d.spec, tmp_path / "serial", d.stem, ("svg", "png")).files
        serial.append((d.stem, [f.name for f in files], [f.read_bytes() for f in files
                                                           if f.suffix != ".png"]))
    done = pipeline.run(base, [option], HTML, tmp_path / "out")
    drawn = sorted(p for p in done.files if p.parent.name == "diagrams")
    assert sorted(p.name for p in drawn) == sorted(n for _, names, _ in serial for n in names)
    # the DOT and SVG texts are what drawing one at a time gives (PNGs carry no timestamps
    # either, but their bytes depend on the font cache, so they are compared by name only)
    for stem, names, texts in serial:
        assert [(tmp_path / "out" / "diagrams" / n).read_bytes() for n in names
                if not n.endswith(".png")] == texts, stem
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    # the index links every diagram (the line-of-sight views first, as the paper leads with them)
    assert all(stem in index for stem, _, _ in serial)


def test_a_png_failing_while_the_paper_is_written_fails_the_diagrams_step(tmp_path, monkeypatch):
    base, option = write_council(tmp_path / "scenarios")
    out = tmp_path / "out"
    real = diagram_module.render
    threads = set()

    def png_broken(spec, folder: Path, stem: str, formats):
        threads.add(threading.current_thread().name)
        if "png" in formats:
            raise RuntimeError("no fonts")
        return real(spec, folder, stem, formats)

    monkeypatch.setattr(pipeline, "render_diagram", png_broken)
    with pytest.raises(pipeline.StepFailed) as failed:
        pipeline.run(base, [option], HTML, out)
    assert failed.value.step == "diagrams"
    assert "RuntimeError: no fonts" in str(failed.value)
    assert not out.exists() and list(tmp_path.glob(".out.*")) == []
    assert all(name.startswith("orgsim-draw") for name in threads)  # drawn off the main thread
