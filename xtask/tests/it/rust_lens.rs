//! The diff's Rust lens against the generated code: for each case the
//! client is generated from both sides (with build.rs's own generator) and
//! the public items are compared. A removed or changed item breaks callers;
//! a new variant breaks exhaustive matches; a new field on a struct breaks
//! struct literals (a warning); anything else is info. The diff's Rust
//! verdict must be exactly that.

use std::collections::BTreeSet;

use quote::ToTokens;
use serde_json::{Value, json};
use syn::{Fields, Item, Visibility};
use xtask::diff::{self, Level};

use crate::codegen::build_codegen;

/// `GET /things/{thing_id}` answers a `Thing`; `PATCH` takes a
/// `ThingUpdate` and answers an inline object.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/things/{thing_id}": {
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
                "responses": {"200": {"description": "done", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"updated": {"type": "boolean"}}
                }}}}}
            }
        }},
        "components": {
            "schemas": {
                "Thing": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "status": {"type": "string", "enum": ["active", "cancelled"]},
                    "created_at": {"type": "string", "format": "date-time"}
                }},
                "ThingUpdate": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                    "note": {"type": "string"}
                }}
            },
            "securitySchemes": {"O": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://api.example.com/token", "scopes": {}
            }}}}
        }
    })
}

/// Public items as comparable lines: `struct types::Thing`, `field
/// types::Thing::id: String`, `variant types::ThingStatus::Active`,
/// `fn Client::get_thing(..)`.
fn public_items(doc: &Value) -> BTreeSet<String> {
    let yaml = serde_norway::to_string(doc).unwrap();
    let generated = build_codegen::generate(&yaml).unwrap();
    let file = syn::parse_file(&generated.client).unwrap();
    let mut out = BTreeSet::new();
    collect(&file.items, "", &mut out);
    out
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn collect(items: &[Item], module: &str, out: &mut BTreeSet<String>) {
    let path = |name: &dyn std::fmt::Display| {
        if module.is_empty() {
            name.to_string()
        } else {
            format!("{module}::{name}")
        }
    };
    for item in items {
        match item {
            Item::Mod(m) if public(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, &path(&m.ident), out);
                }
            }
            Item::Struct(s) if public(&s.vis) => {
                let name = path(&s.ident);
                out.insert(format!("struct {name}"));
                if let Fields::Named(fields) = &s.fields {
                    for f in fields.named.iter().filter(|f| public(&f.vis)) {
                        out.insert(format!(
                            "field {name}::{}: {}",
                            f.ident.as_ref().unwrap(),
                            f.ty.to_token_stream()
                        ));
                    }
                }
            }
            Item::Enum(e) if public(&e.vis) => {
                let name = path(&e.ident);
                out.insert(format!("enum {name}"));
                for v in &e.variants {
                    out.insert(format!(
                        "variant {name}::{} {}",
                        v.ident,
                        v.fields.to_token_stream()
                    ));
                }
            }
            Item::Impl(i) if i.trait_.is_none() => {
                let syn::Type::Path(self_ty) = &*i.self_ty else {
                    continue;
                };
                let ty = path(&self_ty.path.segments.last().unwrap().ident);
                for inner in &i.items {
                    if let syn::ImplItem::Fn(f) = inner
                        && public(&f.vis)
                    {
                        out.insert(format!(
                            "fn {ty}::{}: {}",
                            f.sig.ident,
                            f.sig.to_token_stream()
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The verdict of the generated code on going from `old` to `new`.
fn generated_verdict(old: &BTreeSet<String>, new: &BTreeSet<String>) -> Level {
    let removed: Vec<&String> = old.difference(new).collect();
    let added: Vec<&String> = new.difference(old).collect();
    let existing = |prefix: &str, line: &str| {
        // The item's owner (`types::ThingStatus`) existed before.
        let owner = line
            .strip_prefix(prefix)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|p| p.rsplit_once("::"))
            .map(|(owner, _)| owner.to_string());
        owner.is_some_and(|o| old.iter().any(|l| l.ends_with(&format!(" {o}"))))
    };
    if !removed.is_empty() || added.iter().any(|l| existing("variant ", l)) {
        Level::Breaking
    } else if added.iter().any(|l| existing("field ", l)) {
        Level::Warning
    } else {
        Level::Info
    }
}

fn diff_verdict(old: &Value, new: &Value) -> Level {
    diff::diff(old, new)
        .iter()
        .map(|c| c.rust)
        .max()
        .unwrap_or(Level::Info)
}

fn thing(v: &mut Value) -> &mut Value {
    &mut v["components"]["schemas"]["Thing"]
}

fn cases() -> Vec<(&'static str, Value)> {
    let edited = |edit: &dyn Fn(&mut Value)| {
        let mut v = base();
        edit(&mut v);
        v
    };
    let renamed = |from: &str, to: &str| -> Value {
        serde_json::from_str(
            &base()
                .to_string()
                .replace(&format!("\"{from}\""), &format!("\"{to}\""))
                .replace(&format!("schemas/{from}\""), &format!("schemas/{to}\"")),
        )
        .unwrap()
    };
    vec![
        ("component renamed", renamed("ThingUpdate", "ThingPatch")),
        (
            "inline schema hoisted into components",
            edited(&|v| {
                let inline = v["paths"]["/things/{thing_id}"]["patch"]["responses"]["200"]["content"]["application/json"]["schema"].take();
                v["components"]["schemas"]["Updated"] = inline;
                v["paths"]["/things/{thing_id}"]["patch"]["responses"]["200"]["content"]["application/json"]
                    ["schema"] = json!({"$ref": "#/components/schemas/Updated"});
            }),
        ),
        (
            "operationId changed",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing")
            }),
        ),
        (
            "path renamed, same operationId",
            edited(&|v| {
                let paths = v["paths"].as_object_mut().unwrap();
                let item = paths.shift_remove("/things/{thing_id}").unwrap();
                paths.insert("/items/{thing_id}".into(), item);
            }),
        ),
        (
            "request body became required",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["required"] = json!(true)
            }),
        ),
        (
            "optional field became nullable",
            edited(&|v| thing(v)["properties"]["name"]["nullable"] = json!(true)),
        ),
        (
            "required field became nullable",
            edited(&|v| thing(v)["properties"]["id"]["nullable"] = json!(true)),
        ),
        (
            "new scope",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["get"]["security"] =
                    json!([{"O": ["things:read", "things:audit"]}])
            }),
        ),
        (
            "new optional response property",
            edited(&|v| thing(v)["properties"]["colour"] = json!({"type": "string"})),
        ),
        (
            "response enum value added",
            edited(&|v| {
                thing(v)["properties"]["status"]["enum"] = json!(["active", "cancelled", "paused"])
            }),
        ),
        (
            "response enum value removed",
            edited(&|v| thing(v)["properties"]["status"]["enum"] = json!(["active"])),
        ),
        (
            "date-time became date",
            edited(&|v| thing(v)["properties"]["created_at"]["format"] = json!("date")),
        ),
        (
            "response property removed",
            edited(&|v| {
                thing(v)["properties"]
                    .as_object_mut()
                    .unwrap()
                    .shift_remove("name");
            }),
        ),
        (
            "new optional query parameter",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["get"]["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}}))
            }),
        ),
        (
            "server appended",
            edited(&|v| {
                v["servers"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"url": "https://eu.example.com"}))
            }),
        ),
        (
            "operation deprecated",
            edited(&|v| v["paths"]["/things/{thing_id}"]["get"]["deprecated"] = json!(true)),
        ),
        (
            "request property became optional",
            edited(&|v| v["components"]["schemas"]["ThingUpdate"]["required"] = json!([])),
        ),
        // The families added for oasdiff's suite: what each says of Rust.
        (
            "request property became read-only",
            edited(&|v| {
                v["components"]["schemas"]["ThingUpdate"]["properties"]["note"]["readOnly"] =
                    json!(true)
            }),
        ),
        (
            "response property deprecated with a sunset",
            edited(&|v| {
                thing(v)["properties"]["name"]["deprecated"] = json!(true);
                thing(v)["properties"]["name"]["x-sunset"] = json!("2999-01-01");
            }),
        ),
        (
            "OpenAPI 3.1 keywords added (if, propertyNames)",
            edited(&|v| {
                thing(v)["if"] = json!({"required": ["name"]});
                thing(v)["propertyNames"] = json!({"maxLength": 20});
            }),
        ),
        (
            "response property became a list of types",
            edited(&|v| {
                thing(v)["properties"]["name"] =
                    json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
            }),
        ),
        (
            "response header added",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["headers"] =
                    json!({"X-Rate": {"schema": {"type": "integer"}}})
            }),
        ),
        (
            "query parameter became nullable",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]["nullable"] =
                    json!(true)
            }),
        ),
        (
            "stability lowered",
            edited(&|v| {
                v["paths"]["/things/{thing_id}"]["get"]["x-stability-level"] = json!("beta")
            }),
        ),
    ]
}

