//! Small facts about OpenAPI 3.0 documents held as `serde_json::Value`:
//! HTTP methods, JSON pointers, `$ref` resolution and walking the schemas.

use std::borrow::Cow;
use std::ops::ControlFlow;

use serde_json::{Map, Value};

/// The operation keys of a path item, in the order the output lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer token (RFC 6901).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A JSON pointer from tokens.
pub fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .map(|t| format!("/{}", escape_token(t)))
        .collect()
}

/// The JSON pointer of an operation, e.g. `/paths/~1things/get`.
pub fn operation_pointer(path: &str, method: &str) -> String {
    pointer(["paths", path, method])
}

/// The target of a local `$ref` (`#/components/schemas/X`), if it resolves.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// Follows `$ref`s until a non-reference value (at most a few hops, so that a
/// cycle of references cannot hang the merge).
pub fn resolve_deep<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => match resolve(doc, r) {
                Some(target) => value = target,
                None => return value,
            },
            None => return value,
        }
    }
    value
}

/// Every `$ref` in `value` with the JSON pointer where it stands in the
/// document (`value` stands at the tokens `at`). A `$ref` key inside data
/// (an `example`, an Example Object's `value`, an `enum` or `const`, an `x-`
/// extension) is part of the data, not a reference.
pub fn refs<'a>(value: &'a Value, at: &[&'a str], out: &mut Vec<(String, String)>) {
    each_ref(value, at, &mut |reference, place| {
        out.push((reference.to_string(), place.pointer()));
        ControlFlow::Continue(())
    });
}

/// The first `$ref` in `value` (which stands at `at`) that `unwanted` picks,
/// with its JSON pointer: the pointer is only built for the one returned, as
/// documents are large and references many.
pub fn find_ref<'a>(
    value: &'a Value,
    at: &[&'a str],
    mut unwanted: impl FnMut(&str) -> bool,
) -> Option<(String, String)> {
    let mut found = None;
    each_ref(value, at, &mut |reference, place| {
        if unwanted(reference) {
            found = Some((reference.to_string(), place.pointer()));
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    found
}

/// Where a `$ref` stands: the tokens of its object's place.
pub struct Place<'p, 'a>(&'p [Cow<'a, str>]);

impl Place<'_, '_> {
    /// The JSON pointer of the place.
    pub fn pointer(&self) -> String {
        pointer(self.0.iter().map(|t| t.as_ref()))
    }
}

/// Calls `f` with every `$ref` in `value` (see [`refs`]) until it breaks.
pub fn each_ref<'a>(
    value: &'a Value,
    at: &[&'a str],
    f: &mut dyn FnMut(&str, Place<'_, 'a>) -> ControlFlow<()>,
) {
    fn walk<'a>(
        value: &'a Value,
        path: &mut Vec<Cow<'a, str>>,
        f: &mut dyn FnMut(&str, Place<'_, 'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        match value {
            Value::Object(map) => {
                let in_example = path.len() >= 2 && path[path.len() - 2] == "examples";
                for (key, child) in map {
                    let data = matches!(key.as_str(), "example" | "enum" | "const")
                        || key.starts_with("x-")
                        || (in_example && key == "value");
                    if data {
                        continue;
                    }
                    if key == "$ref" {
                        if let Some(reference) = child.as_str() {
                            f(reference, Place(path))?;
                        }
                    } else {
                        path.push(Cow::Borrowed(key));
                        walk(child, path, f)?;
                        path.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Cow::Owned(i.to_string()));
                    walk(child, path, f)?;
                    path.pop();
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
    let mut path = at.iter().map(|t| Cow::Borrowed(*t)).collect();
    let _ = walk(value, &mut path, f);
}

/// Keys under which a schema holds data rather than subschemas.
const DATA_KEYWORDS: [&str; 5] = ["example", "examples", "default", "enum", "const"];

/// Calls `f` on every JSON object in `value` that may be a schema, children
/// first, skipping the data-valued keywords (examples, defaults, enums) and
/// `x-` extensions, where a look-alike object is data and must stay as written.
/// The keys of `properties`, `schemas` and `responses` are names, not
/// keywords: a property named `default` and the `default` response are
/// visited like any other.
pub fn visit_objects_mut(value: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    visit_under(value, false, f);
}

/// The maps whose keys are names (or statuses) rather than keywords.
const NAMED_MAPS: [&str; 3] = ["properties", "schemas", "responses"];

fn visit_under(
    value: &mut Value,
    keys_are_names: bool,
    f: &mut impl FnMut(&mut Map<String, Value>),
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if keys_are_names {
                    visit_under(child, false, f);
                    continue;
                }
                if DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                visit_under(child, NAMED_MAPS.contains(&key.as_str()), f);
            }
            f(map);
        }
        Value::Array(items) => {
            for child in items {
                visit_under(child, false, f);
            }
        }
        _ => {}
    }
}

/// The first JSON pointer, relative to both values, where they differ.
pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
    if a == b {
        return None;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, xv) in x {
                let token = format!("/{}", escape_token(key));
                match y.get(key) {
                    Some(yv) => {
                        if let Some(rest) = first_difference(xv, yv) {
                            return Some(format!("{token}{rest}"));
                        }
                    }
                    None => return Some(token),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("/{}", escape_token(k)))
                .or_else(|| Some(String::new()))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (xv, yv)) in x.iter().zip(y).enumerate() {
                if let Some(rest) = first_difference(xv, yv) {
                    return Some(format!("/{i}{rest}"));
                }
            }
            Some(format!("/{}", x.len().min(y.len())))
        }
        _ => Some(String::new()),
    }
}

