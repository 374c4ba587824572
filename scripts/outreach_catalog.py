#!/usr/bin/env python3
"""Writes catalogs/outreach.toml from Outreach's public scope list.

Usage: scripts/outreach_catalog.py SCOPES_TS REVISION RETRIEVED > catalogs/outreach.toml

  SCOPES_TS  src/manifest/api/Scopes.ts of github.com/getoutreach/extensibility-sdk
             (generated there from Outreach's scope definitions, public scopes only)
  REVISION   the commit it was read at, e.g. "getoutreach/extensibility-sdk@7820e1f (2026-07-03)"
  RETRIEVED  the date it was read, YYYY-MM-DD

The scopes of the older list (getoutreach/clientxtsdk docs/scopes.md, the seed
000_e63223b6083340cc.txt) that the newest list no longer has stay in the catalog, marked
deprecated, so strings and profiles written against the old list keep resolving. They and
their reasons are listed in OLD_ONLY below; everything else comes from SCOPES_TS.

Implications: `R.all` is composite of the levels of R that exist. Outreach documents that
for a resource with read, write and delete ("prospects.read and prospects.all would both
grant access to read prospects, while only the latter would permit write and delete
access"); where R lacks write or delete, covering only the levels that exist is our
reading (`inferred`). `aggregate` levels are no member of `.all`: nothing says what they
grant. Scopes are not additive, so there is no write => read.
"""

import re
import sys

LEVELS = ["all", "read", "write", "delete", "aggregate"]

# Human names, as the older list spells them in bold; new resources in the same style.
HUMAN = {
    "accountNotes": "account notes",
    "accounts": "accounts",
    "auditLogs": "audit logs",
    "audits": "audits",
    "batchItems": "batch items",
    "batches": "batches",
    "callDispositions": "call dispositions",
    "callPurposes": "call purposes",
    "calls": "calls",
    "complianceRequests": "compliance requests",
    "contentCategories": "content categories",
    "contentCategoryMemberships": "content category memberships",
    "contentCategoryOwnerships": "content category ownerships",
    "customDuties": "custom duties",
    "customObjectRecords": "custom object records",
    "duties": "duties",
    "emailAddresses": "email addresses",
    "events": "events",
    "favorites": "favorites",
    "imports": "imports",
    "jobRoles": "job roles",
    "kaiaRecordings": "Kaia recordings",
    "kaiaVoiceImports": "Kaia voice imports",
    "mailAliases": "mail aliases",
    "mailboxes": "mailboxes",
    "mailings": "mailings",
    "opportunities": "opportunities",
    "opportunityProspectRoles": "opportunity prospect roles",
    "opportunityStages": "opportunity stages",
    "orgSettings": "org settings",
    "personas": "personas",
    "phoneNumbers": "phone numbers",
    "products": "products",
    "profiles": "profiles",
    "prospectNotes": "prospect notes",
    "prospects": "prospects",
    "purchases": "purchases",
    "recipients": "recipients",
    "recordActorAssignments": "record actor assignments",
    "roles": "roles",
    "rulesets": "rulesets",
    "sequenceStates": "sequence states",
    "sequenceSteps": "sequence steps",
    "sequenceTemplates": "sequence templates",
    "sequences": "sequences",
    "snippets": "snippets",
    "stages": "stages",
    "taskDispositions": "task dispositions",
    "taskPriorities": "task priorities",
    "taskPurposes": "task purposes",
    "tasks": "tasks",
    "teams": "teams",
    "templates": "templates",
    "users": "users",
    "webhooks": "web hooks",
}

GONE = "not in Outreach's newest scope list (extensibility-sdk Scopes.ts)"

