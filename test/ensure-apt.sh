#!/usr/bin/env bash
# usage: test/ensure-apt.sh COMMAND PACKAGE...
# Installs Debian packages when COMMAND is missing and we are root (CI, fresh
# machines); otherwise says what to install. Idempotent and instant when present.
set -euo pipefail
command_name=$1
shift
command -v "$command_name" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "$command_name is missing: install it with: sudo apt-get install -y $*" >&2
  exit 1
fi
echo "installing $* (apt-get)..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
