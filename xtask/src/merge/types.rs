//! Named types: which inline schemas of the merged document are one concept.
//!
//! `spec/types.yaml` lists, in order, each named type and the places (RFC 9535
//! JSONPath over the merged document) where the vendor inlined it. Hoisting
//! unifies the variants found there into `components/schemas/<name>` and
//! replaces every place by a `$ref`. The file is data, not code, so a new page
//! joins an existing type by adding one line. Later entries may target places
//! inside an earlier type (`$.components.schemas.Booking.properties...`).
//!
//! The file also names the one error schema (`errors:`) that every 4xx/5xx
//! JSON body of every operation is unified into, and lists the fields that
//! are amounts of money (`money:`), whatever type their sample showed.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{Source, SpecError};
use crate::merge::positions::{Positions, Step};
use crate::merge::unify::unify;
use crate::naming::pascal_case;
use crate::openapi;

/// The parsed `spec/types.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Types {
    /// The file, for error messages.
    pub file: String,
    /// The named error schema, if the API has one error shape for all.
    pub errors: Option<String>,
    /// The named types, in the order they are hoisted.
    pub types: Vec<NamedType>,
    /// The places (JSONPath) of the fields that are amounts of money.
    pub money: Vec<String>,
    positions: Positions,
}

/// One named type and where it is inlined.
#[derive(Debug, Clone)]
pub struct NamedType {
    /// The component name.
    pub name: String,
    /// The JSONPath expressions of its places, as written.
    pub at: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTypes {
    errors: Option<String>,
    #[serde(default)]
    types: Vec<RawNamedType>,
    #[serde(default)]
    money: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamedType {
    name: String,
    at: Vec<String>,
}

impl Types {
    /// Parses the file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, SpecError> {
        let raw: RawTypes = serde_norway::from_str(text).map_err(|e| SpecError::Config {
            at: Source::new(file, e.location().map_or(1, |l| l.line())),
            message: e.to_string(),
        })?;
        Ok(Self {
            file: file.into(),
            errors: raw.errors,
            types: raw
                .types
                .into_iter()
                .map(|t| NamedType {
                    name: t.name,
                    at: t.at,
                })
                .collect(),
            money: raw.money,
            positions: Positions::parse(text),
        })
    }

    /// The line where the node at `path` starts in the file (1 if the
    /// parser did not place it).
    fn line_at(&self, path: &[Step]) -> Source {
        Source::new(self.file.clone(), self.positions.line(path).unwrap_or(1))
    }
}

/// Where each part of the merged document came from: JSON pointer prefixes
/// (an operation, a component) and their page.
#[derive(Debug, Default, Clone)]
pub struct Origins(BTreeMap<String, Source>);

impl Origins {
    /// Records that everything below `pointer` came from `source`.
    pub fn insert(&mut self, pointer: String, source: Source) {
        self.0.entry(pointer).or_insert(source);
    }

    /// `pointer (page:line)`, naming the page the longest known prefix came from.
    pub fn describe(&self, pointer: &str) -> String {
        let origin = self
            .0
            .range(..=pointer.to_string())
            .rev()
            .find(|(prefix, _)| pointer.starts_with(prefix.as_str()));
        match origin {
            Some((_, source)) => format!("{pointer} ({source})"),
            None => pointer.to_string(),
        }
    }

    /// The page the longest known prefix of `pointer` came from.
    pub fn source_of(&self, pointer: &str) -> Option<&Source> {
        self.0
            .range(..=pointer.to_string())
            .rev()
            .find(|(prefix, _)| pointer.starts_with(prefix.as_str()))
            .map(|(_, source)| source)
    }

    /// The page an operation came from.
    pub fn get(&self, pointer: &str) -> Option<&Source> {
        self.0.get(pointer)
    }
}

/// What a money field sent as a string must look like: a plain decimal.
/// Its one home is `build/codegen.rs`, which maps exactly this schema to
/// `xone::Money`.
pub use crate::merge::generation::codegen::DECIMAL_PATTERN;

/// A field marked as money, and the type its sample showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyField {
    /// JSON pointer to the field's schema.
    pub pointer: String,
    /// `integer`, `number` or `string`: what the vendor's sample was.
    pub sampled: String,
}

