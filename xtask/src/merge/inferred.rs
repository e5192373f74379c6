//! The guesses in the merged spec, made visible. The vendor's schemas are
//! inferred from one captured response each: an amount that happened to be
//! whole became `integer`, a string that happened to look like a date got
//! `format: date-time`, a field that happened to be `null` got no type at
//! all. Each such field gets a sentence in its description (so the generated
//! rustdoc says it too), and the merge's report lists them with the page
//! they came from, so a reviewer knows what the spec is sure of and what it
//! is guessing.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::merge::types::{MoneyField, Origins};
use crate::openapi;

/// One field whose type rests on a sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// Where it is, for a person: `components.schemas.Policy.cover_amount`.
    pub place: String,
    /// What was guessed.
    pub what: String,
    /// The page (and line) it came from, where known.
    pub origin: Option<String>,
}

/// What the rustdoc of a guessed field starts its note with.
pub const NOTE: &str = "Inferred from one sample in the vendor's docs:";

/// Notes and lists every guessed field of the named schemas and of the
/// operations' inline schemas: amounts of money (`money`, with what their
/// sample was), formats, and fields the samples only ever showed as `null`.
pub fn annotate(doc: &mut Value, money: &[MoneyField], origins: &Origins) -> Vec<Guess> {
    let money: BTreeMap<&str, &str> = money
        .iter()
        .map(|m| (m.pointer.as_str(), m.sampled.as_str()))
        .collect();
    let mut guesses = Vec::new();
    let mut visit = |pointer: &str, property: &mut Map<String, Value>| {
        let what = match money.get(pointer) {
            Some(sampled) => Some(format!(
                "an amount of money (exact decimal); the sample was {}",
                article(sampled)
            )),
            None => guess_of(property),
        };
        let Some(what) = what else { return };
        let note = format!("{NOTE} {what}.");
        let description = match property.get("description").and_then(Value::as_str) {
            Some(existing) if existing.contains(NOTE) => return,
            Some(existing) => format!("{}\n\n{note}", existing.trim_end()),
            None => note,
        };
        property.insert("description".into(), Value::String(description));
        guesses.push(Guess {
            place: readable(pointer),
            what,
            origin: origins.source_of(pointer).map(ToString::to_string),
        });
    };
    for root in ["/components/schemas", "/paths"] {
        if let Some(node) = doc.pointer_mut(root) {
            walk(node, root.to_string(), &mut visit);
        }
    }
    guesses.sort_by(|a, b| a.place.cmp(&b.place));
    guesses
}

/// What a property's schema guesses, apart from money.
fn guess_of(property: &Map<String, Value>) -> Option<String> {
    if let Some(format) = property.get("format").and_then(Value::as_str)
        && format != "decimal"
    {
        return Some(format!("`format: {format}`, from one value"));
    }
    let typed = [
        "type",
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "properties",
        "items",
    ]
    .iter()
    .any(|k| property.contains_key(*k));
    (!typed).then(|| "only ever `null` in the samples, so any JSON value".to_string())
}

/// Calls `visit` with the pointer and schema of every object property below
/// `node`.
fn walk(node: &mut Value, pointer: String, visit: &mut impl FnMut(&str, &mut Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            let is_schema = map.get("type").and_then(Value::as_str) == Some("object")
                || map.contains_key("properties");
            for (key, child) in map.iter_mut() {
                // Examples are data: a field there named `properties` is not
                // a schema's.
                if key == "example" || key == "examples" {
                    continue;
                }
                let child_pointer = format!("{pointer}/{}", openapi::escape_token(key));
                if is_schema && key == "properties" {
                    if let Value::Object(properties) = child {
                        for (name, property) in properties.iter_mut() {
                            let at = format!("{child_pointer}/{}", openapi::escape_token(name));
                            if let Value::Object(schema) = property {
                                visit(&at, schema);
                            }
                            walk(property, at, visit);
                        }
                    }
                    continue;
                }
                walk(child, child_pointer, visit);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, format!("{pointer}/{i}"), visit);
            }
        }
        _ => {}
    }
}

