#!/usr/bin/env bash
# 50-firefox.sh: postcheck in Firefox ESR (issue 5).
#   1. `web-ext lint` (npm, tests/e2e/firefox) on extension/ reports no errors;
#   2. the extension's manifest carries the gecko id from manifests/ids.json
#      and background scripts (Firefox's MV3 has no service worker);
#   3. in a temporary HOME, `postcheck install --browser firefox` registers
#      the host in $HOME/.mozilla/native-messaging-hosts and doctor agrees;
#   4. headless Firefox ESR over WebDriver BiDi installs the extension as a
#      temporary add-on and gets the whole draft's findings underlined on a
#      fixture composer: exactly those the host gives for it (asked directly).
#
# Env: PC_ROOT, PC_BUILD_DIR (built). Installs firefox-esr and the npm
# packages if missing. Exit 0 only if every check passed.
set -u
cd "${PC_ROOT:-$(dirname "$0")/../..}"
. tests/support_stage.sh
ext=${PC_E2E_EXTENSION:-$root/extension}

pc_need_packages firefox-esr openssl
pc_need_node
if [ ! -x tests/e2e/firefox/node_modules/.bin/web-ext ] ||
    [ ! -d tests/e2e/firefox/node_modules/ws ]; then
    (cd tests/e2e/firefox && npm ci --no-audit --no-fund --silent) ||
        { fail "npm ci in tests/e2e/firefox"; exit 1; }
fi

echo "== web-ext lint"
# tools/ (id sync script) and tests/ are not shipped in the add-on.
lint=$(cd tests/e2e/firefox && npx --no-install web-ext lint --source-dir "$ext" \
    --ignore-files 'tools/**' 'tests/**' --output json 2>/dev/null)
summary=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const k of ["errors", "warnings"])
        for (const e of r[k]) console.log(`    ${k.slice(0, -1)}: ${e.code} ${e.file || ""} ${e.message}`);
    console.log(`errors=${r.summary.errors} warnings=${r.summary.warnings} notices=${r.summary.notices}`);
' <<<"$lint" 2>&1)
echo "$summary" | sed '$d'
counts=$(tail -1 <<<"$summary")
if grep -q '^errors=0 ' <<<"$counts"; then
    pass "web-ext lint: no errors ($counts)"
else
    fail "web-ext lint: $counts"
fi

echo "== Firefox manifest keys"
gecko=$(sed -n 's/.*"gecko_id": *"\([^"]*\)".*/\1/p' manifests/ids.json)
host_name=$(sed -n 's/.*"host_name": *"\([^"]*\)".*/\1/p' manifests/ids.json)
node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const id = ((m.browser_specific_settings || {}).gecko || {}).id;
    if (id !== process.argv[2]) { console.log(`gecko id is ${id}, want ${process.argv[2]}`); process.exit(1); }
    if (!m.background || !Array.isArray(m.background.scripts)) { console.log("no background.scripts"); process.exit(1); }
' "$ext/manifest.json" "$gecko" &&
    pass "extension manifest: gecko id $gecko, background scripts for Firefox" ||
    fail "extension manifest is not ready for Firefox"

echo "== postcheck install --browser firefox in a temporary HOME"
home=$scratch/home
mkdir -p "$home"
env -u XDG_CONFIG_HOME HOME="$home" "$bin" install --browser firefox | sed 's/^/    /'
if [ -f "$home/.mozilla/native-messaging-hosts/$host_name.json" ] &&
    grep -q "\"$gecko\"" "$home/.mozilla/native-messaging-hosts/$host_name.json"; then
    pass "manifest in \$HOME/.mozilla/native-messaging-hosts with allowed_extensions [$gecko]"
else
    fail "no Firefox manifest written"
fi
if env -u XDG_CONFIG_HOME HOME="$home" "$bin" doctor --browser firefox >"$scratch/doctor" 2>&1; then
    pass "postcheck doctor --browser firefox: ok"
else
    fail "postcheck doctor --browser firefox:"
    cat "$scratch/doctor"
fi

echo "== headless Firefox ESR over WebDriver BiDi"
# The fixture composer pages and their server belong to the extension's
# browser tests (tests/e2e/fixtures, tests/e2e/lib/server.mjs; read-only
# here). x.com's fixture is a Draft.js-like composer posting as @LLMAT.
fixtures=${PC_FIXTURE_DIR:-$root/tests/e2e/fixtures}
url=${PC_FIXTURE_URL:-https://x.com/?handle=LLMAT}
composer=${PC_FIXTURE_COMPOSER:-[data-fixture-editor]}
# A post that gives out a person's phone number and date of birth: every
# built-in pack flags personal data.
text=${PC_FIXTURE_TEXT:-Call Tom Smith on 07700 900123, his date of birth is 12/03/1985.}
# Settings as IT would push them (Firefox managed storage): the llmat pack,
# and @LLMAT as the organisation's official account.
default_managed='{"policy": "llmat", "officialHandles": ["@LLMAT"]}'
managed=${PC_FIXTURE_MANAGED:-$default_managed}
if [ ! -f "$fixtures/x.html" ] || [ ! -f tests/e2e/lib/server.mjs ]; then
    fail "no fixture pages or fixture server under tests/e2e"
else
    if (cd tests/e2e/firefox && env -u XDG_CONFIG_HOME HOME="$home" timeout 180 node run.mjs \
            --extension "$ext" --fixtures "$fixtures" --url "$url" --composer "$composer" \
            --text "$text" --managed "$managed" --host "$bin"); then
        pass "Firefox ESR underlined the draft's findings from the host registered by postcheck install"
    else
        fail "Firefox ESR end-to-end"
    fi
fi

if [ "$failed" -eq 0 ]; then
    echo "50-firefox: all checks passed"
else
    echo "50-firefox: $failed checks failed"
fi
[ "$failed" -eq 0 ]
