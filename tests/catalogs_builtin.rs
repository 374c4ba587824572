//! The catalogs compiled into scopex: each parses, agrees with its seed document, and
//! carries exactly the implications the design asks for (DESIGN §2).
//!
//! The expected names and descriptions are copied from the seeds in `shared/seeds/` when
//! these tests were written; the tests never read that folder.

use scopex::catalog::{
    BUILTIN, Catalog, Evidence, Origin, ResourceTree, builtin, builtin_ids, parse_catalog,
};
use std::collections::{BTreeSet, HashSet};

/// Seed 002 (Stora Public API scope table): name and description, in the seed's order.
const STORA_SEED: [(&str, &str); 39] = [
    (
        "public.access_token:read",
        "Allow to read all access tokens",
    ),
    ("public.application:read", "Allow to read all applications"),
    ("public.contact:read", "Allow to read all contacts"),
    ("public.contact:write", "Allow to manage contacts"),
    ("public.contract:read", "Allow to read all contracts"),
    (
        "public.contract_template:read",
        "Allow to read all contract templates",
    ),
    ("public.coupon:read", "Allow to read all coupons"),
    ("public.credit_note:read", "Allow to read all credit notes"),
    ("public.deal:read", "Allow to read all deals"),
    ("public.deal:write", "Allow to manage deals"),
    ("public.deal_stage:read", "Allow to read all deal stages"),
    (
        "public.identity_verification:read",
        "Allow to read all identity verifications",
    ),
    ("public.invoice:read", "Allow to read all invoices"),
    ("public.note:read", "Allow to read all notes"),
    ("public.note:write", "Allow to manage notes"),
    ("public.order:read", "Allow to read all orders"),
    ("public.order:write", "Allow to manage orders"),
    ("public.product:read", "Allow to read all products"),
    ("public.product:write", "Allow to manage products"),
    (
        "public.product_category:read",
        "Allow to read all product categories",
    ),
    (
        "public.protection_level:read",
        "Allow to read all protection levels",
    ),
    (
        "public.protection_level:write",
        "Allow to manage protection levels",
    ),
    ("public.site:read", "Allow to read all sites"),
    ("public.staff:read", "Allow to read all staff"),
    (
        "public.subscription:read",
        "Allow to read all subscriptions",
    ),
    ("public.task:read", "Allow to read all tasks"),
    ("public.task:write", "Allow to manage tasks"),
    ("public.tenancy:read", "Allow to read all tenancies"),
    (
        "public.timeline_event:read",
        "Allow to read all timeline events",
    ),
    (
        "public.timeline_event:write",
        "Allow to manage timeline events",
    ),
    (
        "public.timeline_source:read",
        "Allow to read all timeline sources",
    ),
    (
        "public.timeline_template:read",
        "Allow to read all timeline templates",
    ),
    ("public.unit:read", "Allow to read all units"),
    ("public.unit:write", "Allow to manage units"),
    (
        "public.unit_allocation:read",
        "Allow to read all unit allocations",
    ),
    ("public.unit_type:read", "Allow to read all unit types"),
    ("public.unit_type:write", "Allow to manage unit types"),
    (
        "public.webhook_endpoint:read",
        "Allow to read all webhook endpoints",
    ),
    (
        "public.webhook_endpoint:write",
        "Allow to manage webhook endpoints",
    ),
];