# Scopes of the older list that the newest one lacks: name -> why, and the replacement.
OLD_ONLY = {
    "audits.all": "removed from Outreach's scope list in 2024 (extensibility-sdk #136); use auditLogs.read",
    "audits.read": "removed from Outreach's scope list in 2024 (extensibility-sdk #136); use auditLogs.read",
    "customDuties.all": "deprecated by Outreach in 2026 (extensibility-sdk #179); no replacement",
    "customDuties.read": "deprecated by Outreach in 2026 (extensibility-sdk #179); no replacement",
    "customDuties.write": "deprecated by Outreach in 2026 (extensibility-sdk #179); no replacement",
    "customDuties.delete": "deprecated by Outreach in 2026 (extensibility-sdk #179); no replacement",
    "duties.all": GONE + ", which has duties.read only",
    "duties.write": GONE + ", which has duties.read only",
    "duties.delete": GONE + ", which has duties.read only",
    "events.delete": GONE + ": events has all, read and write",
    "mailAliases.all": GONE + ", which has mailAliases.read only",
    "mailAliases.write": GONE + ", which has mailAliases.read only",
    "mailAliases.delete": GONE + ", which has mailAliases.read only",
    "mailings.delete": GONE + ": mailings has all, read and write",
    "taskPriorities.all": GONE + ", which has taskPriorities.read only",
    "taskPriorities.write": GONE + ", which has taskPriorities.read only",
    "taskPriorities.delete": GONE + ", which has taskPriorities.read only",
    "users.delete": GONE + ": users has all, read, write and aggregate",
}

# Where a resource known only from the older list goes: after this resource.
OLD_RESOURCE_AFTER = {"audits": "auditLogs", "customDuties": "contentCategoryOwnerships"}

