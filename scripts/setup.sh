#!/usr/bin/env bash
# Set up the project in place: a virtual environment in .venv with pinned dependencies.
#   scripts/setup.sh runtime   what the service needs (the Dockerfile runs this)
#   scripts/setup.sh dev       that, plus tests, linters and benchmarks
# Needs Python 3.11+ (set PYTHON to choose the interpreter). Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-runtime}"
python="${PYTHON:-python3}"
venv=".venv"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "setup: Python 3.11 or newer is needed ('$python' is $("$python" --version 2>&1))." >&2
    exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" 2>/dev/null; then
        # Debian's python3 ships venv's pip seed in a separate package.
        rm -rf "$venv"
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "setup: installing Debian's python3-venv" >&2
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
            "$python" -m venv "$venv"
        else
            echo "setup: '$python -m venv' failed; install python3-venv (Debian/Ubuntu)." >&2
            exit 1
        fi
    fi
fi

case "$profile" in
    runtime) requirements=requirements.txt ;;
    dev) requirements=requirements-dev.txt ;;
    *) echo "setup: unknown profile '$profile' (runtime or dev)" >&2; exit 2 ;;
esac

# Skip pip when this exact requirements file is already installed (fast restarts).
stamp="$venv/.installed-$profile"
if [ ! -f "$stamp" ] || ! cmp -s <(cat requirements*.txt) "$stamp"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cat requirements*.txt > "$stamp"
fi
