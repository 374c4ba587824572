//! The implications as the catalog's blocks give them, checked against each other, and
//! the cycles a catalog may not have (tree parents, composites their own members).

use super::Ctx;
use crate::catalog::raw::RawImplies;
use crate::catalog::{CatalogError, Edge, Evidence, Scope, ScopeId};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

/// The edges of a catalog as its blocks give them, checked against each other: a scope
/// is composite in every block that names it or in none, and an edge given twice has the
/// same evidence both times.
pub(super) struct EdgeSet<'c> {
    ctx: &'c Ctx<'c>,
    pub(super) edges: Vec<Edge>,
    /// Each edge's evidence and where it was given first.
    given: HashMap<(u32, u32), (Evidence, At), foldhash::fast::RandomState>,
    /// Whether each scope was declared composite, and where, by the first block naming it.
    declared: Vec<Option<(bool, At)>>,
}

/// Where a block said something, in 8 bytes rather than 16: a large catalog has one per
/// scope and per edge while it is checked. Catalog files are far under 4 GiB; an offset
/// past that would only place a message at the end of the first 4 GiB.
#[derive(Clone, Copy, Debug)]
pub(super) struct At {
    start: u32,
    end: u32,
}

impl At {
    pub(super) fn of(span: &Range<usize>) -> At {
        let cut = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        At {
            start: cut(span.start),
            end: cut(span.end),
        }
    }

    pub(super) fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl<'c> EdgeSet<'c> {
    pub(super) fn new(ctx: &'c Ctx<'c>, scopes: usize) -> EdgeSet<'c> {
        EdgeSet {
            ctx,
            edges: Vec::new(),
            given: HashMap::default(),
            declared: vec![None; scopes],
        }
    }

    /// A block at `span` says whether `from` is composite.
    pub(super) fn declare(
        &mut self,
        scopes: &mut [Scope],
        from: ScopeId,
        composite: bool,
        span: Range<usize>,
    ) -> Result<(), CatalogError> {
        match &self.declared[from] {
            None => {
                self.declared[from] = Some((composite, At::of(&span)));
                scopes[from].composite = composite;
                Ok(())
            }
            Some((first, _)) if *first == composite => Ok(()),
            Some((first, first_at)) => {
                let first_span = first_at.range();
                let kind = |composite: bool| {
                    if composite {
                        "composite (exactly its members)"
                    } else {
                        "atomic (an implication without `composite = true`)"
                    }
                };
                // Reported at the later of the two places in the file.
                let (here, there, first_kind, later_kind) = if span.start >= first_span.start {
                    (span, first_span, *first, composite)
                } else {
                    (first_span, span, composite, *first)
                };
                Err(self.ctx.error(
                    here,
                    format!(
                        "`{}` is declared {} here but {} at {}",
                        scopes[from].name,
                        kind(later_kind),
                        kind(first_kind),
                        self.ctx.place(there)
                    ),
                ))
            }
        }
    }

    /// `block` gives the edge `from` ⇒ `to`, its target written at `span`.
    pub(super) fn add(
        &mut self,
        scopes: &[Scope],
        from: ScopeId,
        to: ScopeId,
        block: &RawImplies,
        note: &Option<Arc<str>>,
        span: Range<usize>,
    ) -> Result<(), CatalogError> {
        let composite = self.declared[from].as_ref().is_some_and(|(c, _)| *c);
        if from == to {
            if composite {
                return Err(self.ctx.error(
                    span,
                    format!(
                        "composite `{}` lists itself as a member: a scope may not be its own member",
                        scopes[from].name
                    ),
                ));
            }
            // Holding a scope grants that scope: nothing to record.
            return Ok(());
        }
        let key = (
            u32::try_from(from).unwrap_or(u32::MAX),
            u32::try_from(to).unwrap_or(u32::MAX),
        );
        match self.given.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (evidence, first_at) = first.get();
                let first_span = first_at.range();
                if *evidence != block.evidence {
                    // Reported at the later of the two places in the file.
                    let (here, there, later, earlier) = if span.start >= first_span.start {
                        (span, first_span, block.evidence, *evidence)
                    } else {
                        (first_span, span, *evidence, block.evidence)
                    };
                    return Err(self.ctx.error(
                        here,
                        format!(
                            "`{}` ⇒ `{}` is given twice with different evidence: `{later}` here, `{earlier}` at {}",
                            scopes[from].name,
                            scopes[to].name,
                            self.ctx.place(there)
                        ),
                    ));
                }
                Ok(())
            }
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert((block.evidence, At::of(&span)));
                self.edges.push(Edge {
                    from,
                    to,
                    evidence: block.evidence,
                    note: note.clone(),
                });
                Ok(())
            }
        }
    }
}