/// Seed 003 (sipgate "OAuth2 scopes" page): name and description, in the seed's order,
/// after `all`, which both revisions of the page list first and the seed's copy dropped.
const SIPGATE_SEED: [(&str, &str); 103] = [
    ("all", "Full access"),
    ("account:read", "Access account details"),
    ("account:write", "Manage account details"),
    ("addresses:read", "Access addresses"),
    ("addresses:write", "Manage addresses"),
    ("authorization:oauth:clients:read", "Access OAuth clients"),
    ("authorization:oauth:clients:write", "Manage OAuth clients"),
    (
        "authorization:oauth2:clients:read",
        "Access OAuth 2.0 clients",
    ),
    (
        "authorization:oauth2:clients:write",
        "Manage OAuth 2.0 clients",
    ),
    (
        "autorecording:greeting:read",
        "Access autorecording greeting",
    ),
    (
        "autorecording:greeting:write",
        "Manage autorecording greeting",
    ),
    ("balance:read", "Access account balance"),
    ("blacklist:read", "Access blacklist"),
    ("blacklist:write", "Manage blacklist"),
    ("callrestrictions:read", "Access call restrictions"),
    ("callrestrictions:write", "Manage call restrictions"),
    ("contacts:read", "Access contacts"),
    ("contacts:write", "Manage contacts"),
    ("contracts:crm:read", "Access your CRM contracts"),
    ("contracts:read", "Access contracts"),
    ("contracts:write", "Manage contracts"),
    ("devices:callerid:read", "Access caller ID"),
    ("devices:callerid:write", "Manage caller ID"),
    (
        "devices:localprefix:read",
        "Access automatic local area code",
    ),
    (
        "devices:localprefix:write",
        "Manage automatic local area code",
    ),
    ("devices:read", "Access device settings"),
    ("devices:sim:read", "Access SIM settings"),
    ("devices:sim:write", "Manage SIM settings"),
    ("devices:sims:orders:write", "Order SIM cards"),
    (
        "devices:singlerowdisplay:read",
        "Access hide own number settings",
    ),
    (
        "devices:singlerowdisplay:write",
        "Manage hide own number settings",
    ),
    (
        "devices:tariffannouncement:read",
        "Access rate announcement settings",
    ),
    (
        "devices:tariffannouncement:write",
        "Manage rate announcement settings",
    ),
    ("devices:write", "Manage device settings"),
    ("events:read", "Access call events"),
    ("events:write", "Manage call events"),
    (
        "faxlines:numbers:read",
        "Access fax device settings (numbers)",
    ),
    ("faxlines:read", "Access fax device settings"),
    ("faxlines:write", "Manage fax device settings"),
    ("groups:devices:write", "Manage group device settings"),
    ("groups:faxlines:read", "Access group fax device settings"),
    ("groups:numbers:read", "Access group numbers"),
    ("groups:read", "Access groups"),
    ("groups:users:read", "Access group members"),
    ("groups:voicemails:read", "Access group voicemail settings"),
    ("history:read", "Access call history"),
    ("history:write", "Manage call history"),
    ("labels:read", "Access user labels"),
    ("labels:write", "Manage user labels"),
    ("log:webhooks:read", "Access webhooks log data"),
    ("notifications:read", "Access notifications"),
    ("notifications:write", "Manage notifications"),
    ("numbers:read", "Access phone numbers"),
    ("numbers:write", "Manage phone numbers"),
    ("openid", "Identify you uniquely through your sipgate login"),
    ("payment:methods:read", "Access payment methods"),
    ("payment:methods:write", "Manage payment methods"),
    (
        "phonelines:blockanonymous:read",
        "Access anonymous call settings",
    ),
    (
        "phonelines:blockanonymous:write",
        "Manage anonymous call settings",
    ),
    ("phonelines:busyonbusy:read", "Access busy on busy settings"),
    (
        "phonelines:busyonbusy:write",
        "Manage busy on busy settings",
    ),
    ("phonelines:devices:read", "Access connection devices"),
    ("phonelines:devices:write", "Manage connection devices"),
    (
        "phonelines:forwardings:read",
        "Access call forwarding settings",
    ),
    (
        "phonelines:forwardings:write",
        "Manage call forwarding settings",
    ),
    ("phonelines:numbers:read", "Access connection numbers"),
    (
        "phonelines:parallelforwardings:read",
        "Access parallel forwarding settings",
    ),
    (
        "phonelines:parallelforwardings:write",
        "Manage parallel forwarding settings",
    ),
    ("phonelines:read", "Access connections"),
    ("phonelines:sipgateio:log:read", "Access webhook debug log"),
    ("phonelines:sipgateio:read", "Access webhooks"),
    ("phonelines:sipgateio:write", "Manage webhooks"),
    (
        "phonelines:voicemails:greetings:read",
        "Access connection voicemail announcement settings",
    ),
    (
        "phonelines:voicemails:greetings:write",
        "Manage connection voicemail announcement settings",
    ),
    (
        "phonelines:voicemails:read",
        "Access connection voicemail settings",
    ),
    (
        "phonelines:voicemails:write",
        "Manage connection voicemail settings",
    ),
    ("phonelines:write", "Manage connections"),
    ("phones:read", "Access provisioned phones"),
    ("phones:write", "Manage provisioned phones"),
    ("portings:read", "Access number ports"),
    ("portings:write", "Manage number ports"),
    ("push_device:register", "Manage push notifications"),
    ("rtcm:read", "Access active calls"),
    ("rtcm:write", "Manage active calls"),
    ("sessions:calls:write", "Initiate calls"),
    ("sessions:fax:write", "Send faxes"),
    ("sessions:sms:write", "Send SMS"),
    ("sessions:write", "Initiate calls, send faxes, send SMS"),
    ("settings:read", "Access global account settings"),
    ("settings:sipgateio:read", "Access global webhooks"),
    ("settings:sipgateio:write", "Manage global webhooks"),
    ("settings:write", "Manage global account settings"),
    ("sms:callerid:read", "Access SMS caller ID"),
    ("sms:callerid:write", "Manage SMS caller ID"),
    ("sms:read", "Access SMS device settings"),
    ("sms:write", "Manage SMS device settings"),
    ("trunk:read", "Access Trunking settings"),
    ("users:busyonbusy:write", "Manage busy on busy settings"),
    (
        "users:defaultdevice:write",
        "Manage default device settings",
    ),
    ("users:read", "Access users"),
    ("users:role:write", "Manage user roles"),
    ("users:write", "Manage users"),
    ("voicemails:read", "Access Voicemails"),
];

/// Outreach's newest public list (extensibility-sdk `src/manifest/api/Scopes.ts` at
/// 7820e1f, as catalog-facts §1.2 describes it): each resource in the file's order with
/// its levels. `audits` and `customDuties` are gone there (no levels) but keep their place.
/// The bare scope `scim` comes last.
const OUTREACH_HEAD: [(&str, &[&str]); 55] = [
    ("accounts", &["all", "read", "write", "delete"]),
    ("accountNotes", &["all", "read", "write", "delete"]),
    ("auditLogs", &["read"]),
    ("audits", &[]),
    ("batches", &["all", "read", "write"]),
    ("batchItems", &["all", "read", "write"]),
    ("calls", &["all", "read", "write", "delete"]),
    ("callDispositions", &["all", "read", "write", "delete"]),
    ("callPurposes", &["all", "read", "write", "delete"]),
    ("complianceRequests", &["all", "read", "write"]),
    ("contentCategories", &["all", "read", "write", "delete"]),
    (
        "contentCategoryMemberships",
        &["all", "read", "write", "delete"],
    ),
    (
        "contentCategoryOwnerships",
        &["all", "read", "write", "delete"],
    ),
    ("customDuties", &[]),
    ("customObjectRecords", &["all", "read", "write", "delete"]),
    ("duties", &["read"]),
    ("emailAddresses", &["all", "read", "write", "delete"]),
    ("events", &["all", "read", "write"]),
    ("favorites", &["all", "read", "write", "delete"]),
    ("imports", &["all", "read", "write"]),
    ("jobRoles", &["all", "read", "write"]),
    ("kaiaRecordings", &["read"]),
    ("kaiaVoiceImports", &["write"]),
    ("mailboxes", &["all", "read", "write", "delete"]),
    ("mailings", &["all", "read", "write"]),
    ("mailAliases", &["read"]),
    ("opportunities", &["all", "read", "write", "delete"]),
    (
        "opportunityProspectRoles",
        &["all", "read", "write", "delete"],
    ),
    ("opportunityStages", &["all", "read", "write", "delete"]),
    ("orgSettings", &["all", "read", "write"]),
    ("personas", &["all", "read", "write", "delete"]),
    ("phoneNumbers", &["all", "read", "write", "delete"]),
    ("products", &["all", "read", "write", "delete"]),
    ("profiles", &["all", "read", "write", "delete"]),
    ("prospects", &["all", "read", "write", "delete"]),
    ("prospectNotes", &["all", "read", "write", "delete"]),
    ("purchases", &["all", "read", "write", "delete"]),
    ("recipients", &["all", "read", "write", "delete"]),
    (
        "recordActorAssignments",
        &["all", "read", "write", "delete"],
    ),
    ("roles", &["all", "read", "write", "delete"]),
    ("rulesets", &["all", "read", "write", "delete"]),
    ("sequences", &["all", "read", "write", "delete"]),
    ("sequenceStates", &["all", "read", "write", "delete"]),
    ("sequenceSteps", &["all", "read", "write", "delete"]),
    ("sequenceTemplates", &["all", "read", "write", "delete"]),
    ("snippets", &["all", "read", "write", "delete"]),
    ("stages", &["all", "read", "write", "delete"]),
    ("tasks", &["all", "read", "write", "delete"]),
    ("taskDispositions", &["all", "read", "write", "delete"]),
    ("taskPriorities", &["read"]),
    ("taskPurposes", &["all", "read", "write", "delete"]),
    ("teams", &["all", "read", "write", "delete", "aggregate"]),
    ("templates", &["all", "read", "write", "delete"]),
    ("users", &["all", "read", "write", "aggregate"]),
    ("webhooks", &["all", "read", "write", "delete"]),
];

