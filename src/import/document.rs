//! Reading a source document (JSON, or YAML 1.2 for OpenAPI) into one JSON value, and
//! walking it with JSON pointers, so every complaint can say where it applies.

use super::ImportError;
use serde_json::{Map, Value};

/// Parses JSON, or YAML when `yaml_allowed` and the text is not JSON. JSON is tried
/// first when the text starts like JSON, so its errors carry JSON's line and column.
pub fn parse(text: &str, file: &str, yaml_allowed: bool) -> Result<Value, ImportError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let looks_like_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if looks_like_json || !yaml_allowed {
        return serde_json::from_str(trimmed).map_err(|e| {
            let what = if yaml_allowed {
                "not valid JSON or YAML"
            } else {
                "not valid JSON"
            };
            ImportError::at_line(
                file,
                e.line(),
                e.column().max(1),
                format!("{what}: {}", json_message(&e)),
            )
        });
    }
    parse_yaml(trimmed, file)
}

/// serde_json's message without its own " at line L column C" tail.
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn parse_yaml(text: &str, file: &str) -> Result<Value, ImportError> {
    use saphyr::{LoadableYamlNode, Yaml};
    let documents = Yaml::load_from_str(text).map_err(|e| {
        let mark = e.marker();
        ImportError::at_line(
            file,
            mark.line(),
            mark.col() + 1,
            format!("not valid JSON or YAML: {}", e.info()),
        )
    })?;
    match documents.as_slice() {
        [one] => yaml_to_json(one, file, &mut String::new()),
        [] => Err(ImportError::whole(file, "the document is empty")),
        _ => Err(ImportError::whole(
            file,
            "the file holds several YAML documents; expected one",
        )),
    }
}

/// A YAML node as JSON. Keys become strings (`200:` → `"200"`); anything JSON cannot
/// hold is an error with its pointer.
fn yaml_to_json(
    node: &saphyr::Yaml,
    file: &str,
    pointer: &mut String,
) -> Result<Value, ImportError> {
    use saphyr::{Scalar, Yaml};
    Ok(match node {
        Yaml::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::from(*i),
            Scalar::FloatingPoint(f) => serde_json::Number::from_f64(f.into_inner())
                .map_or_else(|| Value::String(f.to_string()), Value::Number),
            Scalar::String(s) => Value::String(s.to_string()),
        },
        Yaml::Representation(text, _, _) => Value::String(text.to_string()),
        Yaml::Tagged(_, inner) => yaml_to_json(inner, file, pointer)?,
        Yaml::Sequence(items) => {
            let mut values = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                values.push(yaml_to_json(item, file, pointer)?);
                pointer.truncate(len);
            }
            Value::Array(values)
        }
        Yaml::Mapping(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let key = match key {
                    Yaml::Value(Scalar::String(s)) => s.to_string(),
                    Yaml::Value(Scalar::Integer(i)) => i.to_string(),
                    Yaml::Value(Scalar::Boolean(b)) => b.to_string(),
                    Yaml::Value(Scalar::FloatingPoint(f)) => f.to_string(),
                    Yaml::Value(Scalar::Null) => "null".to_string(),
                    Yaml::Representation(text, _, _) => text.to_string(),
                    _ => {
                        return Err(ImportError::at(
                            file,
                            pointer,
                            "a mapping key is not a plain value (JSON keys are strings)",
                        ));
                    }
                };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(&key));
                let value = yaml_to_json(value, file, pointer)?;
                pointer.truncate(len);
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Yaml::Alias(_) | Yaml::BadValue => {
            return Err(ImportError::at(
                file,
                pointer,
                "a YAML value JSON cannot hold",
            ));
        }
    })
}

/// One reference token of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `pointer` extended by `token`.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

/// What a JSON value is, for messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A walker over one document: values with their pointers.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    pub file: &'a str,
    pub root: &'a Value,
}

impl<'a> Doc<'a> {
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> ImportError {
        ImportError::at(self.file, pointer, message)
    }

    /// The object at `pointer`, or an error when the value there is something else.
    pub fn object(
        &self,
        value: &'a Value,
        pointer: &str,
    ) -> Result<&'a Map<String, Value>, ImportError> {
        value.as_object().ok_or_else(|| {
            self.error(
                pointer,
                format!("expected an object, found {}", kind(value)),
            )
        })
    }

    pub fn array(&self, value: &'a Value, pointer: &str) -> Result<&'a Vec<Value>, ImportError> {
        value
            .as_array()
            .ok_or_else(|| self.error(pointer, format!("expected an array, found {}", kind(value))))
    }

    pub fn string(&self, value: &'a Value, pointer: &str) -> Result<&'a str, ImportError> {
        value
            .as_str()
            .ok_or_else(|| self.error(pointer, format!("expected a string, found {}", kind(value))))
    }

    /// A local reference (`#/components/...`) resolved, with the pointer it names.
    pub fn resolve(
        &self,
        value: &'a Value,
        pointer: &str,
    ) -> Result<(&'a Value, String), ImportError> {
        let mut current = value;
        let mut at = pointer.to_string();
        for _ in 0..32 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Ok((current, at));
            };
            let Some(target) = reference.strip_prefix('#') else {
                return Err(self.error(
                    &child(&at, "$ref"),
                    format!("`{reference}` refers to another file; only references inside the document are followed"),
                ));
            };
            current = self.root.pointer(target).ok_or_else(|| {
                self.error(
                    &child(&at, "$ref"),
                    format!("`{reference}` names nothing in the document"),
                )
            })?;
            at = target.to_string();
        }
        Err(self.error(pointer, "references form a loop"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_becomes_the_same_json() {
        let yaml = "openapi: 3.1.0\npaths:\n  /a/{b}:\n    get:\n      responses:\n        200: {description: ok}\nx: [1, 2.5, true, null, ~]\n";
        let value = parse(yaml, "t.yaml", true).expect("parses");
        assert_eq!(value["openapi"], "3.1.0");
        assert_eq!(
            value["paths"]["/a/{b}"]["get"]["responses"]["200"]["description"],
            "ok"
        );
        assert_eq!(value["x"], serde_json::json!([1, 2.5, true, null, null]));
    }

    #[test]
    fn broken_text_is_reported_with_its_line() {
        let error = parse("{\n  \"a\": [1,\n}", "t.json", true).expect_err("broken");
        assert_eq!(
            error.to_string(),
            "t.json:3:1: not valid JSON or YAML: expected value"
        );
        let error = parse("a: [1, 2\nb: c\n", "t.yaml", true).expect_err("broken");
        assert!(error.to_string().starts_with("t.yaml:"), "{error}");
        assert!(
            error.to_string().contains("not valid JSON or YAML"),
            "{error}"
        );
        let error = parse("a: 1", "t.json", false).expect_err("YAML not allowed");
        assert!(error.to_string().contains("not valid JSON"), "{error}");
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(child("/paths", "/a/{b}"), "/paths/~1a~1{b}");
        assert_eq!(escape("x~y"), "x~0y");
    }
}
