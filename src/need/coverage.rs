//! Which of a catalog's operations a selection authorizes ([`Coverage`]), and the index
//! behind it ([`ByScope`]): what orders the alternatives the privilege order cannot tell
//! apart, and decides between answers alike in grants and tokens.

use super::Reach;
use crate::catalog::ScopeId;
use crate::grants::GrantModel;
use fixedbitset::FixedBitSet;

/// Which of a catalog's operations an alternative authorizes: the API surface it opens.
/// It orders the alternatives the privilege order cannot tell apart (as many grants and
/// scopes): an alternative that authorizes strictly fewer operations than another of the
/// same operation (every one it allows, the other allows too) goes before it. Google's
/// discovery documents list a method's scopes alphabetically, so their order says
/// nothing; what the methods accept does: `gmail.send` is accepted by `messages.send`
/// alone, `https://mail.google.com/` by every Gmail method.
pub struct Coverage<'a, R, A> {
    model: &'a GrantModel,
    operations: &'a [R],
    alternative: std::marker::PhantomData<fn() -> A>,
    /// The index kept by the caller ([`Coverage::with_index`]), built from `operations`.
    kept: Option<&'a ByScope>,
    /// Otherwise built when first needed.
    built: std::cell::OnceCell<ByScope>,
}

/// Per scope, the (operation, alternative) pairs that name it: which alternatives a held
/// scope can complete. It depends on the operations alone (not on trust), so it can be
/// built once for a loaded catalog and kept.
#[derive(Debug, Clone, Default)]
pub struct ByScope {
    /// Scope `s`'s pairs are `pairs[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    /// The operations with an empty alternative, which name no scope: any selection,
    /// the empty one too, authorizes them.
    open: Vec<u32>,
}

impl ByScope {
    /// The index of `operations` (each a list of alternatives) over `scope_count` scopes;
    /// scopes past it are left out.
    pub fn new<R, A>(scope_count: usize, operations: &[R]) -> ByScope
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let mentions =
            || {
                operations
                    .iter()
                    .enumerate()
                    .flat_map(|(op, alternatives)| {
                        alternatives.as_ref().iter().enumerate().flat_map(
                            move |(alt, alternative)| {
                                alternative
                                    .as_ref()
                                    .iter()
                                    .map(move |&scope| (scope, (op as u32, alt as u32)))
                            },
                        )
                    })
            };
        let mut starts = vec![0u32; scope_count + 1];
        for (scope, _) in mentions() {
            if scope < scope_count {
                starts[scope + 1] += 1;
            }
        }
        for s in 0..scope_count {
            starts[s + 1] += starts[s];
        }
        let mut next: Vec<u32> = starts[..scope_count].to_vec();
        let mut pairs = vec![(0u32, 0u32); starts[scope_count] as usize];
        for (scope, pair) in mentions() {
            if let Some(at) = next.get_mut(scope) {
                pairs[*at as usize] = pair;
                *at += 1;
            }
        }
        let open = operations
            .iter()
            .enumerate()
            .filter(|(_, alternatives)| alternatives.as_ref().iter().any(|a| a.as_ref().is_empty()))
            .map(|(op, _)| op as u32)
            .collect();
        ByScope {
            starts,
            pairs,
            open,
        }
    }

    /// The operations needing no scope (an empty alternative), in operation order.
    pub fn open(&self) -> &[u32] {
        &self.open
    }

    /// The (operation, alternative) pairs that name `scope`, in operation order.
    pub fn of(&self, scope: ScopeId) -> &[(u32, u32)] {
        match (self.starts.get(scope), self.starts.get(scope + 1)) {
            (Some(&start), Some(&end)) => &self.pairs[start as usize..end as usize],
            _ => &[],
        }
    }
}

