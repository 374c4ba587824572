#!/usr/bin/env bash
# Regenerates catalogs/spotify.toml from the Spotify source material in
# ../shared/reference/providers/spotify (see its SOURCE.md): sonallux/spotify-web-api's
# fixed copy of Spotify's own OpenAPI document.
#
#   scripts/spotify-catalog.sh [-o FILE]
#
# SCOPEX names the scopex binary to use; without it the release build is made and used.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=../shared/reference/providers/spotify
. scripts/import-common.sh
import_begin catalogs/spotify.toml "$@"

"$SCOPEX" import openapi "$SOURCE/fixed-spotify-open-api.yml" \
    --id spotify --name Spotify \
    --source "sonallux/spotify-web-api fixed-spotify-open-api.yml: Spotify's Web API OpenAPI document with fixes (info.version 2026.5.31)" \
    --revision "spotify-web-api@39207c4ba600deb34b0913975d01983ba60be583 (file last changed 2026-05-31; repository HEAD a3369587 of 2026-08-21)" \
    --retrieved 2026-08-21 \
    --attribution "OpenAPI document from sonallux/spotify-web-api (MIT License, Copyright (c) 2020 sonallux); scope and operation texts are Spotify's" \
    --docs-url "https://developer.spotify.com/documentation/web-api/concepts/scopes" \
    --delimiter " " \
    --comment "Spotify documents no implications between scopes: none are shipped." \
    --comment "Each operation has one requirement. Where it lists several scopes Spotify means, by the" \
    --comment "operation, either of them (a public or a private playlist), optional extras (GET /me:" \
    --comment "email is an extra field) or all of them (a cover image needs ugc-image-upload and a" \
    --comment "playlist scope). Those are read the safe way, as all needed, and each says so." \
    --comment "32 operations need a user token but no scope; the catalog format cannot list an" \
    --comment "operation with no requirement, so they are left out. Partner-only Open Access scopes" \
    --comment "(user-soa-link and others) are not in the document and not here." \
    --all-of-note "lists several scopes; read as all needed, though Spotify may mean any one" \
    > "$TEMPORARY"

import_finish
