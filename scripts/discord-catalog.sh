#!/usr/bin/env bash
# Regenerates catalogs/discord.toml from the Discord source material in
# ../shared/reference/providers/discord (see its SOURCE.md): the scopes and operations
# of discord/discord-api-spec's OpenAPI document, the one documented implication and
# the endpoints from discord/discord-api-docs.
#
#   scripts/discord-catalog.sh [-o FILE]
#
# SCOPEX names the scopex binary to use; without it the release build is made and used.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=../shared/reference/providers/discord
. scripts/import-common.sh
import_begin catalogs/discord.toml "$@"

# Discord's OAuth2 docs: "Some scopes require approval from Discord to use. Requesting
# them from a user without approval from Discord may cause errors". The spec's flows say
# which, in their descriptions ("- requires Discord approval"): those are usable only in
# apps Discord approved, and `need` takes them only where nothing else authorizes a call.
APPROVAL=()
while IFS= read -r scope; do
    APPROVAL+=(--only-in "$scope=apps Discord approved")
done < <(python3 - "$SOURCE/api-spec/openapi.json" <<'PY'
import json, sys
flows = json.load(open(sys.argv[1]))["components"]["securitySchemes"]["OAuth2"]["flows"]
approval = {name for flow in flows.values() for name, text in flow["scopes"].items()
            if "requires discord approval" in text.lower()}
print("\n".join(sorted(approval)))
PY
)

"$SCOPEX" import openapi "$SOURCE/api-spec/openapi.json" \
    --id discord --name Discord \
    --source "discord/discord-api-spec specs/openapi.json (OpenAPI 3.1, API v10, a public preview); endpoints and rules from discord/discord-api-docs developers/topics/oauth2.mdx" \
    --revision "discord-api-spec@74fda0fad044407ea280043a03ffc9bc64c4e49e (2026-07-18); discord-api-docs@c98d64bc233833839cf0d8d369e81b77f21ade60" \
    --retrieved 2026-08-06 \
    --attribution "Scopes and operations: Discord's discord-api-spec (MIT). Scope rule quoted from Discord's discord-api-docs (CC BY-SA 4.0)." \
    --docs-url "https://discord.com/developers/docs/topics/oauth2#shared-resources-oauth2-scopes" \
    --authorize-url "https://discord.com/oauth2/authorize" \
    --token-url "https://discord.com/api/oauth2/token" \
    --delimiter " " \
    --path-prefix /api/v9 --path-prefix /api/v8 --path-prefix /api/v7 --path-prefix /api/v6 \
    --path-prefix /api \
    "${APPROVAL[@]}" \
    --comment "Paths: the spec's server is https://discord.com/api/v10; Discord's API reference (API" \
    --comment "Versioning) also routes v9, the deprecated v8, v7 and v6, and /api with no version" \
    --comment "(the default version), so requests under those are read too." \
    --comment "The spec is a preview; where it and the docs differ, Discord says to follow the docs:" \
    --comment "the authorize URL is the docs' (the spec has https://discord.com/api/oauth2/authorize)." \
    --comment "Operations callable with a bot token OR an OAuth2 scope list only the OAuth2 way, noted" \
    --comment "in the description; those open to any bearer token need no scope and are left out." \
    --comment "Five operations list all 34 scopes in one requirement: read as any one of them." \
    --comment "Bot permissions (the permissions= bitfield) are another system, not scopes." \
    --comment "Scopes the spec describes as requiring Discord approval are marked only_in: Discord's" \
    --comment "docs say requesting them without approval may cause errors in the OAuth2 flow." \
    > "$TEMPORARY" 2> >(grep -v -e 'lists all 34 scopes' >&2)

cat >> "$TEMPORARY" <<'TOML'

[[implies]]
from = "bot"
to = ["applications.commands"]
evidence = "documented"
note = "Discord's OAuth2 scopes table, row applications.commands: 'included by default with the `bot` scope'"
TOML

import_finish
