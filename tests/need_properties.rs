//! Least privilege from operations (DESIGN §2b) against a brute-force oracle on random
//! small catalogs with random operations.
//!
//! The oracle shares no code with `src/need.rs` or `src/grants.rs`: grants are bitmasks
//! computed by a fixpoint over the edges, and every subset of the catalog is tried as a
//! selection. A subset authorizes the operations when each has an alternative whose
//! scopes are all held (one naming no scope marked `only_in` and no deprecated scope that
//! some other answer could do without, where the operation has such); among those, the
//! least privilege has the fewest grants, then the fewest scopes, then the fewest of the
//! catalog's operations authorized, then the operations' own order. Some operations have
//! an empty alternative (`requires = [[]]`: a call any token may make), which every
//! selection, the empty one too, authorizes.

use proptest::collection::vec;
use proptest::prelude::*;
use scopex::catalog::{Catalog, Origin, ScopeId, parse_catalog};
use scopex::grants::GrantModel;
use scopex::need::{
    ByScope, Coverage, SEARCH_BUDGET, Weight, Why, fit, need, need_ranked, need_with,
};

type Mask = u32;

fn ids_of(mask: Mask) -> Vec<usize> {
    (0..32).filter(|&i| mask & (1 << i) != 0).collect()
}

fn mask_of(ids: &[usize]) -> Mask {
    ids.iter().fold(0, |m, &i| m | (1 << i))
}

fn subset(small: Mask, large: Mask) -> bool {
    small & !large == 0
}

/// A small catalog: which scopes are composite, and each scope's targets (implied scopes,
/// or members of a composite).
#[derive(Debug, Clone)]
struct Spec {
    composite: Vec<bool>,
    targets: Vec<Vec<usize>>,
    /// Scopes usable only in a particular setting (`only_in`).
    restricted: Vec<bool>,
    /// Deprecated scopes.
    deprecated: Vec<bool>,
}

impl Spec {
    fn repaired(mut composite: Vec<bool>, mut targets: Vec<Vec<usize>>) -> Spec {
        let n = composite.len();
        if composite.iter().all(|&c| c) {
            composite[0] = false;
        }
        for (i, list) in targets.iter_mut().enumerate() {
            // No composite may be its own member through others: a composite lists
            // only earlier composites.
            list.retain(|&t| t != i && !(composite[i] && composite[t] && t > i));
            list.sort_unstable();
            list.dedup();
        }
        let first_atomic = (0..n).find(|&i| !composite[i]).unwrap_or(0);
        // Every composite needs a member and must reach an atomic scope.
        loop {
            let mut reaches: Vec<bool> = composite.iter().map(|&c| !c).collect();
            let mut changed = true;
            while changed {
                changed = false;
                for i in 0..n {
                    if !reaches[i] && targets[i].iter().any(|&t| reaches[t]) {
                        reaches[i] = true;
                        changed = true;
                    }
                }
            }
            match (0..n).find(|&i| !reaches[i]) {
                None => break,
                Some(i) => targets[i].push(first_atomic),
            }
        }
        Spec {
            composite,
            targets,
            restricted: vec![false; n],
            deprecated: vec![false; n],
        }
    }

    fn len(&self) -> usize {
        self.composite.len()
    }

    fn name(i: usize) -> String {
        format!("s{i}")
    }

    fn load(&self) -> Catalog {
        let mut text = String::from("id = \"random\"\nname = \"Random\"\n\n");
        for i in 0..self.len() {
            text.push_str(&format!(
                "[[scope]]\nname = \"{}\"\ndescription = \"Scope {i}\"\n",
                Spec::name(i)
            ));
            if self.restricted[i] {
                text.push_str("only_in = \"a test setting\"\n");
            }
            if self.deprecated[i] {
                text.push_str("deprecated = \"replaced\"\n");
            }
            text.push('\n');
        }
        for (i, targets) in self.targets.iter().enumerate() {
            if targets.is_empty() {
                continue;
            }
            let to: Vec<String> = targets
                .iter()
                .map(|&t| format!("\"{}\"", Spec::name(t)))
                .collect();
            text.push_str(&format!(
                "[[implies]]\nfrom = \"{}\"\nto = [{}]\ncomposite = {}\nevidence = \"documented\"\n\n",
                Spec::name(i),
                to.join(", "),
                self.composite[i]
            ));
        }
        parse_catalog(&text, "random.toml", Origin::Builtin)
            .unwrap_or_else(|e| panic!("random catalog must load: {e}\n{text}"))
    }

