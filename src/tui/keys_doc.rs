//! The key table as Markdown, for the README. It is made from the rows of the help
//! overlay ([`help_rows`]), which are made from [`BINDINGS`], so the README's keys are
//! the keys the app has. `tests/readme.rs` checks that the README holds exactly this.

use super::keys::{BINDINGS, Context, help_rows, key_label};
use super::message::{HelpRow, Mode};

/// Every context, to find the bindings a help row was made from.
const CONTEXTS: [Context; 10] = [
    Context::Tree,
    Context::Search,
    Context::Input,
    Context::Picker,
    Context::PickerIdle,
    Context::Help,
    Context::Overwrite,
    Context::Changed,
    Context::Unsaved,
    Context::Question,
];

/// The keys of the explorer as a Markdown table (a bold row for each section of the
/// help, then a row for each action), then those of the catalog picker, folded away in
/// a `<details>` block.
pub fn keys_markdown() -> String {
    format!(
        "{}\n<details>\n<summary>Keys of the catalog picker (<code>scopex</code> with no catalog)</summary>\n\n{}\n</details>\n",
        table(Mode::Tree),
        table(Mode::Picker)
    )
}

fn table(mode: Mode) -> String {
    let mut out = String::from("| Keys | What they do |\n|---|---|\n");
    for row in help_rows(BINDINGS, mode) {
        match row {
            HelpRow::Heading(heading) => {
                out.push_str(&format!("| **{}** | |\n", escape(heading)));
            }
            HelpRow::Keys { keys, what } => {
                out.push_str(&format!(
                    "| {} | {} |\n",
                    keys_cell(&keys, what),
                    escape(what)
                ));
            }
            HelpRow::Blank => {}
        }
    }
    out
}

/// Each key as `<kbd>`; a row that names no key ("type", "click", "wheel") as text.
fn keys_cell(keys: &str, what: &str) -> String {
    for context in CONTEXTS {
        let labels: Vec<String> = BINDINGS
            .iter()
            .filter(|b| b.context == context && b.action.describe() == what)
            .map(|b| key_label(b.key))
            .collect();
        if !labels.is_empty() && labels.join(" ") == keys {
            return labels
                .iter()
                .map(|label| format!("<kbd>{}</kbd>", escape(label)))
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    format!("*{}*", escape(keys))
}

/// Text made safe for a Markdown table cell.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tree_and_picker_key_is_in_the_table() {
        let table = keys_markdown();
        for binding in BINDINGS.iter().filter(|b| {
            matches!(
                b.context,
                Context::Tree | Context::Search | Context::Picker | Context::PickerIdle
            )
        }) {
            let key = format!("<kbd>{}</kbd>", escape(&key_label(binding.key)));
            assert!(table.contains(&key), "{key} missing from\n{table}");
        }
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape("a|b <c> [ ] *"), "a\\|b &lt;c&gt; \\[ \\] \\*");
    }
}
