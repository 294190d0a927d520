#!/usr/bin/env bash
# Gradescope runs this once, as root, to build the autograder image. It installs Node (unless a Node
# >= 20.19 is already on PATH) and the course's locked dependencies (npm ci) in $AUTOGRADER_ROOT/source.
# AUTOGRADER_ROOT defaults to /autograder; set it to try the package in another folder.
# SKIP_NPM_CI=1 leaves node_modules alone (for tests that provide it).
set -euo pipefail
AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$AUTOGRADER_ROOT/source"
NODE_VERSION="__NODE_VERSION__"   # filled in by npm run gradescope: the Node the package was built with

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}

if node_ok; then
  echo "setup.sh: Node $(node --version) is on PATH (>= 20.19 needed): not installing Node"
else
  echo "setup.sh: no Node >= 20.19 on PATH ($(command -v node >/dev/null 2>&1 && node --version || echo 'none')): installing Node v$NODE_VERSION"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "setup.sh: expected an x86_64 or arm64 machine, got $(uname -m)" >&2; exit 1 ;;
  esac
  if ! command -v curl >/dev/null 2>&1 || ! command -v xz >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq curl ca-certificates xz-utils
  fi
  name="node-v$NODE_VERSION-linux-$arch"
  tmp="$(mktemp -d)"
  curl -fsSL "https://nodejs.org/dist/v$NODE_VERSION/$name.tar.xz" -o "$tmp/$name.tar.xz"
  curl -fsSL "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt" -o "$tmp/SHASUMS256.txt"
  (cd "$tmp" && grep " $name.tar.xz\$" SHASUMS256.txt | sha256sum -c -)
  mkdir -p /usr/local/lib/nodejs
  tar -xJf "$tmp/$name.tar.xz" -C /usr/local/lib/nodejs
  for tool in node npm npx; do ln -sf "/usr/local/lib/nodejs/$name/bin/$tool" "/usr/local/bin/$tool"; done
  rm -rf "$tmp"
  hash -r
  node_ok || { echo "setup.sh: Node >= 20.19 is still not on PATH after installing it in /usr/local/bin" >&2; exit 1; }
  echo "setup.sh: installed Node $(node --version)"
fi

cd "$SOURCE"
# The grader's strong isolation mode (grader/README.md, "Trust model") needs bubblewrap; without it the
# grader falls back to a weaker mode and says so in results.json (extra_data.isolation).
if ! command -v bwrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq bubblewrap)) \
    || echo "setup.sh: could not install bubblewrap; grading will use a weaker isolation mode"
fi
if [ "${SKIP_NPM_CI:-}" = "1" ]; then
  echo "setup.sh: SKIP_NPM_CI=1: not running npm ci"
else
  npm ci --no-audit --no-fund
fi
echo "setup.sh: ready"
