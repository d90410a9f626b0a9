# Sourced by the run and test scripts: where the project's tools are.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
PB_BIN="$ROOT/.tools/venv/bin/pocketbase"
