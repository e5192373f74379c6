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
//! JSON body of every operation is unified into.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};
use serde_json_path::JsonPath;

use crate::error::{Source, SpecError};
use crate::normalize;
use crate::openapi;
use crate::positions::{Positions, Step};
use crate::unify::unify;

/// The parsed `spec/types.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Types {
    /// The file, for error messages.
    pub file: String,
    /// The named error schema, if the API has one error shape for all.
    pub errors: Option<String>,
    /// The named types, in the order they are hoisted.
    pub types: Vec<NamedType>,
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
            positions: Positions::parse(text),
        })
    }

    /// Where place `place` of type number `index` is written in the file.
    fn line_of(&self, index: usize, place: usize) -> Source {
        let line = self
            .positions
            .line(&[
                Step::Key("types"),
                Step::Index(index),
                Step::Key("at"),
                Step::Index(place),
            ])
            .unwrap_or(1);
        Source::new(self.file.clone(), line)
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

    /// The page an operation came from.
    pub fn get(&self, pointer: &str) -> Option<&Source> {
        self.0.get(pointer)
    }
}

/// Hoists every named type; returns the number of places replaced by a `$ref`.
pub fn hoist(doc: &mut Value, types: &Types, origins: &Origins) -> Result<usize, SpecError> {
    let mut count = 0;
    for (index, named) in types.types.iter().enumerate() {
        let mut places = Vec::new();
        for (place, expression) in named.at.iter().enumerate() {
            let at = types.line_of(index, place);
            let path = JsonPath::parse(expression).map_err(|e| SpecError::Config {
                at: at.clone(),
                message: format!("`{}`: invalid JSONPath: {e}", named.name),
            })?;
            let found: Vec<String> = path
                .query_located(doc)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if found.is_empty() {
                return Err(SpecError::Config {
                    at,
                    message: format!(
                        "`{}`: `{expression}` matches nothing in the merged document (was the endpoint renamed or removed?)",
                        named.name
                    ),
                });
            }
            places.extend(found);
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
    origins: &Origins,
) -> Result<usize, SpecError> {
    let target = format!("#/components/schemas/{}", openapi::escape_token(name));
    let component_pointer = target[1..].to_string();
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
    for place in &replaced {
        if let Some(slot) = doc.pointer_mut(place) {
            *slot = json!({ "$ref": target });
        }
    }
    Ok(replaced.len())
}

/// Points every 4xx/5xx JSON body of every operation at one error schema:
/// the one `types.errors` names for all operations, or, where an operation's
/// bodies differ and none is named, `<OperationId>Error` for that operation.
/// A generated client can then decode every documented error into one type,
/// whatever status carried it.
pub fn unify_errors(
    doc: &mut Value,
    errors: Option<&str>,
    origins: &Origins,
) -> Result<usize, SpecError> {
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
    match errors {
        Some(name) => {
            let places: Vec<String> = per_operation.into_iter().flat_map(|(_, b)| b).collect();
            count += name_schema(doc, name, &places, origins)?;
        }
        None => {
            for (id, bodies) in per_operation {
                let distinct: Vec<&Value> = {
                    let mut seen: Vec<&Value> = Vec::new();
                    for b in &bodies {
                        let v = doc.pointer(b).unwrap_or(&Value::Null);
                        if !seen.contains(&v) {
                            seen.push(v);
                        }
                    }
                    seen
                };
                if distinct.len() > 1 {
                    let name = format!("{}Error", pascal_case(&id));
                    count += name_schema(doc, &name, &bodies, origins)?;
                }
            }
        }
    }
    Ok(count)
}

fn is_error_status(status: &str) -> bool {
    let first = status.chars().next();
    matches!(first, Some('4') | Some('5'))
}

/// `cancel_booking_policies` gives `CancelBookingPolicies`.
pub fn pascal_case(id: &str) -> String {
    normalize::snake_case(id)
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_that_matches_nothing_is_reported_at_its_own_line() {
        // The second place is a substring of the first: a text search for it
        // finds the first place's line.
        let text = "types:\n  - name: Thing\n    at:\n      - $.x.yz\n      - $.x.y\n";
        let types = Types::parse("t.yaml", text).unwrap();
        let mut doc = json!({"x": {"yz": {"type": "object"}}});
        let err = hoist(&mut doc, &types, &Origins::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.yaml:5: `Thing`: `$.x.y` matches nothing"),
            "{err}"
        );
    }
}
