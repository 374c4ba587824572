//! Which of an operation's alternatives a person most likely means where the privilege
//! order cannot tell them apart: as many grants and scopes, none known to cover another
//! (different data, not less or more). Such a choice is never proven right, so `need`
//! still warns and lists them; what it picks first is, in this order:
//!
//! 1. for a call that writes (`POST`, `PUT`, `PATCH`, `DELETE`), an alternative whose
//!    scopes' descriptions name what the call works on, where another's do not: Google
//!    lists `drive.scripts` ("your Google Apps Script scripts"),
//!    `drive.photos.readonly` and `drive.apps.readonly` for Drive's file calls, whose
//!    words (`files`, `copy`, `update`) only the file scopes name; a scope for other
//!    data would be refused on an ordinary file;
//! 2. an alternative with no scope limited to part of the data, by the scope's own
//!    description: the files the app uses or created (Google's `drive.file`, "only the
//!    specific Google Drive files you use with this app"), what another product made
//!    (`drive.meet.readonly`, "files that were created or edited by Google Meet"), what an
//!    administrator selected (Microsoft's `Sites.Selected`), the app's own folder or tabs
//!    (`Files.ReadWrite.AppFolder`, `TeamsTab.ReadWriteSelfForChat`). Such a scope is
//!    what a call needs only when the code works on that part alone, which the call does
//!    not say;
//! 3. an alternative the catalog says something of: one whose scopes it names for no
//!    call but those open to every scope (Discord's `GET /oauth2/@me` takes any of its
//!    34) allows nothing the catalog knows of, which is not less privilege but unknown;
//! 4. least privilege: an alternative allowing only calls another allows too (Google's
//!    `compute` before `cloud-platform`, `spreadsheets.readonly` before `drive.readonly`),
//!    calls open to every scope, or needing none, left out of the comparison ([`Surface`]);
//! 5. an alternative that also allows another of the catalog's calls made with the same
//!    method on the call's own resource (the last named segment of its path: `@me` of
//!    Discord's `GET /oauth2/@me`, which `identify` allows through `GET /users/@me`; for a
//!    call with no path, its id without the method);
//! 6. an alternative allowing fewer of the catalog's calls that change data in place on
//!    the call's own resource (`PUT`, `PATCH`, `DELETE`; not `POST`, which many APIs also
//!    use to read, as Google's `files.watch` or Graph's searches): YouTube's
//!    `youtube.readonly` before `youtube.force-ssl` for `youtube.playlists.list`,
//!    Microsoft's `DeviceManagementApps.Read.All` before its `ReadWrite` for an app's
//!    device statuses. Only
//!    the call's resource counts: a read scope that also manages some other API's
//!    subscriptions (Google's `drive.metadata.readonly`) is not less meant for it;
//! 7. the catalog's order of the call's alternatives (Microsoft lists the least privileged
//!    first).
//!
//! All but the fourth and the last are read from the catalog's words and routes, not from
//! its grants: they order alternatives, they never make one authorize a call or drop one
//! that does.

use super::{Coverage, Reach, Weight};
use crate::catalog::{Catalog, Operation, OperationId, ScopeId};
use crate::grants::GrantModel;
use fixedbitset::FixedBitSet;

/// What a scope's description says when it limits the scope to part of the data
/// (compared in lower case).
const PART_OF_THE_DATA: [&str; 9] = [
    "only the ",
    "you use with this app",
    "created by",
    "created or edited by",
    "its own",
    "app's own",
    "selected",
    "the user selects",
    "application's folder",
];

/// What counts against an alternative among those alike in privilege; the derived order
/// (nothing first) is the order of preference, least privilege coming between `unknown`
/// and `unrelated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Leaning {
    /// No description of its scopes names what the call works on, where another
    /// alternative's does ([`call_words`]).
    pub elsewhere: bool,
    /// It names a scope limited to part of the data ([`part_of_the_data`]).
    pub part: bool,
    /// The catalog names its scopes for no call but calls open to every scope.
    pub unknown: bool,
    /// The call has a resource, and the alternative allows no other call on it.
    pub unrelated: bool,
    /// How many of the catalog's calls that change data in place (`PUT`, `PATCH`,
    /// `DELETE`) on the call's resource the alternative allows.
    pub writes: u32,
}

