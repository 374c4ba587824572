#!/usr/bin/env python3
"""Writes catalogs/salesforce.toml from a derived extract of Salesforce's scope data.

Usage: scripts/salesforce_catalog.py SCOPES_DERIVED_JSON > catalogs/salesforce.toml

  SCOPES_DERIVED_JSON  scopes.derived.json: the `scopes_supported` of
                       https://login.salesforce.com/.well-known/openid-configuration (in its
                       order) and the rules Salesforce Help "OAuth Tokens and Scopes" states
                       (`includes_all`, `includes`, `synonyms`).

Salesforce's documentation is not openly licensed: the scope names are copied, the short
descriptions below are our own, and no sentence of Salesforce's is reproduced beyond the
short rule quotes in the edge notes. Every rule of the file becomes `documented` edges:
- includes_all S except E: S implies every other scope but E (S stays atomic: it also
  reaches data no scope names);
- includes S I: S implies each of I;
- synonyms: the first scope and each other one imply each other (equal grants).
"""

import json
import sys

RETRIEVED = "2026-08-27"
REVISION = (
    "login.salesforce.com/.well-known/openid-configuration as saved by "
    "api-evangelist/service-cloud@1728438 (probed 2026-08-27)"
)

# Our own short descriptions. Where the sources give Salesforce's label, the description
# says the same thing in other words; where they give none, it says only what the name says.
NO_LABEL = " (no Salesforce label in the sources read)"
DESCRIPTIONS = {
    "address": "The identity URL service; the same as id",
    "api": "The user's data through Salesforce's APIs (REST, SOAP, Bulk); includes chatter_api",
    "cdp_api": "Data Cloud APIs" + NO_LABEL,
    "cdp_calculated_insight_api": "Data Cloud calculated insights API" + NO_LABEL,
    "cdp_identityresolution_api": "Data Cloud identity resolution API" + NO_LABEL,
    "cdp_ingest_api": "Load and manage data through the Data Cloud Ingestion API",
    "cdp_profile_api": "Manage Data Cloud profile data",
    "cdp_query_api": "Run SQL queries on Data Cloud data",
    "cdp_segment_api": "Data Cloud segment API" + NO_LABEL,
    "chatbot_api": "Chatbot services",
    "chatter_api": "Connect REST API resources",
    "content": "Content resources",
    "custom_permissions": "The org's custom permissions",
    "data_cloud_user_claims": "Data Cloud user claims" + NO_LABEL,
    "eclair_api": "Geodata resources of CRM Analytics REST API charts",
    "einstein_gpt_api": "Einstein generative AI API" + NO_LABEL,
    "email": "The identity URL service; the same as id",
    "forgot_password": "Forgot-password flow" + NO_LABEL,
    "full": "All data the signed-in user can reach; covers every other scope except refresh_token and offline_access",
    "id": "The identity URL service; profile, email, address and phone are the same",
    "interaction_api": "Interaction API" + NO_LABEL,
    "lightning": "Lightning applications",
    "mcp_api": "MCP API" + NO_LABEL,
    "offline_access": "Requests at any time, with a refresh token; the same as refresh_token",
    "openid": "The user's unique identifier (OpenID Connect)",
    "pardot_api": "Account Engagement (Pardot) services",
    "phone": "The identity URL service; the same as id",
    "profile": "The identity URL service; the same as id",
    "pwdless_login_api": "Passwordless login API" + NO_LABEL,
    "refresh_token": "Requests at any time, with a refresh token; the same as offline_access",
    "scrt_api": "scrt API" + NO_LABEL,
    "sfap_api": "sfap API" + NO_LABEL,
    "user_registration_api": "User registration API" + NO_LABEL,
    "visualforce": "Customer-created Visualforce pages",
    "wave_api": "CRM Analytics REST API resources",
    "web": "Use the access token in a web browser; includes visualforce",
}

NOTES = {
    "includes_all": "Salesforce Help 'OAuth Tokens and Scopes': full 'encompasses all other "
    "scopes' but 'does not return a refresh token'",
    ("includes", "api"): "Salesforce Help 'OAuth Tokens and Scopes': api 'also includes "
    "chatter_api'",
    ("includes", "web"): "Salesforce Help 'OAuth Tokens and Scopes': web 'also includes "
    "visualforce'",
    ("synonyms", "id"): "Salesforce Help 'OAuth Tokens and Scopes': profile, email, address "
    "and phone give 'the same result as using id; they are all synonymous'",
    ("synonyms", "refresh_token"): "Salesforce Help 'OAuth Tokens and Scopes': refresh_token "
    "'is synonymous with requesting offline_access'",
}


