#!/usr/bin/env python3
"""Dropbox API v2 scopes (the Stone spec) → catalogs/dropbox.toml.

Usage: scripts/dropbox.py [DROPBOX_FOLDER]
(default ../shared/reference/providers/dropbox beside the repository; the folder holds
stone/*.stone, verbatim copies of dropbox/dropbox-api-spec; its SOURCE.md names the commit).

Each route's `attrs` block names at most one `scope` ("Name of the scope required to call
this route", stone_cfg.stone): the route is an operation with that single scope. Its `auth`
attribute ("user", "team", "app, user", …) says whether the scope is a team or a user scope.
A route with no `scope` (the attribute is optional) needs none: it is an operation with
`requires = [[]]`, one empty alternative, and its description gives its `auth`
(`app`: the app key and secret, no user token).
"""

import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog_toml import comment, one_line, requires, s, sha256, source_dir, write  # noqa: E402

RETRIEVED = "2026-12-01"
REVISION = "dropbox/dropbox-api-spec@0d994eb (2026-08-05, \"Update API specification (#111)\")"
ATTRIBUTION = (
    "Scope names, routes and route summaries from dropbox/dropbox-api-spec, "
    "Copyright (c) 2020 Dropbox Inc., MIT License"
)
SOURCE = "Dropbox API v2 Stone spec (dropbox/dropbox-api-spec *.stone): the `scope` and `auth` attributes of each route"
HOSTS = {"content": "content.dropboxapi.com", "notify": "notify.dropboxapi.com"}

# Short descriptions of our own, from each scope's name and the routes that need it
# (the spec has none; Dropbox's App Console text is not openly licensed).
GLOSS = {
    "account_info.read": "View basic account information and space usage; user-linked apps must have it",
    "account_info.write": "Change the account's profile photo",
    "contacts.write": "Delete manually added contacts",
    "events.read": "Read the team's activity log",
    "file_requests.read": "View file requests",
    "file_requests.write": "Create, update and delete file requests",
    "files.content.read": "Download, export and preview file contents",
    "files.content.write": "Upload, copy, move and delete files and folders",
    "files.metadata.read": "List, search and view metadata of files and folders",
    "files.metadata.write": "Edit file properties, property templates and tags",
    "files.permanent_delete": "Permanently delete files and Paper docs",
    "files.team_metadata.write": "Manage the team's file property templates",
    "groups.read": "View the team's groups and their members",
    "groups.write": "Create, edit and delete the team's groups and their members",
    "members.delete": "Remove and recover team members",
    "members.read": "View team members and their space limits",
    "members.write": "Add, suspend and edit team members",
    "openid": "OpenID Connect user info",
    "private:sharing.write": "Give up access to shared content",
    "sessions.list": "List the team's devices and linked apps",
    "sessions.modify": "Revoke the team's device sessions and linked apps",
    "sharing.read": "View shared files, folders and links and their members",
    "sharing.write": "Share files and folders; manage their members and shared links",
    "team_data.content.read": "View team folders",
    "team_data.content.write": "Create, archive, rename and delete team folders",
    "team_data.governance.write": "Manage legal holds",
    "team_data.member": "List the team's namespaces",
    "team_info.read": "View team information, reports and the sharing allowlist",
    "team_info.write": "Edit the team's sharing allowlist",
}


