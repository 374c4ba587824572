//! The grant algebra (DESIGN §1) against a brute-force oracle on random small catalogs.
//!
//! Each random catalog is written out as catalog TOML and read back with the real loader,
//! so the tests cover the file format as well as `GrantModel`. The oracle below is
//! deliberately naive and shares no code with `src/grants.rs`: grants are bitmasks over
//! scope indices computed by a fixpoint over the edge list, the minimum is found by trying
//! every subset of the catalog, and chain lengths come from a Bellman-Ford style
//! relaxation instead of a queue.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use scopex::catalog::{Catalog, Origin, ScopeId, builtin, parse_catalog};
use scopex::grants::{Explanation, GrantModel, HeldReason, Trust, walk};
use std::collections::BTreeSet;

mod support;

/// Valid RFC 6749 scope-tokens with awkward characters, to exercise the loader too.
const NAMES: [&str; 12] = [
    "a",
    "b:read",
    "c.write",
    "d!",
    "e#$%&'()*+,-./",
    "f~^_`{|}",
    "g[]",
    "h<=>?@",
    "i;",
    "j0",
    "k-k",
    "l:m:n",
];

const EVIDENCE: [&str; 4] = ["documented", "description", "derived", "inferred"];

// ---------------------------------------------------------------------------------------
// Random catalogs
// ---------------------------------------------------------------------------------------

/// A small catalog: kinds and edges by scope index, plus how to lay it out in TOML.
#[derive(Debug, Clone)]
struct Spec {
    composite: Vec<bool>,
    /// Implied scopes (atomic) or members (composite) of each scope, no self-edges, no
    /// duplicates.
    targets: Vec<Vec<usize>>,
    /// Per scope: evidence, whether to split its edges over two `[[implies]]` entries,
    /// whether to repeat a target (the loader must deduplicate), rotation of the targets.
    layout: Vec<u8>,
    /// Scopes marked deprecated.
    deprecated: Vec<bool>,
}

impl Spec {
    fn len(&self) -> usize {
        self.composite.len()
    }

    /// Makes a spec valid as the loader requires: at least one atomic scope, every
    /// composite with a member and reaching an atomic scope, and no composite its own
    /// member through other composites (a composite lists only earlier composites).
    fn repaired(
        mut composite: Vec<bool>,
        mut targets: Vec<Vec<usize>>,
        fix: &[usize],
        layout: Vec<u8>,
    ) -> Spec {
        let n = composite.len();
        if composite.iter().all(|&c| c) {
            composite[fix[0] % n] = false;
        }
        let atomic: Vec<usize> = (0..n).filter(|&i| !composite[i]).collect();
        for i in 0..n {
            targets[i].retain(|&t| t != i && !(composite[i] && composite[t] && t > i));
            let mut seen = BTreeSet::new();
            targets[i].retain(|&t| seen.insert(t));
            if composite[i] && targets[i].is_empty() {
                targets[i].push(atomic[fix[i] % atomic.len()]);
            }
        }
        loop {
            let reaches = reaches_atomic(&composite, &targets);
            match (0..n).find(|&i| !reaches[i]) {
                None => break,
                Some(i) => targets[i].push(atomic[fix[i] % atomic.len()]),
            }
        }
        Spec {
            deprecated: vec![false; n],
            composite,
            targets,
            layout,
        }
    }

    /// The same spec with these scopes deprecated.
    fn deprecating(mut self, deprecated: Vec<bool>) -> Spec {
        self.deprecated = deprecated;
        self
    }

    /// Renumbers the scopes: scope `i` becomes `order[i]` in catalog order.
    fn permuted(&self, order: &[usize]) -> Spec {
        let n = self.len();
        let mut composite = vec![false; n];
        let mut targets = vec![Vec::new(); n];
        let mut layout = vec![0; n];
        let mut deprecated = vec![false; n];
        for i in 0..n {
            composite[order[i]] = self.composite[i];
            targets[order[i]] = self.targets[i].iter().map(|&t| order[t]).collect();
            layout[order[i]] = self.layout[i];
            deprecated[order[i]] = self.deprecated[i];
        }
        Spec {
            composite,
            targets,
            layout,
            deprecated,
        }
    }

    fn edges(&self) -> BTreeSet<(usize, usize)> {
        self.targets
            .iter()
            .enumerate()
            .flat_map(|(from, ts)| ts.iter().map(move |&to| (from, to)))
            .collect()
    }

    /// The `[[implies]]` entries of scope `i`: targets and evidence. A split scope's two
    /// entries have different evidence, so trusting one drops part of a composite.
    fn chunks(&self, i: usize) -> Vec<(Vec<usize>, &'static str)> {
        let layout = self.layout[i];
        let first = (layout as usize / 3) % 4;
        let second = (first + 1 + (layout >> 6) as usize % 3) % 4;
        let mut targets = self.targets[i].clone();
        if targets.is_empty() {
            return Vec::new();
        }
        let rotation = (layout >> 4) as usize % targets.len();
        targets.rotate_left(rotation);
        if layout & 4 != 0 && targets.len() >= 2 {
            vec![
                (targets[..1].to_vec(), EVIDENCE[first]),
                (targets[1..].to_vec(), EVIDENCE[second]),
            ]
        } else {
            vec![(targets, EVIDENCE[first])]
        }
    }

    /// Every edge with its evidence.
    fn evidence(&self) -> BTreeSet<(usize, usize, &'static str)> {
        (0..self.len())
            .flat_map(|i| {
                self.chunks(i)
                    .into_iter()
                    .flat_map(move |(targets, evidence)| {
                        targets.into_iter().map(move |t| (i, t, evidence))
                    })
            })
            .collect()
    }

    fn toml(&self) -> String {
        let mut text = String::from("id = \"random\"\nname = \"Random\"\n\n");
        for (i, name) in NAMES.iter().enumerate().take(self.len()) {
            text.push_str(&format!(
                "[[scope]]\nname = \"{name}\"\ndescription = \"Scope number {i}\"\n"
            ));
            // Deprecated scopes and those usable only in one setting are avoided alike:
            // the oracle's `deprecated` stands for both.
            if self.deprecated[i] {
                text.push_str(if i % 2 == 0 {
                    "deprecated = \"gone upstream\"\n"
                } else {
                    "only_in = \"an add-on\"\n"
                });
            }
            text.push('\n');
        }
        // Implications in reverse catalog order: `from` may name a scope listed before or
        // after the targets, and edge order differs from scope order.
        for i in (0..self.len()).rev() {
            if self.targets[i].is_empty() {
                continue;
            }
            let layout = self.layout[i];
            for (k, (chunk, evidence)) in self.chunks(i).iter().enumerate() {
                let mut list = chunk.clone();
                if layout & 8 != 0 && k == 0 {
                    list.push(chunk[0]);
                }
                let quoted: Vec<String> =
                    list.iter().map(|&t| format!("\"{}\"", NAMES[t])).collect();
                text.push_str(&format!(
                    "[[implies]]\nfrom = \"{}\"\nto = [{}]\n",
                    NAMES[i],
                    quoted.join(", ")
                ));
                if self.composite[i] {
                    text.push_str("composite = true\n");
                } else if layout & 2 != 0 {
                    text.push_str("composite = false\n");
                }
                text.push_str(&format!("evidence = \"{evidence}\"\n\n"));
            }
        }
        text
    }