/// `/components/schemas/Policy/properties/cover_amount` as
/// `components.schemas.Policy.cover_amount`, and a place in an operation's
/// body as `GET /bookings 200: data[].cancelled_at`; items as `[]`.
pub fn readable(pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .trim_start_matches('/')
        .split('/')
        .map(unescape)
        .collect();
    if let [paths, path, method, rest @ ..] = tokens.as_slice()
        && paths == "paths"
    {
        let (body, inner) = match rest {
            [responses, status, content, _media, schema, inner @ ..]
                if responses == "responses" && content == "content" && schema == "schema" =>
            {
                (status.clone(), inner)
            }
            [request, content, _media, schema, inner @ ..]
                if request == "requestBody" && content == "content" && schema == "schema" =>
            {
                ("request".to_string(), inner)
            }
            _ => (String::new(), rest),
        };
        return format!(
            "{} {path} {body}: {}",
            method.to_ascii_uppercase(),
            dotted(inner)
        );
    }
    dotted(&tokens)
}

/// Tokens joined with dots, `properties` left out and `items` as `[]`.
fn dotted(tokens: &[String]) -> String {
    let mut out = String::new();
    for token in tokens {
        match token.as_str() {
            "properties" => continue,
            "items" => out.push_str("[]"),
            _ => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(token);
            }
        }
    }
    out
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn article(kind: &str) -> String {
    match kind {
        "integer" => "an integer".into(),
        "" => "untyped".into(),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn money_formats_and_null_only_fields_are_noted_and_listed() {
        let mut doc = json!({"components": {"schemas": {"Policy": {
            "type": "object",
            "properties": {
                "cover_amount": {"type": "number", "format": "decimal", "nullable": true},
                "confirmed_at": {"type": "string", "format": "date-time", "description": "When."},
                "date_of_birth": {},
                "status": {"type": "string"},
                "tickets": {"type": "array", "items": {"type": "object", "properties": {
                    "url": {"type": "string", "format": "uri"}
                }}}
            }
        }}}});
        let money = [MoneyField {
            pointer: "/components/schemas/Policy/properties/cover_amount".into(),
            sampled: "integer".into(),
        }];
        let guesses = annotate(&mut doc, &money, &Origins::default());
        let listed: Vec<(&str, &str)> = guesses
            .iter()
            .map(|g| (g.place.as_str(), g.what.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    "components.schemas.Policy.confirmed_at",
                    "`format: date-time`, from one value"
                ),
                (
                    "components.schemas.Policy.cover_amount",
                    "an amount of money (exact decimal); the sample was an integer"
                ),
                (
                    "components.schemas.Policy.date_of_birth",
                    "only ever `null` in the samples, so any JSON value"
                ),
                (
                    "components.schemas.Policy.tickets[].url",
                    "`format: uri`, from one value"
                ),
            ]
        );
        let properties = &doc["components"]["schemas"]["Policy"]["properties"];
        assert_eq!(
            properties["confirmed_at"]["description"],
            format!("When.\n\n{NOTE} `format: date-time`, from one value.")
        );
        assert!(properties["status"].get("description").is_none());

        assert_eq!(
            readable(
                "/paths/~1bookings/get/responses/200/content/application~1json/schema/properties/data/items/properties/cancelled_at"
            ),
            "GET /bookings 200: data[].cancelled_at"
        );
        assert_eq!(
            readable(
                "/paths/~1b/patch/requestBody/content/application~1json/schema/properties/policies/items/properties/start"
            ),
            "PATCH /b request: policies[].start"
        );

        // Annotating again changes nothing: the merge is deterministic.
        let again = doc.clone();
        annotate(&mut doc, &money, &Origins::default());
        assert_eq!(doc, again);
    }
}