impl Leaning {
    /// Numbers that sum over operations and order as the leaning does: the first weighs
    /// before what answers authorize (part of the data more than any number of unknown
    /// alternatives), the second after.
    pub fn weight(self) -> Weight {
        (
            (u64::from(self.elsewhere) << 48)
                | (u64::from(self.part) << 32)
                | u64::from(self.unknown),
            (u64::from(self.unrelated) << 32) | u64::from(self.writes),
        )
    }
}

/// The phrase of `scope`'s description that limits it to part of the data, if any.
pub fn part_of_the_data(catalog: &Catalog, scope: ScopeId) -> Option<&'static str> {
    let description = catalog.scope(scope).description.to_lowercase();
    PART_OF_THE_DATA
        .into_iter()
        .find(|phrase| description.contains(phrase))
}

/// The words of what an operation named like a method (`drive.files.copy`, not `POST
/// /drives/{id}/items`) works on: the named segments of its path (or of its id, for a
/// call with no path) and their camel-case parts, in lower case, singular, of four letters
/// or more; not a version (`v3`, `v1.0`), nor the API's name its id begins with (`drive`
/// of `drive.files.copy`): `files`, `copy` → `file`, `copy`. A call named by its method
/// and path has none: its scopes' descriptions are titles (Microsoft's "Create, edit,
/// and delete items and lists in all site collections"), whose words say little of
/// which scope a write on a drive item takes.
pub fn call_words(op: &Operation) -> Vec<String> {
    let id = op.id.as_str();
    if id.contains(' ') || !id.contains('.') {
        return Vec::new();
    }
    let id = id.split('@').next().unwrap_or(id);
    let api = id.split('.').next().filter(|_| id.contains('.'));
    let segments: Vec<&str> = match op.path.as_deref() {
        Some(path) => path.split(['/', ':', '(', ')', '.']).collect(),
        None => id.split('.').skip(1).collect(),
    };
    let mut words: Vec<String> = Vec::new();
    for segment in segments {
        if segment.is_empty()
            || segment.contains(['{', '}', '$', '=', '\''])
            || Some(segment) == api
            || is_version(segment)
        {
            continue;
        }
        for part in camel_parts(segment) {
            let word = singular(&part.to_ascii_lowercase());
            if word.len() >= 4 && !words.contains(&word) && !PLACES.contains(&word.as_str()) {
                words.push(word);
            }
        }
    }
    words
}

/// Where a call's data lies rather than what it is: Google Cloud's `projects/…/locations/…`
/// and its users' `users/{userId}` name no kind of data.
const PLACES: [&str; 4] = ["project", "location", "user", "global"];

/// `v3`, `v1beta2`, `beta`: a version, not a name.
fn is_version(segment: &str) -> bool {
    segment == "beta"
        || segment
            .strip_prefix('v')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// `joinedTeams` → `joined`, `Teams`.
fn camel_parts(segment: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = segment.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
            parts.push(&segment[start..i]);
            start = i;
        }
    }
    parts.push(&segment[start..]);
    parts
}

/// `policies` → `policy`, `files` → `file`; shorter words as they are.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|stem| stem.len() >= 3) {
        format!("{stem}y")
    } else if let Some(stem) = word
        .strip_suffix('s')
        .filter(|stem| stem.len() >= 3 && !stem.ends_with('s'))
    {
        stem.to_string()
    } else {
        word.to_string()
    }
}

/// Does `scope`'s description name one of `words` ([`call_words`])?
fn names_any(catalog: &Catalog, scope: ScopeId, words: &[String]) -> bool {
    catalog
        .scope(scope)
        .description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.len() >= 4)
        .any(|word| words.contains(&singular(&word.to_lowercase())))
}

