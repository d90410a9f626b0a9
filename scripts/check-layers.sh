#!/usr/bin/env bash
# Checks the architecture's invariants that a grep can see (ARCHITECTURE.md):
#  - domain/ and resilience/ name no browser or UI crate;
#  - web-sys and gloo appear only in platform/, backend/pocketbase/ and store/;
#  - no window events between parts of the app;
#  - inner_html only in the safe-HTML component.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
fail=0
report() { echo "check-layers: $1"; printf '%s\n' "$2" | sed 's/^/    /'; fail=1; }

hits=$(grep -rnE '\b(web_sys|js_sys|wasm_bindgen|gloo[a-z_]*|leptos[a-z_]*)\b' src/domain src/domain.rs src/resilience src/resilience.rs || true)
[ -z "$hits" ] || report "domain/ and resilience/ must not name web-sys, gloo, wasm-bindgen or leptos" "$hits"

hits=$(grep -rnE '\b(web_sys|gloo[a-z_]*)\b' src \
  | grep -vE '^src/(platform|backend/pocketbase|store)(/|\.rs:)' || true)
[ -z "$hits" ] || report "web-sys and gloo belong in platform/, backend/pocketbase/ and store/" "$hits"

hits=$(grep -rnE 'dispatch_event|CustomEvent' src || true)
[ -z "$hits" ] || report "no window events between parts of the app (use typed contexts)" "$hits"

hits=$(grep -rn 'inner_html' src | grep -v '^src/ui/safe_html.rs:' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' || true)
[ -z "$hits" ] || report "inner_html only in src/ui/safe_html.rs (through SanitizedHtml)" "$hits"

if [ "$fail" = 0 ]; then echo "check-layers: ok"; fi
exit "$fail"
