#!/usr/bin/env bash
# Installs what juesuan needs on a Debian machine: system packages (as root, or through sudo) and a
# virtual environment in .venv on a Python >= 3.12. Sourced by run.sh and test.sh; safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# WeasyPrint needs pango; libharfbuzz-subset0 makes font subsetting fast; fonts-noto-cjk gives the
# Chinese glyphs embedded in the PDF; poppler-utils (pdftotext, pdftoppm) reads PDFs back.
BASE_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils)

apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in python3.14 python3.13 python3.12 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    # pyenv's shims for versions that are not active fail; use the interpreters themselves.
    local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    if command -v pyenv >/dev/null 2>&1; then
        pyenv_root="$(pyenv root)"
    fi
    for candidate in $(ls -d "$pyenv_root"/versions/3.* 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/bin/python" ] && python_ok "$candidate/bin/python"; then
            echo "$candidate/bin/python"
            return 0
        fi
    done
    return 1
}

setup_venv() {
    if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
        local python
        if ! python="$(find_python)"; then
            echo "juesuan needs Python 3.12 or newer (Django 6). None was found on PATH or under pyenv." >&2
            echo "Install one (for example with pyenv: pyenv install 3.12) and run this command again." >&2
            exit 1
        fi
        echo "Creating .venv with $python"
        rm -rf .venv
        "$python" -m venv .venv
    fi
    local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "file:///" || true
        .venv/bin/python -m pip install --quiet -e ".[test]" 2>&1 | grep -v "file:///" || true
        .venv/bin/python -c "import django, weasyprint, psycopg, openpyxl, pytest_django"
        rm -f .venv/.installed-*
        touch "$stamp"
    fi
}

apt_install "${BASE_PACKAGES[@]}" ${EXTRA_PACKAGES[@]+"${EXTRA_PACKAGES[@]}"}
setup_venv
