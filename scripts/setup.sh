#!/bin/sh
# One-step set-up on a fresh Debian/Ubuntu machine with Python 3.11+: a local virtual environment
# with orgsim and its test tools, and the Graphviz system package. Safe to run again: it only
# reinstalls when pyproject.toml has changed.
set -eu
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else return 1; fi; }

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "orgsim needs Python 3.11 or newer; found: $("$PYTHON" --version 2>&1)" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        rm -rf .venv
        pyver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        if as_root apt-get install -y -q "python${pyver}-venv" >/dev/null 2>&1 ||
           { as_root apt-get update -q >/dev/null 2>&1 &&
             as_root apt-get install -y -q "python${pyver}-venv" >/dev/null; }; then
            "$PYTHON" -m venv .venv
        else
            echo "Python's venv module is missing. Install it with:" >&2
            echo "    sudo apt-get install python${pyver}-venv" >&2
            exit 1
        fi
    fi
fi

stamp=.venv/.orgsim-installed
want=$(cat pyproject.toml | cksum)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing orgsim and its dependencies into .venv ..." >&2
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    if ! .venv/bin/python -m pip install -q -e '.[test]' >.venv/pip-install.log 2>&1; then
        cat .venv/pip-install.log >&2
        echo "Installing orgsim failed; the pip output is above." >&2
        exit 1
    fi
    echo "$want" > "$stamp"
fi

if ! command -v dot >/dev/null 2>&1; then
    if as_root true; then
        echo "Installing Graphviz ..." >&2
        apt-get install -y -q graphviz >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null && apt-get install -y -q graphviz >/dev/null; }
    else
        echo "Graphviz is not installed; diagrams need it. Install it with:" >&2
        echo "    sudo apt-get install graphviz" >&2
    fi
fi

# Headless Chromium prints the committee paper's PDF (WeasyPrint does where it is missing), and
# the browser test of the explorable HTML paper drives it through its chromedriver (the test
# skips, saying why, where neither can be had).
if ! command -v chromedriver >/dev/null 2>&1; then
    if as_root true; then
        echo "Installing Chromium and its driver (for the PDF and the browser test) ..." >&2
        apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null && apt-get install -y -q chromium chromium-driver >/dev/null; } ||
            echo "Chromium could not be installed; WeasyPrint will print the PDF and the browser test will skip." >&2
    else
        echo "For a faster PDF and the browser test: sudo apt-get install chromium chromium-driver" >&2
    fi
fi
