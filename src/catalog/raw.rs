//! A catalog file as read, before it is checked: the one statement of the file format's
//! tables and keys. Each table is declared once, with `table!`, which makes both the
//! struct the TOML deserializer fills (serde) and what the fast reader (`fast.rs`) needs
//! to fill that same struct from the parser's events: the table's keys, which of them
//! must be given, and how each value is stored ([`Table`]).
//!
//! A new key is one line here, plus a sample value in this file's test, which checks
//! that the deserializer and the fast reader take the same keys. Where the catalog keeps
//! the key, `load::build_head` takes the raw catalog apart field by field, so the
//! compiler points to where it goes.

use super::Evidence;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;

/// Declares a table of the catalog file: its keys, each a field named as in the file
/// (`name: Type`, with `= default` where a missing key takes the type's default), then,
/// for the top level, the tables under it (`tables { … }`, named as in the file too),
/// which are not keys the fast reader sets. Serde attributes on a field are passed on.
macro_rules! table {
    (
        $(#[$meta:meta])*
        struct $name:ident $(<$lt:lifetime>)? {
            $(
                $(#[$key_meta:meta])*
                $key:ident : $key_ty:ty $(= $default:ident)?
            ),* $(,)?
        }
        $(tables {
            $(
                $(#[$table_meta:meta])*
                $table:ident : $table_ty:ty
            ),* $(,)?
        })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct $name $(<$lt>)? {
            $(
                $(#[$key_meta])*
                $(#[serde($default)])?
                pub(super) $key: $key_ty,
            )*
            $($(
                $(#[$table_meta])*
                pub(super) $table: $table_ty,
            )*)?
        }

        table!(@impl [$($lt)?] $name { $($key: $key_ty $(= $default)?),* } [$($($table),*)?]);

        $(impl $name<'_> {
            /// The tables under the top level, named as in the file.
            pub(super) const TABLES: &'static [&'static str] = &[$(stringify!($table)),*];
        })?
    };
    (@impl [] $name:ident $keys:tt $tables:tt) => {
        impl<'s> Table<'s> for $name {
            table!(@body 's $name $keys $tables);
        }
    };
    (@impl [$lt:lifetime] $name:ident $keys:tt $tables:tt) => {
        impl<$lt> Table<$lt> for $name<$lt> {
            table!(@body $lt $name $keys $tables);
        }
    };
    (@body $lt:lifetime $name:ident
        { $($key:ident : $key_ty:ty $(= $default:ident)?),* }
        [$($table:ident),*]
    ) => {
        const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];

        const REQUIRED: u64 = {
            #[allow(non_camel_case_types, clippy::enum_variant_names)]
            enum Key { $($key),* }
            0 $(| if <$key_ty as FieldValue<$lt>>::OPTIONAL || table!(@defaulted $($default)?) {
                0
            } else {
                1 << (Key::$key as u64)
            })*
        };

        fn empty() -> Self {
            $name {
                $($key: <$key_ty as FieldValue<$lt>>::empty(),)*
                $($table: Default::default(),)*
            }
        }

        fn set(&mut self, key: usize, value: Value<$lt>) -> Option<()> {
            #[allow(non_camel_case_types, clippy::enum_variant_names)]
            enum Key { $($key),* }
            $(if key == Key::$key as usize {
                self.$key = <$key_ty as FieldValue<$lt>>::from_value(value)?;
                return Some(());
            })*
            None
        }
    };
    (@defaulted) => { false };
    (@defaulted default) => { true };
}

/// A table of the catalog file as the fast reader fills it, key by key.
pub(super) trait Table<'s>: Sized {
    /// The table's keys, in the order of its fields: a key's bit is `1 << index`.
    const KEYS: &'static [&'static str];
    /// The bits of the keys that must be given.
    const REQUIRED: u64;
    /// The table before any of its keys is read: placeholders where a key is required.
    fn empty() -> Self;
    /// Stores the value of `KEYS[key]`; `None` when it is of another type.
    fn set(&mut self, key: usize, value: Value<'s>) -> Option<()>;
    /// The index of `key` in [`Table::KEYS`].
    fn key(key: &str) -> Option<usize> {
        Self::KEYS.iter().position(|known| *known == key)
    }
}

/// A value as the fast reader reads it, before it is stored in a field.
pub(super) enum Value<'s> {
    /// A string, decoded, with its place in the file.
    Str(Spanned<Cow<'s, str>>),
    Bool(bool),
    /// An array of strings (`names`) or of arrays of strings (`alternatives`); an empty
    /// array has neither, a mixed one both.
    Array {
        span: Range<usize>,
        names: RawNames<'s>,
        alternatives: Vec<Spanned<RawNames<'s>>>,
    },
}

/// The type of a key's field, as the fast reader fills it.
pub(super) trait FieldValue<'s>: Sized {
    /// The key may be left out (only an `Option`; `= default` in `table!` says so of
    /// another type).
    const OPTIONAL: bool = false;
    /// The field before its key is read.
    fn empty() -> Self;
    /// `value` as this type; `None` when it is of another type.
    fn from_value(value: Value<'s>) -> Option<Self>;
}

impl<'s, T: FieldValue<'s>> FieldValue<'s> for Option<T> {
    const OPTIONAL: bool = true;
    fn empty() -> Self {
        None
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        T::from_value(value).map(Some)
    }
}

impl<'s, T: FieldValue<'s>> FieldValue<'s> for Box<T> {
    fn empty() -> Self {
        Box::new(T::empty())
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        T::from_value(value).map(Box::new)
    }
}

impl<'s> FieldValue<'s> for Spanned<Cow<'s, str>> {
    fn empty() -> Self {
        Spanned::new(0..0, Cow::Borrowed(""))
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        match value {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }
}

impl<'s> FieldValue<'s> for Cow<'s, str> {
    fn empty() -> Self {
        Cow::Borrowed("")
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        Spanned::<Cow<str>>::from_value(value).map(Spanned::into_inner)
    }
}

