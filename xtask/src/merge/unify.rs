//! Unification: one schema that accepts what each of two sample-inferred
//! variants of a concept accepts. The vendor infers every schema from a single
//! sample response, so one endpoint says `{"nullable": true}` where another
//! says `{"type": "string"}`, and a policy has twenty fields here and one
//! there. Unifying widens: the union of properties, `nullable` plus `T` gives a
//! nullable `T`, `integer` plus `number` gives `number`, differing formats or
//! bounds are dropped. Shapes that cannot both hold (a string and an object)
//! are a conflict for a human to settle in the overlay.

use serde_json::{Map, Value};

use crate::openapi::escape_token;

/// Where and how two variants disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// JSON pointer below the unified schema's root.
    pub pointer: String,
    /// What the left variant has there.
    pub left: String,
    /// What the right variant has there.
    pub right: String,
}

/// Keywords that are documentation: the first variant that has one wins.
const ANNOTATIONS: [&str; 6] = [
    "title",
    "description",
    "example",
    "externalDocs",
    "deprecated",
    "xml",
];

/// Unifies two schemas (see the module docs for the rules).
pub fn unify(left: &Value, right: &Value) -> Result<Value, Conflict> {
    unify_at(left, right, "")
}

fn unify_at(left: &Value, right: &Value, at: &str) -> Result<Value, Conflict> {
    if left == right {
        return Ok(left.clone());
    }
    let (Some(l), Some(r)) = (left.as_object(), right.as_object()) else {
        return Err(conflict(at, left, right));
    };
    // An empty schema was inferred from an empty sample (`"items": {}` of an
    // empty list): it says nothing, so the other side's shape stands.
    if is_unknown(l) {
        return Ok(right.clone());
    }
    if is_unknown(r) {
        return Ok(left.clone());
    }
    // `{"nullable": true}` alone was inferred from a null sample: the other
    // side's shape stands, made nullable.
    if is_null_sample(l) {
        return Ok(with_nullable(r));
    }
    if is_null_sample(r) {
        return Ok(with_nullable(l));
    }
    if l.contains_key("$ref") || r.contains_key("$ref") {
        return Err(conflict(at, left, right));
    }
    let ty = unify_type(l.get("type"), r.get("type")).ok_or_else(|| conflict(at, left, right))?;

    let mut out = Map::new();
    let keys = l.keys().chain(r.keys().filter(|k| !l.contains_key(*k)));
    for key in keys {
        let (lv, rv) = (l.get(key), r.get(key));
        let value = match key.as_str() {
            "type" => ty.clone(),
            "nullable" => {
                let either = [lv, rv]
                    .iter()
                    .any(|v| v.and_then(Value::as_bool) == Some(true));
                either.then_some(Value::Bool(true))
            }
            "properties" => Some(unify_properties(lv, rv, at)?),
            "required" => intersect_required(lv, rv),
            "enum" => union_enum(lv, rv),
            "items" => match (lv, rv) {
                (Some(a), Some(b)) => Some(unify_at(a, b, &format!("{at}/items"))?),
                // An array schema without `items` accepts any item.
                _ => None,
            },
            "additionalProperties" => match (lv, rv) {
                (Some(Value::Bool(false)), Some(Value::Bool(false))) => Some(Value::Bool(false)),
                (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) => {
                    Some(unify_at(a, b, &format!("{at}/additionalProperties"))?)
                }
                // Absent, `true`, or one side closed: extra properties are allowed.
                _ => None,
            },
            "allOf" | "oneOf" | "anyOf" | "not" => {
                if lv == rv {
                    lv.cloned()
                } else {
                    return Err(conflict(&format!("{at}/{key}"), left, right));
                }
            }
            k if ANNOTATIONS.contains(&k) || k.starts_with("x-") => lv.or(rv).cloned(),
            // Formats, bounds and patterns: kept only where both agree, since
            // a constraint one variant lacks is one the data does not keep.
            _ => (lv == rv).then(|| lv.cloned()).flatten(),
        };
        if let Some(value) = value {
            out.insert(key.clone(), value);
        }
    }
    Ok(Value::Object(out))
}

fn unify_type(left: Option<&Value>, right: Option<&Value>) -> Option<Option<Value>> {
    match (left.and_then(Value::as_str), right.and_then(Value::as_str)) {
        (a, b) if a == b => Some(left.cloned()),
        (Some("integer"), Some("number")) | (Some("number"), Some("integer")) => {
            Some(Some(Value::String("number".into())))
        }
        // A typed schema and an untyped one (with other keywords): the typed
        // side's type stands, since the untyped side constrained nothing there.
        (Some(_), None) => Some(left.cloned()),
        (None, Some(_)) => Some(right.cloned()),
        _ => None,
    }
}