/// The scopes of the older list (seed 000) that the newest list no longer has.
const OUTREACH_GONE: [&str; 18] = [
    "audits.all",
    "audits.read",
    "customDuties.all",
    "customDuties.read",
    "customDuties.write",
    "customDuties.delete",
    "duties.all",
    "duties.write",
    "duties.delete",
    "events.delete",
    "mailAliases.all",
    "mailAliases.write",
    "mailAliases.delete",
    "mailings.delete",
    "taskPriorities.all",
    "taskPriorities.write",
    "taskPriorities.delete",
    "users.delete",
];

/// Seed 000 (Outreach API scopes): resource, its human name in bold, its levels.
const OUTREACH_SEED: [(&str, &str, &[&str]); 36] = [
    ("audits", "audits", &["all", "read"]),
    ("accounts", "accounts", &["all", "read", "write", "delete"]),
    (
        "callDispositions",
        "call dispositions",
        &["all", "read", "write", "delete"],
    ),
    (
        "callPurposes",
        "call purposes",
        &["all", "read", "write", "delete"],
    ),
    ("calls", "calls", &["all", "read", "write", "delete"]),
    (
        "customDuties",
        "custom duties",
        &["all", "read", "write", "delete"],
    ),
    (
        "contentCategories",
        "content categories",
        &["all", "read", "write", "delete"],
    ),
    (
        "contentCategoryMemberships",
        "content category memberships",
        &["all", "read", "write", "delete"],
    ),
    ("duties", "duties", &["all", "read", "write", "delete"]),
    (
        "emailAddresses",
        "email addresses",
        &["all", "read", "write", "delete"],
    ),
    ("events", "events", &["all", "read", "write", "delete"]),
    (
        "favorites",
        "favorites",
        &["all", "read", "write", "delete"],
    ),
    (
        "mailAliases",
        "mail aliases",
        &["all", "read", "write", "delete"],
    ),
    (
        "mailboxes",
        "mailboxes",
        &["all", "read", "write", "delete"],
    ),
    ("mailings", "mailings", &["read", "write", "delete"]),
    (
        "opportunities",
        "opportunities",
        &["all", "read", "write", "delete"],
    ),
    (
        "opportunityProspectRoles",
        "opportunity prospect roles",
        &["all", "read", "write", "delete"],
    ),
    (
        "opportunityStages",
        "opportunity stages",
        &["all", "read", "write", "delete"],
    ),
    ("personas", "personas", &["all", "read", "write", "delete"]),
    (
        "phoneNumbers",
        "phone numbers",
        &["all", "read", "write", "delete"],
    ),
    ("profiles", "profiles", &["all", "read", "write", "delete"]),
    (
        "prospects",
        "prospects",
        &["all", "read", "write", "delete"],
    ),
    ("roles", "roles", &["all", "read", "write", "delete"]),
    ("rulesets", "rulesets", &["all", "read", "write", "delete"]),
    (
        "sequenceStates",
        "sequence states",
        &["all", "read", "write", "delete"],
    ),
    (
        "sequenceSteps",
        "sequence steps",
        &["all", "read", "write", "delete"],
    ),
    (
        "sequenceTemplates",
        "sequence templates",
        &["all", "read", "write", "delete"],
    ),
    (
        "sequences",
        "sequences",
        &["all", "read", "write", "delete"],
    ),
    ("snippets", "snippets", &["all", "read", "write", "delete"]),
    ("stages", "stages", &["all", "read", "write", "delete"]),
    (
        "taskPriorities",
        "task priorities",
        &["all", "read", "write", "delete"],
    ),
    ("tasks", "tasks", &["all", "read", "write", "delete"]),
    ("teams", "teams", &["all", "read", "write", "delete"]),
    (
        "templates",
        "templates",
        &["all", "read", "write", "delete"],
    ),
    ("users", "users", &["all", "read", "write", "delete"]),
    ("webhooks", "web hooks", &["all", "read", "write", "delete"]),
];

fn catalog(id: &str) -> Catalog {
    builtin(id).unwrap_or_else(|| panic!("`{id}` is a built-in catalog"))
}

fn all_builtins() -> Vec<Catalog> {
    builtin_ids().map(catalog).collect()
}

fn names(catalog: &Catalog) -> Vec<&str> {
    catalog.scopes.iter().map(|s| s.name.as_str()).collect()
}

fn id(catalog: &Catalog, name: &str) -> usize {
    catalog
        .id_of(name)
        .unwrap_or_else(|| panic!("`{name}` is in the {} catalog", catalog.id))
}

fn description<'a>(catalog: &'a Catalog, name: &str) -> &'a str {
    &catalog.scope(id(catalog, name)).description
}

/// The scopes `name` implies (or, for a composite, its members), in catalog edge order.
fn targets<'a>(catalog: &'a Catalog, name: &str) -> Vec<&'a str> {
    catalog
        .edges_from(id(catalog, name))
        .map(|e| catalog.name(e.to))
        .collect()
}