/// The catalog's own keys are few and kept as strings; scope text stays borrowed.
impl<'s> FieldValue<'s> for Spanned<String> {
    fn empty() -> Self {
        Spanned::new(0..0, String::new())
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        let text = Spanned::<Cow<str>>::from_value(value)?;
        Some(Spanned::new(text.span(), text.into_inner().into_owned()))
    }
}

impl<'s> FieldValue<'s> for String {
    fn empty() -> Self {
        String::new()
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        Cow::from_value(value).map(Cow::into_owned)
    }
}

impl<'s> FieldValue<'s> for bool {
    fn empty() -> Self {
        false
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(flag),
            _ => None,
        }
    }
}

impl<'s> FieldValue<'s> for Evidence {
    fn empty() -> Self {
        Evidence::Documented
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        Evidence::parse(Spanned::<Cow<str>>::from_value(value)?.get_ref())
    }
}

/// An array of names.
impl<'s> FieldValue<'s> for Spanned<RawNames<'s>> {
    fn empty() -> Self {
        Spanned::new(0..0, Vec::new())
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        match value {
            Value::Array {
                span,
                names,
                alternatives,
            } if alternatives.is_empty() => Some(Spanned::new(span, names)),
            _ => None,
        }
    }
}

/// An array of arrays of names.
impl<'s> FieldValue<'s> for Spanned<Vec<Spanned<RawNames<'s>>>> {
    fn empty() -> Self {
        Spanned::new(0..0, Vec::new())
    }
    fn from_value(value: Value<'s>) -> Option<Self> {
        match value {
            Value::Array {
                span,
                names,
                alternatives,
            } if names.is_empty() => Some(Spanned::new(span, alternatives)),
            _ => None,
        }
    }
}

table! {
    /// A catalog file as read, before it is checked. Scope names and descriptions, and
    /// the names in implications, borrow the file's text where they need no decoding.
    struct RawCatalog<'a> {
        id: Spanned<String>,
        name: String,
        docs_url: Option<String>,
        source: Option<String>,
        authorize_url: Option<String>,
        token_url: Option<String>,
        delimiter: Option<Spanned<String>>,
        token_page_url: Option<Spanned<String>>,
        token_page_delimiter: Option<Spanned<String>>,
        retrieved: Option<Spanned<String>>,
        revision: Option<String>,
        attribution: Option<String>,
        paths_case_insensitive: bool = default,
        path_prefixes: Option<Spanned<RawNames<'a>>>,
        methods_interchangeable: Option<Spanned<RawNames<'a>>>,
    }
    tables {
        tree: Option<RawTree>,
        #[serde(default)]
        templates: BTreeMap<String, String>,
        #[serde(default)]
        resources: HashMap<String, String>,
        #[serde(default, borrow)]
        scope: Vec<RawScope<'a>>,
        #[serde(default, borrow)]
        implies: Vec<RawImplies<'a>>,
        #[serde(default, borrow)]
        rule: Vec<RawImplies<'a>>,
        #[serde(default, borrow)]
        operation: Vec<RawOperation<'a>>,
    }
}

table! {
    /// `[tree]`: how names split into the resource tree.
    struct RawTree {
        separator: Option<String>,
        prefix: Option<String>,
    }
}

