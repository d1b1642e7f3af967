# Sourced by scripts/serve and scripts/test: creates .venv and installs what the
# project needs, once per change of the requirement files.
# Usage: source scripts/_setup.sh [dev]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${GP_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
want="requirements.txt"
if [ "${1:-}" = "dev" ]; then want="requirements-dev.txt"; fi

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "setup: $PYTHON not found; install Python 3.11 or newer" >&2
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtual environment in $VENV" >&2
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv "$VENV"
    else
      echo "setup: cannot create a virtual environment; install the python3-venv package" >&2
      exit 2
    fi
  fi
fi
stamp="$VENV/.installed-$(cat "$ROOT/$want" "$ROOT/requirements.txt" "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages ($want)" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null || true
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$want"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
# Build-time data from npm (package.json): the map's country boundaries (world-atlas).
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm not found; install Node.js and npm (Debian: apt-get install nodejs npm), then run this again" >&2
    exit 2
  fi
  echo "setup: installing npm packages (package-lock.json)" >&2
  (cd "$ROOT" && npm ci --no-audit --no-fund --silent >/dev/null)
fi
export PATH="$VENV/bin:$PATH"
# Material 9.8 prints an end-of-life banner on every command; the notice is in the README.
export NO_MKDOCS_2_WARNING=1
