#!/usr/bin/env bash
# 40-install.sh: issue 5's tests of `postcheck install|uninstall|doctor`,
# the .deb and the extension zip, and a real Chromium using the manifest
# that `postcheck install --browser chromium` wrote in a temporary HOME.
#
# Env: PC_ROOT (repo root, a git clone), PC_BUILD_DIR (built). Installs what
# it needs (Debian: chromium, git, zip, unzip, dpkg-dev; npm: playwright-core
# in tests/install). The quick-start check builds a fresh clone of HEAD.
# Leaves the .deb and the extension zip in PC_BUILD_DIR. Exit 0 only if
# every check passed.
set -u
cd "${PC_ROOT:-$(dirname "$0")/../..}"
. tests/support_stage.sh
host_name=$(sed -n 's/.*"host_name": *"\([^"]*\)".*/\1/p' manifests/ids.json)

# Runs postcheck with HOME set to $1 and no XDG_CONFIG_HOME.
pc_home() {
    local home=$1
    shift
    env -u XDG_CONFIG_HOME HOME="$home" "$@"
}

echo "== postcheck doctor on a missing, a good and a stale registration"
if [ ! -x "$bin" ]; then
    fail "no binary at $bin"
    exit 1
fi
home=$scratch/home-doctor
mkdir -p "$home"

# doctor_says STATUS WHAT TEXT...: `postcheck doctor --browser chromium`
# with HOME=$home exits STATUS and prints every TEXT (as it stands): a
# PASS line saying WHAT, else a FAIL line with its exit status and output.
doctor_says() {
    local want=$1 what=$2 out rc text
    shift 2
    out=$(pc_home "$home" "$bin" doctor --browser chromium 2>&1)
    rc=$?
    [ "$rc" -eq "$want" ] || { fail "$what (exit $rc): $out"; return; }
    for text in "$@"; do
        grep -qF -- "$text" <<<"$out" || { fail "$what: no '$text' in: $out"; return; }
    done
    pass "$what"
}

doctor_says 1 "doctor on a missing registration exits 1 and says to run install" \
    "registered: no" "postcheck install --browser chromium"
pc_home "$home" "$bin" install --browser chromium >/dev/null
doctor_says 0 "doctor on a good registration exits 0: path and extension id check out" \
    "path is an executable postcheck: yes ($bin: postcheck " "extension id matches: yes"
mkdir -p "$scratch/moved"
cp "$bin" "$scratch/moved/postcheck"
pc_home "$home" "$scratch/moved/postcheck" install --browser chromium >/dev/null
rm "$scratch/moved/postcheck"
doctor_says 1 "doctor on a stale registration (binary deleted) exits 1 and says so" \
    "no longer exists"
out=$(pc_home "$home" "$bin" uninstall --browser chromium 2>&1)
if [ ! -e "$home/.config/chromium/NativeMessagingHosts/$host_name.json" ]; then
    pass "uninstall removed the manifest"
else
    fail "uninstall left the manifest: $out"
fi

