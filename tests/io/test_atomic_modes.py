"""Files orgsim writes for a user (import, export, repair -o, --items-csv) get the mode the
user's umask gives a new file, not the private 0600 of a temporary file."""

import os
import stat

import pytest

from orgsim.io.atomic import replace_atomically, write_new_text


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_honours_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_new_text(tmp_path / "out.yaml", "orgsim: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.yaml").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old")
    path.chmod(0o600)
    replace_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == b"new"
