//! Synthetic scope catalogs for scopex's benchmarks and scale tests: realistic names,
//! trees, descriptions, composites and implication chains, deterministic from a seed.
//! Not part of scopex itself; `cargo run -p scopex-synth -- --help` writes one.
//!
//! The seed picks one of three naming styles, each with one separator so names split
//! into the resource tree:
//! - `seed % 3 == 0`: sipgate-like, `phonelines:voicemails:greetings:read`;
//! - `seed % 3 == 1`: Outreach-like, `prospects.read`, scopes without descriptions use
//!   per-action `[templates]`, and `{resource}.all` is a composite by `[[rule]]`;
//! - `seed % 3 == 2`: Stora-like, `public.unit_type:write` (prefix `public.`).
//!
//! Resource words mix lower-case (`phonelines`), camelCase (`callDispositions`) and
//! snake_case (`unit_types`) in every style. Edges: `all` composites of the levels that
//! exist, parent `write` composites of their children's `write` (as sipgate's
//! `sessions:write`), `admin` ⇒ `write` ⇒ `read` chains that also run from a resource's
//! `admin` to its children's, and a few mutual implications (cycles).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// splitmix64: tiny, fast, and good enough to make data with.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Sipgate,
    Outreach,
    Stora,
}

impl Style {
    fn separator(self) -> &'static str {
        match self {
            Style::Outreach => ".",
            Style::Sipgate | Style::Stora => ":",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Style::Stora => "public.",
            _ => "",
        }
    }
}

/// (singular, plural) nouns of the kind APIs expose.
const NOUNS: &[(&str, &str)] = &[
    ("account", "accounts"),
    ("address", "addresses"),
    ("agent", "agents"),
    ("alias", "aliases"),
    ("application", "applications"),
    ("approval", "approvals"),
    ("artifact", "artifacts"),
    ("attachment", "attachments"),
    ("audience", "audiences"),
    ("audit", "audits"),
    ("backup", "backups"),
    ("balance", "balances"),
    ("batch", "batches"),
    ("billing", "billing"),
    ("blacklist", "blacklists"),
    ("board", "boards"),
    ("booking", "bookings"),
    ("branch", "branches"),
    ("bucket", "buckets"),
    ("budget", "budgets"),
    ("calendar", "calendars"),
    ("call", "calls"),
    ("campaign", "campaigns"),
    ("card", "cards"),
    ("category", "categories"),
    ("certificate", "certificates"),
    ("channel", "channels"),
    ("client", "clients"),
    ("cluster", "clusters"),
    ("comment", "comments"),
    ("commit", "commits"),
    ("connector", "connectors"),
    ("contact", "contacts"),
    ("container", "containers"),
    ("content", "contents"),
    ("contract", "contracts"),
    ("coupon", "coupons"),
    ("customer", "customers"),
    ("dashboard", "dashboards"),
    ("deal", "deals"),
    ("deployment", "deployments"),
    ("device", "devices"),
    ("discount", "discounts"),
    ("disposition", "dispositions"),
    ("document", "documents"),
    ("domain", "domains"),
    ("duty", "duties"),
    ("email", "emails"),
    ("environment", "environments"),
    ("event", "events"),
    ("expense", "expenses"),
    ("export", "exports"),
    ("extension", "extensions"),
    ("favorite", "favorites"),
    ("fax", "faxes"),
    ("feed", "feeds"),
    ("file", "files"),
    ("folder", "folders"),
    ("greeting", "greetings"),
    ("group", "groups"),
    ("history", "histories"),
    ("holiday", "holidays"),
    ("hook", "hooks"),
    ("image", "images"),
    ("import", "imports"),
    ("instance", "instances"),
    ("integration", "integrations"),
    ("inventory", "inventories"),
    ("invoice", "invoices"),
    ("issue", "issues"),
    ("item", "items"),
    ("job", "jobs"),
    ("journal", "journals"),
    ("key", "keys"),
    ("label", "labels"),
    ("lead", "leads"),
    ("ledger", "ledgers"),
    ("line", "lines"),
    ("list", "lists"),
    ("location", "locations"),
    ("log", "logs"),
    ("mailbox", "mailboxes"),
    ("mailing", "mailings"),
    ("meeting", "meetings"),
    ("member", "members"),
    ("membership", "memberships"),
    ("message", "messages"),
    ("metric", "metrics"),
    ("namespace", "namespaces"),
    ("note", "notes"),
    ("notification", "notifications"),
    ("number", "numbers"),
    ("oauth", "oauth"),
    ("opportunity", "opportunities"),
    ("order", "orders"),
    ("organization", "organizations"),
    ("package", "packages"),
    ("payment", "payments"),
    ("permission", "permissions"),
    ("persona", "personas"),
    ("phone", "phones"),
    ("phoneline", "phonelines"),
    ("pipeline", "pipelines"),
    ("plan", "plans"),
    ("policy", "policies"),
    ("preference", "preferences"),
    ("price", "prices"),
    ("product", "products"),
    ("profile", "profiles"),
    ("project", "projects"),
    ("prospect", "prospects"),
    ("purpose", "purposes"),
    ("queue", "queues"),
    ("quote", "quotes"),
    ("recording", "recordings"),
    ("record", "records"),
    ("registry", "registries"),
    ("release", "releases"),
    ("report", "reports"),
    ("repository", "repositories"),
    ("restriction", "restrictions"),
    ("role", "roles"),
    ("rule", "rules"),
    ("ruleset", "rulesets"),
    ("runner", "runners"),
    ("schedule", "schedules"),
    ("secret", "secrets"),
    ("segment", "segments"),
    ("sequence", "sequences"),
    ("session", "sessions"),
    ("setting", "settings"),
    ("shift", "shifts"),
    ("shipment", "shipments"),
    ("signature", "signatures"),
    ("site", "sites"),
    ("skill", "skills"),
    ("sms", "sms"),
    ("snapshot", "snapshots"),
    ("snippet", "snippets"),
    ("stage", "stages"),
    ("state", "states"),
    ("statement", "statements"),
    ("status", "statuses"),
    ("step", "steps"),
    ("stock", "stocks"),
    ("subscription", "subscriptions"),
    ("supplier", "suppliers"),
    ("tag", "tags"),
    ("task", "tasks"),
    ("tax", "taxes"),
    ("team", "teams"),
    ("template", "templates"),
    ("thread", "threads"),
    ("ticket", "tickets"),
    ("token", "tokens"),
    ("transaction", "transactions"),
    ("transcript", "transcripts"),
    ("transfer", "transfers"),
    ("trigger", "triggers"),
    ("unit", "units"),
    ("user", "users"),
    ("variable", "variables"),
    ("vendor", "vendors"),
    ("voicemail", "voicemails"),
    ("volume", "volumes"),
    ("wallet", "wallets"),
    ("warehouse", "warehouses"),
    ("webhook", "webhooks"),
    ("workflow", "workflows"),
];