/// The resource an operation acts on: the last segment of its path that is a name (not a
/// `{parameter}` or a `$value`; a function's name without its `(…)`, a segment's without
/// a `:method`), in lower case; for an operation with no path, its id without the last
/// dotted part and any `@version`.
pub fn resource(op: &Operation) -> Option<String> {
    if let Some(path) = op.path.as_deref() {
        return path
            .split('/')
            .rev()
            .map(|segment| {
                let segment = segment.split('(').next().unwrap_or(segment);
                segment.split(':').next().unwrap_or(segment)
            })
            .find(|name| !name.is_empty() && !name.contains('{') && !name.starts_with('$'))
            .map(str::to_ascii_lowercase);
    }
    let id = op.id.as_str();
    let id = id.split('@').next().unwrap_or(id);
    id.rsplit_once('.')
        .map(|(resource, _)| resource.to_ascii_lowercase())
}

/// The resource of each of a catalog's operations, to find the calls on the same one, and
/// the calls open to every scope of the catalog or needing none (`requires = [[]]`).
pub struct Leanings<'c> {
    catalog: &'c Catalog,
    resources: Vec<Option<String>>,
    open: FixedBitSet,
    /// The calls that change data in place: `PUT`, `PATCH` and `DELETE`.
    writes: FixedBitSet,
}

/// Whether a call made with `method` surely changes data: `POST` is left out, as many APIs
/// read with it too, and so is a call known by its id alone.
fn changes_data(method: Option<&str>) -> bool {
    matches!(method, Some("PUT" | "PATCH" | "DELETE"))
}

/// What a selection authorizes beyond the calls open to every scope: what least privilege
/// compares ([`Reach`]). Every Discord scope allows `GET /oauth2/@me`; that
/// `applications.builds.read` allows nothing else the catalog lists says nothing of what
/// it grants.
pub struct Surface<'a, 'c, R, A> {
    pub coverage: &'a Coverage<'a, R, A>,
    pub leanings: &'a Leanings<'c>,
}

impl<R, A> Reach for Surface<'_, '_, R, A>
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    fn reach(&self, scopes: &[ScopeId]) -> FixedBitSet {
        let mut reached = self.coverage.authorized_by(scopes);
        reached.difference_with(&self.leanings.open);
        reached
    }
}

impl<'c> Leanings<'c> {
    pub fn new(catalog: &'c Catalog) -> Leanings<'c> {
        let operations = catalog.operations().unwrap_or_default();
        let resources = operations.iter().map(resource).collect();
        let mut open = FixedBitSet::with_capacity(operations.len());
        if catalog.len() > 1 {
            // Only an operation with an alternative for each scope can be open.
            let wide = operations
                .iter()
                .enumerate()
                .filter(|(_, op)| op.requires.len() >= catalog.len());
            for (i, op) in wide {
                let mut alone = FixedBitSet::with_capacity(catalog.len());
                op.requires
                    .iter()
                    .filter(|alternative| alternative.len() == 1)
                    .for_each(|alternative| alone.insert(alternative[0]));
                if alone.count_ones(..) == catalog.len() {
                    open.insert(i);
                }
            }
        }
        // So is one needing no scope (an empty alternative).
        for (i, op) in operations.iter().enumerate() {
            if op.requires.iter().any(|alternative| alternative.is_empty()) {
                open.insert(i);
            }
        }
        let mut writes = FixedBitSet::with_capacity(operations.len());
        for (i, op) in operations.iter().enumerate() {
            if changes_data(op.method) {
                writes.insert(i);
            }
        }
        Leanings {
            catalog,
            resources,
            open,
            writes,
        }
    }

    /// How many calls that change data on the resource of operation `id` `reached` (what
    /// an alternative authorizes) holds.
    fn writes_in(&self, id: OperationId, reached: &FixedBitSet) -> u32 {
        let Some(resource) = self.resources.get(id).and_then(Option::as_deref) else {
            return 0;
        };
        let count = reached
            .intersection(&self.writes)
            .filter(|&other| self.resources[other].as_deref() == Some(resource))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Why `chosen` went before `others` where it allows fewer calls that change data on
    /// the resource of operation `id` than each of them, in words for a warning.
    pub fn writes_reason<R, A>(
        &self,
        coverage: &Coverage<'_, R, A>,
        id: OperationId,
        chosen: &[ScopeId],
        others: &[&[ScopeId]],
    ) -> Option<String>
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let surface = Surface {
            coverage,
            leanings: self,
        };
        let mine = self.writes_in(id, &surface.reach(chosen));
        let fewest_of_others = others
            .iter()
            .map(|scopes| self.writes_in(id, &surface.reach(scopes)))
            .min()?;
        (mine < fewest_of_others).then(|| match mine {
            0 => format!(
                "which allows no call that changes or deletes data on the same resource (PUT, PATCH, DELETE; the others allow {fewest_of_others} or more)"
            ),
            _ => format!(
                "which allows fewer calls that change or delete data on the same resource (PUT, PATCH, DELETE: {mine}, the others {fewest_of_others} or more)"
            ),
        })
    }

    /// Another call that `scopes` allow on the resource of operation `id`, the first in
    /// catalog order.
    pub fn related_call<R, A>(
        &self,
        coverage: &Coverage<'_, R, A>,
        id: OperationId,
        scopes: &[ScopeId],
    ) -> Option<OperationId>
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let resource = self.resources.get(id)?.as_deref()?;
        let operations = self.catalog.operations().unwrap_or_default();
        let method = operations.get(id)?.method;
        // Made the same way: that a scope also writes what the call reads says nothing of
        // what the call means (`youtube.force-ssl` also deletes playlists).
        let alike = |other: usize| operations.get(other).is_some_and(|op| op.method == method);
        let mut reached = coverage.authorized_by(scopes);
        reached.difference_with(&self.open);
        reached.ones().find(|&other| {
            other != id && self.resources[other].as_deref() == Some(resource) && alike(other)
        })
    }