impl<'a, R, A> Coverage<'a, R, A>
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    /// `operations`: every operation of the catalog, as its alternatives.
    pub fn new(model: &'a GrantModel, operations: &'a [R]) -> Coverage<'a, R, A> {
        Coverage {
            model,
            operations,
            alternative: std::marker::PhantomData,
            kept: None,
            built: std::cell::OnceCell::new(),
        }
    }

    /// As [`Coverage::new`], with the index of these same operations built once
    /// ([`ByScope::new`]) and kept for repeated requests.
    pub fn with_index(
        model: &'a GrantModel,
        operations: &'a [R],
        index: &'a ByScope,
    ) -> Coverage<'a, R, A> {
        Coverage {
            kept: Some(index),
            ..Coverage::new(model, operations)
        }
    }

    fn by_scope(&self) -> &ByScope {
        match self.kept {
            Some(index) => index,
            None => self
                .built
                .get_or_init(|| ByScope::new(self.model.scope_count(), self.operations)),
        }
    }

    /// The operations (indices) that `scopes` authorize: those with an alternative inside
    /// what they hold.
    pub fn authorized_by(&self, scopes: &[ScopeId]) -> FixedBitSet {
        let held = self.model.held_set(scopes);
        let by_scope = self.by_scope();
        let mut authorized = FixedBitSet::with_capacity(self.operations.len());
        for &op in by_scope.open() {
            authorized.insert(op as usize);
        }
        for scope in held.ones() {
            for &(op, alt) in by_scope.of(scope) {
                if authorized.contains(op as usize) {
                    continue;
                }
                let alternative = self.operations[op as usize].as_ref()[alt as usize].as_ref();
                if alternative.iter().all(|&s| held.contains(s)) {
                    authorized.insert(op as usize);
                }
            }
        }
        authorized
    }

    /// The positions of operation `op`'s alternatives in the order [`need`] should prefer
    /// them: by privilege first (fewer grants, then fewer scopes); between alternatives
    /// alike in both, one authorizing a strict subset of the operations another
    /// authorizes goes before it (a chain `gmail.send` ⊂ `gmail.compose` ⊂
    /// `https://mail.google.com/` keeps its order whatever the listed one); otherwise the
    /// operation's own order.
    pub fn order(&self, op: usize) -> Vec<usize> {
        let alternatives = self.operations[op].as_ref();
        let keys: Vec<(usize, usize)> = alternatives
            .iter()
            .map(|alternative| {
                let mut scopes = alternative.as_ref().to_vec();
                scopes.sort_unstable();
                scopes.dedup();
                (self.model.grants(&scopes).len(), scopes.len())
            })
            .collect();
        let mut listed: Vec<usize> = (0..alternatives.len()).collect();
        listed.sort_by_key(|&i| (keys[i], i));
        waiting_order(&listed, &keys, |i| {
            self.authorized_by(alternatives[i].as_ref())
        })
    }
}

/// The `listed` order of alternatives, except that each waits for those below it: alike
/// in `keys` and authorizing a strict subset of what it does (`reach` of an alternative,
/// asked only of those alike in keys to another).
pub(super) fn waiting_order<K: PartialEq>(
    listed: &[usize],
    keys: &[K],
    reach: impl Fn(usize) -> FixedBitSet,
) -> Vec<usize> {
    let reached: Vec<Option<FixedBitSet>> = (0..keys.len())
        .map(|i| {
            let tied = (0..keys.len()).any(|j| j != i && keys[j] == keys[i]);
            tied.then(|| reach(i))
        })
        .collect();
    let below = |i: usize, j: usize| match (&reached[i], &reached[j]) {
        (Some(mine), Some(theirs)) => {
            keys[i] == keys[j] && mine.is_subset(theirs) && mine != theirs
        }
        _ => false,
    };
    let mut order: Vec<usize> = Vec::with_capacity(listed.len());
    while order.len() < listed.len() {
        let Some(&next) = listed.iter().find(|&&i| {
            !order.contains(&i)
                && !listed
                    .iter()
                    .any(|&j| j != i && !order.contains(&j) && below(j, i))
        }) else {
            break; // strict inclusion has no cycle: never reached
        };
        order.push(next);
    }
    order
}

impl<R, A> Reach for Coverage<'_, R, A>
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    fn reach(&self, scopes: &[ScopeId]) -> FixedBitSet {
        self.authorized_by(scopes)
    }
}