    /// G(s) of every scope: the least fixpoint of G(a) = {a} ∪ G(targets), G(c) =
    /// ∪ G(members).
    fn grants(&self) -> Vec<Mask> {
        let mut grants: Vec<Mask> = (0..self.len())
            .map(|s| if self.composite[s] { 0 } else { 1 << s })
            .collect();
        let mut changed = true;
        while changed {
            changed = false;
            for (from, targets) in self.targets.iter().enumerate() {
                for &to in targets {
                    let before = grants[from];
                    grants[from] |= grants[to];
                    changed |= grants[from] != before;
                }
            }
        }
        grants
    }
}

type Operations = Vec<Vec<Vec<ScopeId>>>;

/// An alternative of up to `most` of `n` scopes; one in eight is empty (no scope needed).
fn alternative(n: usize, most: usize) -> impl Strategy<Value = Vec<ScopeId>> {
    prop_oneof![7 => vec(0..n, 1..=most), 1 => Just(Vec::new())]
}

fn spec_and_operations() -> impl Strategy<Value = (Spec, Operations)> {
    (2usize..=8, 0.05f64..0.45)
        .prop_flat_map(|(n, density)| {
            (
                vec(prop::bool::weighted(0.35), n),
                vec(prop::bool::weighted(density), n * n),
                vec(vec(alternative(n, 3), 1..=4), 1..=5),
            )
        })
        .prop_map(|(composite, adjacency, operations)| {
            let n = composite.len();
            let targets = (0..n)
                .map(|i| (0..n).filter(|&j| adjacency[i * n + j]).collect())
                .collect();
            (Spec::repaired(composite, targets), operations)
        })
}

/// Random extra operations of the catalog, beyond those asked about.
fn with_catalog_operations() -> impl Strategy<Value = (Spec, Operations, Operations)> {
    (
        spec_and_operations(),
        vec(prop::bool::weighted(0.25), 8),
        vec(prop::bool::weighted(0.25), 8),
        vec(vec(alternative(8, 2), 1..=3), 0..=6),
    )
        .prop_map(|((mut spec, operations), restricted, deprecated, extra)| {
            let n = spec.len();
            spec.restricted = restricted[..n].to_vec();
            spec.deprecated = deprecated[..n].to_vec();
            let extra = extra
                .into_iter()
                .map(|op| {
                    op.into_iter()
                        .map(|alt| alt.into_iter().map(|s| s % n).collect())
                        .collect()
                })
                .collect();
            (spec, operations, extra)
        })
}

/// What brute force says about one problem.
struct Oracle {
    grants: Vec<Mask>,
    /// The fewest grants of any authorizing selection, then the fewest scopes among those.
    best: (u32, u32),
    /// Of the selections with those, the grants and the catalog's operations (a mask)
    /// they authorize that authorize no strict superset of another's operations; and
    /// among those the least sum over the operations of the position (in the operation's
    /// own list) of the alternative it uses.
    undominated: Vec<(Mask, Mask)>,
    tie_break: usize,
    /// The grants of every authorizing selection.
    feasible: Vec<Mask>,
}

impl Oracle {
    fn new(spec: &Spec, operations: &Operations) -> Oracle {
        Oracle::with_catalog(spec, operations, operations)
    }

