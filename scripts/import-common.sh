# Shared by the scripts that make a catalog with `scopex import`: where the catalog goes,
# which scopex runs, and a temporary file that is validated before it replaces the
# committed catalog. Sourced from the repository's root folder.
#
#   import_begin DEFAULT_OUTPUT "$@"   sets OUTPUT (-o FILE wins), SCOPEX and TEMPORARY
#   import_finish                      validates TEMPORARY and moves it to OUTPUT
#
# SCOPEX names the scopex binary to use; without it the release build is made and used.

import_begin() {
    OUTPUT="$1"
    shift
    if [ "${1:-}" = "-o" ]; then OUTPUT="$2"; fi
    if [ -z "${SCOPEX:-}" ]; then
        cargo build --release --quiet
        SCOPEX=target/release/scopex
    fi
    TEMPORARY="$(mktemp)"
    trap 'rm -f "$TEMPORARY"' EXIT
}

import_finish() {
    "$SCOPEX" validate "$TEMPORARY" >/dev/null
    mv "$TEMPORARY" "$OUTPUT"
    trap - EXIT
}