/// Marks every `money:` place as an exact decimal amount: `format: decimal`
/// (OpenAPI's format registry: a fixed-point decimal, as a number or a
/// string), an integer widened to a number (a whole sample says nothing of
/// cents), a string given [`DECIMAL_PATTERN`]. A place that matches nothing, or is not a number or a string, is
/// an error at its line.
pub fn mark_money(doc: &mut Value, types: &Types) -> Result<Vec<MoneyField>, SpecError> {
    let mut marked = Vec::new();
    for (index, expression) in types.money.iter().enumerate() {
        let at = types.line_at(&[Step::Key("money"), Step::Index(index)]);
        for pointer in places_of(doc, expression, &at, "money", "field")? {
            let Some(schema) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
                continue;
            };
            let sampled = schema
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            match sampled.as_str() {
                "integer" | "number" => {
                    schema.insert("type".into(), json!("number"));
                }
                "string" => {
                    schema.insert("pattern".into(), json!(DECIMAL_PATTERN));
                }
                other => {
                    return Err(SpecError::Config {
                        at,
                        message: format!(
                            "money: `{expression}` is {}, not a number or a string",
                            if other.is_empty() {
                                "untyped".to_string()
                            } else {
                                format!("`{other}`")
                            }
                        ),
                    });
                }
            }
            schema.insert("format".into(), json!("decimal"));
            marked.push(MoneyField { pointer, sampled });
        }
    }
    Ok(marked)
}

/// The nodes a place written in the named-types file selects; an error at
/// its line (`at`) if it is not a JSONPath or selects nothing, naming what
/// it is for (`label`) and what may have been renamed (`renamed`).
fn places_of(
    doc: &Value,
    expression: &str,
    at: &Source,
    label: &str,
    renamed: &str,
) -> Result<Vec<String>, SpecError> {
    let found = openapi::select(doc, expression).map_err(|e| SpecError::Config {
        at: at.clone(),
        message: format!("{label}: invalid JSONPath: {e}"),
    })?;
    if found.is_empty() {
        return Err(SpecError::Config {
            at: at.clone(),
            message: format!(
                "{label}: `{expression}` matches nothing in the merged document (was the {renamed} renamed or removed?)"
            ),
        });
    }
    Ok(found)
}

/// Hoists every named type; returns the number of places replaced by a `$ref`.
pub fn hoist(doc: &mut Value, types: &Types, origins: &mut Origins) -> Result<usize, SpecError> {
    let mut count = 0;
    for (index, named) in types.types.iter().enumerate() {
        let mut places = Vec::new();
        for (place, expression) in named.at.iter().enumerate() {
            let at = types.line_at(&[
                Step::Key("types"),
                Step::Index(index),
                Step::Key("at"),
                Step::Index(place),
            ]);
            let label = format!("`{}`", named.name);
            places.extend(places_of(doc, expression, &at, &label, "endpoint")?);
        }
        places.sort();
        places.dedup();
        count += name_schema(doc, &named.name, &places, origins)?;
    }
    Ok(count)
}

/// Unifies the schemas at `places` (and any existing component of that
/// name) into `components/schemas/<name>`, and points each place at it.
/// Returns the number of places replaced.
pub fn name_schema(
    doc: &mut Value,
    name: &str,
    places: &[String],
    origins: &mut Origins,
) -> Result<usize, SpecError> {
    let target = format!("#/components/schemas/{}", openapi::escape_token(name));
    let component_pointer = target[1..].to_string();
    note_origin(origins, &component_pointer, places);
    let mut unified: Option<(Value, String)> = doc
        .pointer(&component_pointer)
        .map(|v| (v.clone(), component_pointer.clone()));
    let mut replaced = Vec::new();
    for place in places {
        let Some(value) = doc.pointer(place) else {
            continue;
        };
        if value.get("$ref").and_then(Value::as_str) == Some(target.as_str()) {
            continue;
        }
        let value = openapi::resolve_deep(doc, value).clone();
        unified = Some(match unified {
            None => (value, place.clone()),
            Some((so_far, first)) => {
                let merged = unify(&so_far, &value).map_err(|c| SpecError::Unify {
                    name: name.into(),
                    pointer: c.pointer,
                    left: format!("{} at {}", c.left, origins.describe(&first)),
                    right: format!("{} at {}", c.right, origins.describe(place)),
                })?;
                (merged, first)
            }
        });
        replaced.push(place.clone());
    }
    let Some((schema, _)) = unified else {
        return Ok(0);
    };
    put_schema(doc, name, schema, &replaced);
    Ok(replaced.len())
}