    fn load(&self) -> Catalog {
        let text = self.toml();
        parse_catalog(&text, "random.toml", Origin::Builtin)
            .unwrap_or_else(|e| panic!("random catalog must load: {e}\n{text}"))
    }
}

fn reaches_atomic(composite: &[bool], targets: &[Vec<usize>]) -> Vec<bool> {
    let mut reaches: Vec<bool> = composite.iter().map(|&c| !c).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for (i, ts) in targets.iter().enumerate() {
            if !reaches[i] && ts.iter().any(|&t| reaches[t]) {
                reaches[i] = true;
                changed = true;
            }
        }
    }
    reaches
}

/// Any graph: random kinds, random edges of a random density (chains, cycles, composites
/// of composites all occur), in a random catalog order.
fn any_spec() -> impl Strategy<Value = Spec> {
    (2usize..=9, 0.05f64..0.5)
        .prop_flat_map(|(n, density)| {
            (
                vec(prop::bool::weighted(0.35), n),
                vec(prop::bool::weighted(density), n * n),
                vec(0..n, n),
                vec(any::<u8>(), n),
                vec(prop::bool::weighted(0.2), n),
            )
        })
        .prop_map(|(kinds, adjacency, fix, layout, deprecated)| {
            let n = kinds.len();
            let targets = (0..n)
                .map(|i| (0..n).filter(|&j| adjacency[i * n + j]).collect())
                .collect();
            Spec::repaired(kinds, targets, &fix, layout).deprecating(deprecated)
        })
}