echo "== .deb built by CPack"
pc_need_packages dpkg-dev zip unzip
debdir=$scratch/deb-build
if cmake -S "$root" -B "$debdir" -DCMAKE_INSTALL_PREFIX=/usr -DPC_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$scratch/deb.log" 2>&1 &&
    cmake --build "$debdir" -j "$(nproc)" >>"$scratch/deb.log" 2>&1 &&
    (cd "$debdir" && cpack -G DEB >>"$scratch/deb.log" 2>&1); then
    deb=$(ls "$debdir"/postcheck_*.deb | head -1)
    cp "$deb" "$build/"
    pass "cpack -G DEB built $(basename "$deb") (copied to the build folder)"
    contents=$(dpkg-deb -c "$deb")
    info=$(dpkg-deb -I "$deb")
    grep -q ' \./usr/bin/postcheck$' <<<"$contents" && grep -q 'rwxr-xr-x' \
        <<<"$(grep ' \./usr/bin/postcheck$' <<<"$contents")" &&
        pass ".deb holds an executable /usr/bin/postcheck" ||
        fail ".deb has no executable /usr/bin/postcheck"
    # The phone module, where the binary looks for it (host/phone_load.c).
    grep -qE ' \./usr/lib/([^/]+/)?postcheck/postcheck-phone\.so$' <<<"$contents" &&
        strings "$debdir/postcheck" | grep -qE '^/usr/lib/([^/]+/)?postcheck$' &&
        pass ".deb holds the phone module in the folder the binary looks in" ||
        fail ".deb lacks postcheck-phone.so, or the binary looks elsewhere"
    missing_packs=0
    for pack in host/policies/*.json; do
        [ -e "$pack" ] || continue
        grep -q " \./usr/share/postcheck/policies/$(basename "$pack")$" <<<"$contents" ||
            { fail ".deb lacks pack $(basename "$pack")"; missing_packs=1; }
    done
    n_packs=$(ls host/policies/*.json 2>/dev/null | wc -l)
    [ "$n_packs" -gt 0 ] && [ $missing_packs -eq 0 ] &&
        pass ".deb holds all $n_packs built-in packs under /usr/share/postcheck/policies"
    [ "$n_packs" -eq 0 ] && fail "no built-in packs in host/policies to package"
    # Every system folder postcheck itself would write must be in the .deb,
    # filled in with the installed path.
    mkdir -p "$scratch/deb-root"
    dpkg-deb -x "$deb" "$scratch/deb-root"
    want=$("$bin" install --all --system --dry-run | sed -n 's/^[a-z]*: would write \(.*\):$/\1/p')
    n=0
    for m in $want; do
        n=$((n + 1))
        f=$scratch/deb-root$m
        if grep -q " \.$m\$" <<<"$contents" && grep -q '"path": "/usr/bin/postcheck"' "$f" &&
            grep -q '"type": "stdio"' "$f"; then
            pass ".deb holds $m pointing at /usr/bin/postcheck"
        else
            fail ".deb lacks $m, or it does not point at /usr/bin/postcheck"
        fi
    done
    [ "$n" -eq 6 ] || fail "expected 6 system manifests from postcheck, got $n"
    grep -q '^ Package: postcheck$' <<<"$info" && grep -q '^ Depends:.*libjansson4' <<<"$info" &&
        pass "dpkg-deb -I: package postcheck, depends on its libraries ($(sed -n 's/^ Depends: //p' <<<"$info"))" ||
        fail "dpkg-deb -I: unexpected control data: $info"
else
    fail "building the .deb failed:"
    tail -20 "$scratch/deb.log"
fi

echo "== extension zip for store upload"
version=$(sed -n 's/^project(postcheck VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
zipfile=$build/postcheck-extension-$version.zip
if [ -f extension/manifest.json ]; then
    rm -f "$zipfile"
    stage=$scratch/ext-zip
    mkdir -p "$stage"
    # tests/ and tools/ (the id sync script) are for development only.
    (cd extension && tar --exclude=./tests --exclude=./tools --exclude='*.test.js' \
        --exclude=node_modules -cf - .) | tar -xf - -C "$stage"
    # The store refuses a manifest with "key" (it pins the id for unpacked
    # loads only); the store copy drops it.
    node -e 'const f=process.argv[1], fs=require("fs"); const m=JSON.parse(fs.readFileSync(f));
        delete m.key; fs.writeFileSync(f, JSON.stringify(m, null, 2) + "\n");' "$stage/manifest.json"
    (cd "$stage" && zip -qr -X "$zipfile" .)
    listing=$(unzip -Z1 "$zipfile")
    if grep -qx 'manifest.json' <<<"$listing" && ! grep -qE '^(tests|tools)/' <<<"$listing" &&
        ! unzip -p "$zipfile" manifest.json | grep -q '"key"'; then
        pass "built $(basename "$zipfile"): $(wc -l <<<"$listing") files, manifest.json at the top (no key), no tests/ or tools/"
    else
        fail "extension zip is malformed: $listing"
    fi
else
    fail "extension/manifest.json missing: cannot build the extension zip"
fi

echo "== scripts/setup refuses an option before installing anything"
# An option was once passed to apt-get as a package name ('-j2').
out=$(bash scripts/setup -j2 2>&1 </dev/null)
rc=$?
if [ "$rc" = 2 ] && printf '%s\n' "$out" | grep -q "unknown option '-j2'" &&
    printf '%s\n' "$out" | grep -q '^usage: bash scripts/setup' &&
    ! printf '%s\n' "$out" | grep -qi 'apt'; then
    pass "scripts/setup -j2: exit 2, usage, no apt run"
else
    fail "scripts/setup -j2: exit $rc: $out"
fi
if [ "$(bash scripts/setup --help </dev/null 2>/dev/null | head -1)" = "usage: bash scripts/setup [EXTRA-DEBIAN-PACKAGE...]" ]; then
    pass "scripts/setup --help prints the usage"
else
    fail "scripts/setup --help"
fi

echo "== docs/INSTALL.md's quick start, followed literally in a temporary HOME"
# The first sh block of docs/INSTALL.md, run line by line in a fresh clone
# of this repository with HOME set to a scratch folder. Its last line starts
# Chromium for a person; here real headless Chromium is started the same
# way (default profile of that HOME, the clone's extension/ loaded) by
# tests/install/chromium-installed.mjs, which checks the extension gets
# findings from the host that `postcheck install` registered.
pc_need_packages chromium git openssl
pc_need_node
if [ ! -d tests/install/node_modules/playwright-core ]; then
    (cd tests/install && npm install --no-audit --no-fund --silent) ||
        fail "npm install in tests/install"
fi
home=$scratch/home-chromium
mkdir -p "$home"
if [ -e "/etc/chromium/native-messaging-hosts/$host_name.json" ]; then
    fail "a system-wide /etc/chromium/native-messaging-hosts/$host_name.json exists, so this" \
        "test cannot prove the user-level one is used; remove it and run again"
elif ! git -C "$root" rev-parse HEAD >/dev/null 2>&1; then
    fail "$root is not a git clone, so the quick start cannot be followed from a fresh clone"
else
    commands=$(awk '/^```sh$/ { n++; next } /^```$/ { if (n == 1) exit } n == 1' docs/INSTALL.md)
    clone_ok=1
    cd "$scratch"
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        case $line in
        "git clone "*)
            # The repository under test stands in for "<this repository's URL>".
            echo "    \$ git clone $root postcheck"
            git clone -q "$root" postcheck || clone_ok=0
            ;;
        "chromium "*)
            echo "    \$ $line   (run headless by chromium-installed.mjs below)"
            ;;
        *)
            echo "    \$ $line"
            # Only HOME differs from a user's shell: no build-folder overrides.
            if ! env -u PC_BUILD_DIR -u PC_CMAKE_ARGS -u XDG_CONFIG_HOME HOME="$home" \
                    bash -c "$line" >"$scratch/step.log" 2>&1; then
                sed 's/^/      /' "$scratch/step.log" | tail -15
                fail "quick-start step failed: $line"
                clone_ok=0
            fi
            case $line in "cd "*) cd "${line#cd }" || clone_ok=0 ;; esac
            ;;
        esac
    done <<<"$commands"
    clone=$scratch/postcheck
    cd "$root"
    manifest=$home/.config/chromium/NativeMessagingHosts/$host_name.json
    if [ $clone_ok -eq 1 ] && grep -q "\"path\": \"$clone/build/postcheck\"" "$manifest" 2>/dev/null; then
        pass "the quick start registered the clone's build/postcheck in \$HOME/.config/chromium"
    else
        fail "the quick start did not register $clone/build/postcheck for Chromium"
    fi
    if (cd tests/install && pc_home "$home" timeout 120 node chromium-installed.mjs \
            "${PC_E2E_EXTENSION:-$clone/extension}" "$host_name"); then
        pass "Chromium (default profile of the temporary HOME) got findings from the installed host"
    else
        fail "Chromium with the installed manifest"
    fi
fi

if [ "$failed" -eq 0 ]; then
    echo "40-install: all checks passed"
else
    echo "40-install: $failed checks failed"
fi
[ "$failed" -eq 0 ]