def q(text):
    return json.dumps(text, ensure_ascii=False)


def implies(out, source, targets, note):
    out.append("")
    out.append("[[implies]]")
    out.append(f"from = {q(source)}")
    if len(targets) > 4:
        out.append("to = [")
        out.extend(f"    {q(t)}," for t in targets)
        out.append("]")
    else:
        out.append("to = [" + ", ".join(q(t) for t in targets) + "]")
    out.append("composite = false")
    out.append('evidence = "documented"')
    out.append(f"note = {q(note)}")
    return len(targets)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    names = [s["scope"] for s in data["scopes"]]
    if len(set(names)) != len(names):
        sys.exit("duplicate scope in the source")
    unknown = sorted(set(names) - set(DESCRIPTIONS))
    if unknown:
        sys.exit(f"no description for {unknown}: add them to DESCRIPTIONS")
    if data.get("scope_delimiter") != " ":
        sys.exit("the delimiter changed: check it")
    names.sort()

    out = []
    w = out.append
    w("# Salesforce OAuth scopes (connected apps and external client apps).")
    w("#")
    w("# Generated by scripts/salesforce_catalog.py from scopes.derived.json")
    w("# (shared/reference/providers/salesforce): the scopes_supported of Salesforce's OpenID")
    w("# configuration, and the rules of Salesforce Help 'OAuth Tokens and Scopes'")
    w("# (help.salesforce.com/s/articleView?id=platform.remoteaccess_oauth_tokens_scopes.htm).")
    w("# Salesforce's docs are not openly licensed: names are copied, descriptions are our own.")
    w("# Salesforce publishes no per-endpoint scope data: what a token reaches is governed by")
    w("# the user's profile and permission sets, so this catalog lists no operations.")
    w("# Do not edit by hand: change the script and run it again.")
    w("")
    w('id = "salesforce"')
    w('name = "Salesforce"')
    w('docs_url = "https://help.salesforce.com/s/articleView?id=platform.remoteaccess_oauth_tokens_scopes.htm"')
    w(
        "source = \"Salesforce OpenID configuration (login.salesforce.com/.well-known/openid-configuration, "
        "scopes_supported) and Salesforce Help 'OAuth Tokens and Scopes'\""
    )
    w(f"retrieved = {q(RETRIEVED)}")
    w(f"revision = {q(REVISION)}")
    w("# Production logins; sandboxes use test.salesforce.com, orgs may use their My Domain.")
    w('authorize_url = "https://login.salesforce.com/services/oauth2/authorize"')
    w('token_url = "https://login.salesforce.com/services/oauth2/token"')
    w("# Space-delimited, as RFC 6749 (e.g. scope: 'id api web refresh_token').")
    w('delimiter = " "')
    w("")
    w("# Alphabetical; the configuration lists them in no meaningful order.")
    for name in names:
        w("")
        w("[[scope]]")
        w(f"name = {q(name)}")
        w(f"description = {q(DESCRIPTIONS[name])}")
    w("")
    w("# Implications, all stated by Salesforce Help.")
    edges = 0
    for rule in data["rules"]:
        kind = rule["type"]
        if kind == "includes_all":
            source = rule["scope"]
            targets = [n for n in names if n != source and n not in rule["except"]]
            edges += implies(out, source, targets, NOTES["includes_all"])
        elif kind == "includes":
            edges += implies(
                out, rule["scope"], rule["includes"], NOTES[("includes", rule["scope"])]
            )
        elif kind == "synonyms":
            first, *rest = rule["scopes"]
            note = NOTES[("synonyms", first)]
            edges += implies(out, first, rest, note)
            for other in rest:
                edges += implies(out, other, [first], note)
        else:
            sys.exit(f"unknown rule type {kind}")
    print("\n".join(out))
    print(f"{len(names)} scopes, {edges} edges", file=sys.stderr)


if __name__ == "__main__":
    main()
