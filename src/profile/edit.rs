//! A profile saved over its own file by editing the file's text in place: each entry
//! ([[scope]], [[operation]], a top-level key) that stays keeps its comments, its
//! quoting and its place; an entry that goes takes its comments with it; a new one comes
//! after the others of its kind.

use super::{Profile, RawProfile};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// The text `old` changed to say `profile`, or None when `old` is not a TOML document
/// this can edit (the caller then writes the profile afresh). The result is checked: it
/// reads back as exactly `profile`, or None.
pub fn edited(old: &str, profile: &Profile) -> Option<String> {
    let mut document: DocumentMut = old.parse().ok()?;
    let root = document.as_table_mut();
    set_string(root, "name", Some(&profile.name));
    set_string(root, "catalog", Some(&profile.catalog));
    set_string(root, "client_id", profile.client_id.as_deref());
    set_string(root, "redirect_uri", profile.redirect_uri.as_deref());
    let scopes = profile
        .scopes
        .iter()
        .map(|s| (s.name.as_str(), s.reason.as_str()));
    set_entries(root, "scope", "name", scopes, true)?;
    let operations = profile
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.reason.as_str()));
    set_entries(root, "operation", "id", operations, false)?;
    let text = document.to_string();
    reads_as(&text, profile).then_some(text)
}

/// Sets `key` of `table` to `text` (removes it for None), keeping the comments around an
/// old value, and the old value itself, quoting and all, when it says the same.
fn set_string(table: &mut Table, key: &str, text: Option<&str>) {
    let Some(text) = text else {
        table.remove(key);
        return;
    };
    match table.get_mut(key) {
        Some(Item::Value(Value::String(old))) if old.value() == text => {}
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = Value::from(text);
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert(key, toml_edit::value(text));
        }
    }
}

/// Makes the array of tables `array` (`[[scope]]`) list `entries` (key, reason) in their
/// order: the old table of an entry (found by its `key`) is reused, with its comments;
/// an entry's empty reason is written only when `empty_reason` (a scope's always is).
/// None when `array` is there but is not an array of tables.
fn set_entries<'a>(
    root: &mut Table,
    array: &str,
    key: &str,
    entries: impl Iterator<Item = (&'a str, &'a str)>,
    empty_reason: bool,
) -> Option<()> {
    let mut old: Vec<Table> = match root.remove(array) {
        None => Vec::new(),
        Some(Item::ArrayOfTables(tables)) => tables.into_iter().collect(),
        Some(_) => return None,
    };
    let mut tables = ArrayOfTables::new();
    for (name, reason) in entries {
        let found = old.iter().position(|table| {
            table
                .get(key)
                .and_then(Item::as_str)
                .is_some_and(|n| n == name)
        });
        let mut table = match found {
            Some(at) => old.remove(at),
            None => Table::new(),
        };
        set_string(&mut table, key, Some(name));
        let keep_empty = empty_reason || table.contains_key("reason");
        set_string(
            &mut table,
            "reason",
            (!reason.is_empty() || keep_empty).then_some(reason),
        );
        tables.push(table);
    }
    if !tables.is_empty() {
        root.insert(array, Item::ArrayOfTables(tables));
    }
    Some(())
}

/// Does `text` read as `profile`, field by field?
fn reads_as(text: &str, profile: &Profile) -> bool {
    let Ok(raw) = toml::from_str::<RawProfile>(text) else {
        return false;
    };
    raw.name == profile.name
        && raw.catalog.get_ref() == &profile.catalog
        && raw.client_id == profile.client_id
        && raw.redirect_uri == profile.redirect_uri
        && raw.scopes.len() == profile.scopes.len()
        && raw
            .scopes
            .iter()
            .zip(&profile.scopes)
            .all(|(raw, scope)| raw.name.get_ref() == &scope.name && raw.reason == scope.reason)
        && raw.operations.len() == profile.operations.len()
        && raw
            .operations
            .iter()
            .zip(&profile.operations)
            .all(|(raw, op)| raw.id.get_ref() == &op.id && raw.reason == op.reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ProfileOperation, ProfileScope};

    fn profile(scopes: &[(&str, &str)], operations: &[(&str, &str)]) -> Profile {
        Profile {
            name: "P".to_string(),
            catalog: "google".to_string(),
            client_id: None,
            redirect_uri: None,
            scopes: scopes
                .iter()
                .map(|(name, reason)| ProfileScope {
                    name: name.to_string(),
                    reason: reason.to_string(),
                })
                .collect(),
            operations: operations
                .iter()
                .map(|(id, reason)| ProfileOperation {
                    id: id.to_string(),
                    reason: reason.to_string(),
                })
                .collect(),
        }
    }

    const OLD: &str = "# Header: what this is.\n\
        name = \"P\" # shown in reports\n\
        catalog = \"google\"\n\
        \n\
        # Mail, read only.\n\
        [[scope]]\n\
        name = \"gmail.readonly\"\n\
        reason = \"reads mail\" # asked by support\n\
        \n\
        # Goes away.\n\
        [[scope]]\n\
        name = \"drive\"\n\
        reason = \"files\"\n\
        \n\
        # The one call.\n\
        [[operation]]\n\
        id = 'drive.files.list' # literal quotes\n";

    #[test]
    fn comments_and_layout_of_the_entries_that_stay_are_kept() {
        let new = profile(
            &[("gmail.readonly", "reads mail"), ("calendar", "")],
            &[("drive.files.list", "")],
        );
        let text = edited(OLD, &new).expect("edits");
        assert_eq!(
            text,
            "# Header: what this is.\n\
             name = \"P\" # shown in reports\n\
             catalog = \"google\"\n\
             \n\
             # Mail, read only.\n\
             [[scope]]\n\
             name = \"gmail.readonly\"\n\
             reason = \"reads mail\" # asked by support\n\
             \n\
             [[scope]]\n\
             name = \"calendar\"\n\
             reason = \"\"\n\
             \n\
             # The one call.\n\
             [[operation]]\n\
             id = 'drive.files.list' # literal quotes\n"
        );
    }

    #[test]
    fn a_changed_value_keeps_its_comment() {
        let new = profile(
            &[("gmail.readonly", "reads the inbox"), ("drive", "files")],
            &[("drive.files.list", "lists files")],
        );
        let text = edited(OLD, &new).expect("edits");
        assert!(
            text.contains("reason = \"reads the inbox\" # asked by support\n"),
            "{text}"
        );
        assert!(text.contains("# Goes away.\n[[scope]]"), "{text}");
        assert!(
            text.contains("id = 'drive.files.list' # literal quotes\nreason = \"lists files\""),
            "{text}"
        );
    }

    #[test]
    fn what_cannot_be_edited_is_left_to_a_fresh_write() {
        let new = profile(&[("drive", "")], &[]);
        assert_eq!(edited("name = ", &new), None);
        // Scopes as an inline array are not tables to edit.
        assert_eq!(
            edited(
                "name = \"P\"\ncatalog = \"google\"\nscope = [{ name = \"drive\" }]\n",
                &new
            ),
            None
        );
    }
}