/// A block's note, one copy shared by all the edges the block gives.
pub(super) fn shared_note(block: &RawImplies) -> Option<Arc<str>> {
    block.note.as_deref().map(Arc::from)
}

/// Steps along a graph from a scope: its parent, or its composite members.
pub(super) fn find_cycle(
    count: usize,
    next: impl Fn(ScopeId) -> Vec<ScopeId>,
    starts: impl Iterator<Item = ScopeId>,
) -> Option<Vec<ScopeId>> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; count];
    let mut path: Vec<(ScopeId, Vec<ScopeId>)> = Vec::new();
    for start in starts {
        if state[start] != NEW {
            continue;
        }
        state[start] = ON_PATH;
        path.push((start, next(start)));
        while let Some((node, pending)) = path.last_mut() {
            let node = *node;
            let Some(step) = pending.pop() else {
                state[node] = DONE;
                path.pop();
                continue;
            };
            match state[step] {
                NEW => {
                    state[step] = ON_PATH;
                    path.push((step, next(step)));
                }
                ON_PATH => {
                    let at = path.iter().position(|(n, _)| *n == step).unwrap_or(0);
                    let mut cycle: Vec<ScopeId> = path[at..].iter().map(|(n, _)| *n).collect();
                    // Start the cycle at its first scope in catalog order.
                    let first = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, s)| **s)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(first);
                    return Some(cycle);
                }
                _ => {}
            }
        }
    }
    None
}

/// The names of a cycle's scopes, back to the first: `a → b → a`, cut short when long.
pub(super) fn cycle_names(scopes: &[Scope], cycle: &[ScopeId]) -> String {
    const SHOWN: usize = 6;
    let mut names: Vec<String> = cycle
        .iter()
        .take(SHOWN)
        .map(|&s| format!("`{}`", scopes[s].name))
        .collect();
    if cycle.len() > SHOWN {
        names.push(format!("… ({} scopes)", cycle.len()));
    }
    names.push(format!("`{}`", scopes[cycle[0]].name));
    names.join(" → ")
}

pub(super) fn check_parent_cycles(
    ctx: &Ctx,
    name_spans: &[At],
    parents: &[(ScopeId, Spanned<Cow<str>>)],
    scopes: &[Scope],
) -> Result<(), CatalogError> {
    let Some(cycle) = find_cycle(
        scopes.len(),
        |s| scopes[s].parent.into_iter().collect(),
        0..scopes.len(),
    ) else {
        return Ok(());
    };
    let first = cycle[0];
    let span = parents
        .binary_search_by_key(&first, |(scope, _)| *scope)
        .map_or(name_spans[first].range(), |i| parents[i].1.span());
    Err(ctx.error(
        span,
        format!(
            "tree parents of `{}` form a cycle: {}",
            scopes[first].name,
            cycle_names(scopes, &cycle)
        ),
    ))
}

/// A scope may not be its own member, directly or through other composites: such a
/// composite grants nothing of its own that its members do not.
pub(super) fn check_composite_cycles(
    ctx: &Ctx,
    name_spans: &[At],
    scopes: &[Scope],
    edges: &[Edge],
) -> Result<(), CatalogError> {
    let mut members: Vec<Vec<ScopeId>> = vec![Vec::new(); scopes.len()];
    for edge in edges {
        if scopes[edge.from].composite && scopes[edge.to].composite {
            members[edge.from].push(edge.to);
        }
    }
    for list in &mut members {
        // Visited in catalog order (the last is taken first).
        list.reverse();
    }
    let composites = (0..scopes.len()).filter(|&s| scopes[s].composite);
    let Some(cycle) = find_cycle(scopes.len(), |s| members[s].clone(), composites) else {
        return Ok(());
    };
    let first = cycle[0];
    Err(ctx.error(
        name_spans[first].range(),
        format!(
            "composite `{}` is its own member through other composites ({}): a scope may not be its own member",
            scopes[first].name,
            cycle_names(scopes, &cycle)
        ),
    ))
}