fn unify_properties(
    left: Option<&Value>,
    right: Option<&Value>,
    at: &str,
) -> Result<Value, Conflict> {
    let empty = Map::new();
    let l = left.and_then(Value::as_object).unwrap_or(&empty);
    let r = right.and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    for (name, lv) in l {
        let value = match r.get(name) {
            Some(rv) => unify_at(lv, rv, &format!("{at}/properties/{}", escape_token(name)))?,
            None => lv.clone(),
        };
        out.insert(name.clone(), value);
    }
    for (name, rv) in r {
        if !l.contains_key(name) {
            out.insert(name.clone(), rv.clone());
        }
    }
    Ok(Value::Object(out))
}

/// A property is required in the union only where both variants require it.
fn intersect_required(left: Option<&Value>, right: Option<&Value>) -> Option<Value> {
    let (l, r) = (left?.as_array()?, right?.as_array()?);
    let both: Vec<Value> = l.iter().filter(|v| r.contains(v)).cloned().collect();
    (!both.is_empty()).then_some(Value::Array(both))
}

fn union_enum(left: Option<&Value>, right: Option<&Value>) -> Option<Value> {
    // A variant without `enum` accepts any value, so the union does too.
    let (l, r) = (left?.as_array()?, right?.as_array()?);
    let mut out = l.clone();
    out.extend(r.iter().filter(|v| !l.contains(v)).cloned());
    Some(Value::Array(out))
}

fn is_unknown(schema: &Map<String, Value>) -> bool {
    schema.keys().all(|k| ANNOTATIONS.contains(&k.as_str()))
}

fn is_null_sample(schema: &Map<String, Value>) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
        && schema
            .keys()
            .all(|k| k == "nullable" || ANNOTATIONS.contains(&k.as_str()))
}

fn with_nullable(schema: &Map<String, Value>) -> Value {
    let mut out = schema.clone();
    if out.contains_key("type") {
        out.insert("nullable".into(), Value::Bool(true));
    }
    Value::Object(out)
}

fn conflict(at: &str, left: &Value, right: &Value) -> Conflict {
    Conflict {
        pointer: at.to_string(),
        left: describe(left),
        right: describe(right),
    }
}

/// A short description of a schema for an error message.
fn describe(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return format!("a reference to `{r}`");
    }
    match schema.get("type").and_then(Value::as_str) {
        Some(t) => format!("type `{t}`"),
        None => {
            let keys: Vec<&str> = schema
                .as_object()
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            format!("a schema with {{{}}}", keys.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn properties_are_united_in_first_seen_order() {
        let a = json!({"type": "object", "properties": {"id": {"type": "string"}, "status": {"type": "string"}}});
        let b = json!({"type": "object", "properties": {"status": {"type": "string"}, "price": {"type": "number"}}});
        let u = unify(&a, &b).unwrap();
        let names: Vec<_> = u["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, ["id", "status", "price"]);
    }

    #[test]
    fn a_null_sample_makes_the_other_side_nullable() {
        let a = json!({"nullable": true});
        let b = json!({"type": "string", "format": "date-time"});
        let expected = json!({"type": "string", "format": "date-time", "nullable": true});
        assert_eq!(unify(&a, &b).unwrap(), expected);
        assert_eq!(unify(&b, &a).unwrap(), expected);
    }

    #[test]
    fn integer_and_number_widen_to_number() {
        let u = unify(&json!({"type": "integer"}), &json!({"type": "number"})).unwrap();
        assert_eq!(u, json!({"type": "number"}));
    }

    #[test]
    fn empty_items_from_an_empty_sample_take_the_other_shape() {
        let a = json!({"type": "array", "items": {}});
        let b = json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}});
        assert_eq!(unify(&a, &b).unwrap(), b);
    }

    #[test]
    fn differing_formats_are_dropped_and_equal_ones_kept() {
        let u = unify(
            &json!({"type": "string", "format": "email"}),
            &json!({"type": "string"}),
        )
        .unwrap();
        assert_eq!(u, json!({"type": "string"}));
        let same = json!({"type": "string", "format": "uri"});
        assert_eq!(unify(&same, &same).unwrap(), same);
    }

    #[test]
    fn required_is_the_intersection_and_enum_the_union() {
        let a = json!({"type": "object", "required": ["a", "b"], "properties": {"k": {"type": "string", "enum": ["x"]}}});
        let b = json!({"type": "object", "required": ["b"], "properties": {"k": {"type": "string", "enum": ["y"]}}});
        let u = unify(&a, &b).unwrap();
        assert_eq!(u["required"], json!(["b"]));
        assert_eq!(u["properties"]["k"]["enum"], json!(["x", "y"]));
    }

    #[test]
    fn incompatible_types_are_a_conflict_with_its_pointer() {
        let a = json!({"type": "object", "properties": {"price": {"type": "string"}}});
        let b = json!({"type": "object", "properties": {"price": {"type": "object"}}});
        assert_eq!(
            unify(&a, &b).unwrap_err(),
            Conflict {
                pointer: "/properties/price".into(),
                left: "type `string`".into(),
                right: "type `object`".into()
            }
        );
    }
}