/// RFC 6749 scope-token: printable ASCII except space, `"` and `\`. Written here, not
/// taken from the loader, so the two can disagree.
fn is_scope_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
}

// ---------------------------------------------------------------------------------------
// All built-ins
// ---------------------------------------------------------------------------------------

#[test]
fn every_builtin_parses() {
    assert_eq!(BUILTIN.len(), 18);
    for &(id, file, text) in BUILTIN {
        let parsed = parse_catalog(text, file, Origin::Builtin)
            .unwrap_or_else(|e| panic!("built-in `{id}` must parse:\n{e}"));
        assert_eq!(parsed.id, id);
        assert_eq!(file, format!("catalogs/{id}.toml"));
        assert_eq!(parsed.origin, Origin::Builtin);
        assert!(!parsed.name.is_empty());
        assert!(
            parsed
                .docs_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            "{id}"
        );
        let retrieved = parsed.retrieved.as_deref().unwrap_or_default();
        assert!(
            retrieved.len() == 10
                && (retrieved.starts_with("2025-") || retrieved.starts_with("2026-")),
            "{id}: retrieved `{retrieved}`"
        );
        assert!(
            parsed.revision.as_deref().is_some_and(|r| !r.is_empty()),
            "{id}: the source revision"
        );
        assert!(
            parsed.source.as_deref().is_some_and(|s| !s.is_empty()),
            "{id}: names its source"
        );
        assert!(builtin(id).is_some());
    }
    let ids: BTreeSet<&str> = builtin_ids().collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "discord",
            "dropbox",
            "github",
            "github-fine-grained",
            "gitlab",
            "google",
            "jira",
            "msgraph",
            "msgraph-app",
            "msgraph-personal",
            "okta",
            "outreach",
            "salesforce",
            "shopify",
            "sipgate",
            "slack",
            "spotify",
            "stora",
        ])
    );
    assert!(builtin("nonexistent").is_none());
}

#[test]
fn delimiters() {
    for catalog in all_builtins() {
        // Slack's and Shopify's authorize URLs take commas; the others follow RFC 6749.
        let expected = if ["slack", "shopify"].contains(&catalog.id.as_str()) {
            ","
        } else {
            " "
        };
        assert_eq!(catalog.delimiter, expected, "{}", catalog.id);
    }
}

#[test]
fn scope_counts() {
    assert_eq!(catalog("outreach").len(), 206);
    assert_eq!(catalog("stora").len(), 39);
    assert_eq!(catalog("sipgate").len(), 103);
    assert_eq!(catalog("github").len(), 39);
    assert_eq!(catalog("gitlab").len(), 21);
    assert_eq!(catalog("salesforce").len(), 36);
    assert_eq!(catalog("shopify").len(), 123);
    assert_eq!(catalog("discord").len(), 34);
    assert_eq!(catalog("spotify").len(), 19);
    assert_eq!(catalog("jira").len(), 195);
}

#[test]
fn names_are_unique_valid_scope_tokens() {
    for catalog in all_builtins() {
        let mut seen = HashSet::new();
        for (i, scope) in catalog.scopes.iter().enumerate() {
            assert!(
                is_scope_token(&scope.name),
                "{}: `{}`",
                catalog.id,
                scope.name
            );
            assert!(
                seen.insert(scope.name.as_str()),
                "{}: `{}` twice",
                catalog.id,
                scope.name
            );
            assert_eq!(catalog.id_of(&scope.name), Some(i));
            assert!(
                !scope.description.trim().is_empty(),
                "{}: `{}`",
                catalog.id,
                scope.name
            );
        }
    }
}

