//! `scopex manpage`: the one page README installs (scopex.1) documents every command and
//! its options, and refers to no page that is never made.

mod support;

use support::cli::prints;

/// Each command has its subsection with its synopsis and its own options; no
/// `scopex-COMMAND(1)` page is named, for none is generated.
#[test]
fn the_man_page_documents_every_command_and_refers_to_no_missing_page() {
    let page = prints(&["manpage"]);
    assert!(!page.contains("scopex\\-check(1)"), "{page}");
    assert!(
        !page.contains("(1)\n"),
        "a reference to another page: {page}"
    );
    for command in [
        "catalogs",
        "list",
        "search",
        "closure",
        "minimize",
        "explain",
        "need",
        "operations",
        "diff",
        "check",
        "report",
        "url",
        "completions",
        "config",
        "manpage",
        "import",
        "validate",
    ] {
        assert!(
            page.contains(&format!(".SS \"scopex {command}\"\n")),
            "no section for {command}: {page}"
        );
    }
    // Options of the commands, not only of the top level.
    let check = &page[page.find(".SS \"scopex check\"").expect("check's section")..];
    let check = &check[..check[1..].find(".SS ").map_or(check.len(), |end| end + 1)];
    for option in ["within", "minimal", "strict", "trust"] {
        assert!(
            check.contains(&format!("\\-\\-{option}")),
            "--{option}: {check}"
        );
    }
    assert!(
        page.contains("\\-\\-token\\-page"),
        "url's --token-page: {page}"
    );
    assert!(
        page.contains("\\-\\-print\\-default"),
        "config's --print-default"
    );
}
