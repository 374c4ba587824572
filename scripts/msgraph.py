#!/usr/bin/env python3
"""Microsoft Graph permissions → catalogs/msgraph.toml, msgraph-personal.toml, msgraph-app.toml.

Usage: scripts/msgraph.py [MICROSOFT_GRAPH_FOLDER]
(default ../shared/reference/providers/microsoft-graph beside the repository; the folder
holds devx-content/permissions.json, a verbatim copy of microsoft-graph-devx-content's
permissions/new/permissions.json in the kibali format; its SOURCE.md names the commit).

Each permission scheme is a catalog of its own, because a delegated permission and an
application permission of the same name are different grants requested in different ways:
  msgraph           DelegatedWork      delegated, work or school accounts
  msgraph-personal  DelegatedPersonal  delegated, personal Microsoft accounts
  msgraph-app       Application        application permissions (app roles)
Operations are the inverted path sets: for a scheme, each (HTTP method, path) with every
permission that lists it, any one of which suffices (a path set's `alsoRequires` would add
scopes to that alternative; the current data has none).
A Read permission (Microsoft: `Read` "for read operations only") listed for a PATCH, PUT or
DELETE only because its path set groups that method with GET is not kept as an alternative
for the write, where another permission listed for it is not a Read one: choosing it would be
refused. POST keeps its Read permissions (Graph's reports, queries and lookups are POSTs).
Implications: only ReadWrite ⇒ Read of the same resource and constraint, Microsoft's naming
convention. `derived` where every path × method the Read permission lists in that scheme is
also listed under the ReadWrite one, otherwise `inferred`; the note gives the counts.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog_toml import comment, one_line, requires, s, sha256, source_dir, write  # noqa: E402

RETRIEVED = "2026-12-01"
COMMIT = "6cbd6bbd665a877560fdefbad74f3bdb5b57af88"
REVISION = f"microsoftgraph/microsoft-graph-devx-content@{COMMIT[:7]} (weekly permissions sync 2026-08-07)"
ATTRIBUTION = (
    "Permission names, display names and path sets from microsoftgraph/microsoft-graph-devx-content "
    "(permissions/new/permissions.json), Copyright (c) 2020 Microsoft Graph, MIT License"
)
SOURCE = "Microsoft Graph permissions in the kibali format (microsoftgraph/microsoft-graph-devx-content permissions/new/permissions.json), as used by Graph Explorer"
DOCS = "https://learn.microsoft.com/graph/permissions-reference"
LOGIN = "https://login.microsoftonline.com"

# Sign-in scopes of the Microsoft identity platform, hosted on Graph but not in permissions.json
# (MicrosoftDocs/entra-docs docs/identity-platform/scopes-oidc.md). Descriptions are ours.
OIDC = [
    ("openid", "Sign the user in with OpenID Connect and receive an ID token"),
    ("email", "The user's primary email address, in the ID token"),
    ("profile", "The user's basic profile (name, username, object id), in the ID token"),
    ("offline_access", "A refresh token, so the app keeps access when the user is not present"),
]

CATALOGS = [
    {
        "id": "msgraph",
        "scheme": "DelegatedWork",
        "name": "Microsoft Graph (delegated)",
        "what": "delegated permissions for work or school accounts",
        "tenant": "organizations",
        "oidc": True,
    },
    {
        "id": "msgraph-personal",
        "scheme": "DelegatedPersonal",
        "name": "Microsoft Graph (personal)",
        "what": "delegated permissions for personal Microsoft accounts",
        "tenant": "consumers",
        "oidc": True,
    },
    {
        "id": "msgraph-app",
        "scheme": "Application",
        "name": "Microsoft Graph (application)",
        "what": "application permissions (app roles, no signed-in user)",
        "tenant": None,
        "oidc": False,
    },
]

METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
SCHEME_WORDS = {
    "DelegatedWork": "delegated, work or school",
    "DelegatedPersonal": "delegated, personal account",
    "Application": "application",
}


def also_requires(expression):
    """A path set's `alsoRequires` ("(A | B) & C") as alternatives in disjunctive normal form."""
    tokens = re.findall(r"\(|\)|&|\||[^\s()&|]+", expression)
    pos = 0

    def parse_or():
        nonlocal pos
        result = parse_and()
        while pos < len(tokens) and tokens[pos] == "|":
            pos += 1
            result = result + parse_and()
        return result

    def parse_and():
        nonlocal pos
        result = parse_atom()
        while pos < len(tokens) and tokens[pos] == "&":
            pos += 1
            right = parse_atom()
            result = [a + b for a in result for b in right]
        return result

    def parse_atom():
        nonlocal pos
        if pos >= len(tokens):
            sys.exit(f"alsoRequires {expression!r}: expression ends early")
        token = tokens[pos]
        pos += 1
        if token == "(":
            inner = parse_or()
            if pos >= len(tokens) or tokens[pos] != ")":
                sys.exit(f"alsoRequires {expression!r}: missing )")
            pos += 1
            return inner
        if token in (")", "&", "|"):
            sys.exit(f"alsoRequires {expression!r}: unexpected {token}")
        return [[token]]

    dnf = parse_or()
    if pos != len(tokens):
        sys.exit(f"alsoRequires {expression!r}: unexpected {tokens[pos]}")
    return dnf


