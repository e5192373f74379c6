//! An example value for a schema of the spec, as a mock server makes one
//! (Prism's static mode): the schema's own `example`, `default` or first
//! `enum` value where it has one, else the least value of its type that
//! fits its format and bounds, with every property of an object. The fake
//! XONE answers an operation it does not model with its success's example,
//! and the tests call every operation with its request body's example: what
//! a new page brings is served and called with no code written for it.

use serde_json::{Map, Value, json};

/// How deep a schema is followed; past it the value is `null` (a schema
/// that refers to itself has no finite example otherwise).
const MAX_DEPTH: usize = 16;

/// An example of `schema`, a schema of `spec` (its `$ref`s resolved there).
pub fn example(spec: &Value, schema: &Value) -> Value {
    value(spec, schema, 0)
}

/// `schema` (or any object of the spec) with its `$ref`s followed.
pub fn resolve_ref<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    resolve(spec, schema)
}

fn resolve<'a>(spec: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..MAX_DEPTH {
        let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| spec.pointer(pointer))
        else {
            return schema;
        };
        schema = target;
    }
    schema
}

fn value(spec: &Value, schema: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let schema = resolve(spec, schema);
    for own in ["example", "default"] {
        if let Some(given) = schema.get(own) {
            return given.clone();
        }
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        // The members' objects, merged.
        let mut merged = Map::new();
        for member in members {
            if let Value::Object(part) = value(spec, member, depth + 1) {
                merged.extend(part);
            }
        }
        return Value::Object(merged);
    }
    for choice in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(choice)
            .and_then(Value::as_array)
            .and_then(|m| m.first())
        {
            return value(spec, first, depth + 1);
        }
    }
    let kind = schema.get("type").and_then(Value::as_str).or_else(|| {
        // An object or array by its keywords, without a `type`.
        if schema.get("properties").is_some() {
            Some("object")
        } else if schema.get("items").is_some() {
            Some("array")
        } else {
            None
        }
    });
    match kind {
        Some("object") => {
            let mut object = Map::new();
            for (name, property) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                object.insert(name.clone(), value(spec, property, depth + 1));
            }
            Value::Object(object)
        }
        Some("array") => {
            let none_allowed = schema.get("maxItems").and_then(Value::as_u64) == Some(0);
            match schema.get("items") {
                Some(items) if !none_allowed => json!([value(spec, items, depth + 1)]),
                _ => json!([]),
            }
        }
        Some("string") => Value::String(string(schema)),
        Some("integer") => {
            let least = schema.get("minimum").and_then(Value::as_i64).unwrap_or(1);
            json!(least)
        }
        Some("number") => {
            let least = schema.get("minimum").and_then(Value::as_f64).unwrap_or(1.5);
            json!(least)
        }
        Some("boolean") => Value::Bool(true),
        // No type: any value fits, `null` the least of them.
        _ => Value::Null,
    }
}

/// A string that fits `schema`'s format, the decimal pattern of amounts,
/// and its least length.
fn string(schema: &Value) -> String {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let pattern = schema.get("pattern").and_then(Value::as_str).unwrap_or("");
    let mut text = match format {
        "date-time" => "2026-01-01T09:30:00Z".to_string(),
        "date" => "2026-01-01".to_string(),
        "email" => "someone@example.com".to_string(),
        "uri" | "url" => "https://example.com/".to_string(),
        "uuid" => "00000000-0000-4000-8000-000000000000".to_string(),
        _ if pattern == super::DECIMAL_PATTERN => "12.50".to_string(),
        _ => "example".to_string(),
    };
    let least = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    while text.chars().count() < least {
        text.push('x');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_fits_types_formats_bounds_and_follows_refs() {
        let spec = json!({"components": {"schemas": {
            "Money": {"type": "string", "pattern": super::super::DECIMAL_PATTERN},
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}
        }}});
        let schema = json!({"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"},
            "price": {"$ref": "#/components/schemas/Money"},
            "page": {"type": "integer", "minimum": 1},
            "status": {"type": "string", "enum": ["CONFIRMED", "CANCELLED"]},
            "given": {"type": "string", "example": "BK-1"},
            "tags": {"type": "array", "items": {"type": "string", "minLength": 10}},
            "any": {"nullable": true},
            "both": {"allOf": [{"properties": {"a": {"type": "boolean"}}}, {"properties": {"b": {"type": "number"}}}]},
            "node": {"$ref": "#/components/schemas/Node"}
        }});
        let got = example(&spec, &schema);
        assert_eq!(got["at"], "2026-01-01T09:30:00Z");
        assert_eq!(got["price"], "12.50");
        assert_eq!(got["page"], 1);
        assert_eq!(got["status"], "CONFIRMED");
        assert_eq!(got["given"], "BK-1");
        assert_eq!(got["tags"], json!(["examplexxx"]));
        assert_eq!(got["any"], Value::Null);
        assert_eq!(got["both"], json!({"a": true, "b": 1.5}));
        // A schema that refers to itself ends in `null`, not a stack overflow.
        assert!(got["node"]["next"]["next"].is_object());
    }
}