    /// `catalog`: the operations counted for the tie-break.
    fn with_catalog(spec: &Spec, operations: &Operations, catalog: &Operations) -> Oracle {
        let grants = spec.grants();
        let n = spec.len();
        let usable: Operations = operations
            .iter()
            .map(|op| Oracle::usable(spec, operations, op))
            .collect();
        let mut best = (u32::MAX, u32::MAX);
        // Per feasible grants, the fewest scopes that give them.
        let mut feasible: Vec<(Mask, u32)> = Vec::new();
        // A scope usable only in a particular setting stands in the answer only where the
        // integration runs there (some operation has nothing else); elsewhere a selection
        // holding one is no answer, whatever its size.
        let runs_restricted = operations
            .iter()
            .any(|op| !op.is_empty() && op.iter().all(|alt| Oracle::restricted(spec, alt)));
        for selection in 0..(1u32 << n) {
            let granted = ids_of(selection).iter().fold(0, |m, &s| m | grants[s]);
            let held = Oracle::held_of(&grants, granted);
            if usable.iter().all(|op| Oracle::allows(held, op)) {
                // A deprecated scope stands in the answer only where an alternative the
                // operations may use inside its grants names it (any of them: which one an
                // operation lists first must not change the answer).
                let used: Mask = usable
                    .iter()
                    .flatten()
                    .filter(|alt| subset(alt.iter().fold(0, |m, &s| m | grants[s]), granted))
                    .fold(0, |m, alt| m | mask_of(alt));
                let stale = ids_of(selection)
                    .iter()
                    .any(|&s| spec.deprecated[s] && used & (1 << s) == 0);
                let clean =
                    (runs_restricted || !Oracle::restricted(spec, &ids_of(selection))) && !stale;
                let scopes = if clean {
                    selection.count_ones()
                } else {
                    u32::MAX
                };
                feasible.push((granted, scopes));
                best = best.min((granted.count_ones(), scopes));
            }
        }
        let mut tied: Vec<(Mask, Mask, usize)> = feasible
            .iter()
            .filter(|&&(granted, scopes)| (granted.count_ones(), scopes) == best)
            .map(|&(granted, _)| {
                let held = Oracle::held_of(&grants, granted);
                let reached = (0..catalog.len())
                    .filter(|&i| Oracle::allows(held, &catalog[i]))
                    .fold(0, |m, i| m | (1 << i));
                let positions = operations
                    .iter()
                    .map(|op| Oracle::used(spec, operations, &grants, granted, op))
                    .sum();
                (granted, reached, positions)
            })
            .collect();
        tied.sort_unstable();
        tied.dedup();
        let undominated: Vec<(Mask, Mask, usize)> = tied
            .iter()
            .filter(|&&(_, reached, _)| {
                !tied
                    .iter()
                    .any(|&(_, other, _)| subset(other, reached) && other != reached)
            })
            .copied()
            .collect();
        let tie_break = undominated
            .iter()
            .map(|&(_, _, positions)| positions)
            .min()
            .unwrap_or(usize::MAX);
        Oracle {
            grants,
            best,
            undominated: undominated.iter().map(|&(g, r, _)| (g, r)).collect(),
            tie_break,
            feasible: feasible.into_iter().map(|(granted, _)| granted).collect(),
        }
    }

    /// The alternatives of an operation that may be chosen: those naming no restricted
    /// scope unless some of the `operations` asked about has nothing else (the integration
    /// then runs where the restricted scopes work), and no deprecated scope but those every
    /// answer holds anyway (held by the deprecated scopes every alternative of some
    /// operation names); where there are none, those with the least to avoid: a deprecated
    /// scope before a restricted one.
    fn usable(
        spec: &Spec,
        operations: &Operations,
        alternatives: &[Vec<ScopeId>],
    ) -> Vec<Vec<ScopeId>> {
        let runs_restricted = operations
            .iter()
            .any(|op| !op.is_empty() && op.iter().all(|alt| Oracle::restricted(spec, alt)));
        let tolerated = Oracle::tolerated(spec, operations);
        let avoid = |alt: &[ScopeId]| {
            (
                !runs_restricted && Oracle::restricted(spec, alt),
                alt.iter()
                    .any(|&s| spec.deprecated[s] && tolerated & (1 << s) == 0),
            )
        };
        let least = alternatives.iter().map(|alt| avoid(alt)).min();
        alternatives
            .iter()
            .filter(|alt| Some(avoid(alt)) == least)
            .cloned()
            .collect()
    }

    /// The deprecated scopes (and others) no answer can do without: held by the deprecated
    /// scopes every alternative of some operation names.
    fn tolerated(spec: &Spec, operations: &Operations) -> Mask {
        let deprecated = mask_of(
            &(0..spec.len())
                .filter(|&s| spec.deprecated[s])
                .collect::<Vec<_>>(),
        );
        let unavoidable = operations
            .iter()
            .filter(|op| !op.is_empty())
            .map(|op| op.iter().fold(deprecated, |m, alt| m & mask_of(alt)))
            .fold(0, |m, common| m | common);
        let grants = spec.grants();
        let granted = ids_of(unavoidable).iter().fold(0, |m, &s| m | grants[s]);
        Oracle::held_of(&grants, granted)
    }

