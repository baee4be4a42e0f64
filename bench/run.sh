#!/bin/sh
# make bench, or: bench/run.sh [--duration 10 --runs 3 --login-rate 4 --login-duration 30 --only /informations/]
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
exec "$PYTHON" -m bench.run "$@"