def parse_routes(folder):
    """(namespace/route[:version], attributes, deprecated, first sentence of its doc) per route."""
    routes = []
    for path in sorted(glob.glob(os.path.join(folder, "stone", "*.stone"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        namespace = None
        i = 0
        while i < len(lines):
            line = lines[i]
            m = re.match(r"^namespace\s+(\S+)", line)
            if m:
                namespace = m.group(1)
            m = re.match(r"^route\s+(\S+)\s*\(.*?\)(.*)$", line)
            if not m:
                i += 1
                continue
            name, tail = m.group(1), m.group(2)
            route = {"name": f"{namespace}/{name}", "deprecated": "deprecated" in tail, "attrs": {}, "doc": ""}
            i += 1
            # The block: indented lines (and blank lines) up to the next top-level line.
            block = []
            while i < len(lines) and (lines[i] == "" or lines[i][0] in " \t"):
                block.append(lines[i])
                i += 1
            text = "\n".join(block)
            doc = re.match(r'\s*"((?:[^"\\]|\\.)*)"', text)
            if doc:
                route["doc"] = doc.group(1)
            in_attrs = False
            for b in block:
                if re.match(r"^\s+attrs\s*$", b):
                    in_attrs = True
                    continue
                if in_attrs:
                    am = re.match(r"^\s+(\w+)\s*=\s*(.+?)\s*$", b)
                    if am:
                        route["attrs"][am.group(1)] = am.group(2).strip('"')
            routes.append(route)
    return routes


def summary(doc):
    text = one_line(re.sub(r":(?:route|field|type|val|link):`([^`]*)`", r"\1", doc))
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    first = m.group(1) if m else text
    return first if len(first) <= 200 else first[:197].rstrip() + "…"


def endpoint(name):
    """files/search:2 → files/search_v2"""
    base, _, version = name.partition(":")
    return f"{base}_v{version}" if version and version != "1" else base


def main():
    folder = source_dir("dropbox")
    routes = parse_routes(folder)
    digest = sha256(os.path.join(folder, "stone", "files.stone"))
    scoped = [r for r in routes if r["attrs"].get("scope")]
    unscoped = [r["name"] for r in routes if not r["attrs"].get("scope")]

    names = sorted({r["attrs"]["scope"] for r in scoped})
    uses = {n: [] for n in names}
    kinds = {n: set() for n in names}
    for r in scoped:
        scope = r["attrs"]["scope"]
        uses[scope].append(endpoint(r["name"]))
        auth = [a.strip() for a in r["attrs"].get("auth", "user").split(",")]
        kinds[scope].update(a for a in auth if a in ("user", "team"))
    for n in names:
        if n not in GLOSS:
            sys.exit(f"{n}: a new scope; add a short description to GLOSS")
        if len(kinds[n]) > 1:
            sys.exit(f"{n}: used by both team and user routes; decide how to show it")
    team = [n for n in names if kinds[n] == {"team"}]
    user = [n for n in names if n not in team]

    ids = [endpoint(r["name"]) for r in routes]
    if len(set(ids)) != len(ids):
        sys.exit("two routes map to the same endpoint")

    out = []
    out.append(comment(f"""
Dropbox API v2 scopes, from the Stone spec of dropbox/dropbox-api-spec (commit 0d994ebe9e86f741b380a75a5267819aeb7eb63e, 2026-08-05; files.stone sha256 {digest}).
Generated by scripts/dropbox.py. Do not edit by hand: rerun the script.

Scopes: the {len(names)} scopes routes name ({len(user)} user scopes, {len(team)} team scopes, told apart by the routes' `auth` attribute). Scopes that exist in the App Console but no route names (contacts.read, team_data.governance.read, team_data.team_space, …) are not here. Descriptions are ours.

Operations: the {len(routes)} routes; the {len(scoped)} with a `scope` each need exactly that scope, the {len(unscoped)} without one need no scope (requires = [[]]): {', '.join(unscoped)}. The id is the endpoint (`files/search:2` is `/2/files/search_v2`); every route is a POST; routes on the content or notify host say so.

Implications: none. The spec has none; the only rule found is that user-linked apps must register account_info.read (dropbox.tech, 2024-09-13), a requirement, not an implication.

Endpoints: https://www.dropbox.com/oauth2/authorize (with `scope`, `include_granted_scopes`, `token_access_type=offline`) and https://api.dropboxapi.com/oauth2/token. Delimiter: space (Dropbox's OAuth guide; not re-checked against a stored copy).
"""))
    out.append("\n")
    out.append('id = "dropbox"\n')
    out.append('name = "Dropbox"\n')
    out.append(f"docs_url = {s('https://www.dropbox.com/developers/documentation/http/documentation')}\n")
    out.append(f"source = {s(SOURCE)}\n")
    out.append(f"retrieved = {s(RETRIEVED)}\n")
    out.append(f"revision = {s(REVISION)}\n")
    out.append(f"attribution = {s(ATTRIBUTION)}\n")
    out.append(f"authorize_url = {s('https://www.dropbox.com/oauth2/authorize')}\n")
    out.append(f"token_url = {s('https://api.dropboxapi.com/oauth2/token')}\n")
    out.append('delimiter = " "\n')
    out.append('\n[tree]\nseparator = "."\n')

    for n in user + team:
        kind = "team" if n in team else "user"
        listed = uses[n]
        shown = ", ".join(listed[:3]) + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")
        count = f"{len(listed)} route{'s' if len(listed) != 1 else ''}"
        out.append(f"\n[[scope]]\nname = {s(n)}\ndescription = {s(f'{GLOSS[n]} ({kind} scope; {count}: {shown})')}\n")

    for r in routes:
        name = endpoint(r["name"])
        attrs = r["attrs"]
        notes = [f"Auth: {attrs.get('auth', 'user')}."]
        if attrs.get("host") in HOSTS:
            notes.append(f"Host: {HOSTS[attrs['host']]}.")
        if attrs.get("is_preview") == "true":
            notes.append("Preview.")
        if r["deprecated"]:
            notes.append("Deprecated route.")
        text = " ".join([summary(r["doc"])] + notes).strip()
        out.append(f"\n[[operation]]\nid = {s(name)}\nmethod = \"POST\"\npath = {s('/2/' + name)}\n")
        out.append(f"description = {s(text)}\n")
        out.append(f"requires = {requires([[attrs['scope']]] if attrs.get('scope') else [[]])}\n")

    write("dropbox", "".join(out))
    print(f"  {len(names)} scopes ({len(user)} user, {len(team)} team), {len(routes)} operations, "
          f"{len(unscoped)} of them needing no scope")


if __name__ == "__main__":
    main()
