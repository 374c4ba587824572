#!/usr/bin/env bash
# Regenerates catalogs/google.toml, the built-in Google catalog, from the discovery
# documents that the PyPI package google-api-python-client ships
# (googleapiclient/discovery_cache/documents/, with index.json naming each API's
# preferred version).
#
#   scripts/google-catalog.sh              install the package if needed, build, import
#   scripts/google-catalog.sh --install    only install the package (CI does this)
#   scripts/google-catalog.sh -o FILE      write FILE instead of catalogs/google.toml
#
# The package goes into target/google-api-python-client-VERSION (pip --target, no
# dependencies: only its data files are read). SCOPEX names the scopex binary to use;
# without it the release build is made and used.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=2.202.0
PACKAGE_DIR="target/google-api-python-client-$VERSION"
DOCUMENTS="$PACKAGE_DIR/googleapiclient/discovery_cache/documents"
OUTPUT=catalogs/google.toml
INSTALL_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --install) INSTALL_ONLY=1 ;;
        -o) OUTPUT="$2"; shift ;;
        *) echo "usage: $0 [--install] [-o FILE]" >&2; exit 2 ;;
    esac
    shift
done

if [ ! -f "$DOCUMENTS/index.json" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
        --target "$PACKAGE_DIR" "google-api-python-client==$VERSION"
fi
if [ "$INSTALL_ONLY" = 1 ]; then
    exit 0
fi
if [ -z "${SCOPEX:-}" ]; then
    cargo build --release --quiet
    SCOPEX=target/release/scopex
fi

"$SCOPEX" import google-discovery "$DOCUMENTS" \
    --source "the discovery documents in the PyPI package google-api-python-client $VERSION (googleapiclient/discovery_cache/documents)" \
    --revision "google-api-python-client $VERSION" \
    --attribution "Google API discovery documents, Copyright Google LLC, from google-api-python-client (Apache License 2.0)" \
    --comment "email and profile: OpenID Connect scopes that Google's OpenID configuration lists" \
    --comment "(scopes_supported); the discovery documents do not declare them." \
    --scope "email=OpenID Connect: your email address (listed in scopes_supported of Google's OpenID configuration, accounts.google.com/.well-known/openid-configuration)" \
    --scope "profile=OpenID Connect: your basic profile (listed in scopes_supported of Google's OpenID configuration, accounts.google.com/.well-known/openid-configuration)" \
    -o "$OUTPUT" 2> >(grep -v ': skipped: admin ' >&2)
