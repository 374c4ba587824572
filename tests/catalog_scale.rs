//! Loading grows with the size of the catalog, not its square: long parent chains and
//! long chains of composites included. Each check compares the time for n and 16n scopes
//! (the least processor time of five runs each, so that a busy machine does not decide): linear work
//! takes about 16x, quadratic 256x. No wall-clock limit is asserted, only the growth.

use scopex::catalog::{Origin, parse_catalog};
use std::time::Duration;

mod support;

fn scope(text: &mut String, i: usize, parent: Option<usize>) {
    text.push_str(&format!(
        "[[scope]]\nname = \"s{i}\"\ndescription = \"x\"\n"
    ));
    if let Some(p) = parent {
        text.push_str(&format!("parent = \"s{p}\"\n"));
    }
    text.push('\n');
}

/// s1 below s0, s2 below s1, and so on.
fn parent_chain(n: usize) -> String {
    let mut text = String::from("id = \"chain\"\nname = \"Chain\"\n\n");
    for i in 0..n {
        scope(&mut text, i, i.checked_sub(1));
    }
    text
}

/// s0 is exactly s1, s1 exactly s2, and so on; the last is atomic.
fn composite_chain(n: usize) -> String {
    let mut text = String::from("id = \"chain\"\nname = \"Chain\"\n\n");
    for i in 0..n {
        scope(&mut text, i, None);
    }
    for i in 0..n - 1 {
        text.push_str(&format!(
            "[[implies]]\nfrom = \"s{i}\"\nto = [\"s{}\"]\ncomposite = true\nevidence = \"documented\"\n\n",
            i + 1
        ));
    }
    text
}

/// The least processor time of five loads of `text`.
fn best_load_time(text: &str) -> Duration {
    support::quickest(5, || {
        let catalog =
            parse_catalog(text, "chain.toml", Origin::Builtin).unwrap_or_else(|e| panic!("{e}"));
        assert!(!catalog.is_empty());
    })
}

#[track_caller]
fn assert_grows_linearly(make: fn(usize) -> String, what: &str) {
    let n = 1_250;
    let small = best_load_time(&make(n));
    let large = best_load_time(&make(16 * n));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    assert!(
        ratio < 64.0,
        "{what}: {n} scopes load in {small:?}, {} in {large:?}: {ratio:.1}x for 16x the input",
        16 * n
    );
}

#[test]
fn a_long_parent_chain_loads_in_linear_time() {
    assert_grows_linearly(parent_chain, "parent chain");
}

#[test]
fn a_long_composite_chain_loads_in_linear_time() {
    assert_grows_linearly(composite_chain, "composite chain");
}
