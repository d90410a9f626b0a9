#!/usr/bin/env bash
# The release build of the app into dist/, as shipped and as measured.
# Build-machine paths (the crate registry, this checkout) are remapped out of
# the panic locations compiled into the module: they would leak where it was
# built and cost bytes in every download.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

flags=("--remap-path-prefix=$ROOT/=")
for src in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$src" ] && flags+=("--remap-path-prefix=$src=")
done
export RUSTFLAGS="${RUSTFLAGS:-} ${flags[*]}"
cd "$ROOT"
trunk build --release "$@"