/// A type made from `places` comes from the page of its first place.
fn note_origin(origins: &mut Origins, component_pointer: &str, places: &[String]) {
    if let Some(source) = places.first().and_then(|p| origins.source_of(p)).cloned() {
        origins.insert(component_pointer.to_string(), source);
    }
}

/// Makes `schema` the component `name` and points each of `places` at it.
fn put_schema(doc: &mut Value, name: &str, schema: Value, places: &[String]) {
    let schemas = doc
        .as_object_mut()
        .expect("an OpenAPI document is an object")
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("components is an object")
        .entry("schemas")
        .or_insert_with(|| json!({}));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert(name.into(), schema);
    }
    let target = json!({
        "$ref": format!("#/components/schemas/{}", openapi::escape_token(name))
    });
    for place in places {
        if let Some(slot) = doc.pointer_mut(place) {
            *slot = target.clone();
        }
    }
}

/// Points every 4xx/5xx JSON body of every operation at one error schema:
/// the one `types.errors` names for all operations, or, where an operation's
/// bodies differ and none is named, `<OperationId>Error` for that operation.
/// A generated client can then decode every documented error into one type,
/// whatever status carried it.
///
/// Where an operation's bodies cannot be unified (one status is a `oneOf`,
/// another an object; a field is a string here and a number there), its
/// error type is their union instead: a `oneOf` of each distinct shape, which
/// progenitor makes an untagged enum that decodes each documented body. Each
/// such union comes back as a warning, since the overlay may settle one shape.
pub fn unify_errors(
    doc: &mut Value,
    errors: Option<&str>,
    origins: &mut Origins,
) -> Result<(usize, Vec<String>), SpecError> {
    let mut per_operation: Vec<(String, Vec<String>)> = Vec::new();
    for (path, method, op) in openapi::operations(doc) {
        let op_pointer = openapi::operation_pointer(&path, &method);
        let mut bodies = Vec::new();
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                if !is_error_status(status) {
                    continue;
                }
                // A `$ref`'d response is shared; it is fixed where it is defined.
                if response.get("$ref").is_some() {
                    continue;
                }
                if response
                    .pointer("/content/application~1json/schema")
                    .is_some()
                {
                    bodies.push(format!(
                        "{op_pointer}/responses/{}/content/application~1json/schema",
                        openapi::escape_token(status)
                    ));
                }
            }
        }
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        per_operation.push((id, bodies));
    }
    let mut count = 0;
    let mut warnings = Vec::new();
    match errors {
        Some(name) => {
            let places: Vec<String> = per_operation.into_iter().flat_map(|(_, b)| b).collect();
            count += name_schema(doc, name, &places, origins)?;
        }
        None => {
            for (id, bodies) in per_operation {
                if distinct(doc, &bodies).len() < 2 {
                    continue;
                }
                let name = format!("{}Error", pascal_case(&id));
                match name_schema(doc, &name, &bodies, origins) {
                    Ok(n) => count += n,
                    Err(SpecError::Unify {
                        pointer,
                        left,
                        right,
                        ..
                    }) => {
                        let shapes = name_union(doc, &name, &bodies, origins);
                        count += bodies.len();
                        let statuses: Vec<&str> = bodies.iter().map(|b| status_of(b)).collect();
                        let at = if pointer.is_empty() { "/" } else { &pointer };
                        warnings.push(format!(
                            "the error bodies of `{id}` ({}) cannot be one schema ({left}, but {right}, at {at}): `{name}` is one of {shapes} shapes, decoded in their order; an overlay action can settle one",
                            statuses.join(", ")
                        ));
                    }
                    Err(other) => return Err(other),
                }
            }
        }
    }
    Ok((count, warnings))
}

