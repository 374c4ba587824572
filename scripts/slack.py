#!/usr/bin/env python3
"""Slack Web API scopes (the 2020 OpenAPI spec) → catalogs/slack.toml.

Usage: scripts/slack.py [SLACK_FOLDER]
(default ../shared/reference/providers/slack beside the repository; the folder holds
slack_web_openapi_v2.json, a verbatim copy from slackapi/slack-api-specs; its SOURCE.md
names the commit).

Scopes: `securityDefinitions.slackAuth.scopes`, less the pseudo-scope `none`.
Operations: one per Web API method. The spec packs a method's alternatives into ONE
security requirement object (`[{"slackAuth": ["channels:history", "groups:history", …]}]`),
which OpenAPI 2.0 would read as all needed; they are alternatives (one per conversation
type, or per token type), so each scope becomes an alternative of its own. Where the
method's `token` parameter names another scope of the spec ("Requires scope: `chat:write`"),
that scope is one more alternative. Methods the spec marks with its pseudo-scope `none`
("No scope required") are operations needing no scope: `requires = [[]]`, one empty
alternative, which any token satisfies.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog_toml import comment, one_line, requires, s, sha256, source_dir, write  # noqa: E402

RETRIEVED = "2026-12-01"
REVISION = "slackapi/slack-api-specs@bc08db4 (web-api/slack_web_openapi_v2.json last changed in dfea73e, 2020-10-06; spec version 1.7.0)"
ATTRIBUTION = (
    "Scope names, per-method scopes and method summaries from slackapi/slack-api-specs "
    "(web-api/slack_web_openapi_v2.json), Copyright (c) 2017 SlackAPI, MIT License"
)
SOURCE = "Slack Web API OpenAPI 2.0 spec of August 2020 (slackapi/slack-api-specs web-api/slack_web_openapi_v2.json); the current list is at https://docs.slack.dev/reference/scopes"

# Conversation types behind the four families of conversation scopes (SOURCE.md: the
# alternatives are one per conversation type).
OBJECTS = {
    "channels": "public channels",
    "groups": "private channels",
    "im": "direct messages",
    "mpim": "group direct messages",
}
ACTIONS = {
    "read": "Read",
    "write": "Write",
    "history": "Read the message history of",
    "manage": "Manage",
}
# Scopes the bundle's sources call legacy (SOURCE.md: legacy scopes in the spec); the
# spec's own descriptions where it has one.
LEGACY = {
    "admin": "legacy scope; the spec's admin.* methods name granular admin.*:read/write scopes",
    "bot": "legacy bot user scope of classic Slack apps",
    "chat:write:bot": "legacy perspective scope; the chat.* methods' token parameter names chat:write",
    "chat:write:user": "legacy perspective scope; the chat.* methods' token parameter names chat:write",
    "files:write:user": "legacy perspective scope",
    "identity.basic": "legacy Sign in with Slack scope; Sign in with Slack now uses OpenID Connect (openid, profile, email)",
}
SPEC_DESCRIPTIONS = {
    "bot": "Bot user scope (legacy)",
    "chat:write:bot": "Author messages as a bot",
    "chat:write:user": "Author messages as a user",
}


def describe(name, methods):
    if name in SPEC_DESCRIPTIONS:
        text = SPEC_DESCRIPTIONS[name]
    else:
        obj, _, action = name.partition(":")
        action_word = ACTIONS.get(action.split(":")[0].split(".")[0])
        thing = OBJECTS.get(obj, obj)
        if action_word and action == action.split(":")[0] and "." not in action:
            text = f"{action_word} {thing}"
        else:
            text = name
    if name == "users:read.email":
        text = "Read users' email addresses; requested together with users:read, which alone does not include email"
    if methods:
        shown = ", ".join(methods[:4])
        more = f" and {len(methods) - 4} more" if len(methods) > 4 else ""
        text += f" (methods: {shown}{more})"
    else:
        text += " (no method of the 2020 spec names it)"
    return text


def main():
    folder = source_dir("slack")
    path = os.path.join(folder, "slack_web_openapi_v2.json")
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    digest = sha256(path)
    flow = spec["securityDefinitions"]["slackAuth"]
    names = [n for n in flow["scopes"] if n != "none"]
    base_path = spec["basePath"].rstrip("/")
    if not base_path.startswith("/") or len(base_path) < 2:
        sys.exit(f"basePath {spec['basePath']!r} is not a path prefix")
    known = set(names)

    operations = []
    no_scope = []
    for http_path in sorted(spec["paths"]):
        for verb, op in spec["paths"][http_path].items():
            method = http_path.lstrip("/")
            security = op.get("security", [])
            if len(security) != 1 or list(security[0]) != ["slackAuth"]:
                sys.exit(f"{method}: expected one slackAuth requirement, found {security}")
            packed = [x for x in security[0]["slackAuth"] if x != "none"]
            token = [p.get("description", "") for p in op.get("parameters", []) if p.get("name") == "token"]
            named = re.findall(r"`([^`]+)`", token[0]) if token else []
            extra = [x for x in named if x in known and x not in packed]
            if not packed and not extra:
                if security[0]["slackAuth"] != ["none"]:
                    sys.exit(f"{method}: no scope, and not marked `none`: {security}")
                no_scope.append(method)
            for scope in packed + extra:
                if scope not in known:
                    sys.exit(f"{method}: {scope} is not in securityDefinitions")
            summary = one_line(op.get("description", ""))
            if extra:
                summary += f" Its token parameter names {', '.join(extra)}, an alternative here."
            operations.append((method, verb.upper(), http_path, summary, packed + extra))

    users = {n: [] for n in names}
    for method, _, _, _, scopes in operations:
        for scope in scopes:
            users[scope].append(method)

    out = []
    out.append(comment(f"""