table! {
    /// A `[[scope]]`.
    struct RawScope<'a> {
        #[serde(borrow)]
        name: Spanned<Cow<'a, str>>,
        #[serde(borrow)]
        description: Option<Cow<'a, str>>,
        // The keys most scopes leave out are boxed: a scope as read is then 88 bytes,
        // not 184 (a catalog of 100,000 scopes holds all of them at once).
        #[serde(borrow)]
        parent: Option<Box<Spanned<Cow<'a, str>>>>,
        #[serde(borrow)]
        deprecated: Option<Box<Spanned<Cow<'a, str>>>>,
        #[serde(borrow)]
        only_in: Option<Box<Spanned<Cow<'a, str>>>>,
    }
}

/// Scope names as written: each with its place in the file.
pub(super) type RawNames<'a> = Vec<Spanned<Cow<'a, str>>>;

table! {
    /// An `[[operation]]`.
    struct RawOperation<'a> {
        #[serde(borrow)]
        id: Spanned<Cow<'a, str>>,
        #[serde(borrow)]
        method: Option<Spanned<Cow<'a, str>>>,
        #[serde(borrow)]
        path: Option<Spanned<Cow<'a, str>>>,
        upload_paths: Option<Spanned<RawNames<'a>>>,
        #[serde(borrow)]
        description: Option<Cow<'a, str>>,
        #[serde(borrow)]
        requires: Spanned<Vec<Spanned<RawNames<'a>>>>,
    }
}