    /// For each alternative of operation `id`, whether a description of its scopes names
    /// what the call works on ([`call_words`]).
    fn naming(&self, id: OperationId) -> Vec<bool> {
        let op = self.catalog.operation(id);
        // A call that reads takes its data from whatever its scopes see; one that writes
        // is refused a scope for other data (`drive.scripts` for a file update). Reading
        // calls are left to the rules below: Graph's display names speak of items and
        // sites, not of what a read of a drive item needs.
        if !matches!(op.method, Some("POST" | "PUT" | "PATCH" | "DELETE")) {
            return vec![false; op.requires.len()];
        }
        let words = call_words(op);
        op.requires
            .iter()
            .map(|alternative| {
                alternative
                    .iter()
                    .any(|&s| names_any(self.catalog, s, &words))
            })
            .collect()
    }

    /// Why `chosen` went before `others` where its scopes' descriptions name what the call
    /// works on and some of theirs do not, in words for a warning.
    pub fn elsewhere_reason(
        &self,
        id: OperationId,
        chosen: &[ScopeId],
        others: &[&[ScopeId]],
    ) -> Option<String> {
        let op = self.catalog.operation(id);
        if !matches!(op.method, Some("POST" | "PUT" | "PATCH" | "DELETE")) {
            return None;
        }
        let words = call_words(op);
        let names = |scopes: &[ScopeId]| scopes.iter().any(|&s| names_any(self.catalog, s, &words));
        if !names(chosen) {
            return None;
        }
        let unnamed: Vec<String> = others
            .iter()
            .filter(|scopes| !names(scopes))
            .map(|scopes| {
                let names: Vec<&str> = scopes.iter().map(|&s| self.catalog.name(s)).collect();
                format!("`{}`", names.join(" "))
            })
            .collect();
        let (does, their) = match unnamed.len() {
            0 => return None,
            1 => ("does", "its"),
            _ => ("do", "their"),
        };
        Some(format!(
            "whose description names what the call works on ({}), as {} {does} not by {their} description",
            words.join(", "),
            unnamed.join(" and ")
        ))
    }

