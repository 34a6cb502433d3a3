#!/usr/bin/env bash
# 30-e2e-chromium: the extension's checks and its end-to-end tests in real
# Chromium (headless), against the real postcheck binary from PC_BUILD_DIR
# with its built-in packs. Installs Debian's chromium and the npm packages
# of tests/e2e if they are missing. See docs/EXTENSION.md.
set -u
cd "${PC_ROOT:-$(dirname "$0")/../..}"
build=${PC_BUILD_DIR:-build}
fail=0

. scripts/lib.sh
pc_need_packages chromium openssl || exit 1
pc_need_node || exit 1

echo "e2e: ids in manifests/ids.json match the extension's manifest and lib/ids.js"
node extension/tools/sync-ids.mjs --check || fail=1

echo "e2e: the manifest's matches and the managed schema's sites follow content/sites.js"
node extension/tools/sync-sites.mjs --check || fail=1

echo "e2e: manifest.json and managed_schema.json are valid JSON"
for f in extension/manifest.json extension/managed_schema.json; do
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$f" ||
        { echo "e2e: $f is not valid JSON"; fail=1; }
done

echo "e2e: every extension script parses"
for f in $(find extension -name '*.js' -o -name '*.mjs'); do
    node --check "$f" 2>/dev/null || node --input-type=module --check < "$f" 2>/dev/null ||
        { echo "e2e: $f does not parse"; fail=1; }
done

host="$(cd "$build" 2>/dev/null && pwd)/postcheck"
if [ ! -x "$host" ]; then
    echo "e2e: no $build/postcheck: build the host first (bash scripts/setup)"
    exit 1
fi

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
    echo "e2e: Node.js $(node --version 2>/dev/null) is too old: playwright-core 1.65 needs Node.js 20 or later"
    exit 1
fi

echo "e2e: npm packages (tests/e2e)"
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error) || exit 1
fi

echo "e2e: Chromium loads the extension without errors"
prof=$(mktemp -d)
errors=$(timeout 8 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$prof" \
    --enable-logging=stderr --load-extension="$PWD/extension" \
    --disable-extensions-except="$PWD/extension" about:blank 2>&1 |
    grep -i 'extension error\|failed to load extension' || true)
rm -rf "$prof"
if [ -n "$errors" ]; then
    echo "$errors"
    fail=1
fi

echo "e2e: browser tests (tests/e2e/run.mjs)"
PC_HOST="$host" node tests/e2e/run.mjs || fail=1

echo "e2e: what a person meets (tests/e2e/ext.mjs)"
PC_HOST="$host" node tests/e2e/ext.mjs || fail=1

echo "e2e: faces in attached photos (tests/e2e/vision.mjs)"
PC_HOST="$host" node tests/e2e/vision.mjs || fail=1

echo "e2e: the extension's dHash equals the host's and the pack tool's (tests/e2e/dhash.mjs)"
PC_HOST="$host" node tests/e2e/dhash.mjs || fail=1

# The editor engines the sites run, from npm (exact versions in the lock),
# bundled into the engine pages; npm ci again when the lock changed.
echo "e2e: engine pages (tests/e2e/engines: npm ci, esbuild)"
eng=tests/e2e/engines
lock=$(sha256sum "$eng/package-lock.json" | cut -c1-64)
if [ "$(cat "$eng/node_modules/.pc-lock" 2>/dev/null)" != "$lock" ]; then
    (cd "$eng" && npm ci --no-audit --no-fund --loglevel=error) &&
        echo "$lock" > "$eng/node_modules/.pc-lock" || exit 1
fi
node "$eng/build.mjs" || exit 1

echo "e2e: the extension on the real editor engines (tests/e2e/engines.mjs)"
PC_HOST="$host" node tests/e2e/engines.mjs || fail=1

echo "e2e: two Draft.js composers on one page (tests/e2e/two-composers.mjs)"
PC_HOST="$host" node tests/e2e/two-composers.mjs || fail=1

echo "e2e: a pack's own logo after a switch, a reload, a restart (tests/e2e/logo-pack.mjs)"
PC_HOST="$host" node tests/e2e/logo-pack.mjs || fail=1

echo "e2e: the pack's allow list and ignorable rules (tests/e2e/controls.mjs)"
PC_HOST="$host" node tests/e2e/controls.mjs || fail=1

echo "e2e: the worker's filter of findings, IT's locks (tests/e2e/controls-unit.mjs)"
node tests/e2e/controls-unit.mjs || fail=1
[ "$fail" -eq 0 ]
