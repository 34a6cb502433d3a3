# scripts/lib.sh: shell helpers shared by scripts/setup, the test stages
# (tests/stages/*.sh) and the fuzz and benchmark scripts. Source it:
#   . "$root/scripts/lib.sh"

# pc_missing_packages PKG...: prints those of PKG that are not installed.
pc_missing_packages() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            echo "$p"
    done
}

# pc_need_packages PKG...: installs the Debian packages that are missing
# (apt-get update once per machine boot), quietly. Returns apt-get's
# status, 0 when nothing was missing. Stages that run at once (tests/run's
# two lanes) install one after another: the first takes a lock, the next
# waits for it and then installs only what is still missing.
pc_need_packages() {
    [ -n "$(pc_missing_packages "$@")" ] || return 0
    (
        flock 9
        pc__install_packages "$@"
    ) 9>/tmp/.pc-apt.lock
}

pc__install_packages() {
    local missing=() sudo=""
    mapfile -t missing < <(pc_missing_packages "$@")
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing ${missing[*]}" >&2
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ ! -f /tmp/.pc-apt-updated ]; then
        $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq >&2 &&
            touch /tmp/.pc-apt-updated
    fi
    # Another script (a parallel build, a test stage) may hold dpkg's lock:
    # wait for it rather than fail.
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 \
        install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The Debian packages postcheck-vision builds with (issue 12): only the
# OpenCV modules it uses, and the image decoders. npm fetches its model.
PC_VISION_PACKAGES="libopencv-core-dev libopencv-imgproc-dev libopencv-dnn-dev \
libopencv-features2d-dev libopencv-calib3d-dev libopencv-video-dev libturbojpeg0-dev libspng-dev libwebp-dev"

# pc_need_node: Node.js and npm, from Debian unless some other source
# (NodeSource) already put the commands on PATH.
pc_need_node() {
    command -v node >/dev/null && command -v npm >/dev/null && return 0
    pc_need_packages nodejs npm
}
