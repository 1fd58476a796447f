#!/usr/bin/env bash
# Installs only what is missing: Debian packages for the build, tests and benchmarks, and the web
# front end's npm packages. Both README commands (`make run`, `make test`) call this first.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  g++ cmake make ninja-build pkgconf ccache libboost-dev librestinio-dev libasio-dev libfmt-dev libhttp-parser-dev
  libcpp-httplib-dev libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15 pgbackrest
  nlohmann-json3-dev libsodium-dev libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libpango1.0-dev libcairo2-dev libqrencode-dev libxlsxwriter-dev libssl-dev poppler-utils
  patroni etcd-server postgresql-15-partman pgbouncer
  chromium fonts-noto-cjk nodejs npm
)
if [ "${MEDRISK_SETUP_BENCH:-0}" = 1 ]; then
  debian_packages+=(wrk nginx-light)
fi
if [ "${MEDRISK_SETUP_FUZZ:-0}" = 1 ]; then
  debian_packages+=(clang libclang-rt-14-dev)
fi
if [ "${MEDRISK_SETUP_WEB:-1}" = 0 ]; then
  # fonts-noto-cjk stays: the server renders PDF documents with it (platform/documents).
  debian_packages=("${debian_packages[@]/chromium}")
fi

missing=()
for p in "${debian_packages[@]}"; do
  [ -z "$p" ] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node/npm may come from elsewhere on the machine; only install them when the commands are absent
    if { [ "$p" = nodejs ] && command -v node >/dev/null; } || { [ "$p" = npm ] && command -v npm >/dev/null; }; then
      continue
    fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

if [ -f web/package.json ] && [ "${MEDRISK_SETUP_WEB:-1}" != 0 ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages"
    (cd web && npm ci --no-audit --no-fund)
  else
    echo "setup: npm packages present"
  fi
fi