    /// Does the alternative name a deprecated scope?
    fn deprecated(spec: &Spec, alternative: &[ScopeId]) -> bool {
        alternative.iter().any(|&s| spec.deprecated[s])
    }

    fn restricted(spec: &Spec, alternative: &[ScopeId]) -> bool {
        alternative.iter().any(|&s| spec.restricted[s])
    }

    /// The position of the alternative an operation uses under these grants: of the usable
    /// ones inside them, the one with the fewest grants, then the fewest scopes, then the
    /// first.
    fn used(
        spec: &Spec,
        operations: &Operations,
        grants: &[Mask],
        granted: Mask,
        alternatives: &[Vec<ScopeId>],
    ) -> usize {
        let granted_by = |alt: &[ScopeId]| alt.iter().fold(0, |m, &s| m | grants[s]);
        let usable = Oracle::usable(spec, operations, alternatives);
        (0..alternatives.len())
            .filter(|&i| usable.contains(&alternatives[i]))
            .filter(|&i| subset(granted_by(&alternatives[i]), granted))
            .min_by_key(|&i| {
                let g = granted_by(&alternatives[i]);
                (g.count_ones(), mask_of(&alternatives[i]).count_ones(), i)
            })
            .unwrap_or_default()
    }

    fn held_of(grants: &[Mask], granted: Mask) -> Mask {
        (0..grants.len())
            .filter(|&s| subset(grants[s], granted))
            .fold(0, |m, s| m | (1 << s))
    }

    fn allows(held: Mask, alternatives: &[Vec<ScopeId>]) -> bool {
        alternatives.iter().any(|a| subset(mask_of(a), held))
    }

    fn granted(&self, selection: &[ScopeId]) -> Mask {
        selection.iter().fold(0, |m, &s| m | self.grants[s])
    }
}