def least_marked(meta, scheme):
    """Does a path's metadata ("least=DelegatedWork,Application") mark `scheme`?"""
    for pair in meta.split(";"):
        key, _, value = pair.strip().partition("=")
        if key == "least" and scheme in [v.strip() for v in value.split(",")]:
            return True
    return False


def read_counterpart(name, names):
    """The Read permission a ReadWrite permission names by convention, if it exists."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part.startswith("ReadWrite"):
            read = parts[:i] + ["Read" + part[len("ReadWrite"):]] + parts[i + 1:]
            candidate = ".".join(read)
            return candidate if candidate in names else None
    return None


WRITES = ("PATCH", "PUT", "DELETE")


def is_read_only(name):
    """Is `name` a Read permission by Microsoft's naming pattern ({resource}.Read[.{constraint}],
    `Read` "for read operations only"), not ReadWrite or any other operation?"""
    return any(part == "Read" or (part.startswith("Read") and not part.startswith("ReadWrite")
                                  and part[4:5].isupper())
               for part in name.split(".")[1:])


def drop_grouped_reads(operations, accepts):
    """Removes, from each PATCH, PUT or DELETE, the alternatives made only of Read permissions
    that also list GET for the same path (a path set grouping the methods), when an alternative
    with a permission that is not a Read one is left. Returns how many were removed, and from
    how many operations."""
    removed = calls = 0
    for (method, path), alts in operations.items():
        if method not in WRITES:
            continue
        grouped = [alt for alt in alts
                   if all(is_read_only(n) and ("GET", path) in accepts[n] for n in alt)]
        if grouped and len(grouped) < len(alts):
            for alt in grouped:
                del alts[alt]
            removed += len(grouped)
            calls += 1
    return removed, calls


def privilege_text(info):
    level = info.get("privilegeLevel")
    words = f"privilege {level} of 5" if level is not None else "no privilege level given"
    if info.get("requiresAdminConsent"):
        words += ", admin consent"
    return words


def build(config, permissions, digest):
    scheme = config["scheme"]
    words = SCHEME_WORDS[scheme]
    names = [n for n, p in permissions.items() if scheme in p["schemes"]]
    name_set = set(names)
    order = {n: i for i, n in enumerate(names)}
    level = {n: permissions[n]["schemes"][scheme].get("privilegeLevel", 6) for n in names}

    # (method, path) → {alternative (tuple of scopes): least-privileged mark}
    operations = {}
    accepts = {n: set() for n in names}
    for name in names:
        for path_set in permissions[name]["pathSets"]:
            if scheme not in path_set["schemeKeys"]:
                continue
            if path_set.get("implicit"):
                continue
            alternatives = [[name]]
            if path_set.get("alsoRequires"):
                alternatives = [[name] + extra for extra in also_requires(path_set["alsoRequires"])]
            for path, meta in path_set["paths"].items():
                # A few paths hold OData text with spaces ("… eq '{id}'", "(a={x}, b={y})");
                # a catalog path holds none, so they are written as a URL would carry them.
                path = path.replace(" ", "%20")
                for method in path_set["methods"]:
                    key = (method, path)
                    accepts[name].add(key)
                    found = operations.setdefault(key, {})
                    for alt in alternatives:
                        alt = tuple(dict.fromkeys(alt))
                        found[alt] = found.get(alt, False) or least_marked(meta, scheme)
    for (method, path), alts in operations.items():
        for alt in alts:
            for scope in alt:
                if scope not in name_set:
                    sys.exit(f"{method} {path}: {scope} has no {scheme} scheme")

    # The edges' evidence is what the source lists (the Read entries removed below included).
    dropped, dropped_calls = drop_grouped_reads(operations, accepts)

    edges = []
    stats = {"derived": 0, "inferred": 0}
    for name in names:
        read = read_counterpart(name, name_set)
        if read is None:
            continue
        read_keys, write_keys = accepts[read], accepts[name]
        covered = len(read_keys & write_keys)
        if read_keys and covered == len(read_keys):
            evidence = "derived"
            note = (
                f"permissions.json ({words}): all {len(read_keys)} path × method entries that "
                f"accept {read} also accept {name}"
            )
        else:
            evidence = "inferred"
            if read_keys:
                listed = f"permissions.json ({words}) lists {covered} of the {len(read_keys)} path × method entries of {read} under {name} too"
            else:
                listed = f"permissions.json lists no paths for {read} ({words})"
            note = f"Microsoft's naming convention (ReadWrite: read, create, update and delete), not data; {listed}"
        stats[evidence] += 1
        edges.append((name, read, evidence, note))

    op_count = len(operations)
    entry_count = sum(len(alts) for alts in operations.values())
    out = []
    out.append(comment(f"""
