//! Inline schemas that look like a named type: a new page's answer that
//! holds a booking, say, is the same concept as `Booking` but arrives as an
//! anonymous schema, so the generated client would get a second, slightly
//! different booking type. The merge cannot know they are one (the vendor
//! infers each schema from one sample), so it reports each likely match with
//! the `spec/types.yaml` line that would make it one type.

use serde_json::Value;

use crate::merge::types::Types;
use crate::openapi;

/// Shared property names needed to call an inline schema a likely match.
const MIN_SHARED: usize = 5;

/// The share of the inline schema's properties the named type must have:
/// a sample shows a subset of the fields, rarely others.
const MIN_SHARE: f64 = 0.8;

/// One warning per inline object schema under an operation that looks like
/// one of the named types: its place as the JSONPath `spec/types.yaml`
/// takes, the type, and the line to add.
pub fn likely_named(doc: &Value, types: &Types) -> Vec<String> {
    let named: Vec<(&str, Vec<&str>)> = types
        .types
        .iter()
        .filter_map(|t| {
            let schema = doc.pointer(&format!("/components/schemas/{}", t.name))?;
            Some((t.name.as_str(), property_names(schema)))
        })
        .collect();
    let mut warnings = Vec::new();
    for (path, method, op) in openapi::operations(doc) {
        let base = format!("$.paths['{path}'].{method}");
        if let Some(content) = op
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
        {
            for (media, body) in content {
                let place = format!("{base}.requestBody.content['{media}'].schema");
                walk(&body["schema"], &place, &named, &mut warnings);
            }
        }
        for (status, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for (media, body) in response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let place = format!("{base}.responses['{status}'].content['{media}'].schema");
                walk(&body["schema"], &place, &named, &mut warnings);
            }
        }
    }
    warnings
}

/// Checks `schema` (inline, at `place`) and the inline schemas under it.
fn walk(schema: &Value, place: &str, named: &[(&str, Vec<&str>)], warnings: &mut Vec<String>) {
    if schema.get("$ref").is_some() {
        return;
    }
    let names = property_names(schema);
    if let Some((name, shared)) = best_match(&names, named) {
        warnings.push(format!(
            "`{place}` looks like the named type `{name}` ({shared} of its {} properties are `{name}`'s): \
             to make it one type, add under `- name: {name}` in spec/types.yaml:\n      - {place}",
            names.len()
        ));
        // Its own parts are the named type's parts, once it is named.
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (property, child) in properties {
            walk(
                child,
                &format!("{place}.properties.{property}"),
                named,
                warnings,
            );
        }
    }
    if let Some(items) = schema.get("items") {
        walk(items, &format!("{place}.items"), named, warnings);
    }
}

fn best_match<'a>(names: &[&str], named: &[(&'a str, Vec<&str>)]) -> Option<(&'a str, usize)> {
    if names.len() < MIN_SHARED {
        return None;
    }
    named
        .iter()
        .map(|(name, theirs)| (*name, names.iter().filter(|n| theirs.contains(n)).count()))
        .filter(|(_, shared)| {
            *shared >= MIN_SHARED && *shared as f64 >= MIN_SHARE * names.len() as f64
        })
        .max_by_key(|(_, shared)| *shared)
}

fn property_names(schema: &Value) -> Vec<&str> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_inline_schema_made_of_a_named_types_fields_is_reported_with_its_place() {
        let fields = |names: &[&str]| -> Value {
            let properties: serde_json::Map<String, Value> = names
                .iter()
                .map(|n| (n.to_string(), json!({"type": "string"})))
                .collect();
            json!({"type": "object", "properties": properties})
        };
        let booking = [
            "id",
            "status",
            "currency",
            "price",
            "created_at",
            "updated_at",
        ];
        let doc = json!({
            "components": {"schemas": {"Booking": fields(&booking)}},
            "paths": {"/offers/{id}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {
                    "data": {"type": "object", "properties": {
                        "booking": fields(&["id", "status", "currency", "price", "created_at"]),
                        "other": fields(&["id", "status", "a", "b", "c"]),
                    }}
                }
            }}}}}}}}
        });
        let types = Types::parse("t.yaml", "types:\n  - name: Booking\n    at: ['$.x']\n").unwrap();
        let found = likely_named(&doc, &types);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].ends_with("in spec/types.yaml:\n      - $.paths['/offers/{id}'].get.responses['200'].content['application/json'].schema.properties.data.properties.booking"),
            "{}",
            found[0]
        );
        assert!(
            found[0].contains("(5 of its 5 properties are `Booking`'s)"),
            "{}",
            found[0]
        );
    }
}
