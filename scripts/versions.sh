#!/usr/bin/env bash
# The version matrix: the whole test suite and `make demo` in Debian chroots, one per QGIS that users run.
#
#   scripts/versions.sh [suite ...]      default: trixie sid
#     trixie  Debian 13, QGIS 3.40, Python 3.13
#     sid     Debian unstable, QGIS 3.44 LTR, Python 3.14, shapely 2.2
#
# Each chroot is built once with debootstrap (--variant=minbase) under $SC_CHROOTS and reused; the repository
# (tracked and untracked, not ignored files) is copied in fresh for every run, the venvs are kept
# between runs. /proc /sys /dev /dev/pts are bind-mounted for the run and unmounted afterwards, also on failure.
# The demo's output is checked (no traceback, warning or error line; out/hvm_map.png 2480 x 3508 px), and the
# clusters that qgis_process found in the e2e test are compared with the host's, so every version must give
# the same answer.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
CHROOTS=${SC_CHROOTS:-/var/cache/sector-clusters/chroots}
MIRROR=${SC_MIRROR:-http://deb.debian.org/debian}
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(trixie sid)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
# What the chroot needs before the repository's own `make` can install the rest (the same Makefile as the host).
BOOT_PACKAGES="ca-certificates make git"

log() { printf '\n=== %s: %s\n' "$1" "$2"; }

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        $SUDO umount "${mounted[$i]}" 2>/dev/null || $SUDO umount -l "${mounted[$i]}" 2>/dev/null || true
    done
    mounted=()
}
trap cleanup EXIT INT TERM

mount_all() {
    local root=$1 m
    for m in proc sys dev dev/pts; do
        if ! mountpoint -q "$root/$m"; then
            $SUDO mount --bind "/$m" "$root/$m"
            mounted+=("$root/$m")
        fi
    done
}

in_chroot() {
    local root=$1
    shift
    $SUDO chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$*"
}

build_chroot() {
    local suite=$1 root=$CHROOTS/$1 t0
    if [ -f "$root/.sc-ready" ]; then
        log "$suite" "reusing $root"
        return
    fi
    # waits for another apt (the host's `make deps` may be installing at the same moment)
    command -v debootstrap >/dev/null || { $SUDO apt-get -o DPkg::Lock::Timeout=900 update -q \
        && $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -q debootstrap; }
    command -v debootstrap >/dev/null || { echo "debootstrap could not be installed"; exit 1; }
    t0=$SECONDS
    log "$suite" "debootstrap into $root"
    $SUDO rm -rf "$root.partial"
    $SUDO mkdir -p "$CHROOTS"
    $SUDO debootstrap --variant=minbase "$suite" "$root.partial" "$MIRROR" >"$CHROOTS/$suite.debootstrap.log" 2>&1 \
        || { tail -n 20 "$CHROOTS/$suite.debootstrap.log"; exit 1; }
    # sid's Release file may be past its Valid-Until date on the mirror
    echo 'Acquire::Check-Valid-Until "false";' | $SUDO tee "$root.partial/etc/apt/apt.conf.d/99sc-valid-until" >/dev/null
    echo 'APT::Install-Recommends "false";' | $SUDO tee "$root.partial/etc/apt/apt.conf.d/99sc-no-recommends" >/dev/null
    $SUDO mv "$root.partial" "$root"
    echo "debootstrap: $((SECONDS - t0)) s"
    prepare_network "$root"
    mount_all "$root"
    t0=$SECONDS
    in_chroot "$root" "export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q $BOOT_PACKAGES \
        && update-ca-certificates >/dev/null"
    echo "base packages: $((SECONDS - t0)) s"
    cleanup
    $SUDO touch "$root/.sc-ready"
}

prepare_network() {
    local root=$1
    # DNS and the host's extra CA certificates (pip inside the chroot goes through the same proxy as the host)
    $SUDO cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    $SUDO mkdir -p "$root/usr/local/share/ca-certificates"
    if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
        $SUDO cp -L /usr/local/share/ca-certificates/* "$root/usr/local/share/ca-certificates/"
    fi
}

copy_in() {
    local root=$1 dest=$1/build/sector_clusters
    $SUDO mkdir -p "$root/build/venvs/test" "$root/build/venvs/ref"
    $SUDO rm -rf "$dest" "$root/build/shared"
    $SUDO mkdir -p "$dest"
    (cd "$REPO" && git ls-files -z -co --exclude-standard | tar --null -T - -cf -) | $SUDO tar -xf - -C "$dest"
    # venvs outside the copy survive from run to run
    $SUDO ln -s /build/venvs/test "$dest/.venv"
    $SUDO ln -s /build/venvs/ref "$dest/.venv-ref"
    # a git checkout of exactly what was copied (make package lists files with git ls-files)
    in_chroot "$root" "cd /build/sector_clusters && git init -q && git add -A \
        && git -c user.name=matrix -c user.email=matrix@localhost commit -q -m snapshot"
    # no ../shared in the chroot: the suite reads only what the repository holds (tests/data)
}

run_suite() {
    local suite=$1 root=$CHROOTS/$1 t0 status=0
    build_chroot "$suite"
    prepare_network "$root"
    mount_all "$root"
    copy_in "$root"
    log "$suite" "make test"
    t0=$SECONDS
    in_chroot "$root" "cd /build/sector_clusters && make test" || status=$?
    echo "make test on $suite: $((SECONDS - t0)) s, exit $status"
    if [ "$status" = 0 ]; then
        log "$suite" "make demo"
        t0=$SECONDS
        in_chroot "$root" "cd /build/sector_clusters && make demo >out-demo.log 2>&1; s=\$?; cat out-demo.log; exit \$s" \
            || status=$?
        echo "make demo on $suite: $((SECONDS - t0)) s, exit $status"
        if [ "$status" = 0 ]; then
            in_chroot "$root" "cd /build/sector_clusters && python3 scripts/check_demo.py out-demo.log out" || status=$?
        fi
    fi
    mkdir -p "$REPO/tests/artefacts/versions"
    if [ -f "$root/build/sector_clusters/tests/artefacts/qgis_process_clusters.json" ]; then
        cp "$root/build/sector_clusters/tests/artefacts/qgis_process_clusters.json" \
            "$REPO/tests/artefacts/versions/qgis_process_clusters.$suite.json"
    fi
    mkdir -p "$REPO/tests/artefacts/versions/$suite"
    cp -r "$root/build/sector_clusters/tests/artefacts/." "$REPO/tests/artefacts/versions/$suite/" 2>/dev/null || true
    cleanup
    return $status
}

failed=()
for suite in "${SUITES[@]}"; do
    run_suite "$suite" || failed+=("$suite")
done

# the same clusters from qgis_process on every version (the host's file is written by `make test`)
host=$REPO/tests/artefacts/qgis_process_clusters.json
if [ -f "$host" ]; then
    for suite in "${SUITES[@]}"; do
        other=$REPO/tests/artefacts/versions/qgis_process_clusters.$suite.json
        if [ ! -f "$other" ]; then
            echo "no qgis_process clusters from $suite"
            failed+=("$suite(qgis_process)")
        elif ! /usr/bin/python3 "$REPO/scripts/compare_clusters.py" "$host" "$other"; then
            echo "qgis_process clusters differ between the host and $suite"
            failed+=("$suite(clusters differ)")
        else
            echo "  (qgis_process on $suite against the host)"
        fi
    done
fi

if [ ${#failed[@]} -gt 0 ]; then
    echo "version matrix FAILED: ${failed[*]}"
    exit 1
fi
echo "version matrix passed: ${SUITES[*]}"
