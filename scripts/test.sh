#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test tier:
#   checks    cargo fmt, clippy (host and wasm32, -D warnings), layer rules
#   host      cargo test: domain, resilience, state logic (fakes), wire mapping
#   browser   wasm-bindgen-test in headless Chromium: IndexedDB store, platform
#   size      release build; first-load wasm + js brotli budget
#   api       backend API tests against a real PocketBase
#   e2e       Playwright in Chromium against the release build on a real PocketBase
#   faults    the fault suite: lost, duplicated and reordered intents under real faults
# Prints each tier's count and ends with a summary; exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" test
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
cd "$ROOT"

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
declare -a SUMMARY=()
started=$(date +%s)

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
# Runs a command with its output shown and kept in a log.
logged() { local log="$1"; shift; "$@" 2>&1 | tee "$log"; return "${PIPESTATUS[0]}"; }
# Sums "N passed" over every "test result:" line of a cargo test log.
cargo_passed() { grep -E '^test result: ok\.' "$1" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}'; }

step "checks: rustfmt, clippy (host, wasm32), layer rules"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --workspace --all-targets --quiet --target wasm32-unknown-unknown -- -D warnings
scripts/check-layers.sh
SUMMARY+=("checks   rustfmt, clippy host + wasm32, layer rules: ok")

step "tier 1: host unit and property tests (cargo test)"
logged "$LOGS/host.log" cargo test --workspace
SUMMARY+=("host     $(cargo_passed "$LOGS/host.log") passed")

step "tier 2: browser unit tests (wasm-bindgen-test, headless Chromium)"
logged "$LOGS/browser.log" cargo test --target wasm32-unknown-unknown --lib
# The photo preparation's test prints its before/after figures.
logged "$LOGS/browser-photo.log" cargo test --target wasm32-unknown-unknown --test photo_browser -- --nocapture
browser_passed=$(( $(cargo_passed "$LOGS/browser.log") + $(cargo_passed "$LOGS/browser-photo.log") ))
[ "$browser_passed" -gt 0 ] || { echo "no browser test ran" >&2; exit 1; }
SUMMARY+=("browser  $browser_passed passed")
while IFS= read -r line; do SUMMARY+=("photo    ${line#*photo prepared: }"); done \
  < <(grep -o 'photo prepared: .*' "$LOGS/browser-photo.log" || true)

step "release build and first-load size"
scripts/build-release.sh
logged "$LOGS/size.log" node scripts/size-check.mjs --budget-kb 182 --json target/size.json
SUMMARY+=("size     $(grep -E '^TOTAL' "$LOGS/size.log" | awk '{print $2" raw, "$3" gzip, "$4" brotli (budget 182 KB)"}')")

step "tier 3a: backend API tests (real PocketBase)"
logged "$LOGS/api.log" node tests/harness/with-pocketbase.mjs -- node --test backend/tests/api_test.mjs
SUMMARY+=("api      $(grep -E '^# pass ' "$LOGS/api.log" | awk '{print $3}') passed")

step "tier 3b: end-to-end (Playwright, Chromium, real PocketBase serving dist/)"
logged "$LOGS/e2e.log" node tests/harness/with-pocketbase.mjs --public-dir dist --exempt-loopback -- \
  npx playwright test --config tests/e2e/playwright.config.mjs
e2e_passed=$(node -e 'const r=require("./target/e2e/report.json"); console.log(r.stats.expected)')
SUMMARY+=("e2e      $e2e_passed passed (artifacts in target/e2e/artifacts)")

step "tier 4: fault suite (Playwright, a PocketBase it kills and restarts; see tests/faults/)"
logged "$LOGS/faults.log" node tests/harness/with-pocketbase.mjs --public-dir dist --exempt-loopback -- \
  npx playwright test --config tests/faults/playwright.config.mjs
faults_passed=$(node -e 'const r=require("./target/faults/report.json"); console.log(r.stats.expected)')
SUMMARY+=("faults   $faults_passed passed")
while IFS= read -r line; do SUMMARY+=("  ${line#scenario }"); done < <(grep -E '^scenario ' "$LOGS/faults.log" || true)

step "summary ($(( $(date +%s) - started )) s)"
printf '  %s\n' "${SUMMARY[@]}"
echo "all tiers green"
