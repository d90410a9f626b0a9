#!/usr/bin/env bash
# The benchmark harness: sets up what is missing, builds the release app,
# runs the IndexedDB benchmark (tests/idb_bench.rs, headless Chromium), then
# drives the release build served by a real, seeded PocketBase with
# Playwright and the DevTools protocol (tests/bench/). Writes
# target/bench/results.json and prints a Markdown table: each figure, its
# target and whether it is met.
#
#   scripts/bench.sh                        # everything, about 10 minutes on 2 cores
#   scripts/bench.sh --no-build             # measure dist/ as it is
#   scripts/bench.sh --only paging,delivery # some benchmarks (names in tests/bench/run.mjs)
#
# Never fails on a timing: exits non-zero only when a figure could not be
# measured. Other work on the machine moves the timings; the load average
# is kept with the results.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --only) only="$2"; shift ;;
    *) echo "usage: scripts/bench.sh [--no-build] [--only name,name]" >&2; exit 2 ;;
  esac
  shift
done

started=$(date +%s)
"$ROOT/scripts/setup.sh" test
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
cd "$ROOT"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
say() { printf '\033[1;36m[bench]\033[0m %s\n' "$*"; }

if [ "$build" = 1 ]; then
  say "release build (log: target/bench/build.log)"
  scripts/build-release.sh >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
fi
[ -f dist/index.html ] || { echo "bench: no dist/index.html; run without --no-build" >&2; exit 1; }

rm -f "$OUT/idb.json"
if [ -z "$only" ] || [[ ",$only," == *,idb,* ]]; then
  say "IndexedDB benchmark (log: target/bench/idb.log)"
  # Built like the shipped app: the release profile with the same flags as
  # scripts/build-release.sh, so the two builds share their compiled crates.
  flags=("--remap-path-prefix=$ROOT/=")
  for src in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
    [ -d "$src" ] && flags+=("--remap-path-prefix=$src=")
  done
  if RUSTFLAGS="${RUSTFLAGS:-} ${flags[*]}" CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    cargo test --release --target wasm32-unknown-unknown --test idb_bench -- --nocapture >"$OUT/idb.log" 2>&1; then
    grep -o 'bench idb: .*' "$OUT/idb.log" | tail -1 | sed 's/^bench idb: //' >"$OUT/idb.json" || true
    [ -s "$OUT/idb.json" ] || rm -f "$OUT/idb.json"
  else
    tail -30 "$OUT/idb.log"
    say "the IndexedDB benchmark failed; its figures are reported as not measured"
  fi
fi

say "browser benchmarks against a real PocketBase serving dist/"
status=0
node tests/harness/with-pocketbase.mjs --public-dir dist --exempt-loopback -- \
  node tests/bench/run.mjs --idb "$OUT/idb.json" ${only:+--only "$only"} || status=$?
say "done in $(( $(date +%s) - started )) s (setup and build included)"
exit "$status"
