//! The diff's tests, one file per family of checks (the stems of
//! `checks/`) and one for the walk: each takes a base document, makes a
//! small change to it, and names the change(s) the diff must report with
//! both lenses' levels. This file holds the base document and the helpers.

mod applicators;
mod bodies;
mod bounds;
mod composition;
mod document;
mod endpoints;
mod lifecycle;
mod parameters;
mod properties;
mod responses;
mod security;
mod types;
mod values;
mod walk;

use serde_json::{Value, json};

use super::*;
pub(super) use Level::{Breaking as B, Info as I, Warning as W};

/// `GET /things/{thing_id}` returns a `Thing`; `PATCH` takes a `ThingUpdate`.
pub(super) fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things/{thing_id}": {
                "get": {
                    "operationId": "get_thing",
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
                    ],
                    "security": [{"O": ["things:read"]}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
                },
                "patch": {
                    "operationId": "update_thing",
                    "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingUpdate"}}}},
                    "responses": {"204": {"description": "done"}}
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "status": {"type": "string", "enum": ["active", "cancelled"]},
                        "price": {"type": "number"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "note": {"type": "string", "nullable": true},
                        "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}
                    }
                },
                "Tag": {"type": "object", "properties": {"label": {"type": "string"}, "parent": {"$ref": "#/components/schemas/Tag"}}},
                "ThingUpdate": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "status": {"type": "string", "enum": ["active", "cancelled"]},
                        "note": {"type": "string"}
                    }
                }
            }
        }
    })
}

/// The changes one edit of the base document makes: (id, operation, wire, rust).
pub(super) fn changes(edit: impl FnOnce(&mut Value)) -> Vec<(&'static str, String, Level, Level)> {
    let old = base();
    let mut new = base();
    edit(&mut new);
    diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.operations.join(", "), c.wire, c.rust))
        .collect()
}

pub(super) fn one(
    id: &'static str,
    op: &str,
    wire: Level,
    rust: Level,
) -> Vec<(&'static str, String, Level, Level)> {
    vec![(id, op.to_string(), wire, rust)]
}

pub(super) const GET: &str = "GET /things/{thing_id}";
pub(super) const PATCH: &str = "PATCH /things/{thing_id}";

/// `/things/{thing_id}` moved to `/items/{thing_id}`, operations and all.
pub(super) fn move_things_to_items(v: &mut Value) {
    let paths = v["paths"].as_object_mut().unwrap();
    let item = paths.shift_remove("/things/{thing_id}").unwrap();
    paths.insert("/items/{thing_id}".into(), item);
}

pub(super) fn thing(v: &mut Value) -> &mut Value {
    &mut v["components"]["schemas"]["Thing"]
}

pub(super) fn update(v: &mut Value) -> &mut Value {
    &mut v["components"]["schemas"]["ThingUpdate"]
}

/// The changes between `old` and `new` (id, wire level), sorted by id.
fn ids(old: &Value, new: &Value) -> Vec<(&'static str, Level)> {
    let mut found: Vec<_> = diff(old, new).into_iter().map(|c| (c.id, c.wire)).collect();
    found.sort();
    found
}