#[test]
fn the_rust_lens_says_what_the_generated_code_says() {
    let old = base();
    let old_items = public_items(&old);
    assert!(
        old_items.contains("fn Client::get_thing (& self) -> builder :: GetThing < '_ >")
            || old_items
                .iter()
                .any(|l| l.starts_with("fn Client::get_thing")),
        "{old_items:#?}"
    );
    let mut wrong = Vec::new();
    for (name, new) in cases() {
        let new_items = public_items(&new);
        let generated = generated_verdict(&old_items, &new_items);
        let said = diff_verdict(&old, &new);
        if generated != said {
            let removed: Vec<_> = old_items.difference(&new_items).collect();
            let added: Vec<_> = new_items.difference(&old_items).collect();
            wrong.push(format!("{name}: diff says {said:?}, generated code {generated:?}; removed {removed:#?}, added {added:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn the_rust_items_the_diff_names_exist_in_the_generated_code() {
    let old = base();
    let old_items = public_items(&old);
    for (name, new) in cases() {
        // A removed or changed item was in the old code; an added one is in
        // the new code.
        let items: BTreeSet<String> = old_items.union(&public_items(&new)).cloned().collect();
        for change in diff::diff(&old, &new) {
            let Some(item) = change.rust_item else {
                continue;
            };
            let known = items.iter().any(|l| {
                l == &format!("struct {item}")
                    || l == &format!("enum {item}")
                    || l.starts_with(&format!("field {item}:"))
                    || l.starts_with(&format!("fn {item}:"))
            });
            assert!(known, "{name}: `{item}` is not in the generated code");
        }
    }
}