/// Words that qualify a noun in compound resource names (`callDispositions`, `unit_type`).
const QUALIFIERS: &[&str] = &[
    "access",
    "auto",
    "billing",
    "call",
    "content",
    "custom",
    "email",
    "mail",
    "opportunity",
    "phone",
    "prospect",
    "public",
    "sequence",
    "unit",
    "user",
    "voice",
    "web",
    "team",
    "sales",
    "support",
    "payment",
    "device",
    "account",
    "event",
    "data",
    "audit",
    "api",
    "sso",
];

/// Actions that give a scope its last name segment.
const READ: &str = "read";
const WRITE: &str = "write";
const DELETE: &str = "delete";
const ALL: &str = "all";
const ADMIN: &str = "admin";
const MANAGE: &str = "manage";
const EXTRA_ACTIONS: &[&str] = &["send", "export", "import", "approve", "execute", "publish"];

/// One resource of the tree: its path of name segments and its actions.
struct Resource {
    /// Name segments, root first (`["phonelines", "voicemails", "greetings"]`).
    segments: Vec<String>,
    /// Human words of each segment (`["phone lines", "voicemails", "greetings"]`).
    human: Vec<String>,
    actions: Vec<&'static str>,
    /// Its `write` is a composite of its children's (added after them).
    composite_write: bool,
    /// Index of the parent resource.
    parent: Option<usize>,
    children: Vec<usize>,
}

struct Generator {
    rng: Rng,
    style: Style,
    resources: Vec<Resource>,
    /// Top-level segments in use.
    roots: HashSet<String>,
    scope_count: usize,
    target: usize,
}