table! {
    /// An `[[implies]]` or a `[[rule]]`.
    struct RawImplies<'a> {
        #[serde(borrow)]
        from: Spanned<Cow<'a, str>>,
        #[serde(borrow)]
        to: Spanned<RawNames<'a>>,
        composite: bool = default,
        evidence: Evidence,
        note: Option<String>,
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Evidence::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown evidence `{text}`, expected one of `documented`, `description`, `derived`, `inferred`"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::differential::readers_disagree;
    use super::super::fast;
    use super::*;
    use std::collections::BTreeSet;

    /// A catalog that gives every key of every table, as (header, keys with values), the
    /// top level first. A new key needs a sample value here.
    const FULL: &[(&str, &[(&str, &str)])] = &[
        (
            "",
            &[
                ("id", r#""full""#),
                ("name", r#""Full""#),
                ("docs_url", r#""https://example.com/docs""#),
                ("source", r#""https://example.com/scopes""#),
                ("authorize_url", r#""https://example.com/authorize""#),
                ("token_url", r#""https://example.com/token""#),
                ("delimiter", r#"",""#),
                (
                    "token_page_url",
                    r#""https://example.com/tokens/new?scopes={scopes}""#,
                ),
                ("token_page_delimiter", r#"" ""#),
                ("retrieved", r#""2026-12-01""#),
                ("revision", r#""v2""#),
                ("attribution", r#""CC BY 4.0""#),
                ("paths_case_insensitive", "true"),
                ("path_prefixes", r#"["/v1.0", "/beta"]"#),
                ("methods_interchangeable", r#"["GET", "POST"]"#),
            ],
        ),
        (
            "[tree]",
            &[("separator", r#"".""#), ("prefix", r#""api.""#)],
        ),
        ("[templates]", &[("read", r#""Read {resource}""#)]),
        ("[resources]", &[("users", r#""people""#)]),
        (
            "[[scope]]",
            &[
                ("name", r#""api.users.read""#),
                ("description", r#""Read users""#),
                ("parent", r#""api.users.write""#),
                ("deprecated", r#""use api.users.write""#),
                ("only_in", r#""the admin console""#),
            ],
        ),
        (
            "[[scope]]",
            &[
                ("name", r#""api.users.write""#),
                ("description", r#""Write users""#),
            ],
        ),
        (
            "[[scope]]",
            &[("name", r#""api.admin""#), ("description", r#""All""#)],
        ),
        (
            "[[implies]]",
            &[
                ("from", r#""api.admin""#),
                ("to", r#"["api.users.write"]"#),
                ("composite", "true"),
                ("evidence", r#""documented""#),
                ("note", r#""a note""#),
            ],
        ),
        (
            "[[rule]]",
            &[
                ("from", r#""api.{resource}.write""#),
                ("to", r#"["api.{resource}.read"]"#),
                ("composite", "false"),
                ("evidence", r#""derived""#),
                ("note", r#""writing reads""#),
            ],
        ),
        (
            "[[operation]]",
            &[
                ("id", r#""users.list""#),
                ("method", r#""GET""#),
                ("path", r#""/users""#),
                ("upload_paths", r#"["/upload/users"]"#),
                ("description", r#""Lists users.""#),
                (
                    "requires",
                    r#"[["api.users.read"], ["api.users.write", "api.admin"]]"#,
                ),
            ],
        ),
    ];

    /// [`FULL`] as TOML, without the key `skip` of its `n`th table, and with the line
    /// `add` in the `n`th table.
    fn full(n: usize, skip: Option<&str>, add: Option<&str>) -> String {
        let mut text = String::new();
        for (at, (header, keys)) in FULL.iter().enumerate() {
            if !header.is_empty() {
                text.push_str(&format!("\n{header}\n"));
            }
            for (key, value) in *keys {
                if at != n || Some(*key) != skip {
                    text.push_str(&format!("{key} = {value}\n"));
                }
            }
            if at == n
                && let Some(line) = add
            {
                text.push_str(&format!("{line}\n"));
            }
        }
        text
    }

    /// The keys of the table a header opens, and those that must be given.
    fn declared(header: &str) -> (&'static [&'static str], u64) {
        match header {
            "" => (RawCatalog::KEYS, RawCatalog::REQUIRED),
            "[tree]" => (RawTree::KEYS, RawTree::REQUIRED),
            "[[scope]]" => (RawScope::KEYS, RawScope::REQUIRED),
            "[[implies]]" | "[[rule]]" => (RawImplies::KEYS, RawImplies::REQUIRED),
            "[[operation]]" => (RawOperation::KEYS, RawOperation::REQUIRED),
            _ => panic!("no table {header}"),
        }
    }

    /// The names in backquotes that the deserializer lists after "expected".
    fn expected(message: &str) -> BTreeSet<String> {
        let (_, list) = message.split_once("expected").expect("a list of keys");
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_sample_gives_every_key_and_both_readers_read_it_alike() {
        let text = full(usize::MAX, None, None);
        assert!(
            fast::parse(&text).is_some(),
            "the fast reader gave up:\n{text}"
        );
        assert_eq!(readers_disagree(&text), None);
        let catalog = super::super::load::parse_catalog_slow(
            &text,
            "full.toml",
            super::super::Origin::Builtin,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(catalog.operations().map(<[_]>::len), Ok(1));
        for (header, _) in FULL {
            if matches!(*header, "[templates]" | "[resources]") {
                continue;
            }
            let given: BTreeSet<&str> = FULL
                .iter()
                .filter(|(h, _)| h == header)
                .flat_map(|(_, keys)| keys.iter().map(|(key, _)| *key))
                .collect();
            let keys_declared: BTreeSet<&str> = declared(header).0.iter().copied().collect();
            assert_eq!(
                given, keys_declared,
                "{header}: a sample value for each key"
            );
        }
    }

    /// Every key the deserializer takes, the fast reader takes, and no other: an unknown
    /// key makes the deserializer list the keys it knows, and the fast reader give up.
    #[test]
    fn the_deserializer_and_the_fast_reader_take_the_same_keys() {
        let tables: BTreeSet<String> = FULL
            .iter()
            .filter(|(header, _)| !header.is_empty())
            .map(|(header, _)| header.trim_matches(['[', ']']).to_string())
            .collect();
        for (n, (header, _)) in FULL.iter().enumerate() {
            if matches!(*header, "[templates]" | "[resources]") {
                continue;
            }
            let text = full(n, None, Some("unknown_key = \"x\""));
            assert!(fast::parse(&text).is_none(), "{header}: an unknown key");
            let error = match toml::from_str::<RawCatalog>(&text) {
                Ok(_) => panic!("{header}: the deserializer took an unknown key"),
                Err(error) => error.message().to_string(),
            };
            assert!(error.contains("unknown field `unknown_key`"), "{error}");
            let mut keys: BTreeSet<String> =
                declared(header).0.iter().map(|k| k.to_string()).collect();
            if header.is_empty() {
                keys.extend(tables.iter().cloned());
            }
            assert_eq!(expected(&error), keys, "{header}");
        }
    }

    /// A key the fast reader needs is one the deserializer needs: leaving out a required
    /// key makes the fast reader give up and the deserializer say it is missing; leaving
    /// out any other, both read the file alike.
    #[test]
    fn the_readers_require_the_same_keys() {
        for (n, (header, keys)) in FULL.iter().enumerate() {
            if matches!(*header, "[templates]" | "[resources]") {
                continue;
            }
            let (declared_keys, required) = declared(header);
            for (key, _) in *keys {
                let index = declared_keys
                    .iter()
                    .position(|k| k == key)
                    .expect("declared");
                let must = required & (1 << index) != 0;
                let text = full(n, Some(key), None);
                let what = format!("{header} without {key}");
                assert_eq!(fast::parse(&text).is_none(), must, "{what}");
                let missing = match toml::from_str::<RawCatalog>(&text) {
                    Ok(_) => false,
                    Err(error) => error.message().contains(&format!("missing field `{key}`")),
                };
                assert_eq!(missing, must, "{what}");
                assert_eq!(readers_disagree(&text), None, "{what}");
            }
        }
    }
}
