# Sourced by scripts/run and scripts/test: make .venv exist and match the pins.
# Needs nothing but Python 3.11+ on PATH. Reinstalls only when the pins change.
set -eu
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PY=$candidate; break
    fi
  done
fi
[ -n "$PY" ] || { echo "Rapport needs Python 3.11 or newer on PATH (or set PYTHON=...)." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=$(cat pyproject.toml constraints.txt | "$PY" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
if [ "$(cat .venv/.rapport-installed 2>/dev/null)" != "$stamp" ]; then
  echo "Installing Rapport's pinned dependencies into .venv (first run takes a minute)..." >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
  echo "$stamp" > .venv/.rapport-installed
fi