/// Shows a JSON pointer to a human: the empty pointer is the root.
pub fn show_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Iterates over `(path, method, operation)` in a document.
pub fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    out.push((path.clone(), method.to_string(), op));
                }
            }
        }
    }
    out
}

/// The JSON pointers of the nodes an RFC 9535 JSONPath `expression`
/// selects in `doc`, in document order; the parser's message if it is not
/// one. (Overlay targets and named-type places are written this way.)
pub fn select(doc: &Value, expression: &str) -> Result<Vec<String>, String> {
    let path = serde_json_path::JsonPath::parse(expression).map_err(|e| e.to_string())?;
    Ok(path
        .query_located(doc)
        .locations()
        .map(|l| l.to_json_pointer())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ref_inside_example_data_is_not_a_reference() {
        let doc = serde_json::json!({
            "components": {
                "schemas": {"A": {"type": "object", "example": {"$ref": "#/nowhere"}, "x-note": {"$ref": "#/x"}}},
                "examples": {"E": {"value": {"$ref": "#/data"}}}
            },
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/A"},
                "examples": {"one": {"value": {"$ref": "#/also-data"}}, "two": {"$ref": "#/components/examples/E"}}
            }}}}}}}
        });
        let mut found = Vec::new();
        refs(&doc, &[], &mut found);
        let references: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            references,
            ["#/components/schemas/A", "#/components/examples/E"]
        );
    }
    use serde_json::json;

    #[test]
    fn first_difference_names_the_deepest_differing_key() {
        let a = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let b = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
        assert_eq!(
            first_difference(&a, &b).as_deref(),
            Some("/properties/a/type")
        );
        assert_eq!(first_difference(&a, &a), None);
        assert_eq!(
            first_difference(&json!({"a/b": 1}), &json!({})).as_deref(),
            Some("/a~1b")
        );
    }

    #[test]
    fn visit_skips_examples_and_extensions() {
        let mut doc = json!({"schema": {"nullable": true}, "example": {"nullable": true}, "x-a": {"nullable": true}});
        let mut seen = 0;
        visit_objects_mut(&mut doc, &mut |m| {
            if m.contains_key("nullable") {
                seen += 1;
            }
        });
        assert_eq!(seen, 1);
    }

    #[test]
    fn visit_reaches_default_responses_and_properties_named_like_keywords() {
        let mut doc = json!({
            "responses": {"default": {"content": {"application/json": {"schema": {"nullable": true}}}}},
            "components": {"schemas": {"default": {"nullable": true}}},
            "schema": {
                "properties": {"default": {"nullable": true}, "example": {"nullable": true}},
                "default": {"nullable": true},
            },
        });
        let mut seen = 0;
        visit_objects_mut(&mut doc, &mut |m| {
            if m.contains_key("nullable") {
                seen += 1;
            }
        });
        // The schema's own `default` is data; the other four are schemas.
        assert_eq!(seen, 4);
    }
}
