#!/usr/bin/env bash
# Installs what Tugboat needs on a Debian 12 machine: Debian packages (as root) and
# the npm packages of this checkout, then builds dist/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(etcd-server etcd-client python3-kubernetes containerd runc busybox-static docker-registry skopeo containernetworking-plugins iptables)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "install-deps: installing npm packages (better-sqlite3 compiles from source, about a minute)"
  npm ci --no-audit --no-fund
fi

echo "install-deps: building dist/"
npm run --silent build
