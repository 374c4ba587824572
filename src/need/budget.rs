//! What a node of the search costs against its budget. A node weighs every operation
//! still open, so a node of a group of thousands of operations costs what thousands of
//! nodes of a small group do: past [`WIDE`] open operations a node counts once more per
//! [`WIDE`], and a search of any size gives up after about the same work. Groups of
//! fewer than [`WIDE`] operations, nearly all real ones, are searched as before.

/// How many open operations a node weighs for the cost of one.
const WIDE: usize = 64;

/// The cost of a node that weighs `open` operations.
pub(super) fn cost(open: usize) -> usize {
    #[cfg(test)]
    WEIGHED.with(|weighed| weighed.set(weighed.get() + open));
    1 + open / WIDE
}

/// The cost of ranking a union found at a node, which weighs each of the group's
/// `inputs` operations again: nothing more for a small group.
pub(super) fn leaf_cost(inputs: usize) -> usize {
    #[cfg(test)]
    WEIGHED.with(|weighed| weighed.set(weighed.get() + inputs));
    inputs / WIDE
}

#[cfg(test)]
thread_local! {
    /// Operations weighed by the searches of this thread.
    static WEIGHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Origin, ScopeId, parse_catalog};
    use crate::grants::GrantModel;

    #[test]
    fn a_search_of_thousands_of_operations_gives_up_after_bounded_work() {
        // 400 scopes, 3,000 operations that each take any one of three: one group, no
        // proof within the budget. Each node used to weigh all 3,000, 20,000 times.
        let scopes = 400;
        let mut text = String::from("id = \"wide\"\nname = \"Wide\"\n");
        for i in 0..scopes {
            text.push_str(&format!(
                "\n[[scope]]\nname = \"s{i}\"\ndescription = \"S\"\n"
            ));
        }
        let catalog = parse_catalog(&text, "wide.toml", Origin::Builtin).expect("a catalog");
        let model = GrantModel::new(&catalog);
        let mut state = 11u64;
        let mut next = || -> ScopeId {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % scopes
        };
        let operations: Vec<Vec<Vec<ScopeId>>> = (0..3_000)
            .map(|_| vec![vec![next()], vec![next()], vec![next()]])
            .collect();
        WEIGHED.with(|weighed| weighed.set(0));
        let budget = 2_000;
        let need = super::super::need_within(&model, &operations, budget);
        let weighed = WEIGHED.with(std::cell::Cell::get);
        assert!(!need.proven);
        let held = model.held_set(&need.scopes);
        assert_eq!(
            super::super::authorized(&held, &operations).len(),
            operations.len()
        );
        assert!(
            weighed <= (budget + 1) * WIDE + 2 * operations.len(),
            "{weighed} operations weighed within a budget of {budget} nodes"
        );
    }
}