/// A forest: each scope implies (or is composed of) its children. Leaves are atomic.
/// Grant sets are then laminar: any two are nested or disjoint.
fn laminar_spec() -> impl Strategy<Value = Spec> {
    (2usize..=9)
        .prop_flat_map(|n| {
            (
                vec(proptest::option::weighted(0.8, any::<Index>()), n),
                vec(any::<bool>(), n),
                vec(any::<u8>(), n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
        .prop_map(|(parents, kinds, layout, order)| {
            let n = parents.len();
            let mut targets = vec![Vec::new(); n];
            for (i, parent) in parents.iter().enumerate().skip(1) {
                if let Some(p) = parent {
                    targets[p.index(i)].push(i);
                }
            }
            let composite = (0..n).map(|i| kinds[i] && !targets[i].is_empty()).collect();
            Spec {
                composite,
                targets,
                layout,
                deprecated: vec![false; n],
            }
            .permuted(&order)
        })
}

/// Overlapping composites over a few atoms (some also have earlier composites as
/// members), in a random catalog order: the set cover branch of the minimiser runs.
fn overlapping_spec() -> impl Strategy<Value = Spec> {
    (3usize..=6, 2usize..=5)
        .prop_flat_map(|(atoms, composites)| {
            let n = atoms + composites;
            (
                Just(atoms),
                vec(
                    (
                        vec(prop::bool::weighted(0.5), atoms),
                        vec(prop::bool::weighted(0.15), composites),
                    ),
                    composites,
                ),
                vec(any::<u8>(), n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
                vec(prop::bool::weighted(0.2), n),
            )
        })
        .prop_map(|(atoms, members, layout, order, deprecated)| {
            let n = atoms + members.len();
            let mut composite = vec![false; n];
            let mut targets = vec![Vec::new(); n];
            for (k, (of_atoms, of_composites)) in members.iter().enumerate() {
                let c = atoms + k;
                composite[c] = true;
                targets[c] = (0..atoms).filter(|&a| of_atoms[a]).collect();
                // Two atoms at least, so that composites overlap rather than repeat atoms.
                for extra in [k % atoms, (k + 1) % atoms] {
                    if targets[c].len() < 2 && !targets[c].contains(&extra) {
                        targets[c].push(extra);
                    }
                }
                targets[c].extend((0..k).filter(|&j| of_composites[j]).map(|j| atoms + j));
            }
            let fix: Vec<usize> = (0..n).collect();
            Spec::repaired(composite, targets, &fix, layout)
                .deprecating(deprecated)
                .permuted(&order)
        })
}

/// A spec and a few selections on it: random order, duplicates allowed, possibly empty.
fn with_selections(
    spec: impl Strategy<Value = Spec>,
) -> impl Strategy<Value = (Spec, Vec<Vec<usize>>)> {
    spec.prop_flat_map(|spec| {
        let n = spec.len();
        (Just(spec), vec(vec(0..n, 0..=7), 1..=5))
    })
}

// ---------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------

/// Sets of scopes as bitmasks over scope indices.
type Mask = u32;

fn mask_of(ids: &[usize]) -> Mask {
    ids.iter().fold(0, |m, &i| m | (1 << i))
}

fn ids_of(mask: Mask) -> Vec<usize> {
    (0..32).filter(|&i| mask & (1 << i) != 0).collect()
}

fn subset(small: Mask, large: Mask) -> bool {
    small & !large == 0
}

struct Oracle {
    n: usize,
    composite: Vec<bool>,
    edges: Vec<(usize, usize)>,
    /// G(s): the atomic scopes each scope grants.
    grants: Vec<Mask>,
    deprecated: Mask,
}

/// Evidence kinds trusted, as a bitmask over [`EVIDENCE`].
type Trusted = u8;

const TRUST_ALL: Trusted = 0b1111;

/// The same trust as the model's type, built from names.
fn trust_of(trusted: Trusted) -> Trust {
    let names: Vec<&str> = (0..EVIDENCE.len())
        .filter(|&k| trusted & (1 << k) != 0)
        .map(|k| EVIDENCE[k])
        .collect();
    if names.is_empty() {
        Trust::NONE
    } else {
        Trust::parse(&names.join(",")).expect("evidence names parse")
    }
}

impl Oracle {
    /// The oracle with only the trusted edges: a composite missing one of its member
    /// edges is atomic.
    fn new(spec: &Spec, trusted: Trusted) -> Oracle {
        let n = spec.len();
        let is_trusted = |evidence: &str| {
            EVIDENCE
                .iter()
                .position(|&e| e == evidence)
                .is_some_and(|k| trusted & (1 << k) != 0)
        };
        let all = spec.evidence();
        let edges: Vec<(usize, usize)> = all
            .iter()
            .filter(|(_, _, evidence)| is_trusted(evidence))
            .map(|&(from, to, _)| (from, to))
            .collect();
        let composite: Vec<bool> = (0..n)
            .map(|s| {
                spec.composite[s]
                    && all
                        .iter()
                        .filter(|&&(from, _, _)| from == s)
                        .all(|(_, _, evidence)| is_trusted(evidence))
            })
            .collect();
        // Least fixpoint of G(a) = {a} ∪ G(implied), G(c) = ∪ G(members).
        let mut grants: Vec<Mask> = (0..n)
            .map(|s| if composite[s] { 0 } else { 1 << s })
            .collect();
        loop {
            let mut changed = false;
            for &(from, to) in &edges {
                let before = grants[from];
                grants[from] |= grants[to];
                changed |= grants[from] != before;
            }
            if !changed {
                break;
            }
        }
        Oracle {
            n,
            composite,
            edges,
            grants,
            deprecated: (0..n)
                .filter(|&s| spec.deprecated[s])
                .fold(0, |m, s| m | (1 << s)),
        }
    }

    /// The scopes a minimal string may use: those not deprecated (nor usable only in one
    /// setting), and the selected ones.
    fn allowed(&self, selected: Mask) -> Mask {
        (((1u64 << self.n) - 1) as Mask & !self.deprecated) | selected
    }

    /// The fewest allowed scopes granting exactly `granted`, trying every subset of them.
    fn fewest(&self, granted: Mask, selected: Mask) -> u32 {
        let allowed = self.allowed(selected);
        (0..(1u32 << self.n))
            .filter(|&t| subset(t, allowed) && self.grants_of(&ids_of(t)) == granted)
            .map(u32::count_ones)
            .min()
            .expect("the selection itself grants it")
    }

    fn grants_of(&self, selection: &[usize]) -> Mask {
        selection.iter().fold(0, |m, &s| m | self.grants[s])
    }

    fn held(&self, granted: Mask) -> Mask {
        (0..self.n)
            .filter(|&s| subset(self.grants[s], granted))
            .fold(0, |m, s| m | (1 << s))
    }

    /// Fewest edges from any selected scope to each scope (None: unreachable).
    fn distances(&self, selected: Mask) -> Vec<Option<usize>> {
        let mut distance: Vec<Option<usize>> = (0..self.n)
            .map(|s| (selected & (1 << s) != 0).then_some(0))
            .collect();
        for _ in 0..self.n {
            for &(from, to) in &self.edges {
                if let Some(d) = distance[from]
                    && distance[to].is_none_or(|current| current > d + 1)
                {
                    distance[to] = Some(d + 1);
                }
            }
        }
        distance
    }

    fn members(&self, scope: usize) -> Vec<usize> {
        self.edges
            .iter()
            .filter(|&&(from, _)| from == scope)
            .map(|&(_, to)| to)
            .collect()
    }

    /// Among the smallest sets of maximal candidates granting `granted`, the fewest
    /// members whose group of equal grants holds no selected scope: the smallest cover
    /// keeps as many of the user's scopes as it can.
    fn fewest_unselected(&self, granted: Mask, selected: Mask) -> u32 {
        let candidates = self.held(granted) & self.allowed(selected);
        let maximal: Mask = ids_of(candidates)
            .into_iter()
            .filter(|&s| {
                !ids_of(candidates).into_iter().any(|t| {
                    self.grants[t] != self.grants[s] && subset(self.grants[s], self.grants[t])
                })
            })
            .fold(0, |m, s| m | (1 << s));
        let group_selected = |s: usize| {
            ids_of(candidates & selected)
                .into_iter()
                .any(|t| self.grants[t] == self.grants[s])
        };
        let fewest = self.fewest(granted, selected);
        (0..(1u32 << self.n))
            .filter(|&t| {
                subset(t, maximal)
                    && t.count_ones() == fewest
                    && self.grants_of(&ids_of(t)) == granted
            })
            .map(|t| {
                ids_of(t)
                    .into_iter()
                    .filter(|&s| !group_selected(s))
                    .count() as u32
            })
            .min()
            .expect("a smallest cover of maximal candidates exists")
    }

    /// The representative DESIGN §1 keeps among the allowed held scopes with grants `g`:
    /// a scope the user selected, then an atomic one, then one not deprecated, then the
    /// first in catalog order.
    fn representative(&self, held: Mask, g: Mask, selected: Mask) -> usize {
        let class: Vec<usize> = ids_of(held & self.allowed(selected))
            .into_iter()
            .filter(|&s| self.grants[s] == g)
            .collect();
        let preferred = |s: &usize| {
            (
                selected & (1 << s) == 0,
                self.composite[*s],
                self.deprecated & (1 << s) != 0,
                *s,
            )
        };
        class
            .iter()
            .copied()
            .min_by_key(preferred)
            .expect("a held group is not empty")
    }
}

// ---------------------------------------------------------------------------------------
// The laws
// ---------------------------------------------------------------------------------------

/// Checks every law of DESIGN §1 for one selection (any order, duplicates allowed).
fn check_selection(
    catalog: &Catalog,
    model: &GrantModel,
    oracle: &Oracle,
    selection: &[usize],
) -> Result<(), TestCaseError> {
    let selected = mask_of(selection);
    let granted = oracle.grants_of(selection);
    let held = oracle.held(granted);

    prop_assert_eq!(model.grants(selection), ids_of(granted), "grants");
    prop_assert_eq!(model.held(selection), ids_of(held), "held");
    prop_assert_eq!(
        walk::held_by_walking(catalog, model.trust(), selection)
            .ones()
            .collect::<Vec<_>>(),
        ids_of(held),
        "held, found by walking the edges without the model"
    );
    prop_assert_eq!(model.expanded(selection), ids_of(held), "expanded = held");

    for scope in 0..oracle.n {
        prop_assert_eq!(
            model.added_by(selection, scope),
            ids_of(oracle.grants[scope] & !granted),
            "added_by({})",
            scope
        );
    }

    let minimal = model.minimal(selection);
    prop_assert!(
        minimal.proven,
        "small covers are always proven: {:?}",
        minimal
    );
    prop_assert!(
        minimal.scopes.windows(2).all(|w| w[0] < w[1]),
        "minimal in catalog order, no repeats: {:?}",
        minimal.scopes
    );
    let kept = mask_of(&minimal.scopes);
    prop_assert!(
        subset(kept, held),
        "minimal ⊆ candidates: {:?}",
        minimal.scopes
    );
    prop_assert!(
        subset(kept, oracle.allowed(selected)),
        "a deprecated scope is kept only when selected: {:?}",
        minimal.scopes
    );
    prop_assert_eq!(
        oracle.grants_of(&minimal.scopes),
        granted,
        "G(minimal) = G(S)"
    );
    prop_assert_eq!(
        minimal.scopes.len() as u32,
        oracle.fewest(granted, selected),
        "no smaller set of scopes grants the same: {:?}",
        minimal.scopes
    );
    for &m in &minimal.scopes {
        prop_assert_eq!(
            m,
            oracle.representative(held, oracle.grants[m], selected),
            "kept scope is its equal-grants group's representative (selected, then atomic, then catalog order)"
        );
    }
    prop_assert_eq!(
        minimal
            .scopes
            .iter()
            .filter(|&&m| selected & (1 << m) == 0)
            .count() as u32,
        oracle.fewest_unselected(granted, selected),
        "the cover keeps as many selected scopes as a smallest cover can: {:?}",
        minimal.scopes
    );
    // Selecting every allowed held scope changes which scopes stand in the string, not
    // how many are needed.
    let from_held = model.minimal(&ids_of(held & oracle.allowed(selected)));
    prop_assert_eq!(
        from_held.scopes.len(),
        minimal.scopes.len(),
        "|minimal(H(S) ∩ allowed)|"
    );
    prop_assert_eq!(
        oracle.grants_of(&from_held.scopes),
        granted,
        "G(minimal(H(S) ∩ allowed))"
    );
    prop_assert_eq!(
        &model.minimal(&minimal.scopes),
        &minimal,
        "minimal is idempotent"
    );
    // A selected scope whose group is kept stands for it.
    for &s in &ids_of(selected) {
        if let Some(&kept) = minimal
            .scopes
            .iter()
            .find(|&&m| oracle.grants[m] == oracle.grants[s])
        {
            prop_assert!(
                selected & (1 << kept) != 0,
                "{} selected, but {} stands for its group",
                s,
                kept
            );
        }
    }

    let explanation = model.explain(selection);
    prop_assert_eq!(&explanation.minimal, &minimal, "explain's minimal");
    let explained: Vec<ScopeId> = explanation.held.iter().map(|&(s, _)| s).collect();
    prop_assert_eq!(
        explained,
        ids_of(held),
        "every held scope has a reason, in catalog order"
    );
    let distance = oracle.distances(selected);
    for (scope, reason) in &explanation.held {
        let scope = *scope;
        let is_selected = selected & (1 << scope) != 0;
        match reason {
            HeldReason::Selected => prop_assert!(is_selected, "{scope} Selected but not in S"),
            HeldReason::Implied {
                previous,
                edge,
                origin,
                length,
            } => {
                let chain = explanation.chain(scope);
                prop_assert!(!is_selected, "{scope} selected but explained as implied");
                prop_assert_eq!(chain.last(), Some(edge), "{}: the last step", scope);
                prop_assert_eq!(catalog.edges[*edge].from, *previous, "{}: previous", scope);
                prop_assert_eq!(chain.len(), *length, "{}: the length", scope);
                prop_assert!(!chain.is_empty(), "{scope}: empty chain");
                let first = &catalog.edges[chain[0]];
                prop_assert!(
                    selected & (1 << first.from) != 0,
                    "{scope}: chain starts at {}",
                    first.from
                );
                prop_assert_eq!(first.from, *origin, "{}: the origin", scope);
                for pair in chain.windows(2) {
                    prop_assert_eq!(
                        catalog.edges[pair[0]].to,
                        catalog.edges[pair[1]].from,
                        "{}: chain breaks",
                        scope
                    );
                }
                prop_assert_eq!(
                    catalog.edges[*chain.last().unwrap()].to,
                    scope,
                    "chain ends at the scope"
                );
                prop_assert_eq!(
                    Some(chain.len()),
                    distance[scope],
                    "{}: chain is shortest",
                    scope
                );
            }
            HeldReason::Covered { members } => {
                prop_assert!(!is_selected, "{scope} selected but explained as covered");
                prop_assert!(
                    oracle.composite[scope],
                    "{scope}: only composites are covered"
                );
                prop_assert_eq!(
                    distance[scope],
                    None,
                    "{}: reachable, so it should be implied",
                    scope
                );
                let mut members = members.clone();
                members.sort_unstable();
                prop_assert_eq!(
                    &members,
                    &oracle.members(scope),
                    "{}: covered members",
                    scope
                );
                prop_assert!(subset(mask_of(&members), held), "{scope}: members all held");
            }
        }
    }
    let dropped: Vec<ScopeId> = explanation.dropped.iter().map(|(s, _)| *s).collect();
    prop_assert_eq!(dropped, ids_of(selected & !kept), "dropped = S \\ minimal");
    for (scope, covering) in &explanation.dropped {
        prop_assert!(
            !covering.is_empty(),
            "{scope}: dropped with no covering scope"
        );
        prop_assert!(
            subset(mask_of(covering), kept),
            "{scope}: covered by non-kept {covering:?}"
        );
        prop_assert!(
            subset(oracle.grants[*scope], oracle.grants_of(covering)),
            "{scope}: not covered by {covering:?}"
        );
    }

    // Order and duplication of S do not matter.
    let canonical = ids_of(selected);
    prop_assert_eq!(model.grants(&canonical), model.grants(selection));
    prop_assert_eq!(model.held(&canonical), model.held(selection));
    prop_assert_eq!(&model.minimal(&canonical), &minimal);
    prop_assert_eq!(&model.explain(&canonical), &explanation);
    let mut shuffled: Vec<usize> = selection.iter().rev().copied().collect();
    shuffled.extend(selection.iter().step_by(2));
    prop_assert_eq!(&model.minimal(&shuffled), &minimal);
    prop_assert_eq!(&model.explain(&shuffled), &explanation);
    Ok(())
}

fn check_diff(
    model: &GrantModel,
    oracle: &Oracle,
    a: &[usize],
    b: &[usize],
) -> Result<(), TestCaseError> {
    let (ga, gb) = (oracle.grants_of(a), oracle.grants_of(b));
    let diff = model.diff(a, b);
    prop_assert_eq!(&diff.added, &ids_of(gb & !ga), "added");
    prop_assert_eq!(&diff.removed, &ids_of(ga & !gb), "removed");
    prop_assert_eq!(diff.within(), subset(gb, ga), "within iff G(B) ⊆ G(A)");
    Ok(())
}

/// All laws on a catalog for the given selections, plus every pair of them for diff,
/// trusting what `trusted` says.
fn check_catalog(
    spec: &Spec,
    selections: &[Vec<usize>],
    trusted: Trusted,
) -> Result<(), TestCaseError> {
    let catalog = spec.load();
    // The loader read back what was written.
    prop_assert_eq!(catalog.len(), spec.len());
    for (i, scope) in catalog.scopes.iter().enumerate() {
        prop_assert_eq!(&scope.name, NAMES[i]);
        prop_assert_eq!(scope.composite, spec.composite[i], "kind of {}", NAMES[i]);
    }
    let edges: BTreeSet<(usize, usize)> = catalog.edges.iter().map(|e| (e.from, e.to)).collect();
    prop_assert_eq!(catalog.edges.len(), edges.len(), "edges are deduplicated");
    prop_assert_eq!(&edges, &spec.edges());

    let oracle = Oracle::new(spec, trusted);
    // With the dense tables and without them (as for huge chains and cycles): the same
    // laws, and the same answers.
    let tabulated = GrantModel::with_trust(&catalog, trust_of(trusted));
    prop_assert!(tabulated.is_tabulated());
    let untabulated = GrantModel::untabulated(&catalog, trust_of(trusted));
    prop_assert!(!untabulated.is_tabulated());
    for model in [&tabulated, &untabulated] {
        check_model(spec, &catalog, model, &oracle, selections, trusted)?;
    }
    let everything: Vec<usize> = (0..spec.len()).collect();
    for selection in selections.iter().chain([&everything]) {
        prop_assert_eq!(
            tabulated.minimal(selection),
            untabulated.minimal(selection),
            "minimal with and without tables"
        );
        prop_assert_eq!(
            tabulated.explain(selection).held,
            untabulated.explain(selection).held,
            "explained held with and without tables"
        );
    }
    Ok(())
}

fn check_model(
    spec: &Spec,
    catalog: &Catalog,
    model: &GrantModel,
    oracle: &Oracle,
    selections: &[Vec<usize>],
    trusted: Trusted,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(model.trust(), trust_of(trusted));
    for (s, name) in NAMES.iter().enumerate().take(spec.len()) {
        prop_assert_eq!(model.grants_of(s), ids_of(oracle.grants[s]), "G({})", name);
        prop_assert_eq!(
            model.is_composite(s),
            oracle.composite[s],
            "kind of {}",
            name
        );
        prop_assert_eq!(
            walk::is_composite(catalog, model.trust(), s),
            oracle.composite[s],
            "kind of {}, without the model",
            name
        );
    }
    prop_assert_eq!(
        model.explain(&[]),
        Explanation::of_nothing(),
        "nothing explained"
    );
    // Every single scope, the empty selection and everything.
    for s in 0..spec.len() {
        check_selection(catalog, model, oracle, &[s])?;
    }
    check_selection(catalog, model, oracle, &[])?;
    check_selection(catalog, model, oracle, &(0..spec.len()).collect::<Vec<_>>())?;
    for selection in selections {
        check_selection(catalog, model, oracle, selection)?;
    }
    for a in selections {
        for b in selections {
            check_diff(model, oracle, a, b)?;
        }
        check_diff(model, oracle, a, &[])?;
        check_diff(model, oracle, &[], a)?;
    }
    Ok(())
}

proptest! {
    // Cheap cases (under a millisecond each in debug): more of them than the default.
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn random_catalogs_agree_with_the_oracle(
        (spec, selections) in with_selections(any_spec()),
        trusted in 0..=TRUST_ALL,
    ) {
        check_catalog(&spec, &selections, trusted)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn laminar_catalogs_minimise_to_the_maximal_held_scopes(
        (spec, selections) in with_selections(laminar_spec())
    ) {
        check_catalog(&spec, &selections, TRUST_ALL)?;
        let catalog = spec.load();
        let model = GrantModel::with_trust(&catalog, Trust::ALL);
        let oracle = Oracle::new(&spec, TRUST_ALL);
        for selection in &selections {
            let held = oracle.held(oracle.grants_of(selection));
            // The maximal grant sets among held scopes, one representative each.
            let maximal: BTreeSet<usize> = ids_of(held)
                .into_iter()
                .filter(|&s| {
                    !ids_of(held).into_iter().any(|t| {
                        oracle.grants[t] != oracle.grants[s] && subset(oracle.grants[s], oracle.grants[t])
                    })
                })
                .map(|s| oracle.representative(held, oracle.grants[s], mask_of(selection)))
                .collect();
            let minimal = model.minimal(selection);
            prop_assert_eq!(&minimal.scopes, &maximal.into_iter().collect::<Vec<_>>());
            let mut seen: Mask = 0;
            for &m in &minimal.scopes {
                prop_assert_eq!(oracle.grants[m] & seen, 0, "laminar: kept scopes are disjoint");
                seen |= oracle.grants[m];
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn overlapping_composites_get_an_exact_cover((spec, selections) in with_selections(overlapping_spec())) {
        check_catalog(&spec, &selections, TRUST_ALL)?;
        // Every set of atomic scopes: the selections where composites compete.
        let catalog = spec.load();
        let model = GrantModel::with_trust(&catalog, Trust::ALL);
        let oracle = Oracle::new(&spec, TRUST_ALL);
        let atomic: Vec<usize> = (0..spec.len()).filter(|&s| !spec.composite[s]).collect();
        for chosen in 0u32..(1 << atomic.len()) {
            let selection: Vec<usize> = ids_of(chosen).into_iter().map(|i| atomic[i]).collect();
            check_selection(&catalog, &model, &oracle, &selection)?;
        }
    }
}

/// Trusting less (`less` ⊆ `more`), for every selection S:
/// - H_less(S) ⊆ H_more(S): an untrusted edge never makes more scopes held;
/// - G_more(minimal_less(S)) = G_more(S): the string made with less trust grants exactly
///   what S grants even if the untrusted edges are true, so dropping an edge never drops
///   a token the selection needs, nor adds privilege;
/// - |minimal_more(S)| ≤ |minimal_less(S)|: an untrusted edge never makes a string
///   shorter (it is the other way round that is unsafe: with more trust the string may
///   be shorter, and if the extra edges are wrong it grants less than S).
fn check_trust_laws(
    spec: &Spec,
    selections: &[Vec<usize>],
    more: Trusted,
    less: Trusted,
) -> Result<(), TestCaseError> {
    let catalog = spec.load();
    let (trust_more, trust_less) = (trust_of(more), trust_of(less));
    prop_assert!(trust_more.includes(trust_less));
    let model_more = GrantModel::with_trust(&catalog, trust_more);
    let model_less = GrantModel::with_trust(&catalog, trust_less);
    let oracle_more = Oracle::new(spec, more);
    let oracle_less = Oracle::new(spec, less);
    let singles: Vec<Vec<usize>> = (0..spec.len()).map(|s| vec![s]).collect();
    for selection in selections.iter().chain(&singles) {
        let held_less = oracle_less.held(oracle_less.grants_of(selection));
        let held_more = oracle_more.held(oracle_more.grants_of(selection));
        prop_assert!(subset(held_less, held_more), "H_less ⊆ H_more");
        let minimal_less = model_less.minimal(selection);
        let minimal_more = model_more.minimal(selection);
        prop_assert_eq!(
            oracle_less.grants_of(&minimal_less.scopes),
            oracle_less.grants_of(selection),
            "G_less(minimal_less(S)) = G_less(S)"
        );
        prop_assert_eq!(
            oracle_more.grants_of(&minimal_less.scopes),
            oracle_more.grants_of(selection),
            "G_more(minimal_less(S)) = G_more(S): {:?}",
            minimal_less.scopes
        );
        prop_assert!(
            minimal_more.scopes.len() <= minimal_less.scopes.len(),
            "more trust, longer string: {:?} vs {:?}",
            minimal_more.scopes,
            minimal_less.scopes
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_untrusted_edge_never_makes_a_string_shorter(
        (spec, selections) in with_selections(any_spec()),
        more in 0..=TRUST_ALL,
        keep in 0..=TRUST_ALL,
    ) {
        check_trust_laws(&spec, &selections, more, more & keep)?;
    }
}

#[test]
fn trust_parses_levels_and_all() {
    assert_eq!(
        Trust::parse("documented,description,derived"),
        Ok(Trust::DEFAULT)
    );
    assert_eq!(Trust::default(), Trust::DEFAULT);
    assert_eq!(Trust::parse("all"), Ok(Trust::ALL));
    assert_eq!(
        Trust::parse(" Inferred , documented "),
        Trust::parse("documented,inferred")
    );
    assert_eq!(
        Trust::DEFAULT.to_string(),
        "documented, description, derived"
    );
    assert_eq!(
        Trust::ALL.levels(),
        ["documented", "description", "derived", "inferred"]
    );
    assert!(!Trust::DEFAULT.trusts(scopex::catalog::Evidence::Inferred));
    assert!(Trust::ALL.includes(Trust::DEFAULT));
    assert!(!Trust::DEFAULT.includes(Trust::ALL));
    let error = Trust::parse("documentd").unwrap_err();
    assert!(
        error.contains("`documentd`") && error.contains("did you mean `documented`"),
        "{error}"
    );
    assert!(Trust::parse("").is_err());
    assert!(Trust::parse(" , ").is_err());
}

#[test]
fn a_composite_that_loses_a_member_becomes_atomic() {
    let catalog = load(
        r#"
id = "partial"
name = "Partial"

[[scope]]
name = "all"
description = "read and write"

[[scope]]
name = "read"
description = "read"

[[scope]]
name = "write"
description = "write"

[[implies]]
from = "all"
to = ["read"]
composite = true
evidence = "documented"

[[implies]]
from = "all"
to = ["write"]
composite = true
evidence = "inferred"
"#,
    );
    let everything = GrantModel::with_trust(&catalog, Trust::ALL);
    assert!(everything.is_composite(0));
    assert_eq!(
        names(
            &catalog,
            &everything
                .minimal(&ids(&catalog, &["read", "write"]))
                .scopes
        ),
        ["all"]
    );
    let model = GrantModel::new(&catalog);
    assert!(
        !model.is_composite(0),
        "all may grant what no trusted edge shows"
    );
    assert_eq!(names(&catalog, &model.grants_of(0)), ["all", "read"]);
    // read and write no longer add up to all, and all still covers read.
    assert_eq!(
        names(
            &catalog,
            &model.minimal(&ids(&catalog, &["read", "write"])).scopes
        ),
        ["read", "write"]
    );
    assert_eq!(
        names(
            &catalog,
            &model
                .minimal(&ids(&catalog, &["all", "read", "write"]))
                .scopes
        ),
        ["all", "write"]
    );
}

// ---------------------------------------------------------------------------------------
// Named cases
// ---------------------------------------------------------------------------------------

fn load(text: &str) -> Catalog {
    parse_catalog(text, "inline.toml", Origin::Builtin).unwrap_or_else(|e| panic!("{e}"))
}

fn ids(catalog: &Catalog, names: &[&str]) -> Vec<ScopeId> {
    catalog
        .lookup_all(names.iter().copied())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn names(catalog: &Catalog, ids: &[ScopeId]) -> Vec<String> {
    ids.iter().map(|&id| catalog.name(id).to_string()).collect()
}

fn minimal_names(catalog: &Catalog, selection: &[&str]) -> Vec<String> {
    let model = GrantModel::new(catalog);
    let minimal = model.minimal(&ids(catalog, selection));
    assert!(minimal.proven);
    names(catalog, &minimal.scopes)
}

fn held_names(catalog: &Catalog, selection: &[&str]) -> Vec<String> {
    let model = GrantModel::new(catalog);
    names(catalog, &model.held(&ids(catalog, selection)))
}

const TRIANGLE: &str = r#"
id = "triangle"
name = "Triangle"

[[scope]]
name = "a"
description = "a"

[[scope]]
name = "b"
description = "b"

[[scope]]
name = "c"
description = "c"

[[scope]]
name = "ab"
description = "a and b"

[[scope]]
name = "bc"
description = "b and c"

[[scope]]
name = "ca"
description = "c and a"

[[implies]]
from = "ab"
to = ["a", "b"]
composite = true
evidence = "documented"

[[implies]]
from = "bc"
to = ["b", "c"]
composite = true
evidence = "documented"

[[implies]]
from = "ca"
to = ["c", "a"]
composite = true
evidence = "documented"
"#;

#[test]
fn triangle_of_overlapping_composites_needs_two_tokens() {
    let catalog = load(TRIANGLE);
    let model = GrantModel::new(&catalog);
    for selection in [
        vec!["a", "b", "c"],
        vec!["ab", "bc", "ca"],
        vec!["ab", "c"],
        vec!["c", "b", "a", "ab", "bc"],
    ] {
        let selected = ids(&catalog, &selection);
        let minimal = model.minimal(&selected);
        assert!(minimal.proven, "{selection:?}");
        assert_eq!(
            minimal.scopes.len(),
            2,
            "{selection:?} → {:?}",
            names(&catalog, &minimal.scopes)
        );
        assert_eq!(
            model.grants(&minimal.scopes),
            ids(&catalog, &["a", "b", "c"])
        );
        assert!(
            minimal.scopes.iter().all(|&s| model.is_composite(s)),
            "{selection:?}"
        );
        assert_eq!(
            held_names(&catalog, &selection),
            ["a", "b", "c", "ab", "bc", "ca"],
            "{selection:?}"
        );
    }
    // Two atoms: exactly one composite covers them.
    assert_eq!(minimal_names(&catalog, &["a", "b"]), ["ab"]);
    assert_eq!(minimal_names(&catalog, &["a", "c"]), ["ca"]);
    assert_eq!(minimal_names(&catalog, &["b"]), ["b"]);
    // The composites nobody selected are held as covered.
    let explanation = model.explain(&ids(&catalog, &["a", "b", "c"]));
    let covered: Vec<String> = explanation
        .held
        .iter()
        .filter(|(_, reason)| matches!(reason, HeldReason::Covered { .. }))
        .map(|&(s, _)| catalog.name(s).to_string())
        .collect();
    assert_eq!(covered, ["ab", "bc", "ca"]);
}

#[test]
fn mutual_implication_minimises_to_the_selected_scope() {
    let catalog = load(
        r#"
id = "cycle"
name = "Cycle"

[[scope]]
name = "x"
description = "x"

[[scope]]
name = "y"
description = "y"

[[scope]]
name = "z"
description = "z"

[[implies]]
from = "x"
to = ["y"]
evidence = "documented"

[[implies]]
from = "y"
to = ["x", "z"]
evidence = "documented"
"#,
    );
    let model = GrantModel::new(&catalog);
    assert_eq!(held_names(&catalog, &["y"]), ["x", "y", "z"]);
    assert_eq!(held_names(&catalog, &["x"]), ["x", "y", "z"]);
    assert_eq!(held_names(&catalog, &["z"]), ["z"]);
    // x and y grant the same: the one the user asked for stands for both.
    assert_eq!(minimal_names(&catalog, &["y"]), ["y"]);
    assert_eq!(minimal_names(&catalog, &["x"]), ["x"]);
    assert_eq!(minimal_names(&catalog, &["y", "z"]), ["y"]);
    // Both selected: the first in catalog order.
    assert_eq!(minimal_names(&catalog, &["x", "y", "z"]), ["x"]);
    assert_eq!(minimal_names(&catalog, &["z", "y", "x"]), ["x"]);
    // x reaches z in two steps: x → y → z.
    let explanation = model.explain(&ids(&catalog, &["x"]));
    let z = catalog.id_of("z").unwrap();
    let (_, reason) = explanation.held.iter().find(|(s, _)| *s == z).unwrap();
    let HeldReason::Implied { .. } = reason else {
        panic!("z should be implied, got {reason:?}");
    };
    let chain = explanation.chain(z);
    let steps: Vec<(&str, &str)> = chain
        .iter()
        .map(|&e| {
            (
                catalog.name(catalog.edges[e].from),
                catalog.name(catalog.edges[e].to),
            )
        })
        .collect();
    assert_eq!(steps, [("x", "y"), ("y", "z")]);
}

#[test]
fn composite_of_composites_is_found_from_its_atoms() {
    let catalog = load(
        r#"
id = "nested"
name = "Nested"

[[scope]]
name = "top"
description = "everything"

[[scope]]
name = "pair"
description = "p and q"

[[scope]]
name = "p"
description = "p"

[[scope]]
name = "q"
description = "q"

[[scope]]
name = "r"
description = "r"

[[implies]]
from = "top"
to = ["pair", "r"]
composite = true
evidence = "documented"

[[implies]]
from = "pair"
to = ["p", "q"]
composite = true
evidence = "documented"
"#,
    );
    assert_eq!(minimal_names(&catalog, &["r", "q", "p"]), ["top"]);
    assert_eq!(minimal_names(&catalog, &["pair", "r"]), ["top"]);
    assert_eq!(minimal_names(&catalog, &["p", "q"]), ["pair"]);
    assert_eq!(held_names(&catalog, &["p", "q"]), ["pair", "p", "q"]);
    assert_eq!(
        held_names(&catalog, &["top"]),
        ["top", "pair", "p", "q", "r"]
    );
}

/// A cover problem too large to prove minimal quickly: whatever the search does within
/// its budget, the answer has exactly the selection's grants and no more.
#[test]
fn large_overlapping_catalog_still_gets_an_exact_cover() {
    use support::catalogs::{ATOMS, overlapping_composites};
    let text = overlapping_composites();
    let catalog = load(&text);
    let model = GrantModel::new(&catalog);
    let everything: Vec<ScopeId> = (0..ATOMS).collect();
    let start = std::time::Instant::now();
    let minimal = model.minimal(&everything);
    let elapsed = start.elapsed();
    assert!(
        elapsed.as_secs() < 5,
        "the search budget bounds the time: {elapsed:?}"
    );
    assert_eq!(model.grants(&minimal.scopes), model.grants(&everything));
    assert!(minimal.scopes.windows(2).all(|w| w[0] < w[1]));
    let held = model.held(&everything);
    assert!(minimal.scopes.iter().all(|s| held.contains(s)));
    // Never worse than picking every atom.
    assert!(
        minimal.scopes.len() < ATOMS,
        "{} tokens",
        minimal.scopes.len()
    );
    let explanation = model.explain(&everything);
    assert_eq!(explanation.minimal, minimal);
    for (scope, covering) in &explanation.dropped {
        let granted = model.grants(covering);
        assert!(model.grants_of(*scope).iter().all(|a| granted.contains(a)));
    }
}

// Built-in catalogs.

#[test]
fn outreach_levels_minimise_to_all() {
    let outreach = builtin("outreach").expect("outreach is built in");
    assert_eq!(
        minimal_names(
            &outreach,
            &["prospects.read", "prospects.write", "prospects.delete"]
        ),
        ["prospects.all"]
    );
    assert_eq!(
        minimal_names(
            &outreach,
            &["prospects.all", "prospects.read", "users.read"]
        ),
        ["prospects.all", "users.read"]
    );
    assert_eq!(
        held_names(&outreach, &["prospects.all"]),
        [
            "prospects.all",
            "prospects.read",
            "prospects.write",
            "prospects.delete"
        ]
    );
    // Two of three levels are not `.all`, and write does not hold read.
    assert_eq!(
        minimal_names(&outreach, &["prospects.write", "prospects.delete"]),
        ["prospects.write", "prospects.delete"]
    );
    assert_eq!(
        held_names(&outreach, &["prospects.write"]),
        ["prospects.write"]
    );
}

#[test]
fn equal_grants_keep_the_selected_scope_then_atomic_then_catalog_order() {
    // `all` is a composite of `read` alone, `mirror` an atomic scope in a cycle with
    // `read`: all three grant exactly the same.
    let catalog = load(
        r#"
id = "ties"
name = "Ties"

[[scope]]
name = "all"
description = "everything, which is read"

[[scope]]
name = "read"
description = "read"

[[scope]]
name = "mirror"
description = "the same as read"

[[scope]]
name = "write"
description = "write"

[[implies]]
from = "all"
to = ["read"]
composite = true
evidence = "documented"

[[implies]]
from = "read"
to = ["mirror"]
evidence = "documented"

[[implies]]
from = "mirror"
to = ["read"]
evidence = "documented"
"#,
    );
    let model = GrantModel::new(&catalog);
    assert_eq!(
        model.grants(&ids(&catalog, &["all"])),
        model.grants(&ids(&catalog, &["mirror"]))
    );
    // What the user asked for is what they get back.
    assert_eq!(minimal_names(&catalog, &["all"]), ["all"]);
    assert_eq!(minimal_names(&catalog, &["read"]), ["read"]);
    assert_eq!(minimal_names(&catalog, &["mirror"]), ["mirror"]);
    assert_eq!(minimal_names(&catalog, &["all", "write"]), ["all", "write"]);
    // Among selected ones: atomic before composite, then catalog order.
    assert_eq!(minimal_names(&catalog, &["all", "mirror"]), ["mirror"]);
    assert_eq!(
        minimal_names(&catalog, &["mirror", "read", "all"]),
        ["read"]
    );
}

#[test]
fn deprecated_scopes_stand_in_the_string_only_when_selected() {
    let catalog = load(
        r#"
id = "old"
name = "Old"

[[scope]]
name = "x"
description = "x"

[[scope]]
name = "y"
description = "y"

[[scope]]
name = "xy"
description = "x and y"
deprecated = "removed upstream; ask for x and y"

[[scope]]
name = "old"
description = "the old name of new"
deprecated = "renamed to new"

[[scope]]
name = "new"
description = "new"

[[implies]]
from = "xy"
to = ["x", "y"]
composite = true
evidence = "documented"

[[implies]]
from = "old"
to = ["new"]
evidence = "documented"

[[implies]]
from = "new"
to = ["old"]
evidence = "documented"
"#,
    );
    let model = GrantModel::new(&catalog);
    assert!(model.is_deprecated(2));
    // xy is held, but nobody asked for it.
    assert_eq!(held_names(&catalog, &["x", "y"]), ["x", "y", "xy"]);
    assert_eq!(minimal_names(&catalog, &["x", "y"]), ["x", "y"]);
    // Asked for, it stays, and covers x and y.
    assert_eq!(minimal_names(&catalog, &["xy"]), ["xy"]);
    assert_eq!(minimal_names(&catalog, &["xy", "x", "y"]), ["xy"]);
    // Equal grants, both selected: the one not deprecated.
    assert_eq!(minimal_names(&catalog, &["old", "new"]), ["new"]);
    assert_eq!(minimal_names(&catalog, &["old"]), ["old"]);
}

#[test]
fn scopes_usable_only_in_one_setting_stand_in_the_string_only_when_selected() {
    let catalog = load(
        r#"
id = "mail"
name = "Mail"

[[scope]]
name = "read"
description = "read mail"

[[scope]]
name = "send"
description = "send mail"

[[scope]]
name = "addon.all"
description = "read and send mail while the add-on runs"
only_in = "mail add-ons"

[[scope]]
name = "addon.read"
description = "read mail while the add-on runs"
only_in = "mail add-ons"

[[implies]]
from = "addon.all"
to = ["read", "send"]
composite = true
evidence = "documented"

[[implies]]
from = "addon.read"
to = ["read"]
evidence = "documented"

[[implies]]
from = "read"
to = ["addon.read"]
evidence = "documented"
"#,
    );
    let model = GrantModel::new(&catalog);
    assert!(model.is_restricted(2) && !model.is_deprecated(2));
    // The add-on's scope is held, and would be one token instead of two, but a web
    // app that sent it would be refused.
    assert_eq!(
        held_names(&catalog, &["read", "send"]),
        ["read", "send", "addon.all", "addon.read"]
    );
    assert_eq!(minimal_names(&catalog, &["read", "send"]), ["read", "send"]);
    // Asked for, it stays.
    assert_eq!(minimal_names(&catalog, &["addon.all"]), ["addon.all"]);
    assert_eq!(
        minimal_names(&catalog, &["addon.all", "read"]),
        ["addon.all"]
    );
    // Equal grants, both selected: the one usable everywhere.
    assert_eq!(minimal_names(&catalog, &["addon.read", "read"]), ["read"]);
    assert_eq!(minimal_names(&catalog, &["addon.read"]), ["addon.read"]);
}

#[test]
fn outreach_audits_all_stays_as_asked() {
    let outreach = builtin("outreach").expect("outreach is built in");
    assert_eq!(minimal_names(&outreach, &["audits.all"]), ["audits.all"]);
    assert_eq!(minimal_names(&outreach, &["audits.read"]), ["audits.read"]);
    // audits.all covers audits.read only by our reading (audits has no write or delete):
    // an inferred edge, not trusted by default, so both stay.
    assert_eq!(
        minimal_names(&outreach, &["audits.all", "audits.read"]),
        ["audits.all", "audits.read"]
    );
    // Trusting inferred edges, they have equal grants: the atomic one stays.
    let model = GrantModel::with_trust(&outreach, Trust::ALL);
    let minimal = model.minimal(&ids(&outreach, &["audits.all", "audits.read"]));
    assert_eq!(names(&outreach, &minimal.scopes), ["audits.read"]);
}

#[test]
fn outreach_opensense_profile_scopes() {
    let outreach = builtin("outreach").expect("outreach is built in");
    assert_eq!(
        minimal_names(
            &outreach,
            &["users.all", "teams.read", "mailboxes.all", "prospects.read"]
        ),
        ["mailboxes.all", "prospects.read", "teams.read", "users.all"]
    );
}

#[test]
fn sipgate_session_scopes_minimise_to_sessions_write() {
    let sipgate = builtin("sipgate").expect("sipgate is built in");
    assert_eq!(
        minimal_names(
            &sipgate,
            &[
                "sessions:calls:write",
                "sessions:fax:write",
                "sessions:sms:write"
            ]
        ),
        ["sessions:write"]
    );
    assert_eq!(
        held_names(&sipgate, &["sessions:write"]),
        [
            "sessions:calls:write",
            "sessions:fax:write",
            "sessions:sms:write",
            "sessions:write"
        ]
    );
    let model = GrantModel::new(&sipgate);
    let explanation = model.explain(&ids(&sipgate, &["sessions:write"]));
    let sms = sipgate.id_of("sessions:sms:write").unwrap();
    let (_, reason) = explanation.held.iter().find(|(s, _)| *s == sms).unwrap();
    let HeldReason::Implied { .. } = reason else {
        panic!("sessions:sms:write should be implied, got {reason:?}");
    };
    let chain = explanation.chain(sms);
    assert_eq!(chain.len(), 1);
    let edge = &sipgate.edges[chain[0]];
    assert_eq!(sipgate.name(edge.from), "sessions:write");
    assert_eq!(edge.evidence.as_str(), "description");
}

#[test]
fn github_nesting() {
    let github = builtin("github").expect("github is built in");
    assert_eq!(
        minimal_names(&github, &["repo", "repo:status", "user:email"]),
        ["repo", "user:email"]
    );
    let held = held_names(&github, &["admin:org"]);
    assert!(held.iter().any(|s| s == "write:org"), "{held:?}");
    assert!(held.iter().any(|s| s == "read:org"), "{held:?}");
    assert_eq!(held, ["admin:org", "write:org", "read:org"]);
    // Normalised scopes, GitHub's own example: user,gist,user:email → user gist.
    assert_eq!(
        minimal_names(&github, &["user", "gist", "user:email"]),
        ["gist", "user"]
    );
    // No edge between the package scopes but write ⇒ read.
    assert_eq!(
        minimal_names(
            &github,
            &["delete:packages", "read:packages", "write:packages"]
        ),
        ["write:packages", "delete:packages"]
    );
    let model = GrantModel::new(&github);
    let diff = model.diff(&ids(&github, &["admin:org"]), &ids(&github, &["read:org"]));
    assert!(diff.within());
    assert_eq!(names(&github, &diff.removed), ["admin:org", "write:org"]);
}