Slack Web API scopes: the list of August 2020. Slack has added many scopes since (app_mentions:read, bookmarks:read, channels:join, chat:write.public, …); the current list is https://docs.slack.dev/reference/scopes, which has no machine-readable copy.
Generated by scripts/slack.py from slackapi/slack-api-specs web-api/slack_web_openapi_v2.json (sha256 {digest}). Do not edit by hand: rerun the script.

Scopes: the spec's {len(names)} scopes (its pseudo-scope `none`, "No scope required", left out). The spec has no descriptions (each scope's value is its own name, but for bot, chat:write:bot and chat:write:user); ours name the object and action of the name grammar ("object … followed by the class of actions", legacy OAuth scopes page) and the methods that use the scope. Legacy scopes are marked deprecated.

Bot and user tokens: with the v2 flow, bot-token scopes go in `scope` and user-token scopes in `user_scope` of the authorize URL, both comma-separated; `scopex url` writes `scope`. The 2020 spec does not say which token types a scope serves; only the legacy perspective suffixes do (`chat:write:bot`, `chat:write:user`, `files:write:user`).

Operations: {len(operations)} methods. The spec packs a method's alternatives into one security requirement (which OpenAPI 2.0 reads as all needed); they are alternatives, one per conversation type (channels, groups, im, mpim) or token perspective, so each is an alternative here. Where a method's token parameter names another scope ("Requires scope: `chat:write`"), that is one more alternative. No implications: Slack documents none (users:read.email is a co-requirement of users:read, not an implication).
The {len(no_scope)} methods the spec marks `none` need no scope: requires = [[]], any token: {', '.join(no_scope)}.

Paths: the spec's host is {spec["host"]} and its basePath {spec["basePath"]}, so a method is called as https://{spec["host"]}{spec["basePath"]}/METHOD; requests under {spec["basePath"]} are read too.
Methods: the spec gives each Web API method one HTTP method, but every method takes its arguments "as GET querystring parameters, POST parameters …, or a mix of both" (docs.slack.dev/apis/web-api), so a GET or a POST calls it (methods_interchangeable).

Endpoints: the v2 OAuth flow (docs.slack.dev installing-with-oauth); the spec itself names the legacy https://slack.com/oauth/authorize and https://slack.com/api/oauth.access. Delimiter: comma (Slack's @slack/oauth joins scopes with ","; Slack also reads spaces).
"""))
    out.append("\n")
    out.append('id = "slack"\n')
    out.append('name = "Slack (2020 list)"\n')
    out.append(f"docs_url = {s('https://api.slack.com/scopes')}\n")
    out.append(f"source = {s(SOURCE)}\n")
    out.append(f"retrieved = {s(RETRIEVED)}\n")
    out.append(f"revision = {s(REVISION)}\n")
    out.append(f"attribution = {s(ATTRIBUTION)}\n")
    out.append(f"authorize_url = {s('https://slack.com/oauth/v2/authorize')}\n")
    out.append(f"token_url = {s('https://slack.com/api/oauth.v2.access')}\n")
    out.append('delimiter = ","\n')
    out.append(f"path_prefixes = [{s(base_path)}]\n")
    out.append('methods_interchangeable = ["GET", "POST"]\n')
    out.append('\n[tree]\nseparator = ":"\n')

    for name in names:
        out.append(f"\n[[scope]]\nname = {s(name)}\ndescription = {s(describe(name, users[name]))}\n")
        if name in LEGACY:
            out.append(f"deprecated = {s(LEGACY[name])}\n")

    for method, verb, http_path, summary, scopes in operations:
        out.append(f"\n[[operation]]\nid = {s(method)}\nmethod = {s(verb)}\npath = {s(http_path)}\n")
        if summary:
            out.append(f"description = {s(summary)}\n")
        alternatives = [[x] for x in scopes] if scopes else [[]]
        out.append(f"requires = {requires(alternatives)}\n")

    write("slack", "".join(out))
    print(f"  {len(names)} scopes, {len(operations)} operations, {len(no_scope)} of them needing no scope")


if __name__ == "__main__":
    main()
