#!/usr/bin/env bash
# Remakes the README's pictures from the current build, and the parts of the README made
# from the app (the keys table, the output of every command shown).
#
# Usage: scripts/screenshots.sh [--only NAME...] [--no-readme]
#   --only       remake only these scenes of screenshots/scenes.toml
#   --no-readme  leave README.md alone
#
# Installs what is missing (Debian/Ubuntu packages: tmux, fonts-dejavu-core, python3 with
# pyte and Pillow; elsewhere pip installs pyte and Pillow), builds the release binary,
# then scripts/screenshots.py plays each scene in tmux, writes screenshots/NAME.txt (the
# text of each screen) and draws screenshots/NAME.png or NAME.gif. A picture whose
# screens did not change is not rewritten. tests/screenshots.rs checks the .txt files
# against the current build; tests/readme.rs checks the README.
set -euo pipefail

cd "$(dirname "$0")/.."

only=()
readme=true
while [ $# -gt 0 ]; do
    case "$1" in
        --only)
            shift
            while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
                only+=("$1")
                shift
            done
            continue
            ;;
        --no-readme) readme=false ;;
        -h | --help)
            sed -n '2,14p' "$0"
            exit 0
            ;;
        *)
            echo "unknown argument: $1" >&2
            exit 2
            ;;
    esac
    shift
done

have_python_modules() {
    "$1" -c 'import sys, pyte, PIL; assert sys.version_info >= (3, 11)' >/dev/null 2>&1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=false
apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if ! $apt_updated; then
        as_root apt-get update -qq
        apt_updated=true
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v tmux >/dev/null 2>&1; then
    apt_install tmux || { echo "install tmux first" >&2; exit 1; }
fi
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf >/dev/null 2>&1 &&
    ! fc-list 2>/dev/null | grep -q DejaVuSansMono; then
    apt_install fonts-dejavu-core || { echo "install the DejaVu fonts first" >&2; exit 1; }
fi

# A Python 3.11+ that has pyte and Pillow: the one on PATH, else Debian's own with
# Debian's packages, else the one on PATH with pip's.
python=""
for candidate in python3 /usr/bin/python3; do
    if have_python_modules "$candidate"; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ] && apt_install python3 python3-pyte python3-pil &&
    have_python_modules /usr/bin/python3; then
    python=/usr/bin/python3
fi
if [ -z "$python" ]; then
    python3 -m pip install --quiet pyte pillow ||
        python3 -m pip install --quiet --user pyte pillow ||
        python3 -m pip install --quiet --break-system-packages pyte pillow
    have_python_modules python3 || { echo "no Python 3.11+ with pyte and Pillow" >&2; exit 1; }
    python=python3
fi

cargo build --release --quiet
"$python" scripts/screenshots.py --binary target/release/scopex ${only[@]+--only "${only[@]}"}

if $readme; then
    # The keys table and every command's output, from the current build.
    SCOPEX_UPDATE_README=1 cargo test --quiet --test readme >/dev/null
    git status --short -- README.md screenshots 2>/dev/null || true
fi
