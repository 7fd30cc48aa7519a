#!/usr/bin/env bash
# Set up cardnote on Debian (as root, or with sudo) and optionally serve it or run the tests.
#
#   bash scripts/setup.sh serve   # system packages + .venv, then `cardnote serve` on SQLite
#   bash scripts/setup.sh test    # system packages + .venv with test tools, then ruff, lint-imports, the test suite
#   bash scripts/setup.sh system  # only the Debian packages (the Dockerfile's runtime stage uses this)
#   bash scripts/setup.sh venv    # only the Python environment in .venv
#
# Every step is skipped when already done, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the reader needs at run time: Tesseract with the five card languages plus orientation detection.
RUNTIME_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa tesseract-ocr-fra tesseract-ocr-deu
                  tesseract-ocr-por tesseract-ocr-osd python3 python3-venv python3-pip libglib2.0-0 libgomp1
                  ca-certificates)
# What the tests add: Chromium for browser tests, fonts for the synthetic card generator.
# Node.js runs ical.js (reads the exports) and axe-core (checks the pages) from package.json.
TEST_PACKAGES=(chromium fonts-dejavu-core fonts-liberation2 fonts-noto-core)
# A Node.js from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's npm package) is used as it
# is: only a missing command pulls in Debian's package.
command -v node >/dev/null 2>&1 || TEST_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || TEST_PACKAGES+=(npm)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_system() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_venv() {
  local extras="$1" stamp=".venv/.installed-$1"
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  # Reinstall only when pyproject.toml changed since the last install of these extras.
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    if [ "$extras" = "test" ]; then
      .venv/bin/python -m pip install -q -e ".[test]"
    else
      .venv/bin/python -m pip install -q -e .
    fi
    touch "$stamp"
  fi
}

install_node_tools() {
  # Reinstall only when the lock file changed since the last install.
  if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
    npm ci --no-audit --no-fund --silent
    touch node_modules/.installed
  fi
}

case "${1:-}" in
  system)
    install_system "${RUNTIME_PACKAGES[@]}" ;;
  venv)
    install_venv runtime ;;
  serve)
    install_system "${RUNTIME_PACKAGES[@]}"
    install_venv runtime
    shift
    exec .venv/bin/cardnote serve "$@" ;;
  test)
    install_system "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    install_venv test
    install_node_tools
    shift
    .venv/bin/ruff check .
    .venv/bin/lint-imports  # the layer contracts in pyproject.toml
    exec .venv/bin/python -m pytest -n auto "$@" ;;
  *)
    echo "usage: bash scripts/setup.sh serve|test|system|venv" >&2
    exit 2 ;;
esac