/// The same operations in another order, the scopes of each alternative in another order
/// too; with `alternatives`, each operation's alternatives also.
fn shuffled(operations: &Operations, seed: usize, alternatives: bool) -> Operations {
    let mut result: Operations = operations
        .iter()
        .map(|op| {
            let mut op: Vec<Vec<ScopeId>> = op
                .iter()
                .map(|alt| {
                    let mut alt = alt.clone();
                    alt.reverse();
                    alt
                })
                .collect();
            if alternatives {
                let len = op.len();
                op.rotate_left(seed % len);
                op.reverse();
            }
            op
        })
        .collect();
    let len = result.len();
    result.rotate_left(seed % len);
    result.reverse();
    result
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn need_is_least_privilege((spec, operations, extra) in with_catalog_operations()) {
        let catalog = spec.load();
        let model = GrantModel::new(&catalog);
        let everything: Operations = operations.iter().chain(&extra).cloned().collect();
        let oracle = Oracle::with_catalog(&spec, &operations, &everything);
        let coverage = Coverage::new(&model, &everything);
        let need = |operations: &Operations| {
            need_with(&model, operations, Some(&coverage), SEARCH_BUDGET)
        };
        let result = need(&operations);
        let granted = oracle.granted(&result.scopes);
        let held = Oracle::held_of(&oracle.grants, granted);

        prop_assert!(result.proven, "small problems are always proven");
        prop_assert!(result.scopes.windows(2).all(|w| w[0] < w[1]), "catalog order");
        prop_assert_eq!(&result.grants, &ids_of(granted), "grants are G(scopes)");
        for (i, op) in operations.iter().enumerate() {
            prop_assert!(Oracle::allows(held, op), "operation {} authorized", i);
        }
        // The selection that always exists: every scope of the catalog.
        prop_assert!(!oracle.feasible.is_empty());
        for &other in &oracle.feasible {
            prop_assert!(
                !(subset(other, granted) && other != granted),
                "{:?} authorizes everything with strictly less than {:?}",
                ids_of(other),
                ids_of(granted)
            );
        }
        let positions: usize = result
            .operations
            .iter()
            .filter_map(|report| Some(report.alternatives[report.chosen?].index))
            .sum();
        let reached: Mask = (0..everything.len())
            .filter(|&i| Oracle::allows(held, &everything[i]))
            .fold(0, |m, i| m | (1 << i));
        prop_assert_eq!(
            (granted.count_ones(), result.scopes.len() as u32),
            oracle.best,
            "fewest grants, then fewest scopes"
        );
        prop_assert!(
            oracle.undominated.contains(&(granted, reached)),
            "no answer as small authorizes a strict subset of these operations"
        );
        prop_assert_eq!(positions, oracle.tie_break, "then the operations' own order");
        let restricted_ok = operations
            .iter()
            .any(|op| !op.is_empty() && op.iter().all(|alt| Oracle::restricted(&spec, alt)));
        let minimal = if restricted_ok {
            model.minimal_in_setting(&result.scopes)
        } else {
            model.minimal(&result.scopes)
        };
        prop_assert_eq!(&minimal.scopes, &result.scopes, "a minimal string");

        prop_assert_eq!(result.operations.len(), operations.len());
        for (op, report) in operations.iter().zip(&result.operations) {
            prop_assert_eq!(report.alternatives.len(), op.len());
            let chosen = report.chosen.expect("every operation here has alternatives");
            let alternative = &report.alternatives[chosen];
            prop_assert!(alternative.authorized && alternative.adds == 0);
            prop_assert!(report.alternatives[..chosen].iter().all(|a| !a.authorized),
                "the first authorized alternative is the chosen one");
            prop_assert!(subset(mask_of(&alternative.scopes), held));
            let usable = Oracle::usable(&spec, &operations, op);
            prop_assert!(usable.iter().any(|u| mask_of(u) == mask_of(&alternative.scopes)),
                "a restricted or deprecated alternative only when nothing else authorizes the operation");
            if Oracle::deprecated(&spec, &alternative.scopes) {
                let tolerated = Oracle::tolerated(&spec, &operations);
                let stale = alternative.scopes.iter().any(|&s| spec.deprecated[s] && tolerated & (1 << s) == 0);
                prop_assert!(
                    !stale || op.iter().all(|alt| Oracle::deprecated(&spec, alt) || Oracle::restricted(&spec, alt)),
                    "a deprecated scope only where no answer does without it, or the operation has nothing else"
                );
            }
            // The usable alternatives first, then the others.
            let listed_usable = usable.len();
            let is_usable = |a: &scopex::need::Alternative| {
                usable.iter().any(|u| mask_of(u) == mask_of(&a.scopes))
            };
            prop_assert!(report.alternatives[..listed_usable].iter().all(is_usable));
            prop_assert!(!report.alternatives[listed_usable..].iter().any(is_usable));
            for a in &report.alternatives {
                let g = oracle.granted(&a.scopes);
                prop_assert_eq!(&a.grants, &ids_of(g));
                prop_assert_eq!(a.authorized, subset(g, granted));
                prop_assert_eq!(a.adds as u32, (g & !granted).count_ones());
            }
            // Least to most privilege: nothing strictly inside an earlier alternative of
            // the same part (usable, or not).
            let (first, rest) = report.alternatives.split_at(listed_usable);
            for part in [first, rest] {
                for (i, a) in part.iter().enumerate() {
                    for b in &part[i + 1..] {
                        let (ga, gb) = (oracle.granted(&a.scopes), oracle.granted(&b.scopes));
                        prop_assert!(!(subset(gb, ga) && ga != gb), "privilege order");
                    }
                }
            }
            let least: Vec<Mask> = report.incomparable.iter()
                .map(|&i| oracle.granted(&report.alternatives[i].scopes))
                .collect();
            for (i, &a) in least.iter().enumerate() {
                for &b in &least[i + 1..] {
                    prop_assert!(!subset(a, b) && !subset(b, a), "incomparable means neither covers the other");
                }
            }
            match report.why {
                Why::Only => prop_assert_eq!(op.len(), 1),
                Why::Usable | Why::Current | Why::Avoided => {
                    prop_assert!(usable.len() == 1 && op.len() > 1);
                    let others = &report.alternatives[1..];
                    let named = |a: &&scopex::need::Alternative, restricted: bool| {
                        if restricted {
                            Oracle::restricted(&spec, &a.scopes)
                        } else {
                            Oracle::deprecated(&spec, &a.scopes)
                        }
                    };
                    match report.why {
                        Why::Usable => prop_assert!(others.iter().all(|a| named(&a, true))),
                        Why::Current => prop_assert!(others.iter().all(|a| named(&a, false))),
                        _ => prop_assert!(others.iter().all(|a| named(&a, true) || named(&a, false))),
                    }
                }
                Why::Least => {
                    let mine = oracle.granted(&alternative.scopes);
                    prop_assert!(first.iter().all(|a| subset(mine, oracle.granted(&a.scopes))));
                }
                Why::Shared | Why::Fewest | Why::Tie => prop_assert!(usable.len() > 1),
                Why::Unsatisfiable => prop_assert!(false, "has alternatives"),
            }
        }

        prop_assert_eq!(&need(&operations), &result, "deterministic");
        for seed in 0..3 {
            let other = need(&shuffled(&operations, seed, false));
            prop_assert_eq!(&other.scopes, &result.scopes, "independent of the order of operations");
            prop_assert_eq!(other.proven, result.proven);
            // Another order of alternatives may pick other ones, never more privilege.
            let other = need(&shuffled(&operations, seed, true));
            prop_assert_eq!(
                (oracle.granted(&other.scopes).count_ones(), other.scopes.len()),
                (granted.count_ones(), result.scopes.len()),
                "as little privilege whatever the order of alternatives"
            );
        }
    }
}