    /// Why `chosen` went before `others` where some of them are limited to part of the
    /// data and it is not, in words for a warning.
    pub fn part_reason(&self, chosen: &[ScopeId], others: &[&[ScopeId]]) -> Option<String> {
        let part = |scopes: &[ScopeId]| {
            scopes
                .iter()
                .copied()
                .find(|&s| part_of_the_data(self.catalog, s).is_some())
        };
        if part(chosen).is_some() {
            return None;
        }
        let named: Vec<String> = others
            .iter()
            .filter_map(|scopes| part(scopes))
            .map(|s| format!("`{}`", self.catalog.name(s)))
            .collect();
        let (are, their) = match named.len() {
            0 => return None,
            1 => ("is", "its"),
            _ => ("are", "their"),
        };
        Some(format!(
            "which is not limited to part of the data, as {} {are} by {their} description",
            named.join(" and ")
        ))
    }

    /// Why `chosen` went before `others` where it allows another call on the resource of
    /// operation `id` and none of them does, in words for a warning.
    pub fn related_reason<R, A>(
        &self,
        coverage: &Coverage<'_, R, A>,
        id: OperationId,
        chosen: &[ScopeId],
        others: &[&[ScopeId]],
    ) -> Option<String>
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let call = self.related_call(coverage, id, chosen)?;
        if others
            .iter()
            .any(|scopes| self.related_call(coverage, id, scopes).is_some())
        {
            return None;
        }
        let shown = match super::route(self.catalog, call) {
            text if text.is_empty() => self.catalog.operation(call).id.as_str().to_string(),
            text => text,
        };
        Some(format!(
            "which also allows `{shown}`, a call on the same resource"
        ))
    }

    /// The leaning of each alternative of operation `id`, in the operation's own order.
    pub fn of<R, A>(&self, coverage: &Coverage<'_, R, A>, id: OperationId) -> Vec<Leaning>
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let alternatives = &self.catalog.operation(id).requires;
        if alternatives.len() < 2 {
            return vec![Leaning::default(); alternatives.len()];
        }
        let has_resource = self.resources.get(id).is_some_and(Option::is_some);
        let surface = Surface {
            coverage,
            leanings: self,
        };
        let named = self.naming(id);
        let some_named = named.iter().any(|&n| n);
        alternatives
            .iter()
            .zip(named)
            .map(|(alternative, named)| {
                let reached = surface.reach(alternative);
                Leaning {
                    elsewhere: some_named && !named,
                    part: alternative
                        .iter()
                        .any(|&s| part_of_the_data(self.catalog, s).is_some()),
                    unknown: reached.is_clear(),
                    writes: self.writes_in(id, &reached),
                    unrelated: has_resource
                        && self.related_call(coverage, id, alternative).is_none(),
                }
            })
            .collect()
    }

    /// The positions of operation `id`'s alternatives in the order `need` prefers them,
    /// each with its leaning's weight: by privilege first (fewer grants, then fewer
    /// scopes), then by the leaning's first weight; then an alternative allowing only
    /// calls another alike in all these allows too ([`Surface`]) goes before it;
    /// otherwise by the leaning's second weight, then in the operation's own order.
    pub fn order<R, A>(
        &self,
        model: &GrantModel,
        coverage: &Coverage<'_, R, A>,
        id: OperationId,
    ) -> Vec<(usize, Weight)>
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let alternatives = &self.catalog.operation(id).requires;
        let leanings = self.of(coverage, id);
        let keys: Vec<(usize, usize, u64)> = (0..alternatives.len())
            .map(|i| {
                let mut scopes = alternatives[i].to_vec();
                scopes.sort_unstable();
                scopes.dedup();
                let grants = model.grants(&scopes).len();
                (grants, scopes.len(), leanings[i].weight().0)
            })
            .collect();
        let mut listed: Vec<usize> = (0..alternatives.len()).collect();
        listed.sort_by_key(|&i| (keys[i], leanings[i].weight().1, i));
        let surface = Surface {
            coverage,
            leanings: self,
        };
        let order =
            super::coverage::waiting_order(&listed, &keys, |i| surface.reach(&alternatives[i]));
        order
            .into_iter()
            .map(|i| (i, leanings[i].weight()))
            .collect()
    }
}
