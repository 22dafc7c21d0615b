#!/usr/bin/env bash
# Sets everything up and runs juesuan with the demo data on SQLite at http://127.0.0.1:8000/ .
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export DEBUG="${DEBUG:-true}"
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py load_reference_data
# A database published into before tables were frozen whole: give those versions their layout file once.
$PY manage.py freeze_published_layouts
if $PY manage.py help load_demo >/dev/null 2>&1; then
    $PY manage.py load_demo
fi
echo "juesuan runs at http://127.0.0.1:8000/"
exec $PY manage.py runserver 127.0.0.1:8000
