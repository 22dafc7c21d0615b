#!/usr/bin/env bash
# Sets everything up and runs juesuan with the demo data on SQLite at http://127.0.0.1:8000/ , with a
# task worker beside the server for the long work (publishing, PDFs, bulk checks); both stop together.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export DEBUG="${DEBUG:-true}"
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py createcachetable  # migrate creates it too; this covers a table renamed in CACHE_URL
$PY manage.py load_reference_data
# A database published into before tables were frozen whole: give those versions their layout file once.
$PY manage.py freeze_published_layouts
if $PY manage.py help load_demo >/dev/null 2>&1; then
    $PY manage.py load_demo
fi

# The worker runs in the background; without --no-reload it would reload on code changes through a
# child process that outlives a kill of its parent. SIGTERM lets it finish the task it is running.
$PY manage.py db_worker --no-reload --worker-id "run.sh-$$" &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true' EXIT

echo "juesuan runs at http://127.0.0.1:8000/ (task worker: process $WORKER_PID)"
$PY manage.py runserver 127.0.0.1:8000
