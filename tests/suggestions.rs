//! Suggestions for an unknown name skip the edit distance where it cannot be small
//! enough; they must be exactly what comparing every candidate in full gives.

use proptest::prelude::*;
use scopex::catalog::suggest;

/// Every candidate's edit distance computed, as suggestions were first made.
fn in_full(name: &str, candidates: &[String]) -> Vec<String> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(2, 6);
    let mut scored: Vec<(bool, usize, &str)> = candidates
        .iter()
        .filter_map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&lower, &candidate_lower);
            if distance <= limit {
                Some((false, distance, candidate.as_str()))
            } else if lower.len() >= 3 && candidate_lower.contains(&lower) {
                Some((true, distance, candidate.as_str()))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, s)| s.to_string())
        .collect()
}

/// Names from a small alphabet (with case and a non-ASCII letter), so that candidates
/// are often close to the name, contain it or differ only by a swap.
fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec!['a', 'b', 'c', 'A', '.', ':', 'é']),
        0..14,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn suggestions_are_those_of_every_distance_in_full(
        name in word(),
        candidates in proptest::collection::vec(word(), 0..30),
        derived in proptest::collection::vec((0usize..30, 0usize..14, 0usize..3), 0..20),
    ) {
        // Some candidates made from the name by one edit, or containing it.
        let mut candidates = candidates;
        for (kind, at, _) in derived {
            let chars: Vec<char> = name.chars().collect();
            let at = at.min(chars.len());
            let mut made = chars.clone();
            match kind % 4 {
                0 if at < chars.len() => { made.remove(at); }
                1 => made.insert(at, 'b'),
                2 if at + 1 < chars.len() => made.swap(at, at + 1),
                _ => { made.insert(0, 'x'); made.push('y'); made.push('z'); }
            }
            candidates.push(made.into_iter().collect());
        }
        prop_assert_eq!(
            suggest(&name, candidates.iter().map(String::as_str)),
            in_full(&name, &candidates)
        );
    }
}

#[test]
fn google_operations_still_find_a_dropped_letter() {
    let catalog = scopex::catalog::builtin("google").expect("built in");
    assert_eq!(
        catalog.suggest_operation("apigee.organizations.instances.canarevaluations.create"),
        [
            "apigee.organizations.instances.canaryevaluations.create",
            "apigee.organizations.instances.canaryevaluations.get"
        ]
    );
}