# The docs state the rule once, for prospects: each resource's note says so, so that a
# note on accounts does not read as if it were about prospects.
DOC_QUOTE = (
    "Outreach API docs, with prospects as the example: 'the scopes prospects.read and "
    "prospects.all would both grant access to read prospects, while only the latter would "
    "permit write and delete access'"
)


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, revision, retrieved = sys.argv[1:]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", retrieved):
        sys.exit(f"RETRIEVED must be YYYY-MM-DD, not {retrieved!r}")
    text = open(path, encoding="utf-8").read()
    names = re.findall(r"=\s*'([^']+)'", text)
    if not names:
        sys.exit(f"{path}: no scopes found")

    # resource -> set of levels, in the order resources first appear.
    order, levels, bare = [], {}, []
    for name in names:
        if "." not in name:
            bare.append(name)
            continue
        resource, level = name.split(".", 1)
        if level not in LEVELS:
            sys.exit(f"{path}: unknown level in {name}")
        if resource not in levels:
            order.append(resource)
            levels[resource] = set()
        levels[resource].add(level)
    head = {r: set(l) for r, l in levels.items()}
    for name in OLD_ONLY:
        if name in names:
            sys.exit(f"{name} is in the newest list again: drop it from OLD_ONLY")
        resource, level = name.split(".", 1)
        if resource not in levels:
            after = OLD_RESOURCE_AFTER[resource]
            order.insert(order.index(after) + 1, resource)
            levels[resource] = set()
        levels[resource].add(level)
    missing = [r for r in order if r not in HUMAN]
    if missing:
        sys.exit(f"no human name for {missing}")

    out = []
    w = out.append
    w("# Outreach API (api.outreach.io v2) OAuth scopes.")
    w("#")
    w("# Generated by scripts/outreach_catalog.py from Outreach's newest public scope list,")
    w("# getoutreach/extensibility-sdk src/manifest/api/Scopes.ts (MIT licence), which that")
    w("# repository generates from Outreach's own scope definitions, keeping public scopes only.")
    w(f"# {len(names)} scopes there; the {len(OLD_ONLY)} scopes of the older list (the seed")
    w("# 000_e63223b6083340cc.txt, getoutreach/clientxtsdk docs/scopes.md) that it no longer has")
    w("# stay here, marked deprecated, so strings written against the old list keep resolving.")
    w("# Rules: api.outreach.io/api/v2/docs#authorization, quoted word for word in the SDKs'")
    w("# docs/scopes.md. Endpoints and delimiter: catalog-facts.md section 1.")
    w("# Do not edit by hand: change the script and run it again.")
    w("")
    w('id = "outreach"')
    w('name = "Outreach"')
    w('docs_url = "https://api.outreach.io/api/v2/docs#authorization"')
    w(
        'source = "Outreach\'s public scope list (getoutreach/extensibility-sdk '
        "src/manifest/api/Scopes.ts); rules from api.outreach.io/api/v2/docs#authorization, "
        'as quoted in the SDK docs"'
    )
    w(f"retrieved = {toml_string(retrieved)}")
    w(f"revision = {toml_string(revision)}")
    w("# developers.outreach.io/api/oauth/ documents the authorize URL.")
    w('authorize_url = "https://api.outreach.io/oauth/authorize"')
    w("# Token URL: widely used in client code; no Outreach page stating it was found.")
    w('token_url = "https://api.outreach.io/oauth/token"')
    w('# "scope must be a space-separated, URL-encoded list" (developers.outreach.io/api/oauth/).')
    w('delimiter = " "')
    w("")
    w('# "Scopes are period-separated strings": <pluralResource>.<level>')
    w("[tree]")
    w('separator = "."')
    w("")
    w("# Scopes carry no description of their own; these templates describe each level.")
    w("[templates]")
    w('all = "Full access to {resource}: read, write and delete"')
    w('read = "Read {resource}"')
    w('write = "Create and update {resource} (does not include read)"')
    w('delete = "Delete {resource}"')
    w('aggregate = "Aggregate access to {resource} (Outreach does not say what it grants)"')
    w("")
    w("# Human names, as the older list spells them in bold; new resources in the same style.")
    w("[resources]")
    for resource in order:
        w(f"{resource} = {toml_string(HUMAN[resource])}")
    w("")

    for resource in order:
        for level in LEVELS:
            if level not in levels[resource]:
                continue
            name = f"{resource}.{level}"
            w("[[scope]]")
            w(f"name = {toml_string(name)}")
            own = levels[resource] if name in OLD_ONLY else head.get(resource, set())
            lacking = [l for l in ("write", "delete") if l not in own]
            if level == "all" and lacking:
                has = " and ".join(l for l in ("read", "write", "delete") if l in own)
                w(
                    "description = "
                    + toml_string(
                        f"Full access to {HUMAN[resource]}: {has} (its list has no "
                        f"{' or '.join(lacking)} level)"
                    )
                )
            if name in OLD_ONLY:
                w(f"deprecated = {toml_string(OLD_ONLY[name])}")
            w("")
    for name in bare:
        w("[[scope]]")
        w(f"name = {toml_string(name)}")
        w(
            'description = "SCIM user provisioning '
            '(Outreach publishes no description of this scope)"'
        )
        w("")

    w("# R.all is composite of the levels of R that exist; aggregate is no member.")
    w("# Deliberately no write => read (or delete => read) edge: the docs say \"Scopes are")
    w('# not additive; the prospects.write scope does not grant read access."')
    edges = 0
    for resource in order:
        have = levels[resource]
        if "all" not in have:
            continue
        human = HUMAN[resource]
        at_head = "all" in head.get(resource, set())
        # A .all of the newest list covers the newest levels (not the deprecated ones); a
        # deprecated .all covers what it covered in the older list.
        present = head[resource] if at_head else have
        members = [f"{resource}.{l}" for l in ("read", "write", "delete") if l in present]
        complete = {"read", "write", "delete"} <= present
        if complete and at_head:
            evidence = "documented"
            note = f"{resource}.all permits reading, writing and deleting {human}. {DOC_QUOTE}"
        elif complete:
            evidence = "documented"
            note = (
                f"{resource}.all permitted reading, writing and deleting {human} when the "
                f"older list had all four levels. {DOC_QUOTE}"
            )
        else:
            lacking = " or ".join(l for l in ("write", "delete") if l not in present)
            evidence = "inferred"
            note = (
                f"{human} has no {lacking} level, so {resource}.all covers only "
                f"{' and '.join(members)}: our reading of the docs' rule, which does not "
                "spell out this case"
            )
        w("")
        w("[[implies]]")
        w(f"from = {toml_string(resource + '.all')}")
        w("to = [" + ", ".join(toml_string(m) for m in members) + "]")
        w("composite = true")
        w(f"evidence = {toml_string(evidence)}")
        w(f"note = {toml_string(note)}")
        edges += len(members)
    print("\n".join(out))
    total = sum(len(l) for l in levels.values()) + len(bare)
    print(
        f"{len(names)} scopes in the list, {total} in the catalog, {edges} edges",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