impl Generator {
    /// A resource word, as (name segment, human words): one or two words, in one of the
    /// three casings.
    fn word(&mut self) -> (String, String) {
        let &(singular, plural) = self.rng.pick(NOUNS);
        let noun = if self.rng.chance(75) {
            plural
        } else {
            singular
        };
        if !self.rng.chance(35) {
            return (noun.to_string(), noun.to_string());
        }
        let qualifier = *self.rng.pick(QUALIFIERS);
        let human = format!("{qualifier} {noun}");
        // Each style prefers its own casing but uses all three.
        let casing = match (self.style, self.rng.below(10)) {
            (Style::Outreach, 0..=6) | (_, 0 | 1) => 0,
            (Style::Stora, 2..=8) | (_, 2 | 3) => 1,
            _ => 2,
        };
        let name = match casing {
            0 => {
                let mut upper = noun.to_string();
                upper[..1].make_ascii_uppercase();
                format!("{qualifier}{upper}")
            }
            1 => format!("{qualifier}_{noun}"),
            _ => format!("{qualifier}{noun}"),
        };
        (name, human)
    }

    fn actions(&mut self) -> Vec<&'static str> {
        let mut actions = match self.rng.below(100) {
            0..=14 => vec![READ],
            15..=49 => vec![READ, WRITE],
            50..=64 => match self.style {
                // The `all` composite is Outreach's rule; others spell it out sometimes.
                Style::Outreach => vec![READ, WRITE, DELETE, ALL],
                _ => vec![READ, WRITE, DELETE],
            },
            65..=76 => vec![READ, WRITE, ADMIN],
            77..=86 => vec![READ, WRITE, DELETE],
            87..=91 => vec![READ, MANAGE, ADMIN],
            _ => vec![READ, WRITE, *self.rng.pick(EXTRA_ACTIONS)],
        };
        if self.style != Style::Outreach && actions.len() == 3 && self.rng.chance(15) {
            actions.push(ALL);
        }
        actions
    }

    /// Is `segment` taken by a sibling, or already on the path to `parent`?
    fn clashes(&self, parent: Option<usize>, segment: &str) -> bool {
        match parent {
            Some(p) => {
                let parent = &self.resources[p];
                parent.segments.iter().any(|s| s == segment)
                    || parent.children.iter().any(|&c| {
                        self.resources[c]
                            .segments
                            .last()
                            .is_some_and(|s| s == segment)
                    })
            }
            None => self.roots.contains(segment),
        }
    }

    /// Adds a resource and, depth first, its subtree.
    fn grow(&mut self, parent: Option<usize>, depth: usize) {
        if self.scope_count >= self.target {
            return;
        }
        let (mut segment, mut human) = self.word();
        let mut tries = 0;
        while self.clashes(parent, &segment) {
            (segment, human) = self.word();
            tries += 1;
            if tries > 20 {
                segment = format!("{segment}{}", self.rng.below(1000));
            }
        }
        let (mut segments, mut humans) = match parent {
            Some(p) => (
                self.resources[p].segments.clone(),
                self.resources[p].human.clone(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        if parent.is_none() {
            self.roots.insert(segment.clone());
        }
        segments.push(segment);
        humans.push(human);
        let actions = self.actions();
        self.scope_count += actions.len();
        let me = self.resources.len();
        self.resources.push(Resource {
            segments,
            human: humans,
            actions,
            composite_write: false,
            parent,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            self.resources[p].children.push(me);
        }
        // Fan-out shrinks with depth: trees are bushy at the top, thin at the bottom.
        let children = match depth {
            0 => self.rng.below(7),
            1 => self.rng.below(5),
            2 => self.rng.below(4),
            3 => self.rng.below(3),
            4 => self.rng.below(2),
            _ => 0,
        };
        for _ in 0..children {
            self.grow(Some(me), depth + 1);
        }
        // sipgate's `sessions:write` = the children's `write`: a parent that has no
        // `write` of its own sometimes gets one that is a composite of its children's.
        let writing_children = self.resources[me]
            .children
            .iter()
            .filter(|&&c| self.resources[c].actions.contains(&WRITE))
            .count();
        if writing_children >= 2
            && !self.resources[me].actions.contains(&WRITE)
            && self.rng.chance(60)
        {
            self.resources[me].actions.push(WRITE);
            self.resources[me].composite_write = true;
            self.scope_count += 1;
        }
    }
}

fn scope_name(style: Style, resource: &Resource, action: &str) -> String {
    let sep = style.separator();
    let mut name = String::from(style.prefix());
    for segment in &resource.segments {
        name.push_str(segment);
        name.push_str(sep);
    }
    name.push_str(action);
    name
}

/// "voicemail greetings of phone lines", nearest resource first.
fn things(resource: &Resource) -> String {
    let mut words: Vec<&str> = resource.human.iter().rev().map(String::as_str).collect();
    words.truncate(3);
    words.join(" of ")
}

fn description(rng: &mut Rng, resource: &Resource, action: &str) -> String {
    let things = things(resource);
    let mut text = match action {
        READ => match rng.below(5) {
            0 => format!("Access {things}"),
            1 => format!("Read {things}"),
            2 => format!("Allow to read all {things}"),
            3 => format!("View {things} and their details"),
            _ => format!("Read-only access to {things}"),
        },
        WRITE => match rng.below(4) {
            0 => format!("Manage {things}"),
            1 => format!("Create and update {things}"),
            2 => format!("Allow to write {things}"),
            _ => format!("Write access to {things} (does not include read)"),
        },
        DELETE => format!("Delete {things}"),
        ALL => format!("Full access to {things}: read, write and delete"),
        ADMIN => format!("Fully manage {things}, including their settings and permissions"),
        MANAGE => format!("Manage {things} and their configuration"),
        other => format!("Allow to {other} {things}"),
    };
    // Lengths as in real catalogs: mostly short, some long explanations.
    const TAILS: &[&str] = &[
        ", including archived ones",
        " of the whole organization",
        " for the authenticated user",
        ", without access to the underlying data",
        " in every workspace the user belongs to",
        ", as shown in the web app",
        " through the public API and webhooks",
    ];
    const SENTENCES: &[&str] = &[
        "Needed by integrations that synchronise records in both directions.",
        "Tokens with this scope can act on behalf of any member of the account.",
        "Changes are recorded in the audit log and cannot be undone.",
        "Rate limits apply per client and per user.",
        "This scope is only available to verified applications.",
        "Use a narrower scope where one exists.",
    ];
    match rng.below(10) {
        0..=4 => {}
        5..=7 => text.push_str(rng.pick::<&str>(TAILS)),
        _ => {
            text.push_str(rng.pick::<&str>(TAILS));
            text.push_str(". ");
            text.push_str(rng.pick::<&str>(SENTENCES));
        }
    }
    text
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| quoted(n)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A catalog of exactly `scopes` scopes (at least one) as TOML text, deterministic from
/// `seed`. It loads with `scopex::catalog::parse_catalog`.
pub fn generate(scopes: usize, seed: u64) -> String {
    let scopes = scopes.max(1);
    let style = match seed % 3 {
        0 => Style::Sipgate,
        1 => Style::Outreach,
        _ => Style::Stora,
    };
    let mut generator = Generator {
        rng: Rng(seed ^ 0x5C0F_E5C0_FE5C_0FE5),
        style,
        resources: Vec::new(),
        roots: HashSet::new(),
        scope_count: 0,
        target: scopes,
    };
    // A few top-level scopes with no resource, as OpenID Connect providers have.
    let standalone: &[(&str, &str)] = if scopes >= 50 {
        &[
            ("openid", "Sign in with OpenID Connect"),
            (
                "offline_access",
                "Keep access when the user is not present (refresh tokens)",
            ),
        ]
    } else {
        &[]
    };
    generator.scope_count = standalone.len();
    while generator.scope_count < scopes {
        generator.grow(None, 0);
    }
    let Generator {
        mut rng, resources, ..
    } = generator;

    // Scopes in pre-order (a resource's scopes, then its children's), cut at `scopes`.
    struct Entry {
        name: String,
        resource: Option<usize>,
        action: &'static str,
    }
    let mut entries: Vec<Entry> = standalone
        .iter()
        .map(|(name, _)| Entry {
            name: (*name).to_string(),
            resource: None,
            action: "",
        })
        .collect();
    let mut stack: Vec<usize> = (0..resources.len())
        .rev()
        .filter(|&r| resources[r].parent.is_none())
        .collect();
    while let Some(r) = stack.pop() {
        let resource = &resources[r];
        // Members before the composites that list them; `all` last.
        let mut actions = resource.actions.clone();
        actions.sort_by_key(|a| {
            [READ, WRITE, DELETE, MANAGE, ADMIN, ALL]
                .iter()
                .position(|x| x == a)
        });
        for action in actions {
            entries.push(Entry {
                name: scope_name(style, resource, action),
                resource: Some(r),
                action,
            });
        }
        stack.extend(resource.children.iter().rev());
    }
    entries.truncate(scopes);
    let index: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    let scope_of = |r: usize, action: &str| -> Option<&str> {
        let name = scope_name(style, &resources[r], action);
        index.get(name.as_str()).map(|&i| entries[i].name.as_str())
    };

    let sep = style.separator();
    let prefix = style.prefix();
    let mut out = String::with_capacity(scopes * 170);
    let _ = writeln!(
        out,
        "# Synthetic catalog: {scopes} scopes, seed {seed}. Made by `scopex-synth`.\n"
    );
    let _ = writeln!(out, "id = \"synth-{seed}\"");
    let _ = writeln!(out, "name = \"Synthetic {scopes} (seed {seed})\"");
    let _ = writeln!(out, "docs_url = \"https://example.com/docs/oauth/scopes\"");
    let _ = writeln!(
        out,
        "authorize_url = \"https://example.com/oauth/authorize\""
    );
    let _ = writeln!(out, "token_url = \"https://example.com/oauth/token\"");
    let _ = writeln!(out, "delimiter = \" \"\n");
    let _ = writeln!(out, "[tree]\nseparator = \"{sep}\"");
    if !prefix.is_empty() {
        let _ = writeln!(out, "prefix = \"{prefix}\"");
    }
    out.push('\n');

    // Outreach's way: descriptions from per-action templates where the scope has none.
    let templated = |rng: &mut Rng, entry: &Entry| -> bool {
        style == Style::Outreach
            && matches!(entry.action, READ | WRITE | DELETE | ALL)
            && rng.chance(50)
    };
    let mut descriptions: Vec<Option<String>> = Vec::with_capacity(entries.len());
    let mut human_names: Vec<(String, String)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let description = match entry.resource {
            None => Some(standalone[i].1.to_string()),
            Some(r) if templated(&mut rng, entry) => {
                let resource = &resources[r];
                if resource.segments.len() == 1 && resource.segments[0] != resource.human[0] {
                    human_names.push((resource.segments[0].clone(), resource.human[0].clone()));
                }
                None
            }
            Some(r) => {
                let resource = &resources[r];
                Some(description(&mut rng, resource, entry.action))
            }
        };
        descriptions.push(description);
    }
    if style == Style::Outreach {
        out.push_str(
            "[templates]\n\
             all = \"Full access to {resource}: read, write and delete (the levels it has)\"\n\
             read = \"Read {resource}\"\n\
             write = \"Create and update {resource} (does not include read)\"\n\
             delete = \"Delete {resource}\"\n\n",
        );
        human_names.sort();
        human_names.dedup_by(|a, b| a.0 == b.0);
        if !human_names.is_empty() {
            out.push_str("[resources]\n");
            for (segment, human) in &human_names {
                let _ = writeln!(out, "{} = {}", quoted(segment), quoted(human));
            }
            out.push('\n');
        }
    }

    for (entry, description) in entries.iter().zip(&descriptions) {
        let _ = writeln!(out, "[[scope]]\nname = {}", quoted(&entry.name));
        if let Some(description) = description {
            let _ = writeln!(out, "description = {}", quoted(description));
        }
        out.push('\n');
    }

    // Implications, resource by resource.
    let implies = |out: &mut String,
                   from: &str,
                   to: &[&str],
                   composite: bool,
                   evidence: &str,
                   note: Option<&str>| {
        let _ = writeln!(
            out,
            "[[implies]]\nfrom = {}\nto = {}\ncomposite = {composite}\nevidence = \"{evidence}\"",
            quoted(from),
            list(to)
        );
        if let Some(note) = note {
            let _ = writeln!(out, "note = {}", quoted(note));
        }
        out.push('\n');
    };
    let mut any_all = false;
    for (r, resource) in resources.iter().enumerate() {
        let has = |action: &str| scope_of(r, action);
        // sipgate's `sessions:write`: a parent write that is exactly its children's.
        let composite_write: Vec<&str> = match has(WRITE) {
            Some(_) if resource.composite_write => resource
                .children
                .iter()
                .filter_map(|&c| scope_of(c, WRITE))
                .collect(),
            _ => Vec::new(),
        };
        // A composite implies nothing of its own: only its members.
        let atomic = |scope: &str| composite_write.len() < 2 || has(WRITE) != Some(scope);
        if let Some(all) = has(ALL) {
            if style == Style::Outreach {
                any_all = true;
            } else {
                let members: Vec<&str> = [READ, WRITE, DELETE]
                    .iter()
                    .filter_map(|a| has(a))
                    .collect();
                if !members.is_empty() {
                    implies(&mut out, all, &members, true, "documented", None);
                }
            }
        }
        if let Some(admin) = has(ADMIN) {
            // admin ⇒ write (or manage) ⇒ read, as GitHub's table nests them.
            let middle = has(WRITE).or(has(MANAGE));
            if let Some(middle) = middle {
                implies(
                    &mut out,
                    admin,
                    &[middle],
                    false,
                    "documented",
                    Some("admin => write => read in the provider's scope table"),
                );
                // Now and then the provider names both as one: mutual implication.
                if has(MANAGE).is_some() && rng.chance(10) && atomic(middle) {
                    implies(
                        &mut out,
                        middle,
                        &[admin],
                        false,
                        "inferred",
                        Some("legacy alias"),
                    );
                }
            }
            if let (Some(middle), Some(read)) = (middle, has(READ))
                && atomic(middle)
            {
                implies(&mut out, middle, &[read], false, "documented", None);
            }
            // A resource's admin reaches into its children: chains across levels.
            let child_admins: Vec<&str> = resource
                .children
                .iter()
                .filter_map(|&c| scope_of(c, ADMIN))
                .collect();
            if !child_admins.is_empty() {
                implies(
                    &mut out,
                    admin,
                    &child_admins,
                    false,
                    if rng.chance(50) {
                        "documented"
                    } else {
                        "inferred"
                    },
                    Some("nested resources"),
                );
            }
        }
        if let Some(write) = has(WRITE)
            && composite_write.len() >= 2
        {
            implies(
                &mut out,
                write,
                &composite_write,
                true,
                "description",
                Some("the description lists exactly these"),
            );
        }
    }
    if any_all {
        let _ = writeln!(
            out,
            "[[rule]]\nfrom = \"{{resource}}.all\"\nto = [\"{{resource}}.read\", \"{{resource}}.write\", \"{{resource}}.delete\"]\ncomposite = true\nevidence = \"documented\"\nnote = \"`.all` is the levels that exist\"\n"
        );
    }
    out
}

/// The shape of a catalog made to stress the grant model rather than to look real.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Realistic names, trees and implications ([`generate`]).
    Realistic,
    /// `s0 ⇒ s1 ⇒ … ⇒ sN-1`: every scope grants all those after it.
    Chain,
    /// The chain closed into a cycle: every scope grants every scope.
    Cycle,
}

impl std::str::FromStr for Shape {
    type Err = String;

    fn from_str(text: &str) -> Result<Shape, String> {
        match text {
            "realistic" => Ok(Shape::Realistic),
            "chain" => Ok(Shape::Chain),
            "cycle" => Ok(Shape::Cycle),
            _ => Err(format!("unknown shape `{text}`: realistic, chain or cycle")),
        }
    }
}

/// A catalog of `scopes` scopes (at least one) of the given shape, as TOML text.
pub fn generate_shape(shape: Shape, scopes: usize, seed: u64) -> String {
    let scopes = scopes.max(1);
    let (id, name) = match shape {
        Shape::Realistic => return generate(scopes, seed),
        Shape::Chain => ("chain", "Chain"),
        Shape::Cycle => ("cycle", "Cycle"),
    };
    let mut text = format!("id = \"{id}\"\nname = \"{name}\"\n\n");
    for i in 0..scopes {
        let _ = write!(
            text,
            "[[scope]]\nname = \"s{i}\"\ndescription = \"Scope {i}\"\n\n"
        );
    }
    let edges = match shape {
        Shape::Cycle if scopes > 1 => scopes,
        _ => scopes - 1,
    };
    for i in 0..edges {
        let _ = write!(
            text,
            "[[implies]]\nfrom = \"s{i}\"\nto = [\"s{}\"]\nevidence = \"documented\"\n\n",
            (i + 1) % scopes
        );
    }
    text
}