/// The distinct schemas at `places`, in order.
fn distinct<'a>(doc: &'a Value, places: &[String]) -> Vec<&'a Value> {
    let mut seen: Vec<&Value> = Vec::new();
    for place in places {
        let value = doc.pointer(place).unwrap_or(&Value::Null);
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

/// The status a response body's pointer is under (`.../responses/404/...`).
fn status_of(body: &str) -> &str {
    body.split("/responses/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("?")
}

/// Makes `name` a `oneOf` of the distinct shapes at `places` (a body that is
/// itself a bare `oneOf` gives its members) and points each place at it.
/// Returns how many shapes the union has.
fn name_union(doc: &mut Value, name: &str, places: &[String], origins: &mut Origins) -> usize {
    note_origin(
        origins,
        &format!("/components/schemas/{}", openapi::escape_token(name)),
        places,
    );
    let mut members: Vec<Value> = Vec::new();
    for body in distinct(doc, places) {
        let spliced = match body.as_object() {
            Some(o) if o.len() == 1 && o.contains_key("oneOf") => {
                o["oneOf"].as_array().cloned().unwrap_or_default()
            }
            _ => vec![body.clone()],
        };
        for member in spliced {
            if !members.contains(&member) {
                members.push(member);
            }
        }
    }
    let shapes = members.len();
    let schema = json!({ "oneOf": members });
    put_schema(doc, name, schema, places);
    shapes
}

fn is_error_status(status: &str) -> bool {
    let first = status.chars().next();
    matches!(first, Some('4') | Some('5'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_fields_become_decimals_whatever_their_sample_was() {
        let text = "money:\n  - $.components.schemas.P.properties[*]\n";
        let types = Types::parse("t.yaml", text).unwrap();
        let mut doc = json!({"components": {"schemas": {"P": {"properties": {
            "price": {"type": "integer"},
            "tax": {"type": "number", "nullable": true},
            "fee": {"type": "string"}
        }}}}});
        let marked = mark_money(&mut doc, &types).unwrap();
        let sampled: Vec<(&str, &str)> = marked
            .iter()
            .map(|m| (m.pointer.as_str(), m.sampled.as_str()))
            .collect();
        assert_eq!(
            sampled,
            [
                ("/components/schemas/P/properties/price", "integer"),
                ("/components/schemas/P/properties/tax", "number"),
                ("/components/schemas/P/properties/fee", "string"),
            ]
        );
        let properties = &doc["components"]["schemas"]["P"]["properties"];
        assert_eq!(
            properties["price"],
            json!({"type": "number", "format": "decimal"})
        );
        assert_eq!(
            properties["tax"],
            json!({"type": "number", "nullable": true, "format": "decimal"})
        );
        assert_eq!(
            properties["fee"],
            json!({"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN})
        );
    }

    #[test]
    fn a_money_place_that_is_missing_or_not_a_number_is_an_error_at_its_line() {
        let text = "money:\n  - $.a\n  - $.b\n";
        let types = Types::parse("t.yaml", text).unwrap();
        let err = mark_money(&mut json!({"a": {"type": "number"}}), &types)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.yaml:3: money: `$.b` matches nothing"),
            "{err}"
        );
        let err = mark_money(
            &mut json!({"a": {"type": "object"}, "b": {"type": "number"}}),
            &types,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "t.yaml:2: money: `$.a` is `object`, not a number or a string"
        );
    }

    #[test]
    fn a_place_that_matches_nothing_is_reported_at_its_own_line() {
        // The second place is a substring of the first: a text search for it
        // finds the first place's line.
        let text = "types:\n  - name: Thing\n    at:\n      - $.x.yz\n      - $.x.y\n";
        let types = Types::parse("t.yaml", text).unwrap();
        let mut doc = json!({"x": {"yz": {"type": "object"}}});
        let err = hoist(&mut doc, &types, &mut Origins::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.yaml:5: `Thing`: `$.x.y` matches nothing"),
            "{err}"
        );
    }
}
