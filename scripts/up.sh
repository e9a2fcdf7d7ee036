#!/usr/bin/env bash
# Installs what Tugboat needs, builds it, and brings up a single-node Tugboat on this
# machine with the embedded SQLite datastore. Needs root on a fresh machine (apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

data_dir=${TUG_DATA_DIR:-/var/lib/tugboat}
# `tug server` (the API server) is the next piece of work; until it lands, this opens
# the datastore the server will use and shows its state.
bin/tug.js datastore status --data-dir "$data_dir"
echo "up: Tugboat is built; its datastore is ready in $data_dir (tug server is not implemented yet)"