Microsoft Graph: {config['what']} (scheme {scheme}).
Generated by scripts/msgraph.py from microsoft-graph-devx-content permissions/new/permissions.json
(commit {COMMIT}, 2026-08-07; sha256 {digest}). Do not edit by hand: rerun the script.

Scopes: the {len(names)} permissions with a {scheme} scheme{', plus the four OpenID Connect sign-in scopes (scopes-oidc.md)' if config['oidc'] else ''}.
Each description is Microsoft's display name with the scheme's privilegeLevel, "a hint as to the risks of consenting" from 1 (least privileged) to 5 (most) (kibali permissions.md), and whether admin consent is required.

Operations: {op_count} method × path entries, each with the permissions that list it in this scheme ({entry_count} in all), any one of which suffices (kibali: "Tooling will need to invert the model to identify what permissions could be used to access a resource"). Alternatives Microsoft marks least privileged (`least=`) come first and are named in the description ("Least privileged (Microsoft)"); then by privilege level. Left out: {dropped} Read permissions listed for a PATCH, PUT or DELETE in {dropped_calls} entries only because their path set groups the method with GET (Microsoft's `Read` is "for read operations only"), where a permission that is not a Read one is listed for the same entry. Paths are Graph paths without the version prefix (permissions.json does not tell v1.0 from beta), spaces in them written %20.

Implications: ReadWrite ⇒ Read of the same resource and constraint only. Microsoft names `ReadWrite` "for read, create, update, and delete operations" (permissions-overview, naming pattern) but does not state an implication, so an edge is `derived` only where the data's paths show it ({stats['derived']} edges) and `inferred` otherwise ({stats['inferred']}).
"""))
    out.append("#\n")
    if scheme == "Application":
        out.append(comment("""
Application permissions are granted to the app registration by an administrator and arrive in the token's `roles` claim; they are never listed in a `scope` parameter. A client-credentials token request asks for `scope=https://graph.microsoft.com/.default` ("Client credentials requests in your client service *must* include `scope={resource}/.default`"), so this catalog has no authorize URL: the minimal set is what to configure on the app registration. {tenant} in the token URL is the tenant id.
"""))
    else:
        out.append(comment(f"""
Authorize and token endpoints of the Microsoft identity platform v2.0; {{tenant}} is common, organizations, consumers or a tenant id ({config['tenant']} here). `scope=User.Read` is equivalent to `https://graph.microsoft.com/User.Read` (scopes-oidc.md). The scope list is "a space-separated list of scopes" (v2-oauth2-auth-code-flow.md).
"""))
    out.append("\n")
    out.append(f"id = {s(config['id'])}\n")
    out.append(f"name = {s(config['name'])}\n")
    out.append(f"docs_url = {s(DOCS)}\n")
    out.append(f"source = {s(SOURCE)}\n")
    out.append(f"retrieved = {s(RETRIEVED)}\n")
    out.append(f"revision = {s(REVISION)}\n")
    out.append(f"attribution = {s(ATTRIBUTION)}\n")
    if config["tenant"]:
        out.append(f"authorize_url = {s(LOGIN + '/' + config['tenant'] + '/oauth2/v2.0/authorize')}\n")
        out.append(f"token_url = {s(LOGIN + '/' + config['tenant'] + '/oauth2/v2.0/token')}\n")
    else:
        out.append(f"token_url = {s(LOGIN + '/{tenant}/oauth2/v2.0/token')}\n")
    out.append('delimiter = " "\n')
    # Graph paths ignore case (/me/sendMail is /me/sendmail) and are requested under a
    # version: https://graph.microsoft.com/v1.0/me, /beta/me.
    out.append("paths_case_insensitive = true\n")
    out.append('path_prefixes = ["/v1.0", "/beta"]\n')
    out.append('\n[tree]\nseparator = "."\n')

    if config["oidc"]:
        for name, description in OIDC:
            out.append(f"\n[[scope]]\nname = {s(name)}\ndescription = {s(description)}\n")
    for name in names:
        info = permissions[name]["schemes"][scheme]
        title = one_line(info.get("adminDisplayName") or info.get("userDisplayName") or name)
        out.append(f"\n[[scope]]\nname = {s(name)}\ndescription = {s(f'{title} ({privilege_text(info)})')}\n")

    for write_name, read_name, evidence, note in edges:
        out.append(
            f"\n[[implies]]\nfrom = {s(write_name)}\nto = [{s(read_name)}]\nevidence = {s(evidence)}\nnote = {s(note)}\n"
        )

    def op_key(key):
        method, path = key
        return (path, METHOD_ORDER.get(method, 9), method)

    for key in sorted(operations, key=op_key):
        method, path = key
        alts = operations[key]

        def alt_key(alt):
            return (not alts[alt], max(level[n] for n in alt), len(alt), [order[n] for n in alt])

        ordered = sorted(alts, key=alt_key)
        least = [" + ".join(alt) for alt in ordered if alts[alt]]
        out.append(f"\n[[operation]]\nid = {s(method + ' ' + path)}\nmethod = {s(method)}\npath = {s(path)}\n")
        if least:
            out.append(f"description = {s('Least privileged (Microsoft): ' + ', '.join(least))}\n")
        out.append(f"requires = {requires(ordered)}\n")

    write(config["id"], "".join(out))
    print(f"  {len(names)} permissions, {op_count} operations ({entry_count} alternatives), "
          f"{stats['derived']} derived and {stats['inferred']} inferred edges")


def main():
    folder = source_dir("microsoft-graph")
    path = os.path.join(folder, "devx-content", "permissions.json")
    with open(path, encoding="utf-8") as f:
        permissions = json.load(f)["permissions"]
    digest = sha256(path)
    for config in CATALOGS:
        build(config, permissions, digest)


if __name__ == "__main__":
    main()
