#!/usr/bin/env bash
# Installs everything the tests need, starts the services they use (a real etcd on
# loopback), runs the static checks and every test, and stops what it started.
# Exits non-zero if anything fails. Needs root on a fresh machine (apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

# The integration tests drive the real kubectl (v1.32, and 1.27/1.33 for smoke tests),
# which this kind of machine ships in its image.
if ! command -v kubectl >/dev/null; then
  echo "test-all: kubectl is not on PATH; the integration tests need the real kubectl" >&2
  exit 1
fi

work_dir=$(mktemp -d -t tug-test-services-XXXXXX)
etcd_pid=""
cleanup() {
  if [[ -n "$etcd_pid" ]] && kill -0 "$etcd_pid" 2>/dev/null; then
    kill "$etcd_pid" 2>/dev/null || true
    wait "$etcd_pid" 2>/dev/null || true
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT

read -r client_port peer_port < <(node scripts/free-ports.mjs 2)
echo "test-all: starting etcd on 127.0.0.1:${client_port}"
etcd --name tug-test --data-dir "$work_dir/etcd" \
  --listen-client-urls "http://127.0.0.1:${client_port}" --advertise-client-urls "http://127.0.0.1:${client_port}" \
  --listen-peer-urls "http://127.0.0.1:${peer_port}" --initial-advertise-peer-urls "http://127.0.0.1:${peer_port}" \
  --initial-cluster "tug-test=http://127.0.0.1:${peer_port}" >"$work_dir/etcd.log" 2>&1 &
etcd_pid=$!
for _ in $(seq 1 100); do
  if ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:${client_port}" endpoint health >/dev/null 2>&1; then break; fi
  if ! kill -0 "$etcd_pid" 2>/dev/null; then cat "$work_dir/etcd.log" >&2; echo "test-all: etcd did not start" >&2; exit 1; fi
  sleep 0.1
done
ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:${client_port}" endpoint health
export TUG_TEST_ETCD_ENDPOINTS="127.0.0.1:${client_port}"

echo "test-all: static checks (types, lint, layering)"
npm run --silent check

echo "test-all: tests"
npm test