/// The least first weight an operation can use within `granted`: of its usable
/// alternatives inside it with the fewest grants, then the fewest scopes.
fn least_weight(
    spec: &Spec,
    operations: &Operations,
    grants: &[Mask],
    granted: Mask,
    op: usize,
    weights: &[Vec<Weight>],
) -> u64 {
    let granted_by = |alt: &[ScopeId]| alt.iter().fold(0, |m, &s| m | grants[s]);
    let usable = Oracle::usable(spec, operations, &operations[op]);
    let inside: Vec<usize> = (0..operations[op].len())
        .filter(|&i| usable.contains(&operations[op][i]))
        .filter(|&i| subset(granted_by(&operations[op][i]), granted))
        .collect();
    let key = |i: usize| {
        (
            granted_by(&operations[op][i]).count_ones(),
            mask_of(&operations[op][i]).count_ones(),
        )
    };
    let Some(best) = inside.iter().map(|&i| key(i)).min() else {
        return 0;
    };
    inside
        .iter()
        .filter(|&&i| key(i) == best)
        .map(|&i| weights[op][i].0)
        .min()
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Weights (what counts against an alternative among those alike in privilege: part
    /// of the data, unknown, unrelated) never change the privilege of the answer, and never
    /// make it heavier than the answer without them.
    #[test]
    fn weights_choose_among_answers_alike_in_privilege(
        (spec, operations, extra) in with_catalog_operations(),
        seed in vec((0u64..3, 0u64..3), 16),
    ) {
        let catalog = spec.load();
        let model = GrantModel::new(&catalog);
        let everything: Operations = operations.iter().chain(&extra).cloned().collect();
        let oracle = Oracle::with_catalog(&spec, &operations, &everything);
        let coverage = Coverage::new(&model, &everything);
        let weights: Vec<Vec<Weight>> = operations
            .iter()
            .enumerate()
            .map(|(o, op)| (0..op.len()).map(|a| seed[(o * 4 + a) % seed.len()]).collect())
            .collect();
        let weighted =
            need_ranked(&model, &operations, Some(&weights), Some(&coverage), SEARCH_BUDGET);
        let plain = need_with(&model, &operations, Some(&coverage), SEARCH_BUDGET);
        let granted = oracle.granted(&weighted.scopes);
        let held = Oracle::held_of(&oracle.grants, granted);
        for (i, op) in operations.iter().enumerate() {
            prop_assert!(Oracle::allows(held, op), "operation {} authorized", i);
        }
        prop_assert_eq!(
            (granted.count_ones(), weighted.scopes.len() as u32),
            oracle.best,
            "fewest grants, then fewest scopes, whatever the weights"
        );
        let weight_of = |granted: Mask| -> u64 {
            (0..operations.len())
                .map(|o| least_weight(&spec, &operations, &oracle.grants, granted, o, &weights))
                .sum()
        };
        let plain_granted = oracle.granted(&plain.scopes);
        prop_assert!(
            weight_of(granted) <= weight_of(plain_granted),
            "{:?} weighs more than {:?}",
            weighted.scopes,
            plain.scopes
        );
    }

    /// `fit` of a selection: the operations it does not authorize, and an over-grant
    /// exactly when some authorizing selection grants strictly less.
    #[test]
    fn fit_finds_unauthorized_operations_and_over_grants(
        (spec, operations) in spec_and_operations(),
        picks in vec(0usize..8, 0..=4),
    ) {
        let catalog = spec.load();
        let model = GrantModel::new(&catalog);
        let oracle = Oracle::new(&spec, &operations);
        let selection: Vec<ScopeId> = picks.iter().map(|&p| p % spec.len()).collect();
        let granted = oracle.granted(&selection);
        let held = Oracle::held_of(&oracle.grants, granted);
        let result = fit(&model, &selection, &operations);
        let unauthorized: Vec<usize> = (0..operations.len())
            .filter(|&i| !Oracle::allows(held, &operations[i]))
            .collect();
        prop_assert_eq!(&result.unauthorized, &unauthorized);
        if unauthorized.is_empty() {
            let smaller = oracle.feasible.iter().any(|&g| subset(g, granted) && g != granted);
            prop_assert_eq!(!result.unneeded.is_empty(), smaller, "over-grant iff something smaller works");
            let least = oracle.granted(&result.least.scopes);
            prop_assert!(subset(least, granted));
            let unneeded: Vec<usize> = result.unneeded.iter().map(|&(a, _)| a).collect();
            prop_assert_eq!(unneeded, ids_of(granted & !least));
            prop_assert_eq!(result.exact(), !smaller);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The operations a selection authorizes, found through the index of operations by
    /// scope (kept, or built on first use), are those with an alternative it holds; and
    /// the index lists, per scope, every alternative naming it, in operation order.
    #[test]
    fn the_by_scope_index_finds_the_authorized_operations(
        (spec, operations) in spec_and_operations(),
        picks in vec(0usize..8, 0..=4),
    ) {
        let catalog = spec.load();
        let model = GrantModel::new(&catalog);
        let oracle = Oracle::new(&spec, &operations);
        let selection: Vec<ScopeId> = picks.iter().map(|&p| p % spec.len()).collect();
        let held = Oracle::held_of(&oracle.grants, oracle.granted(&selection));
        let expected: Vec<usize> = (0..operations.len())
            .filter(|&i| Oracle::allows(held, &operations[i]))
            .collect();
        let index = ByScope::new(spec.len(), &operations);
        for s in 0..spec.len() {
            let naming: Vec<(u32, u32)> = operations
                .iter()
                .enumerate()
                .flat_map(|(op, alternatives)| {
                    alternatives
                        .iter()
                        .enumerate()
                        .flat_map(move |(alt, scopes)| {
                            scopes.iter().filter(move |&&t| t == s).map(move |_| (op as u32, alt as u32))
                        })
                })
                .collect();
            prop_assert_eq!(index.of(s), &naming[..], "scope {}", s);
        }
        prop_assert_eq!(index.of(spec.len()), &[][..]);
        let kept = Coverage::with_index(&model, &operations, &index);
        let fresh = Coverage::new(&model, &operations);
        prop_assert_eq!(kept.authorized_by(&selection).ones().collect::<Vec<_>>(), expected.clone());
        prop_assert_eq!(fresh.authorized_by(&selection).ones().collect::<Vec<_>>(), expected);
        for (op, alternatives) in operations.iter().enumerate() {
            let order = kept.order(op);
            prop_assert_eq!(&order, &fresh.order(op));
            let mut sorted = order.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, (0..alternatives.len()).collect::<Vec<_>>());
            // Never after an alternative alike in privilege that allows more: a subset of
            // its operations goes first.
            let key = |i: usize| {
                let mut scopes = alternatives[i].clone();
                scopes.sort_unstable();
                scopes.dedup();
                (oracle.granted(&scopes).count_ones(), scopes.len())
            };
            for (at, &i) in order.iter().enumerate() {
                for &j in &order[at + 1..] {
                    prop_assert!(key(i) <= key(j), "privilege first");
                    let (ri, rj) = (
                        kept.authorized_by(&alternatives[i]),
                        kept.authorized_by(&alternatives[j]),
                    );
                    prop_assert!(
                        !(key(i) == key(j) && rj.is_subset(&ri) && ri != rj),
                        "alternative {} allows a strict subset of what {} allows", j, i
                    );
                }
            }
        }
    }
}

#[test]
fn no_operations_need_nothing() {
    let spec = Spec::repaired(vec![false, false], vec![vec![], vec![]]);
    let model = GrantModel::new(&spec.load());
    let result = need(&model, &Vec::<Vec<Vec<ScopeId>>>::new());
    assert!(result.scopes.is_empty() && result.proven && result.operations.is_empty());
}

#[test]
fn an_operation_without_alternatives_is_unsatisfiable() {
    let spec = Spec::repaired(vec![false, false], vec![vec![], vec![]]);
    let model = GrantModel::new(&spec.load());
    let result = need(&model, &[vec![], vec![vec![1]]]);
    assert_eq!(result.scopes, vec![1]);
    assert_eq!(result.operations[0].why, Why::Unsatisfiable);
    assert_eq!(result.operations[0].chosen, None);
}

#[test]
fn fewer_tokens_win_across_operations_that_share_no_grant() {
    // s0 s1 s2 s3 atomic, s4 composite of s2 + s3. Each operation takes s0|s2 or s1|s3:
    // two grants whatever the choice, but s2 and s3 together are the single token s4.
    let spec = Spec::repaired(
        vec![false, false, false, false, true],
        vec![vec![], vec![], vec![], vec![], vec![2, 3]],
    );
    let model = GrantModel::new(&spec.load());
    let result = need(&model, &[vec![vec![0], vec![2]], vec![vec![1], vec![3]]]);
    assert_eq!(result.scopes, vec![4]);
    assert_eq!(result.grants, vec![2, 3]);
    assert!(result.proven);
    assert_eq!(result.operations[0].why, Why::Tie);
    assert_eq!(result.operations[0].incomparable, vec![0, 1]);
}

/// Thirty atomic scopes and sixty operations, each allowed by any of three of them: a
/// hitting-set problem all in one group.
fn hard_problem() -> (Spec, Operations) {
    let n = 30;
    let spec = Spec::repaired(vec![false; n], vec![Vec::new(); n]);
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    let operations = (0..60)
        .map(|_| vec![vec![next()], vec![next()], vec![next()]])
        .collect();
    (spec, operations)
}

#[test]
fn past_the_search_budget_the_answer_still_authorizes_everything_but_is_not_proven() {
    let (spec, operations) = hard_problem();
    let model = GrantModel::new(&spec.load());
    let bounded = scopex::need::need_within(&model, &operations, 5);
    assert!(!bounded.proven);
    let held = model.held_set(&bounded.scopes);
    assert_eq!(
        scopex::need::authorized(&held, &operations).len(),
        operations.len()
    );
    let exact = need(&model, &operations);
    assert!(exact.grants.len() <= bounded.grants.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Calls needing no scope add nothing: asked with others, the answer is the others'
    /// alone; asked alone, it is empty, each call reported with its empty alternative
    /// chosen.
    #[test]
    fn calls_needing_no_scope_add_nothing(
        (spec, operations) in spec_and_operations(),
        at in 0usize..6,
        others in vec(vec(0usize..8, 1..=2), 0..=2),
    ) {
        let catalog = spec.load();
        let model = GrantModel::new(&catalog);
        let n = spec.len();
        let no_scope: Vec<Vec<ScopeId>> = std::iter::once(Vec::new())
            .chain(others.into_iter().map(|alt| alt.into_iter().map(|s| s % n).collect()))
            .collect();
        let mut mixed = operations.clone();
        mixed.insert(at.min(mixed.len()), no_scope.clone());
        let alone = need(&model, &operations);
        let with = need(&model, &mixed);
        prop_assert_eq!(&with.scopes, &alone.scopes);
        prop_assert_eq!(&with.grants, &alone.grants);

        let only = need(&model, &[no_scope.clone(), vec![Vec::new()]]);
        prop_assert!(only.scopes.is_empty() && only.grants.is_empty());
        for report in &only.operations {
            let chosen = report.chosen.expect("an empty alternative authorizes the call");
            prop_assert!(report.alternatives[chosen].scopes.is_empty());
            prop_assert_eq!(chosen, 0, "the empty alternative comes first: least privilege");
        }
    }
}
