//! Which alternatives [`super::need`] avoids: those naming a scope usable only in a
//! particular setting where the integration does not run there, and those naming a
//! deprecated scope that some answer can do without (see the module doc of
//! [`super`]).

use super::Why;
use crate::catalog::ScopeId;
use crate::grants::GrantModel;
use fixedbitset::FixedBitSet;

/// What makes an alternative one to avoid. An operation considers only its alternatives
/// with the least of these (derived order: nothing, then deprecated, then usable only in
/// a particular setting, then both), so it avoids them where it can and never goes
/// unauthorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(super) struct Avoid {
    /// It names a scope usable only in a particular setting, and the integration does not
    /// run there.
    pub(super) restricted: bool,
    /// It names a deprecated scope that some answer can do without.
    pub(super) deprecated: bool,
}

/// What the operations asked about say of the scopes to avoid.
pub(super) struct Avoiding {
    /// Some operation has only alternatives usable in a particular setting: the
    /// integration runs there, and such scopes serve as any other.
    pub(super) runs_restricted: bool,
    /// The settings the integration runs in, sorted: those of the scopes of an operation
    /// all of whose alternatives are usable only in one. Scopes of other settings are
    /// still avoided (creating a Meet space with the scope on the spaces the app made
    /// says nothing of the app's calendars; a scope Discord must approve is still one
    /// to avoid).
    entered: Vec<u32>,
    /// The scopes every answer holds anyway: held by the deprecated scopes that every
    /// alternative of some operation names. Deprecated scopes among them are not avoided.
    tolerated: FixedBitSet,
}

impl Avoiding {
    pub(super) fn new<R, A>(model: &GrantModel, operations: &[R]) -> Avoiding
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let mut entered: Vec<u32> = operations
            .iter()
            .filter(|operation| {
                let alternatives = operation.as_ref();
                !alternatives.is_empty()
                    && alternatives
                        .iter()
                        .all(|a| a.as_ref().iter().any(|&s| model.is_restricted(s)))
            })
            .flat_map(|operation| operation.as_ref().iter())
            .flat_map(|alternative| alternative.as_ref().iter())
            .filter_map(|&s| model.setting(s))
            .collect();
        entered.sort_unstable();
        entered.dedup();
        let unavoidable: Vec<ScopeId> = operations
            .iter()
            .flat_map(|operation| {
                let alternatives = operation.as_ref();
                let mut common: Vec<ScopeId> = alternatives.first().map_or(Vec::new(), |a| {
                    let scopes = a.as_ref().iter();
                    scopes
                        .copied()
                        .filter(|&s| model.is_deprecated(s))
                        .collect()
                });
                for alternative in alternatives.iter().skip(1) {
                    common.retain(|s| alternative.as_ref().contains(s));
                }
                common
            })
            .collect();
        let tolerated = if unavoidable.is_empty() {
            FixedBitSet::new()
        } else {
            model.held_set(&unavoidable)
        };
        Avoiding {
            runs_restricted: !entered.is_empty(),
            entered,
            tolerated,
        }
    }

    /// What makes an alternative with these scopes one to avoid.
    pub(super) fn of(&self, model: &GrantModel, scopes: &[ScopeId]) -> Avoid {
        Avoid {
            restricted: scopes.iter().any(|&s| {
                model
                    .setting(s)
                    .is_some_and(|setting| self.entered.binary_search(&setting).is_err())
            }),
            deprecated: scopes
                .iter()
                .any(|&s| model.is_deprecated(s) && !self.tolerated.contains(s)),
        }
    }
}

/// Why an operation's one considered alternative was chosen over the others, which it
/// avoids for these reasons.
pub(super) fn avoided_why(others: impl Iterator<Item = Avoid> + Clone) -> Why {
    if others.clone().all(|a| a.restricted) {
        Why::Usable
    } else if others.clone().all(|a| a.deprecated) {
        Why::Current
    } else {
        Why::Avoided
    }
}
