#!/usr/bin/env bash
# Installs what Tugboat needs, builds it, and runs a single-node Tugboat control plane
# on this machine (embedded SQLite datastore) in the foreground; Ctrl-C stops it.
# Needs root on a fresh machine (apt-get, and the default data dir /var/lib/tugboat).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

data_dir=${TUG_DATA_DIR:-/var/lib/tugboat}
echo "up: starting tug server; in another shell: export KUBECONFIG=$data_dir/kubeconfig.yaml; kubectl get namespaces"
exec bin/tug.js server --data-dir "$data_dir" "$@"