#[test]
fn edges_are_sound() {
    for catalog in all_builtins() {
        let mut pairs = HashSet::new();
        for edge in &catalog.edges {
            assert!(edge.from < catalog.len() && edge.to < catalog.len());
            assert_ne!(edge.from, edge.to, "{}: self-edge", catalog.id);
            assert!(
                pairs.insert((edge.from, edge.to)),
                "{}: repeated edge",
                catalog.id
            );
            assert!(
                edge.note.as_deref().is_some_and(|n| !n.is_empty()),
                "{}: every edge says why",
                catalog.id
            );
        }
        for (i, scope) in catalog.scopes.iter().enumerate() {
            if scope.composite {
                assert!(
                    catalog.edges_from(i).next().is_some(),
                    "{}: `{}` has no members",
                    catalog.id,
                    scope.name
                );
            }
            for edge in catalog.edges_to(i) {
                assert_eq!(edge.to, i);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Outreach
// ---------------------------------------------------------------------------------------

const LEVEL_ORDER: [&str; 5] = ["all", "read", "write", "delete", "aggregate"];

/// The newest list's levels of `resource`.
fn head_levels(resource: &str) -> &'static [&'static str] {
    OUTREACH_HEAD
        .iter()
        .find(|(r, _)| *r == resource)
        .map_or(&[], |(_, levels)| *levels)
}

fn seed_names() -> Vec<String> {
    OUTREACH_SEED
        .iter()
        .flat_map(|(resource, _, levels)| {
            levels
                .iter()
                .map(move |level| format!("{resource}.{level}"))
        })
        .collect()
}

#[test]
fn outreach_follows_the_newest_list() {
    let outreach = catalog("outreach");
    let current: Vec<&str> = outreach
        .scopes
        .iter()
        .filter(|s| s.deprecated.is_none())
        .map(|s| s.name.as_str())
        .collect();
    let mut expected: Vec<String> = Vec::new();
    for (resource, levels) in OUTREACH_HEAD {
        for level in LEVEL_ORDER.iter().filter(|l| levels.contains(l)) {
            expected.push(format!("{resource}.{level}"));
        }
    }
    expected.push("scim".to_string());
    assert_eq!(current, expected);
    assert_eq!(current.len(), 188);
    assert_eq!(outreach.len(), 188 + 18);
    assert!(
        outreach
            .source
            .as_deref()
            .unwrap()
            .contains("extensibility-sdk")
    );
    assert!(outreach.revision.as_deref().unwrap().contains("7820e1f"));
}

#[test]
fn outreach_keeps_the_old_list_deprecated() {
    let outreach = catalog("outreach");
    let deprecated: Vec<&str> = outreach
        .scopes
        .iter()
        .filter(|s| s.deprecated.is_some())
        .map(|s| s.name.as_str())
        .collect();
    let mut gone = OUTREACH_GONE.to_vec();
    gone.sort_by_key(|n| id(&outreach, n));
    assert_eq!(deprecated, gone);
    // Every scope of the older list still resolves.
    for name in seed_names() {
        assert!(outreach.id_of(&name).is_some(), "{name}");
    }
    let why = |name: &str| {
        outreach
            .scope(id(&outreach, name))
            .deprecated
            .as_deref()
            .unwrap()
            .to_string()
    };
    assert!(why("audits.read").contains("use auditLogs.read"));
    assert!(why("audits.all").contains("use auditLogs.read"));
    assert!(why("customDuties.write").contains("deprecated by Outreach"));
    assert!(why("users.delete").contains("users has all, read, write and aggregate"));
}

#[test]
fn outreach_descriptions_come_from_the_templates() {
    let outreach = catalog("outreach");
    assert_eq!(description(&outreach, "prospects.read"), "Read prospects");
    assert_eq!(
        description(&outreach, "callDispositions.write"),
        "Create and update call dispositions (does not include read)"
    );
    assert_eq!(
        description(&outreach, "webhooks.delete"),
        "Delete web hooks"
    );
    assert_eq!(
        description(&outreach, "prospects.all"),
        "Full access to prospects: read, write and delete"
    );
    assert_eq!(
        description(&outreach, "users.all"),
        "Full access to users: read and write (its list has no delete level)"
    );
    for (resource, human, levels) in OUTREACH_SEED {
        assert_eq!(
            outreach.resource_names.get(resource).map(String::as_str),
            Some(human)
        );
        for level in levels {
            let text = description(&outreach, &format!("{resource}.{level}"));
            assert!(text.contains(human), "{resource}.{level}: {text}");
            assert!(!text.contains("{resource}"), "{resource}.{level}: {text}");
        }
    }
    assert!(description(&outreach, "teams.aggregate").contains("does not say"));
}

#[test]
fn outreach_all_covers_the_levels_that_exist() {
    let outreach = catalog("outreach");
    let mut edges = 0;
    for scope in &outreach.scopes {
        let Some(resource) = scope.name.strip_suffix(".all") else {
            assert_eq!(
                outreach.edges_from(id(&outreach, &scope.name)).count(),
                0,
                "{}: no write ⇒ read, nothing but .all",
                scope.name
            );
            continue;
        };
        assert!(scope.composite, "{} is composite", scope.name);
        // A current .all covers the current levels; a deprecated one what it covered in
        // the older list.
        let levels: Vec<&str> = if scope.deprecated.is_none() {
            head_levels(resource).to_vec()
        } else {
            OUTREACH_SEED
                .iter()
                .find(|(r, _, _)| *r == resource)
                .unwrap()
                .2
                .to_vec()
        };
        let members: Vec<String> = ["read", "write", "delete"]
            .iter()
            .filter(|l| levels.contains(l))
            .map(|l| format!("{resource}.{l}"))
            .collect();
        assert_eq!(targets(&outreach, &scope.name), members, "{}", scope.name);
        let complete = members.len() == 3;
        let expected = if complete {
            Evidence::Documented
        } else {
            Evidence::Inferred
        };
        for edge in outreach.edges_from(id(&outreach, &scope.name)) {
            assert_eq!(edge.evidence, expected, "{}", scope.name);
            assert!(
                edge.note.as_deref().unwrap().contains(resource),
                "the note names {resource}"
            );
        }
        edges += members.len();
    }
    assert_eq!(targets(&outreach, "audits.all"), ["audits.read"]);
    assert_eq!(
        targets(&outreach, "events.all"),
        ["events.read", "events.write"]
    );
    assert_eq!(
        targets(&outreach, "users.all"),
        ["users.read", "users.write"]
    );
    assert_eq!(
        targets(&outreach, "teams.all"),
        ["teams.read", "teams.write", "teams.delete"]
    );
    assert_eq!(
        targets(&outreach, "mailings.all"),
        ["mailings.read", "mailings.write"]
    );
    assert_eq!(edges, 145);
    assert_eq!(outreach.edges.len(), edges);
}

#[test]
fn outreach_tree_has_one_group_per_resource() {
    let outreach = catalog("outreach");
    let tree = outreach.tree();
    check_tree(&outreach, &tree);
    let root_labels: Vec<&str> = roots(&tree).iter().map(|&n| tree.node(n).label).collect();
    let mut expected: Vec<&str> = OUTREACH_HEAD.iter().map(|(r, _)| *r).collect();
    expected.push("scim");
    assert_eq!(root_labels, expected);
    for &root in &roots(&tree) {
        let node = &tree.node(root);
        if node.label == "scim" {
            assert!(node.scope.is_some());
            continue;
        }
        assert!(node.scope.is_none(), "{} is a group", node.label);
        assert_eq!(
            node.title,
            outreach.resource_names.get(node.label).map(String::as_str)
        );
        let children: Vec<&str> = tree
            .children(root)
            .map(|c| outreach.name(tree.node(c).scope.expect("scopes under a resource")))
            .collect();
        let expected: Vec<String> = LEVEL_ORDER
            .iter()
            .map(|l| format!("{}.{l}", node.label))
            .filter(|n| outreach.id_of(n).is_some())
            .collect();
        assert_eq!(children, expected);
    }
}

// ---------------------------------------------------------------------------------------
// sipgate
// ---------------------------------------------------------------------------------------

#[test]
fn sipgate_matches_the_seed() {
    let sipgate = catalog("sipgate");
    let actual: Vec<(&str, &str)> = sipgate
        .scopes
        .iter()
        .map(|s| (s.name.as_str(), s.description.as_str()))
        .collect();
    assert_eq!(actual, SIPGATE_SEED);
}

#[test]
fn sipgate_edges_are_all_and_sessions_write() {
    let sipgate = catalog("sipgate");
    let sessions = id(&sipgate, "sessions:write");
    assert!(sipgate.scope(sessions).composite);
    assert_eq!(
        targets(&sipgate, "sessions:write"),
        [
            "sessions:calls:write",
            "sessions:fax:write",
            "sessions:sms:write"
        ]
    );
    // `all` ("Full access") covers every other scope, by its description only, and stays
    // atomic: full access may reach more than the listed scopes name.
    let all = id(&sipgate, "all");
    assert!(!sipgate.scope(all).composite);
    let everything_else: Vec<&str> = names(&sipgate)
        .into_iter()
        .filter(|&n| n != "all")
        .collect();
    assert_eq!(targets(&sipgate, "all"), everything_else);
    assert!(
        sipgate
            .edges
            .iter()
            .all(|e| (e.from == sessions || e.from == all) && e.evidence == Evidence::Description)
    );
    assert_eq!(sipgate.edges.len(), 3 + 102);
    let composites: Vec<&str> = sipgate
        .scopes
        .iter()
        .filter(|s| s.composite)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(composites, ["sessions:write"]);
    // No write ⇒ read, no parent ⇒ child.
    assert_eq!(
        sipgate.edges_from(id(&sipgate, "phonelines:write")).count(),
        0
    );
    let into_read: Vec<&str> = sipgate
        .edges_to(id(&sipgate, "phonelines:read"))
        .map(|e| sipgate.name(e.from))
        .collect();
    assert_eq!(into_read, ["all"]);
}

#[test]
fn sipgate_tree_nests_on_colons() {
    let sipgate = catalog("sipgate");
    let tree = sipgate.tree();
    check_tree(&sipgate, &tree);
    let greetings_read = tree.node_of_scope(id(&sipgate, "phonelines:voicemails:greetings:read"));
    let path: Vec<&str> = tree
        .ancestors(greetings_read)
        .map(|n| tree.node(n).label)
        .collect();
    assert_eq!(path, ["greetings", "voicemails", "phonelines"]);
    assert_eq!(tree.node(greetings_read).depth, 3);
    let greetings = tree.node(greetings_read).parent.unwrap();
    let under_greetings: Vec<&str> = tree
        .scopes_under(greetings)
        .map(|s| sipgate.name(s))
        .collect();
    assert_eq!(
        under_greetings,
        [
            "phonelines:voicemails:greetings:read",
            "phonelines:voicemails:greetings:write"
        ]
    );
    let voicemails = tree.node(greetings).parent.unwrap();
    let under_voicemails: BTreeSet<&str> = tree
        .scopes_under(voicemails)
        .map(|s| sipgate.name(s))
        .collect();
    assert_eq!(
        under_voicemails,
        BTreeSet::from([
            "phonelines:voicemails:greetings:read",
            "phonelines:voicemails:greetings:write",
            "phonelines:voicemails:read",
            "phonelines:voicemails:write",
        ])
    );
    let phonelines = tree.node(voicemails).parent.unwrap();
    assert_eq!(tree.node(phonelines).parent, None);
    assert_eq!(
        tree.scopes_under(phonelines).count(),
        SIPGATE_SEED
            .iter()
            .filter(|(n, _)| n.starts_with("phonelines:"))
            .count()
    );
    // A name without a colon is a top-level scope.
    let openid = tree.node_of_scope(id(&sipgate, "openid"));
    assert_eq!(tree.node(openid).parent, None);
    assert_eq!(tree.node(openid).depth, 0);
}

// ---------------------------------------------------------------------------------------
// Stora
// ---------------------------------------------------------------------------------------

#[test]
fn stora_matches_the_seed() {
    let stora = catalog("stora");
    let actual: Vec<(&str, &str)> = stora
        .scopes
        .iter()
        .map(|s| (s.name.as_str(), s.description.as_str()))
        .collect();
    assert_eq!(actual, STORA_SEED);
}

#[test]
fn stora_has_no_implications() {
    let stora = catalog("stora");
    assert!(stora.edges.is_empty());
    assert!(stora.scopes.iter().all(|s| !s.composite));
}

#[test]
fn stora_tree_strips_the_public_prefix() {
    let stora = catalog("stora");
    let tree = stora.tree();
    check_tree(&stora, &tree);
    assert!(
        tree.nodes()
            .all(|n| n.label != "public" && n.label != "public.")
    );
    let mut resources: Vec<&str> = Vec::new();
    for (name, _) in STORA_SEED {
        let resource = name
            .strip_prefix("public.")
            .and_then(|r| r.split_once(':'))
            .map(|(r, _)| r)
            .unwrap();
        if !resources.contains(&resource) {
            resources.push(resource);
        }
    }
    let root_labels: Vec<&str> = roots(&tree).iter().map(|&n| tree.node(n).label).collect();
    assert_eq!(root_labels, resources);
    let contact_read = tree.node_of_scope(id(&stora, "public.contact:read"));
    assert_eq!(tree.node(contact_read).depth, 1);
    let contact = tree.node(contact_read).parent.unwrap();
    assert_eq!(tree.node(contact).label, "contact");
    let under: Vec<&str> = tree.scopes_under(contact).map(|s| stora.name(s)).collect();
    assert_eq!(under, ["public.contact:read", "public.contact:write"]);
    // `contract_template` is its own resource, not under `contract`.
    let template = tree.node_of_scope(id(&stora, "public.contract_template:read"));
    assert_eq!(
        tree.node(tree.node(template).parent.unwrap()).label,
        "contract_template"
    );
}

// ---------------------------------------------------------------------------------------
// GitHub
// ---------------------------------------------------------------------------------------

#[test]
fn github_scopes_and_descriptions() {
    let github = catalog("github");
    let expected_names = [
        "site_admin",
        "repo",
        "repo:status",
        "repo_deployment",
        "public_repo",
        "repo:invite",
        "security_events",
        "admin:repo_hook",
        "write:repo_hook",
        "read:repo_hook",
        "admin:org",
        "write:org",
        "read:org",
        "admin:public_key",
        "write:public_key",
        "read:public_key",
        "admin:org_hook",
        "gist",
        "notifications",
        "user",
        "read:user",
        "user:email",
        "user:follow",
        "project",
        "read:project",
        "delete_repo",
        "write:packages",
        "read:packages",
        "delete:packages",
        "admin:gpg_key",
        "write:gpg_key",
        "read:gpg_key",
        "codespace",
        "workflow",
        "admin:enterprise",
        "manage_runners:enterprise",
        "manage_billing:enterprise",
        "read:enterprise",
        "read:audit_log",
    ];
    assert_eq!(names(&github), expected_names);
    assert_eq!(
        description(&github, "read:user"),
        "Read a user's profile data"
    );
    assert_eq!(
        description(&github, "user:email"),
        "Read a user's email addresses"
    );
    assert_eq!(description(&github, "gist"), "Write access to gists");
    assert!(description(&github, "repo").contains("private repositories"));
}

#[test]
fn github_implications_follow_the_documented_nesting() {
    let github = catalog("github");
    assert!(
        github.scopes.iter().all(|s| !s.composite),
        "every GitHub parent grants something of its own"
    );
    let evidence = |from: &str, to: &str| {
        github
            .edges
            .iter()
            .find(|e| github.name(e.from) == from && github.name(e.to) == to)
            .map(|e| e.evidence)
    };
    assert_eq!(
        targets(&github, "repo"),
        [
            "repo:status",
            "repo_deployment",
            "public_repo",
            "repo:invite",
            "security_events",
            "admin:repo_hook"
        ]
    );
    assert_eq!(
        evidence("repo", "admin:repo_hook"),
        Some(Evidence::Documented),
        "the admin:repo_hook row says repo includes repository hooks"
    );
    assert!(
        targets(&github, "public_repo").is_empty(),
        "public_repo covers public repositories' hooks only"
    );
    // admin:X nests write:X and read:X side by side.
    for x in ["repo_hook", "org", "public_key", "gpg_key"] {
        let admin = format!("admin:{x}");
        let write = format!("write:{x}");
        let read = format!("read:{x}");
        assert_eq!(targets(&github, &admin), [write.as_str(), read.as_str()]);
        assert_eq!(evidence(&admin, &write), Some(Evidence::Documented));
        assert_eq!(evidence(&admin, &read), Some(Evidence::Documented));
        // write ⇒ read only where the descriptions say so; never for organizations.
        let by_description = (x != "org").then_some(Evidence::Description);
        assert_eq!(evidence(&write, &read), by_description, "{write} ⇒ {read}");
    }
    assert!(targets(&github, "write:org").is_empty());
    assert_eq!(
        targets(&github, "user"),
        ["read:user", "user:email", "user:follow"]
    );
    assert_eq!(targets(&github, "write:packages"), ["read:packages"]);
    assert!(
        targets(&github, "delete:packages").is_empty(),
        "a co-requirement, not an implication"
    );
    let by_evidence = |kind| github.edges.iter().filter(|e| e.evidence == kind).count();
    assert_eq!(by_evidence(Evidence::Description), 3);
    assert_eq!(by_evidence(Evidence::Inferred), 0);
    assert_eq!(github.edges.len(), 6 + 8 + 3 + 3 + 1 + 3 + 1);
}

#[test]
fn github_tree_uses_explicit_parents() {
    let github = catalog("github");
    let tree = github.tree();
    check_tree(&github, &tree);
    let read_org = tree.node_of_scope(id(&github, "read:org"));
    let path: Vec<&str> = tree
        .ancestors(read_org)
        .map(|n| tree.node(n).label)
        .collect();
    assert_eq!(path, ["admin:org"]);
    assert_eq!(tree.node(read_org).depth, 1);
    let admin_org = tree.node(read_org).parent.unwrap();
    let children: Vec<&str> = tree
        .children(admin_org)
        .map(|c| tree.node(c).label)
        .collect();
    assert_eq!(children, ["write:org", "read:org"]);
    assert!(
        tree.nodes().all(|n| n.scope.is_some()),
        "no groups without a separator"
    );
    assert_eq!(tree.len(), github.len());
    for (i, scope) in github.scopes.iter().enumerate() {
        let node = &tree.node(tree.node_of_scope(i));
        assert_eq!(
            node.parent.map(|p| tree.node(p).scope.unwrap()),
            scope.parent,
            "{}",
            scope.name
        );
    }
    let repo = tree.node_of_scope(id(&github, "repo"));
    let children: Vec<&str> = tree.children(repo).map(|c| tree.node(c).label).collect();
    assert_eq!(
        children,
        [
            "repo:status",
            "repo_deployment",
            "public_repo",
            "repo:invite",
            "security_events"
        ]
    );
    assert_eq!(roots(&tree).len(), 19);
}

// ---------------------------------------------------------------------------------------
// Tree invariants
// ---------------------------------------------------------------------------------------

fn roots(tree: &ResourceTree) -> Vec<usize> {
    (0..tree.len())
        .filter(|&n| tree.node(n).parent.is_none())
        .collect()
}

/// A flat pre-order tree: parents before children, consistent depths and subtree ends,
/// every scope exactly once, groups never empty.
fn check_tree(catalog: &Catalog, tree: &ResourceTree) {
    let mut seen = vec![0; catalog.len()];
    for (id, node) in tree.nodes().enumerate() {
        match node.parent {
            None => assert_eq!(node.depth, 0),
            Some(p) => {
                assert!(p < id, "pre-order");
                assert_eq!(node.depth, tree.node(p).depth + 1);
                assert!(tree.children(p).any(|c| c == id));
            }
        }
        let children: Vec<usize> = tree.children(id).collect();
        for &child in &children {
            assert_eq!(tree.node(child).parent, Some(id));
        }
        assert!(children.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(tree.has_children(id), !children.is_empty());
        assert!(node.subtree_end > id && node.subtree_end <= tree.len());
        for inner in id + 1..node.subtree_end {
            assert!(
                tree.ancestors(inner).any(|a| a == id),
                "{inner} inside {id}"
            );
        }
        match node.scope {
            Some(scope) => {
                seen[scope] += 1;
                assert_eq!(tree.node_of_scope(scope), id);
                assert_eq!(node.label, catalog.name(scope));
            }
            None => assert!(
                tree.scopes_under(id).next().is_some(),
                "empty group {}",
                node.label
            ),
        }
    }
    assert!(
        seen.iter().all(|&count| count == 1),
        "every scope exactly once"
    );
    let under_roots: usize = roots(tree)
        .iter()
        .map(|&r| tree.scopes_under(r).count())
        .sum();
    assert_eq!(under_roots, catalog.len());
}

// ---------------------------------------------------------------------------------------
// Stora operations
// ---------------------------------------------------------------------------------------

#[test]
fn stora_operations_name_one_scope_each() {
    let stora = catalog("stora");
    assert_eq!(stora.operations().expect("operations load").len(), 16);
    for op in stora.operations().expect("operations load") {
        assert_eq!(op.requires.len(), 1, "{}", op.id);
        assert_eq!(op.requires[0].len(), 1, "{}", op.id);
        // The scope fits the call: reads need :read, changes :write.
        let scope = stora.name(op.requires[0][0]);
        match op.method {
            Some("GET") => assert!(scope.ends_with(":read"), "{}", op.id),
            Some(_) => assert!(scope.ends_with(":write"), "{}", op.id),
            None => {}
        }
    }
    let delete = stora
        .operations()
        .expect("operations load")
        .iter()
        .find(|op| &*op.id == "contacts.delete-a-contact")
        .expect("the delete page");
    assert_eq!(delete.method, Some("DELETE"));
    assert_eq!(
        delete.path.as_deref(),
        Some("/2025-09/contacts/{contact_id}")
    );
    assert_eq!(stora.name(delete.requires[0][0]), "public.contact:write");
}

// ---------------------------------------------------------------------------------------
// GitLab, Salesforce, Shopify
// ---------------------------------------------------------------------------------------

fn evidence_of(catalog: &Catalog, from: &str, to: &str) -> Option<Evidence> {
    catalog
        .edges
        .iter()
        .find(|e| catalog.name(e.from) == from && catalog.name(e.to) == to)
        .map(|e| e.evidence)
}

#[test]
fn gitlab_has_the_oauth_scopes_and_the_prose_rules() {
    let gitlab = catalog("gitlab");
    assert_eq!(
        names(&gitlab),
        [
            "api",
            "read_api",
            "read_user",
            "create_runner",
            "manage_runner",
            "k8s_proxy",
            "read_repository",
            "write_repository",
            "read_registry",
            "write_registry",
            "read_virtual_registry",
            "write_virtual_registry",
            "read_observability",
            "write_observability",
            "ai_features",
            "sudo",
            "admin_mode",
            "read_service_ping",
            "openid",
            "profile",
            "email",
        ]
    );
    assert!(gitlab.scopes.iter().all(|s| !s.composite));
    assert_eq!(
        evidence_of(&gitlab, "api", "read_api"),
        Some(Evidence::Documented)
    );
    // Pull and push, but over Git-over-HTTP only, while read_repository also opens the
    // Repository Files API: covering all of it is our reading.
    assert_eq!(
        evidence_of(&gitlab, "write_repository", "read_repository"),
        Some(Evidence::Inferred)
    );
    // "You need both read and write access to push images": a co-requirement.
    assert!(targets(&gitlab, "write_registry").is_empty());
    assert_eq!(gitlab.edges.len(), 4);
    assert!(
        gitlab.operations().expect("operations load").is_empty(),
        "GitLab publishes none"
    );
    assert!(
        gitlab
            .attribution
            .as_deref()
            .is_some_and(|a| a.contains("CC BY-SA 4.0"))
    );
    assert_eq!(
        gitlab.authorize_url.as_deref(),
        Some("https://gitlab.com/oauth/authorize")
    );
}

#[test]
fn salesforce_full_covers_all_but_the_refresh_token() {
    let salesforce = catalog("salesforce");
    assert_eq!(salesforce.len(), 36);
    assert!(
        salesforce
            .edges
            .iter()
            .all(|e| e.evidence == Evidence::Documented)
    );
    let full = targets(&salesforce, "full");
    assert_eq!(full.len(), 33);
    assert!(!full.contains(&"refresh_token") && !full.contains(&"offline_access"));
    assert!(!salesforce.scope(id(&salesforce, "full")).composite);
    assert_eq!(targets(&salesforce, "api"), ["chatter_api"]);
    assert_eq!(targets(&salesforce, "web"), ["visualforce"]);
    // Synonyms imply each other.
    assert_eq!(targets(&salesforce, "refresh_token"), ["offline_access"]);
    assert_eq!(targets(&salesforce, "offline_access"), ["refresh_token"]);
    assert_eq!(
        targets(&salesforce, "id"),
        ["profile", "email", "address", "phone"]
    );
    assert_eq!(targets(&salesforce, "phone"), ["id"]);
    assert_eq!(salesforce.edges.len(), 33 + 1 + 1 + 8 + 2);
}

#[test]
fn shopify_write_covers_read() {
    let shopify = catalog("shopify");
    assert_eq!(shopify.len(), 123);
    let count = |prefix: &str| {
        shopify
            .scopes
            .iter()
            .filter(|s| s.name.starts_with(prefix))
            .count()
    };
    assert_eq!(count("unauthenticated_"), 12);
    assert_eq!(count("customer_"), 15);
    assert_eq!(
        evidence_of(&shopify, "write_products", "read_products"),
        Some(Evidence::Documented)
    );
    assert_eq!(
        evidence_of(
            &shopify,
            "unauthenticated_write_checkouts",
            "unauthenticated_read_checkouts"
        ),
        Some(Evidence::Documented)
    );
    // Shopify's own library does not expand customer_ scopes.
    assert_eq!(
        evidence_of(&shopify, "customer_write_orders", "customer_read_orders"),
        Some(Evidence::Inferred)
    );
    // read_all_orders widens the order scopes; it implies nothing.
    assert!(targets(&shopify, "read_all_orders").is_empty());
    assert!(
        shopify
            .edges_to(id(&shopify, "read_all_orders"))
            .next()
            .is_none()
    );
    let documented = shopify
        .edges
        .iter()
        .filter(|e| e.evidence == Evidence::Documented)
        .count();
    assert_eq!((documented, shopify.edges.len()), (42, 47));
    assert_eq!(shopify.delimiter, ",");
}
