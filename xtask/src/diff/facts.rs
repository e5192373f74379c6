//! What a schema says, read the way the checks need it: flags, lists,
//! nullability, its types (oasdiff's list-of-types pattern included) and
//! whether one type set takes every value of another.

use std::collections::BTreeSet;

use serde_json::Value;

use super::rules::Move;
use crate::openapi;

pub(in crate::diff) fn is_true(v: &Value, key: &str) -> bool {
    v.get(key) == Some(&Value::Bool(true))
}

pub(in crate::diff) fn strings(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

/// The object at `key` in `v`, borrowed; an empty one where there is none.
pub(in crate::diff) fn members<'v>(v: &'v Value, key: &str) -> &'v serde_json::Map<String, Value> {
    static NONE: std::sync::LazyLock<serde_json::Map<String, Value>> =
        std::sync::LazyLock::new(serde_json::Map::new);
    v.get(key).and_then(Value::as_object).unwrap_or(&NONE)
}

/// Whether `schema` takes `null`: OpenAPI 3.0's `nullable`, or 3.1's
/// `"null"` in a list of types.
pub(in crate::diff) fn nullable(schema: &Value) -> bool {
    is_true(schema, "nullable")
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "null"))
}

/// Whether values of this media type carry their JSON type (`application/json`,
/// `*+json`): elsewhere (XML, forms, text) any value reads as a string.
pub(in crate::diff) fn strongly_typed(media: &str) -> bool {
    let name = media.split(';').next().unwrap_or(media).trim();
    name == "application/json" || name.ends_with("+json")
}

/// The types a schema allows in oasdiff's list-of-types pattern: a single
/// type (the first it names), or a oneOf (else an anyOf) whose every member
/// is one scalar type and nothing more; and whether it is such a list.
/// `None` for anything else (properties, allOf, not, members with more).
pub(in crate::diff) fn type_pattern(
    doc: &Value,
    schema: &Value,
) -> Option<(BTreeSet<String>, bool)> {
    let has = |v: &Value, key: &str| match v.get(key) {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
        None => false,
    };
    if has(schema, "not") || has(schema, "allOf") || has(schema, "properties") {
        return None;
    }
    let first = |v: &Value| match v.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Array(ts)) => ts.first().and_then(Value::as_str).map(String::from),
        _ => None,
    };
    if let Some(t) = first(schema) {
        return Some((BTreeSet::from([t]), false));
    }
    for key in ["oneOf", "anyOf"] {
        let Some(members) = schema.get(key).and_then(Value::as_array) else {
            continue;
        };
        let types: Option<BTreeSet<String>> = members
            .iter()
            .map(|m| {
                let m = openapi::resolve_deep(doc, m);
                let one = match m.get("type") {
                    Some(Value::String(_)) => true,
                    Some(Value::Array(ts)) => ts.len() == 1,
                    _ => false,
                };
                let complex = ["properties", "oneOf", "anyOf", "allOf"]
                    .iter()
                    .any(|k| has(m, k));
                if one && !complex { first(m) } else { None }
            })
            .collect();
        if let Some(types) = types
            && !types.is_empty()
        {
            return Some((types, true));
        }
    }
    None
}

/// The types added and removed where `old` and `new` follow the
/// list-of-types pattern and at least one is a list, else `None`.
pub(in crate::diff) fn list_of_types_change(
    old_doc: &Value,
    new_doc: &Value,
    old: &Value,
    new: &Value,
) -> Option<(BTreeSet<String>, BTreeSet<String>)> {
    let (o, n) = (type_pattern(old_doc, old)?, type_pattern(new_doc, new)?);
    if !(o.1 || n.1) {
        return None;
    }
    let added: BTreeSet<String> = n.0.difference(&o.0).cloned().collect();
    let removed: BTreeSet<String> = o.0.difference(&n.0).cloned().collect();
    (!added.is_empty() || !removed.is_empty()).then_some((added, removed))
}

/// The types `schema` names, `"null"` aside (nullability is judged on its
/// own); empty for none.
pub(in crate::diff) fn type_set(schema: &Value) -> BTreeSet<&str> {
    match schema.get("type") {
        Some(Value::String(t)) if t != "null" => BTreeSet::from([t.as_str()]),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// The one type in `types`, if it holds exactly one.
pub(in crate::diff) fn single_type<'a>(types: &BTreeSet<&'a str>) -> Option<&'a str> {
    let mut all = types.iter();
    match (all.next(), all.next()) {
        (Some(t), None) => Some(t),
        _ => None,
    }
}

/// Whether every type in `from` (none: not so) is taken by `to`, an
/// integer by a number too, as oasdiff's isTypeSetSubset reads it.
pub(in crate::diff) fn covers(from: &BTreeSet<&str>, to: &BTreeSet<&str>) -> bool {
    !from.is_empty()
        && from
            .iter()
            .all(|t| to.contains(t) || (*t == "integer" && to.contains("number")))
}

/// Whether a property is `Option<T>` in the generated code.
pub(in crate::diff) fn optional_in_rust(schema: &Value, required: bool) -> bool {
    !required || nullable(schema)
}

/// `key` added to or removed from a schema, if either.
pub(in crate::diff) fn presence(o: &Value, n: &Value, key: &str) -> Option<Move> {
    match (o.get(key).is_some(), n.get(key).is_some()) {
        (false, true) => Some(Move::Added),
        (true, false) => Some(Move::Removed),
        _ => None,
    }
}

/// An operation's operationId, if it has one.
pub(in crate::diff) fn operation_id(op: &Value) -> Option<&str> {
    op.get("operationId").and_then(Value::as_str)
}
