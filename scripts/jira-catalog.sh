#!/usr/bin/env bash
# Regenerates catalogs/jira.toml from the Jira source material in
# ../shared/reference/providers/atlassian-jira (see its SOURCE.md): Atlassian's Jira
# Cloud platform REST API OpenAPI document, whose operations carry
# x-atlassian-oauth2-scopes: a classic or a granular alternative, each needing all its
# scopes.
#
#   scripts/jira-catalog.sh [-o FILE]
#
# SCOPEX names the scopex binary to use; without it the release build is made and used.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=../shared/reference/providers/atlassian-jira
. scripts/import-common.sh
import_begin catalogs/jira.toml "$@"

"$SCOPEX" import openapi "$SOURCE/swagger-v3.v3.json" \
    --id jira --name Jira \
    --source "Atlassian's swagger-v3.v3.json (developer.atlassian.com/cloud/jira/platform), the copy vendored in jarekbird/jira-api-mcp-wrapper" \
    --revision "info.version 1001.0.0-SNAPSHOT-57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71 (jira-api-mcp-wrapper@9a9e84dacce9900b0bd4f1f095f5f1bdf3ce0168)" \
    --retrieved 2025-12-25 \
    --attribution "The Jira Cloud platform REST API document, Atlassian (Apache License 2.0)" \
    --docs-url "https://developer.atlassian.com/cloud/jira/platform/scopes-for-oauth-2-3LO-and-forge-apps/" \
    --delimiter " " \
    --authorize-url "https://auth.atlassian.com/authorize?audience=api.atlassian.com" \
    --scope "offline_access=Ask for it to get a refresh token along with the access token (Atlassian's OAuth 2.0 (3LO) docs; not in this document)" \
    --comment "Scope families: classic (read:jira-work, manage:jira-configuration, ...) and granular" \
    --comment "(<action>:<entity>:jira). Each operation's x-atlassian-oauth2-scopes entries are its" \
    --comment "alternatives: the classic one (state Current) or the granular one (state Beta), all the" \
    --comment "scopes of one needed together. Atlassian recommends the classic scopes. No implications" \
    --comment "between OAuth scopes are documented. The authorize URL carries audience=api.atlassian.com," \
    --comment "which Atlassian requires; offline_access (not in this document) asks for refresh tokens." \
    --comment "Eight scopes are used by operations but not declared by the document's OAuth2 scheme;" \
    --comment "they are kept, described as undeclared." \
    --comment "Paths: the document's server is https://your-domain.atlassian.net; OAuth 2.0 (3LO) apps" \
    --comment "call https://api.atlassian.com/ex/jira/{cloudid}/rest/... (Atlassian's OAuth 2.0 (3LO)" \
    --comment "apps docs), so requests under /ex/jira/{cloudid}, any cloud id, are read too." \
    --path-prefix '/ex/jira/{cloudid}' \
    > "$TEMPORARY" 2> >(grep -v -e 'declared by no oauth2 flow' >&2)

import_finish
