//! One test per diff rule: a base document, a small change to it, and the
//! change(s) the diff must report with both lenses' levels.

// One test per diff rule: a base document, a small change to it, and the
// change(s) the diff must report with both lenses' levels.

use serde_json::{Value, json};

use super::*;
use Level::{Breaking as B, Info as I, Warning as W};

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
fn changes(edit: impl FnOnce(&mut Value)) -> Vec<(&'static str, String, Level, Level)> {
    let old = base();
    let mut new = base();
    edit(&mut new);
    diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.operations.join(", "), c.wire, c.rust))
        .collect()
}

fn one(
    id: &'static str,
    op: &str,
    wire: Level,
    rust: Level,
) -> Vec<(&'static str, String, Level, Level)> {
    vec![(id, op.to_string(), wire, rust)]
}

const GET: &str = "GET /things/{thing_id}";
const PATCH: &str = "PATCH /things/{thing_id}";

/// `/things/{thing_id}` moved to `/items/{thing_id}`, operations and all.
fn move_things_to_items(v: &mut Value) {
    let paths = v["paths"].as_object_mut().unwrap();
    let item = paths.shift_remove("/things/{thing_id}").unwrap();
    paths.insert("/items/{thing_id}".into(), item);
}

fn thing(v: &mut Value) -> &mut Value {
    &mut v["components"]["schemas"]["Thing"]
}

fn update(v: &mut Value) -> &mut Value {
    &mut v["components"]["schemas"]["ThingUpdate"]
}

#[test]
fn the_same_document_has_no_changes() {
    assert_eq!(changes(|_| {}), vec![]);
    assert_eq!(Semver::of(&[]), Semver::Patch);
}

#[test]
fn endpoint_added() {
    let got = changes(|v| {
        v["paths"]["/other"] =
            json!({"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}})
    });
    assert_eq!(got, one("endpoint-added", "GET /other", I, I));
    // The new method is named, as a removed one is.
    let mut new = base();
    new["paths"]["/other"] =
        json!({"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}});
    let added = diff(&base(), &new);
    assert_eq!(added[0].rust_item.as_deref(), Some("Client::other"));
}

#[test]
fn operation_removed() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]
            .as_object_mut()
            .unwrap()
            .shift_remove("patch");
    });
    assert_eq!(got, one("api-removed-without-deprecation", PATCH, B, B));
}

#[test]
fn operation_id_changed() {
    let got =
        changes(|v| v["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing"));
    assert_eq!(got, one("api-operation-id-removed", GET, I, B));
}

#[test]
fn path_parameter_renamed() {
    let got = changes(|v| {
        let item = v["paths"]
            .as_object_mut()
            .unwrap()
            .shift_remove("/things/{thing_id}")
            .unwrap();
        let text = item.to_string().replace("\"thing_id\"", "\"id\"");
        v["paths"]["/things/{id}"] = serde_json::from_str(&text).unwrap();
    });
    assert_eq!(
        got,
        vec![
            (
                "request-path-param-renamed",
                "GET /things/{id}".to_string(),
                I,
                B
            ),
            (
                "request-path-param-renamed",
                "PATCH /things/{id}".to_string(),
                I,
                B
            ),
        ]
    );
}

#[test]
fn parameter_added_required_and_optional() {
    let got = changes(|v| {
        let params = v["paths"]["/things/{thing_id}"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        params.push(json!({"name": "X-Tenant", "in": "header", "required": true, "schema": {"type": "string"}}));
        params.push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}}));
    });
    assert_eq!(
        got,
        vec![
            ("new-required-request-parameter", GET.to_string(), B, B),
            ("new-optional-request-parameter", GET.to_string(), I, I),
        ]
    );
}

#[test]
fn parameter_removed_became_required_and_changed_type() {
    let removed = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .remove(1);
    });
    assert_eq!(removed, one("request-parameter-removed", GET, W, B));
    let required = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["required"] = json!(true)
    });
    assert_eq!(
        required,
        one("request-parameter-became-required", GET, B, B)
    );
    let typed = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]["type"] =
            json!("integer")
    });
    assert_eq!(typed, one("request-parameter-type-changed", GET, B, B));
}

#[test]
fn request_property_added_required_and_optional() {
    let got = changes(|v| {
        update(v)["properties"]["owner"] = json!({"type": "string"});
        update(v)["properties"]["colour"] = json!({"type": "string"});
        update(v)["required"] = json!(["name", "owner"]);
    });
    assert_eq!(
        got,
        vec![
            ("new-required-request-property", PATCH.to_string(), B, B),
            ("new-optional-request-property", PATCH.to_string(), I, W),
        ]
    );
}

#[test]
fn request_property_removed() {
    let got = changes(|v| {
        update(v)["properties"]
            .as_object_mut()
            .unwrap()
            .shift_remove("note");
    });
    assert_eq!(got, one("request-property-removed", PATCH, W, B));
}

#[test]
fn request_property_became_required_or_optional() {
    let required = changes(|v| update(v)["required"] = json!(["name", "status"]));
    assert_eq!(
        required,
        one("request-property-became-required", PATCH, B, B)
    );
    let optional = changes(|v| update(v)["required"] = json!([]));
    assert_eq!(
        optional,
        one("request-property-became-optional", PATCH, I, B)
    );
}

#[test]
fn request_enum_value_added_and_removed() {
    let got = changes(|v| update(v)["properties"]["status"]["enum"] = json!(["active", "paused"]));
    assert_eq!(
        got,
        vec![
            ("request-property-enum-value-added", PATCH.to_string(), I, B),
            (
                "request-property-enum-value-removed",
                PATCH.to_string(),
                B,
                B
            ),
        ]
    );
}

#[test]
fn request_nullable_changes() {
    let nullable = changes(|v| update(v)["properties"]["note"]["nullable"] = json!(true));
    assert_eq!(
        nullable,
        one("request-property-became-nullable", PATCH, I, I)
    );
    let mut with_nullable = base();
    update(&mut with_nullable)["properties"]["note"]["nullable"] = json!(true);
    let got: Vec<_> = diff(&with_nullable, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(got, [("request-property-became-not-nullable", B, I)]);
}

#[test]
fn response_property_added_and_removed() {
    let added = changes(|v| {
        thing(v)["properties"]["colour"] = json!({"type": "string"});
        thing(v)["properties"]["owner"] = json!({"type": "string"});
        thing(v)["required"] = json!(["id", "owner"]);
    });
    assert_eq!(
        added,
        vec![
            ("response-optional-property-added", GET.to_string(), I, W),
            ("response-required-property-added", GET.to_string(), I, W),
        ]
    );
    let removed = changes(|v| {
        let props = thing(v)["properties"].as_object_mut().unwrap();
        props.shift_remove("id");
        props.shift_remove("name");
    });
    assert_eq!(
        removed,
        vec![
            ("response-required-property-removed", GET.to_string(), B, B),
            ("response-optional-property-removed", GET.to_string(), W, B),
        ]
    );
}

#[test]
fn response_property_became_required_or_optional() {
    let required = changes(|v| thing(v)["required"] = json!(["id", "name"]));
    assert_eq!(
        required,
        one("response-property-became-required", GET, I, B)
    );
    let optional = changes(|v| thing(v)["required"] = json!([]));
    assert_eq!(
        optional,
        one("response-property-became-optional", GET, B, B)
    );
}

#[test]
fn response_type_and_format_changes() {
    let typed = changes(|v| thing(v)["properties"]["price"]["type"] = json!("string"));
    assert_eq!(typed, one("response-property-type-changed", GET, B, B));
    let format = changes(|v| thing(v)["properties"]["created_at"]["format"] = json!("date"));
    assert_eq!(format, one("response-property-type-specialized", GET, I, B));
    let request_format = changes(|v| update(v)["properties"]["note"]["format"] = json!("email"));
    assert_eq!(
        request_format,
        one("request-property-type-changed", PATCH, B, B)
    );
    let request_type = changes(|v| update(v)["properties"]["note"]["type"] = json!("integer"));
    assert_eq!(
        request_type,
        one("request-property-type-changed", PATCH, B, B)
    );
}

#[test]
fn response_enum_value_added_and_removed() {
    let got = changes(|v| thing(v)["properties"]["status"]["enum"] = json!(["active", "paused"]));
    assert_eq!(
        got,
        vec![
            ("response-property-enum-value-added", GET.to_string(), W, B),
            (
                "response-property-enum-value-removed",
                GET.to_string(),
                I,
                B
            ),
        ]
    );
}

#[test]
fn response_nullable_changes() {
    let nullable = changes(|v| thing(v)["properties"]["name"]["nullable"] = json!(true));
    assert_eq!(
        nullable,
        one("response-property-became-nullable", GET, B, I)
    );
    let not_nullable = changes(|v| {
        thing(v)["properties"]["note"]
            .as_object_mut()
            .unwrap()
            .shift_remove("nullable");
    });
    assert_eq!(
        not_nullable,
        one("response-property-became-not-nullable", GET, I, I)
    );
}

#[test]
fn changes_inside_recursive_schemas_are_found_and_the_walk_ends() {
    let got = changes(|v| {
        v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer")
    });
    assert_eq!(got, one("response-property-type-changed", GET, B, B));
    let paths: Vec<(String, Option<String>)> = diff(&base(), &{
        let mut v = base();
        v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer");
        v
    })
    .into_iter()
    .map(|c| (c.location, c.rust_item))
    .collect();
    assert_eq!(
        paths,
        [(
            "components.schemas.Tag.label".to_string(),
            Some("types::Tag::label".to_string())
        )]
    );
}

#[test]
fn security_scopes_added_and_removed() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["security"] = json!([{"O": ["things:admin"]}])
    });
    assert_eq!(
        got,
        vec![
            ("api-security-scope-added", GET.to_string(), I, I),
            ("api-security-scope-removed", GET.to_string(), I, I),
        ]
    );
}

#[test]
fn server_changed() {
    let got = changes(|v| v["servers"] = json!([{"url": "https://api2.example.com"}]));
    assert_eq!(
        got,
        vec![
            // A move of the server is no change of a request or an answer
            // (oasdiff has no rule); the client's default base URL moves.
            ("api-server-removed", String::new(), I, W),
            ("api-server-added", String::new(), I, I),
        ]
    );
}

#[test]
fn request_body_added_removed_and_required() {
    let required = changes(|v| {
        v["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["required"] = json!(true)
    });
    assert_eq!(required, one("request-body-became-required", PATCH, B, I));
    let removed = changes(|v| {
        v["paths"]["/things/{thing_id}"]["patch"]
            .as_object_mut()
            .unwrap()
            .shift_remove("requestBody");
    });
    assert_eq!(removed, one("request-body-removed", PATCH, B, B));
}

#[test]
fn success_status_removed() {
    let got = changes(|v| {
        let responses = v["paths"]["/things/{thing_id}"]["patch"]["responses"]
            .as_object_mut()
            .unwrap();
        responses.shift_remove("204");
        responses.insert("202".into(), json!({"description": "accepted"}));
    });
    assert_eq!(
        got,
        vec![
            ("response-success-status-removed", PATCH.to_string(), B, B),
            ("response-success-status-added", PATCH.to_string(), I, I),
        ]
    );
}

#[test]
fn semver_follows_both_lenses_and_names_the_next_version() {
    let change = |rust| Change {
        id: "x",
        origin: super::rules::Origin::Oasdiff,
        level: rust,
        wire: Level::Info,
        rust,
        location: String::new(),
        rust_item: None,
        operations: Vec::new(),
        message: String::new(),
    };
    assert_eq!(Semver::of(&[change(Level::Info)]), Semver::Minor);
    // A wire break is a breaking release, whatever the Rust lens says.
    let wire_break = Change {
        wire: Level::Breaking,
        ..change(Level::Info)
    };
    assert_eq!(Semver::of(&[wire_break]), Semver::Major);
    assert_eq!(Semver::Major.next("0.1.0").as_deref(), Some("0.2.0"));
    assert_eq!(Semver::Minor.next("0.1.0").as_deref(), Some("0.1.1"));
    assert_eq!(Semver::Patch.next("0.1.0").as_deref(), Some("0.1.1"));
    assert_eq!(Semver::Major.next("v1.4.2").as_deref(), Some("2.0.0"));
    assert_eq!(Semver::Minor.next("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(Semver::Patch.next("1.4.2").as_deref(), Some("1.4.3"));
    assert_eq!(Semver::Major.next("next"), None);
    assert_eq!(Semver::of(&[change(Level::Warning)]), Semver::Minor);
    assert_eq!(
        Semver::of(&[change(Level::Info), change(Level::Breaking)]),
        Semver::Major
    );
}

#[test]
fn a_required_field_becoming_nullable_changes_its_rust_type() {
    let got = changes(|v| thing(v)["properties"]["id"]["nullable"] = json!(true));
    assert_eq!(got, one("response-property-became-nullable", GET, B, B));
}

#[test]
fn enums_added_to_request_and_response_properties() {
    let request = changes(|v| update(v)["properties"]["note"]["enum"] = json!(["a", "b"]));
    assert_eq!(request, one("request-property-became-enum", PATCH, B, B));
    let response = changes(|v| thing(v)["properties"]["name"]["enum"] = json!(["a", "b"]));
    assert_eq!(response, one("response-property-became-enum", GET, I, B));
}

#[test]
fn max_length_set_decreased_and_increased_on_a_request() {
    let set = changes(|v| update(v)["properties"]["note"]["maxLength"] = json!(10));
    assert_eq!(set, one("request-property-max-length-set", PATCH, W, I));
    let mut short = base();
    update(&mut short)["properties"]["note"]["maxLength"] = json!(10);
    let mut shorter = short.clone();
    update(&mut shorter)["properties"]["note"]["maxLength"] = json!(5);
    let ids = |a: &Value, b: &Value| -> Vec<(&str, Level)> {
        diff(a, b).into_iter().map(|c| (c.id, c.wire)).collect()
    };
    assert_eq!(
        ids(&short, &shorter),
        [("request-property-max-length-decreased", B)]
    );
    assert_eq!(
        ids(&shorter, &short),
        [("request-property-max-length-increased", I)]
    );
    let param = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["parameters"][0]["schema"]["maxLength"] = json!(8)
    });
    assert_eq!(param, one("request-parameter-max-length-set", GET, W, I));
}

#[test]
fn statuses_added_and_removed_success_or_not() {
    let got = changes(|v| {
        let responses = v["paths"]["/things/{thing_id}"]["get"]["responses"]
            .as_object_mut()
            .unwrap();
        responses.insert("201".into(), json!({"description": "made"}));
        responses.insert("404".into(), json!({"description": "none"}));
    });
    assert_eq!(
        got,
        vec![
            ("response-non-success-status-added", GET.to_string(), I, I),
            ("response-success-status-added", GET.to_string(), I, I),
        ]
    );
    let mut with_404 = base();
    with_404["paths"]["/things/{thing_id}"]["get"]["responses"]["404"] =
        json!({"description": "none"});
    let removed: Vec<_> = diff(&with_404, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(removed, [("response-non-success-status-removed", I, I)]);
}

#[test]
fn success_media_types_renamed_added_and_removed() {
    let media = |v: &mut Value, name: &str| {
        let content = v["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["content"]
            .as_object_mut()
            .unwrap();
        let schema = content.shift_remove("application/json").unwrap();
        content.insert(name.into(), schema);
    };
    // oasdiff pairs `application/json` with any `application/*+json`.
    for refined in ["application/vnd.things+json", "application/problem+json"] {
        let got = changes(|v| media(v, refined));
        assert_eq!(got, one("response-media-type-name-specialized", GET, I, B));
    }
    let xml = changes(|v| media(v, "application/xml"));
    assert_eq!(
        xml,
        vec![
            ("response-media-type-removed", GET.to_string(), B, B),
            ("response-media-type-added", GET.to_string(), I, I),
        ]
    );
}

#[test]
fn response_headers_removed_required_or_optional() {
    let mut with_headers = base();
    with_headers["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["headers"] = json!({
        "X-Request-Id": {"required": true, "schema": {"type": "string"}},
        "X-Trace": {"schema": {"type": "string"}}
    });
    let got: Vec<_> = diff(&with_headers, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust, c.location))
        .collect();
    assert_eq!(
        got,
        [
            (
                "required-response-header-removed",
                B,
                I,
                "GET /things/{thing_id} 200 response".to_string()
            ),
            (
                "optional-response-header-removed",
                W,
                I,
                "GET /things/{thing_id} 200 response".to_string()
            ),
        ]
    );
}

#[test]
fn operations_deprecated_and_reactivated() {
    let got = changes(|v| v["paths"]["/things/{thing_id}"]["get"]["deprecated"] = json!(true));
    assert_eq!(got, one("endpoint-deprecated", GET, I, I));
    let mut deprecated = base();
    deprecated["paths"]["/things/{thing_id}"]["get"]["deprecated"] = json!(true);
    let back: Vec<_> = diff(&deprecated, &base())
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(back, ["endpoint-reactivated"]);
}

#[test]
fn a_component_renamed_is_one_rename_that_breaks_rust_only() {
    let new = serde_json::from_str::<Value>(
        &base()
            .to_string()
            .replace("\"ThingUpdate\"", "\"ThingPatch\"")
            .replace("schemas/ThingUpdate", "schemas/ThingPatch"),
    )
    .unwrap();
    let got = diff(&base(), &new);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        (got[0].id, got[0].wire, got[0].rust),
        ("api-schema-removed", I, B)
    );
    assert_eq!(
        got[0].message,
        "schema `ThingUpdate` renamed to `ThingPatch`: the type `types::ThingUpdate` becomes `types::ThingPatch`"
    );
}

#[test]
fn an_inline_schema_hoisted_into_components_renames_the_rust_type() {
    let mut old = base();
    let inline = old["components"]["schemas"]["ThingUpdate"].clone();
    old["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"] =
        inline;
    let got = diff(&old, &base());
    let got: Vec<_> = got
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust, c.rust_item))
        .collect();
    assert_eq!(
        got,
        [(
            "schema-type-name-changed",
            I,
            B,
            Some("types::UpdateThingBody".to_string())
        )]
    );
}

#[test]
fn a_new_security_alternative_relaxes_access() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["security"] =
            json!([{"O": ["things:read"]}, {"ApiKey": []}])
    });
    assert_eq!(got, one("api-security-added", GET, I, I));
}

#[test]
fn a_server_appended_breaks_nothing() {
    let got = changes(|v| {
        v["servers"]
            .as_array_mut()
            .unwrap()
            .push(json!({"url": "https://eu.example.com"}))
    });
    assert_eq!(got, vec![("api-server-added", String::new(), I, I)]);
}

#[test]
fn a_date_time_becoming_a_date_is_breaking_in_a_request() {
    let mut old = base();
    update(&mut old)["properties"]["when"] = json!({"type": "string", "format": "date-time"});
    let mut new = old.clone();
    update(&mut new)["properties"]["when"]["format"] = json!("date");
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire))
        .collect();
    assert_eq!(got, [("request-property-type-changed", B)]);
    let widened: Vec<_> = diff(&new, &old)
        .into_iter()
        .map(|c| (c.id, c.wire))
        .collect();
    assert_eq!(widened, [("request-property-type-generalized", I)]);
}

#[test]
fn a_path_renamed_under_the_same_operation_id_keeps_the_method() {
    let got = diff(&base(), &{
        let mut v = base();
        move_things_to_items(&mut v);
        v
    });
    let got: Vec<_> = got
        .iter()
        .map(|c| (c.id, c.wire, c.rust, c.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "api-path-removed-without-deprecation",
                B,
                I,
                "`GET /things/{thing_id}` moved to `GET /items/{thing_id}`; the method `get_thing` stays"
            ),
            (
                "api-path-removed-without-deprecation",
                B,
                I,
                "`PATCH /things/{thing_id}` moved to `PATCH /items/{thing_id}`; the method `update_thing` stays"
            ),
        ]
    );
}

#[test]
fn a_new_scope_changes_no_code() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["security"] =
            json!([{"O": ["things:read", "things:audit"]}])
    });
    assert_eq!(got, one("api-security-scope-added", GET, I, I));
}

#[test]
fn every_rule_the_diff_reports_is_in_the_table() {
    // `rule()` panics on an unknown id: reaching every push above proves the
    // ids built from parts exist. Here: the table's ids are all kebab-case.
    for rule in RULES {
        assert!(
            rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            rule.id
        );
    }
}

#[test]
fn numeric_and_length_limits_follow_oasdiff() {
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut old = base();
        old["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"] =
            json!({"type": "integer", "maximum": 100, "minimum": 1});
        old["components"]["schemas"]["Thing"]["properties"]["price"] =
            json!({"type": "number", "maximum": 1000, "minimum": 0});
        old["components"]["schemas"]["ThingUpdate"]["properties"]["note"] =
            json!({"type": "string", "minLength": 1, "maximum": 5});
        let mut new = old.clone();
        edit(&mut new);
        diff(&old, &new)
            .into_iter()
            .map(|c| (c.id, c.wire, c.rust))
            .collect::<Vec<_>>()
    };
    fn param(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]
    }
    // A request parameter's maximum lowered: oasdiff's
    // request-parameter-max-decreased, breaking on the wire, same code.
    assert_eq!(
        with(&|v| param(v)["maximum"] = json!(50)),
        [("request-parameter-max-decreased", B, I)]
    );
    assert_eq!(
        with(&|v| param(v)["maximum"] = json!(500)),
        [("request-parameter-max-increased", I, I)]
    );
    assert_eq!(
        with(&|v| param(v)["minimum"] = json!(5)),
        [("request-parameter-min-increased", B, I)]
    );
    // A request property gets a minLength raised, a maximum set.
    fn note(v: &mut Value) -> &mut Value {
        &mut v["components"]["schemas"]["ThingUpdate"]["properties"]["note"]
    }
    assert_eq!(
        with(&|v| note(v)["minLength"] = json!(3)),
        [("request-property-min-length-increased", B, I)]
    );
    assert_eq!(
        with(&|v| {
            note(v).as_object_mut().unwrap().remove("maximum");
            note(v)["maximum"] = json!(4);
        }),
        [("request-property-max-decreased", B, I)]
    );
    // An answer may now hold more: breaking; less: nothing to report.
    fn price(v: &mut Value) -> &mut Value {
        &mut v["components"]["schemas"]["Thing"]["properties"]["price"]
    }
    assert_eq!(
        with(&|v| price(v)["maximum"] = json!(5000)),
        [("response-property-max-increased", B, I)]
    );
    assert_eq!(
        with(&|v| price(v)["minimum"] = json!(-10)),
        [("response-property-min-decreased", B, I)]
    );
    assert_eq!(with(&|v| price(v)["maximum"] = json!(10)), []);
    // Unchanged limits are no change.
    assert_eq!(with(&|_| {}), []);
}

#[test]
fn a_type_dropped_or_added_is_a_type_change() {
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut new = base();
        edit(&mut new);
        diff(&base(), &new)
            .into_iter()
            .map(|c| (c.id, c.wire))
            .collect::<Vec<_>>()
    };
    // An answer's property that loses its type may now be anything.
    assert_eq!(
        with(&|v| {
            v["components"]["schemas"]["Thing"]["properties"]["name"]
                .as_object_mut()
                .unwrap()
                .remove("type");
        }),
        [("response-property-type-changed", B)]
    );
    // A request property that loses its type accepts more: generalized.
    assert_eq!(
        with(&|v| {
            v["components"]["schemas"]["ThingUpdate"]["properties"]["note"]
                .as_object_mut()
                .unwrap()
                .remove("type");
        }),
        [("request-property-type-generalized", I)]
    );
}

#[test]
fn patterns_follow_oasdiff() {
    let with = |old_pattern: Option<&str>, new_pattern: Option<&str>, response: bool| {
        let schema = if response { "Thing" } else { "ThingUpdate" };
        let set = |v: &mut Value, pattern: Option<&str>| {
            let field = &mut v["components"]["schemas"][schema]["properties"]["name"];
            if let Some(pattern) = pattern {
                field["pattern"] = json!(pattern);
            }
        };
        let (mut old, mut new) = (base(), base());
        set(&mut old, old_pattern);
        set(&mut new, new_pattern);
        diff(&old, &new)
            .into_iter()
            .map(|c| (c.id, c.wire))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        with(None, Some("^[a-z]+$"), false),
        [("request-property-pattern-added", B)]
    );
    assert_eq!(
        with(Some("^[a-z]+$"), None, false),
        [("request-property-pattern-removed", I)]
    );
    assert_eq!(
        with(Some("^[a-z]+$"), Some("^[a-z0-9]+$"), false),
        [("request-property-pattern-changed", W)]
    );
    assert_eq!(
        with(Some("^[a-z]+$"), Some(".*"), false),
        [("request-property-pattern-generalized", I)]
    );
    assert_eq!(
        with(None, Some("^[a-z]+$"), true),
        [("response-property-pattern-added", I)]
    );
    assert_eq!(with(Some("^a$"), Some("^a$"), true), []);
}

#[test]
fn default_values_follow_oasdiff() {
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut new = base();
        edit(&mut new);
        diff(&base(), &new)
            .into_iter()
            .map(|c| (c.id, c.wire))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        with(&|v| {
            v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]["default"] =
                json!(false)
        }),
        [("request-parameter-default-value-added", B)]
    );
    assert_eq!(
        with(&|v| {
            v["components"]["schemas"]["ThingUpdate"]["properties"]["note"]["default"] = json!("")
        }),
        [("request-property-default-value-added", I)]
    );
    assert_eq!(
        with(
            &|v| v["components"]["schemas"]["Thing"]["properties"]["name"]["default"] = json!("x")
        ),
        [("response-property-default-value-added", I)]
    );
}

/// The changes between `old` and `new` (id, wire level), sorted by id.
fn ids(old: &Value, new: &Value) -> Vec<(&'static str, Level)> {
    let mut found: Vec<_> = diff(old, new).into_iter().map(|c| (c.id, c.wire)).collect();
    found.sort();
    found
}

#[test]
fn a_response_body_wrapped_in_one_of_is_one_row_not_one_per_property() {
    let old = base();
    let mut new = base();
    let thing = thing(&mut new).take();
    let mut other = thing.clone();
    other["required"] = json!(["name"]);
    new["components"]["schemas"]["Thing"] = json!({"oneOf": [thing, other]});
    assert_eq!(ids(&old, &new), [("response-body-wrapped-in-one-of", B)]);
    // The same in a request body.
    let mut wrapped = base();
    let update = update(&mut wrapped).take();
    wrapped["components"]["schemas"]["ThingUpdate"] = json!({"oneOf": [update.clone(), update]});
    assert_eq!(ids(&old, &wrapped), [("request-body-wrapped-in-one-of", B)]);
}

#[test]
fn all_of_members_added_and_removed_are_one_row_each_and_annotations_apart() {
    let old = base();
    let mut new = base();
    thing(&mut new)["properties"]["owner"] = json!({"allOf": [
        {"$ref": "#/components/schemas/Tag"},
        {"type": "object", "properties": {"since": {"type": "string"}}},
        {"description": "who owns it"}
    ]});
    update(&mut new)["properties"]["owner"] =
        json!({"allOf": [{"$ref": "#/components/schemas/Tag"}]});
    let found = ids(&old, &new);
    // The properties themselves are new; their allOf is part of them.
    assert_eq!(
        found,
        [
            ("new-optional-request-property", I),
            ("response-optional-property-added", I)
        ]
    );
    let mut grown = new.clone();
    grown["components"]["schemas"]["Thing"]["properties"]["owner"]["allOf"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "object", "properties": {"team": {"type": "string"}}}));
    grown["components"]["schemas"]["ThingUpdate"]["properties"]["owner"]["allOf"]
        .as_array_mut()
        .unwrap()
        .extend([
            json!({"title": "Extra", "type": "object"}),
            json!({"title": "Note only"}),
        ]);
    assert_eq!(
        ids(&new, &grown),
        [
            ("request-property-all-of-added", B),
            ("request-property-all-of-added-annotation-only", I),
            ("response-property-all-of-added", I),
        ]
    );
    assert_eq!(
        ids(&grown, &new),
        [
            ("request-property-all-of-removed", W),
            ("request-property-all-of-removed-annotation-only", I),
            ("response-property-all-of-removed", I),
        ]
    );
}

#[test]
fn a_change_inside_a_paired_subschema_is_found_where_its_property_is() {
    let mut old = base();
    thing(&mut old)["allOf"] = json!([
        {"$ref": "#/components/schemas/Tag"},
        {"type": "object", "properties": {"size": {"type": "integer"}}}
    ]);
    let mut new = old.clone();
    // The untitled inline member on each side is the same member, changed.
    new["components"]["schemas"]["Thing"]["allOf"][1]["properties"]["size"] =
        json!({"type": "string"});
    // A property of the referenced member changed too.
    new["components"]["schemas"]["Tag"]["properties"]["label"]["enum"] = json!(["a"]);
    let found = ids(&old, &new);
    assert!(
        found.contains(&("response-property-type-changed", B)),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(id, _)| id.contains("-of-")),
        "{found:?}"
    );
}

#[test]
fn one_of_alternatives_added_and_removed_and_an_inline_ref_refactor_is_none() {
    let mut old = base();
    thing(&mut old)["properties"]["price"] = json!({"oneOf": [
        {"type": "number"},
        {"type": "string", "description": "a decimal"}
    ]});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["properties"]["price"]["oneOf"]
        .as_array_mut()
        .unwrap()
        .push(json!({"$ref": "#/components/schemas/Tag"}));
    assert_eq!(ids(&old, &new), [("response-property-one-of-added", B)]);
    assert_eq!(ids(&new, &old), [("response-property-one-of-removed", I)]);
    // The string alternative moved into a component, same values accepted.
    let mut refactored = old.clone();
    refactored["components"]["schemas"]["Decimal"] =
        json!({"type": "string", "description": "in words"});
    refactored["components"]["schemas"]["Thing"]["properties"]["price"]["oneOf"][1] =
        json!({"$ref": "#/components/schemas/Decimal"});
    let found = ids(&old, &refactored);
    assert!(
        !found.iter().any(|(id, _)| id.contains("one-of")),
        "{found:?}"
    );
}

/// The shape of Box's 2025 change that the diff once read as no change:
/// in an `allOf` schema, a nullable inline object became an `allOf` of a
/// `oneOf` (a `$ref` or null) and a description.
#[test]
fn a_property_recomposed_inside_an_all_of_schema_is_reported() {
    let mut old = base();
    thing(&mut old)["allOf"] = json!([
        {"$ref": "#/components/schemas/Tag"},
        {"type": "object", "properties": {"output": {
            "type": "object", "nullable": true,
            "properties": {"id": {"type": "string"}, "type": {"type": "string", "enum": ["file"]}}
        }}}
    ]);
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["allOf"][1]["properties"]["output"] = json!({"allOf": [
        {"oneOf": [{"$ref": "#/components/schemas/Tag"}, {"type": "object", "nullable": true}]},
        {"description": "null until done"}
    ]});
    let found = ids(&old, &new);
    for expected in [
        ("response-property-type-changed", B),
        ("response-property-all-of-added", I),
        ("response-property-all-of-added-annotation-only", I),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
}

#[test]
fn the_same_members_moved_between_one_of_and_any_of_are_one_row_of_ours() {
    let mut old = base();
    update(&mut old)["properties"]["note"] = json!({"oneOf": [
        {"type": "string"},
        {"type": "string", "enum": ["none"]}
    ]});
    thing(&mut old)["properties"]["note"] =
        old["components"]["schemas"]["ThingUpdate"]["properties"]["note"].clone();
    let mut new = old.clone();
    for schema in ["Thing", "ThingUpdate"] {
        let note = &mut new["components"]["schemas"][schema]["properties"]["note"];
        let members = note.as_object_mut().unwrap().shift_remove("oneOf").unwrap();
        note["anyOf"] = members;
    }
    // A request accepts more (a value matching both members was refused);
    // a response may send more.
    assert_eq!(
        ids(&old, &new),
        [
            ("request-property-one-of-became-any-of", I),
            ("response-property-one-of-became-any-of", B),
        ]
    );
    assert_eq!(
        ids(&new, &old),
        [
            ("request-property-any-of-became-one-of", B),
            ("response-property-any-of-became-one-of", I),
        ]
    );
    // A member changed on the way is still paired (the last untitled one
    // on each side) and its change reported where it is.
    new["components"]["schemas"]["Thing"]["properties"]["note"]["anyOf"][1]["enum"] =
        json!(["nil"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("request-property-one-of-became-any-of", I),
            ("response-property-enum-value-added", W),
            ("response-property-enum-value-removed", I),
            ("response-property-one-of-became-any-of", B),
        ]
    );
    // A scalar type added on the way: oasdiff's list-of-types pattern (every
    // member one scalar type), one row in place of the oneOf and anyOf rows.
    new["components"]["schemas"]["Thing"]["properties"]["note"]["anyOf"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "integer"}));
    let found = ids(&old, &new);
    assert!(
        found.contains(&("response-property-list-of-types-widened", B))
            && !found.contains(&("response-property-one-of-removed", I)),
        "{found:?}"
    );
}

#[test]
fn contains_dependent_required_min_items_const_and_unevaluated_follow_oasdiff() {
    let mut old = base();
    thing(&mut old)["properties"]["tags"]["minItems"] = json!(2);
    thing(&mut old)["properties"]["tags"]["minContains"] = json!(1);
    thing(&mut old)["properties"]["tags"]["contains"] = json!({"type": "object"});
    update(&mut old)["properties"]["labels"] =
        json!({"type": "array", "items": {"type": "string"}, "minItems": 1});
    update(&mut old)["dependentRequired"] = json!({"note": ["status"]});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["properties"]["tags"]["minItems"] = json!(0);
    new["components"]["schemas"]["Thing"]["properties"]["tags"]["minContains"] = json!(0);
    new["components"]["schemas"]["Thing"]["properties"]["status"]["const"] = json!("active");
    new["components"]["schemas"]["ThingUpdate"]["properties"]["labels"]["minItems"] = json!(3);
    new["components"]["schemas"]["ThingUpdate"]["properties"]["labels"]["unevaluatedItems"] =
        json!(false);
    new["components"]["schemas"]["ThingUpdate"]["dependentRequired"] =
        json!({"note": ["status", "name"]});
    assert_eq!(
        ids(&old, &new),
        [
            ("request-body-dependent-required-changed", B),
            ("request-property-min-items-increased", B),
            ("request-property-unevaluated-items-added", B),
            ("response-property-const-added", I),
            ("response-property-min-contains-decreased", B),
            ("response-property-min-items-decreased", B),
        ]
    );
    // Removed: the reverse, at oasdiff's levels for the other direction.
    let mut gone = old.clone();
    gone["components"]["schemas"]["Thing"]["properties"]["tags"]
        .as_object_mut()
        .unwrap()
        .shift_remove("contains");
    gone["components"]["schemas"]["ThingUpdate"]
        .as_object_mut()
        .unwrap()
        .shift_remove("dependentRequired");
    assert_eq!(
        ids(&old, &gone),
        [
            ("request-body-dependent-required-removed", I),
            ("response-property-contains-removed", B),
        ]
    );
}

#[test]
fn security_schemes_webhooks_and_a_required_property_with_a_default() {
    let mut old = base();
    old["components"]["securitySchemes"] = json!({"O": {"type": "oauth2", "flows": {}}});
    old["webhooks"] =
        json!({"thingChanged": {"post": {"responses": {"200": {"description": "ok"}}}}});
    let mut new = old.clone();
    new["components"]["securitySchemes"] = json!({"Basic": {"type": "http", "scheme": "basic"}});
    new["webhooks"] =
        json!({"thingDeleted": {"post": {"responses": {"200": {"description": "ok"}}}}});
    new["components"]["schemas"]["ThingUpdate"]["properties"]["colour"] =
        json!({"type": "string", "default": "red"});
    new["components"]["schemas"]["ThingUpdate"]["required"] = json!(["name", "colour"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("api-security-component-added", I),
            ("api-security-component-removed", I),
            ("new-required-request-property-with-default", B),
            ("webhook-added", I),
            ("webhook-removed", B),
        ]
    );
}

#[test]
fn discriminators_follow_oasdiff() {
    let mut old = base();
    thing(&mut old)["discriminator"] = json!({"propertyName": "status", "mapping": {
        "active": "#/components/schemas/Thing", "cancelled": "#/components/schemas/Thing"
    }});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["discriminator"] = json!({"propertyName": "kind", "mapping": {
        "active": "#/components/schemas/Tag", "paused": "#/components/schemas/Thing"
    }});
    assert_eq!(
        ids(&old, &new),
        [
            ("response-body-discriminator-mapping-added", I),
            ("response-body-discriminator-mapping-changed", I),
            ("response-body-discriminator-mapping-deleted", I),
            ("response-body-discriminator-property-name-changed", I),
        ]
    );
    let mut gone = old.clone();
    gone["components"]["schemas"]["Thing"]
        .as_object_mut()
        .unwrap()
        .shift_remove("discriminator");
    assert_eq!(
        ids(&old, &gone),
        [("response-body-discriminator-removed", I)]
    );
}

#[test]
fn an_array_parameters_item_bounds_follow_oasdiff() {
    let mut old = base();
    old["paths"]["/things/{thing_id}"]["get"]["parameters"][1] = json!({
        "name": "ids", "in": "query",
        "schema": {"type": "array", "maxItems": 10, "minItems": 1, "items": {"type": "string"}}
    });
    let mut new = old.clone();
    let schema = &mut new["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"];
    schema["maxItems"] = json!(5);
    schema["minItems"] = json!(2);
    assert_eq!(
        ids(&old, &new),
        [
            ("request-parameter-max-items-decreased", B),
            ("request-parameter-min-items-increased", B),
        ]
    );
    assert_eq!(
        ids(&new, &old),
        [
            ("request-parameter-max-items-increased", I),
            ("request-parameter-min-items-decreased", I),
        ]
    );
}

#[test]
fn an_extensible_enum_value_removed_from_a_request_is_breaking_and_from_a_response_nothing() {
    let mut old = base();
    update(&mut old)["properties"]["note"]["x-extensible-enum"] = json!(["a", "b"]);
    thing(&mut old)["properties"]["name"]["x-extensible-enum"] = json!(["a", "b"]);
    let mut new = old.clone();
    new["components"]["schemas"]["ThingUpdate"]["properties"]["note"]["x-extensible-enum"] =
        json!(["a"]);
    new["components"]["schemas"]["Thing"]["properties"]["name"]["x-extensible-enum"] = json!(["a"]);
    assert_eq!(
        ids(&old, &new),
        [("request-property-x-extensible-enum-value-removed", B)]
    );
    assert_eq!(ids(&new, &old), []);
}

/// Box's DocGenJobs: an allOf member identical in text on both sides holds
/// a `$ref` to a component that changed; every operation it reaches is
/// named, not only the one that names the component directly.
#[test]
fn an_identical_all_of_member_still_leads_to_a_changed_component() {
    let mut old = base();
    old["paths"]["/things"] = json!({"get": {
        "operationId": "list_things",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"allOf": [
            {"type": "object", "properties": {"next": {"type": "string"}}},
            {"properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}
        ]}}}}}
    }});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["properties"]["price"]["type"] = json!("string");
    let changes = diff(&old, &new);
    let changed: Vec<_> = changes
        .iter()
        .filter(|c| c.id == "response-property-type-changed")
        .collect();
    assert_eq!(changed.len(), 1, "{changes:?}");
    assert_eq!(changed[0].operations, ["GET /things", GET]);
}

#[test]
fn an_object_parameters_properties_are_judged_both_ways_of_serializing() {
    let mut old = base();
    old["paths"]["/things/{thing_id}"]["get"]["parameters"][1] = json!({
        "name": "filter", "in": "query", "style": "deepObject",
        "schema": {"type": "object", "properties": {
            "size": {"type": "number"},
            "count": {"type": "integer"},
            "state": {"type": "string", "enum": ["on", "off"]}
        }}
    });
    let mut new = old.clone();
    let props =
        &mut new["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]["properties"];
    props["size"]["type"] = json!("string");
    props["count"]["type"] = json!("number");
    props["state"]["enum"] = json!(["on"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("request-parameter-property-enum-value-removed", B),
            ("request-parameter-property-type-changed", W),
            ("request-parameter-property-type-generalized", I),
        ]
    );
    // A string that must now be a number breaks both ways of serializing.
    let mut narrowed = old.clone();
    narrowed["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]["properties"]["state"] =
        json!({"type": "number"});
    assert_eq!(
        ids(&old, &narrowed),
        [("request-parameter-property-type-specialized", B)]
    );
}

#[test]
fn a_type_list_with_null_is_nullability_not_a_type_change() {
    let old = base();
    let mut new = base();
    new["components"]["schemas"]["Thing"]["properties"]["name"]["type"] = json!(["string", "null"]);
    new["components"]["schemas"]["ThingUpdate"]["properties"]["name"]["type"] =
        json!(["string", "null"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("request-property-became-nullable", I),
            ("response-property-became-nullable", B),
        ]
    );
}

#[test]
fn json_schema_2020_keywords_follow_oasdiff_and_leave_rust_code_alone() {
    // progenitor reads OpenAPI 3.0, which drops these keywords: on the
    // wire they matter as oasdiff says, in Rust they change nothing.
    assert_eq!(
        changes(|v| update(v)["if"] = json!({"required": ["note"]})),
        one("request-body-if-added", PATCH, B, I)
    );
    assert_eq!(
        changes(|v| thing(v)["then"] = json!({"required": ["id"]})),
        one("response-body-then-added", GET, I, I)
    );
    assert_eq!(
        changes(|v| update(v)["patternProperties"] = json!({"^x-": {"type": "string"}})),
        one("request-body-pattern-property-added", PATCH, B, I)
    );
    assert_eq!(
        changes(|v| update(v)["contentMediaType"] = json!("application/json")),
        one("request-body-content-media-type-changed", PATCH, B, I)
    );
}

#[test]
fn exclusive_bounds_subschemas_and_a_body_s_nullability() {
    let with = |before: &dyn Fn(&mut Value), after: &dyn Fn(&mut Value)| {
        let (mut old, mut new) = (base(), base());
        before(&mut old);
        before(&mut new);
        after(&mut new);
        diff(&old, &new)
            .into_iter()
            .map(|c| (c.id, c.wire, c.rust))
            .collect::<Vec<_>>()
    };
    let tags = |v: &mut Value| {
        update(v)["properties"]["tags"] = json!({
            "type": "array",
            "items": {"type": "string"},
            "contains": {"type": "string", "minLength": 1},
            "prefixItems": [{"type": "string", "exclusiveMaximum": 10}],
        })
    };
    // A change inside `contains` is judged as a property of its own.
    assert_eq!(
        with(
            &tags,
            &|v| update(v)["properties"]["tags"]["contains"]["minLength"] = json!(3)
        ),
        [("request-property-min-length-increased", B, I)]
    );
    // exclusiveMaximum in OpenAPI 3.1's numeric form, inside a prefixItems
    // member compared by position.
    assert_eq!(
        with(&tags, &|v| update(v)["properties"]["tags"]["prefixItems"]
            [0]["exclusiveMaximum"] = json!(5)),
        [("request-property-exclusive-max-decreased", B, I)]
    );
    // A request body that may now be null: fine on the wire, but the
    // body's Rust type becomes an Option.
    assert_eq!(
        with(&|_| {}, &|v| update(v)["nullable"] = json!(true)),
        [("request-body-became-nullable", I, B)]
    );
}

#[test]
fn read_only_and_write_only_properties_follow_oasdiff() {
    // Marked readOnly: its own row, no code change (typify ignores it).
    assert_eq!(
        changes(|v| update(v)["properties"]["note"]["readOnly"] = json!(true)),
        one("request-optional-property-became-read-only", PATCH, I, I)
    );
    // A request property the server sets: its enum losing a value is
    // oasdiff's read-only variant, info on the wire, but the variant is
    // still gone from the Rust enum.
    assert_eq!(
        changes(|v| {
            update(v)["properties"]["status"]["readOnly"] = json!(true);
            update(v)["properties"]["status"]["enum"] = json!(["active"]);
        }),
        vec![
            (
                "request-read-only-property-enum-value-removed",
                PATCH.to_string(),
                I,
                B
            ),
            (
                "request-optional-property-became-read-only",
                PATCH.to_string(),
                I,
                I
            ),
        ]
    );
    // A readOnly property dropped from a request is not the client's loss.
    let read_only_note = |v: &mut Value| update(v)["properties"]["note"]["readOnly"] = json!(true);
    let mut old = base();
    read_only_note(&mut old);
    let mut new = old.clone();
    update(&mut new)["properties"]
        .as_object_mut()
        .unwrap()
        .shift_remove("note");
    assert_eq!(diff(&old, &new), vec![]);
    // A writeOnly response property removed: oasdiff's own id, still a
    // field gone in Rust.
    let mut old = base();
    thing(&mut old)["properties"]["note"]["writeOnly"] = json!(true);
    let mut new = old.clone();
    thing(&mut new)["properties"]
        .as_object_mut()
        .unwrap()
        .shift_remove("note");
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(
        got,
        [("response-optional-write-only-property-removed", I, B)]
    );
}

#[test]
fn tags_security_scheme_details_and_type_sets() {
    assert_eq!(
        changes(|v| v["paths"]["/things/{thing_id}"]["get"]["tags"] = json!(["things"])),
        one("api-tag-added", GET, I, I)
    );
    // A response property that may now also be a number: oasdiff's
    // generalized, breaking both ways.
    assert_eq!(
        changes(|v| thing(v)["properties"]["name"]["type"] = json!(["string", "number"])),
        one("response-property-type-generalized", GET, B, B)
    );
    // The token URL of a client-credentials flow moved.
    let with_scheme = |url: &str| {
        let mut doc = base();
        doc["components"]["securitySchemes"] = json!({"O": {"type": "oauth2", "flows": {
            "clientCredentials": {"tokenUrl": url, "scopes": {"things:read": "read"}}}}});
        doc
    };
    let got: Vec<_> = diff(
        &with_scheme("https://a.example.com/token"),
        &with_scheme("https://b.example.com/token"),
    )
    .into_iter()
    .map(|c| (c.id, c.wire, c.rust))
    .collect();
    assert_eq!(
        got,
        [("api-security-component-oauth-token-url-changed", I, I)]
    );
}

#[test]
fn a_path_placeholder_recased_with_the_parameter_kept_is_no_change() {
    // Found on a real history (Xero payroll, 18 in the spec-history
    // corpus): `/things/{thing_id}` became `/things/{Thing_Id}` while the
    // declared path parameter kept its name. The URL on the wire and the
    // builder method (named from the declared parameter) are the same.
    let old = base();
    let mut new = base();
    let paths = new["paths"].as_object_mut().unwrap();
    let item = paths.shift_remove("/things/{thing_id}").unwrap();
    paths.insert("/things/{Thing_Id}".into(), item);
    assert_eq!(diff(&old, &new), vec![]);
}

#[test]
fn two_paths_that_are_one_url_are_both_compared() {
    // Found on a real history (Resend, 30 in the spec-history corpus): the
    // old spec had `/contacts/{email}` and `/contacts/{id}`, one URL on the
    // wire, and the new one neither. Each path's operations are removed.
    let mut old = base();
    let item = old["paths"]["/things/{thing_id}"].clone();
    old["paths"]["/things/{name}"] = json!({"get": {
        "operationId": "get_thing_by_name",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"204": {"description": "done"}}
    }});
    let mut new = old.clone();
    new["paths"]
        .as_object_mut()
        .unwrap()
        .shift_remove("/things/{name}");
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.operations.join(", ")))
        .collect();
    assert_eq!(
        got,
        [(
            "api-removed-without-deprecation",
            "GET /things/{name}".to_string()
        )]
    );
    assert_eq!(old["paths"]["/things/{thing_id}"], item);
}

#[test]
fn a_change_reaching_only_moved_operations_breaks_rust_not_the_wire() {
    // Found on a real history (OpenAI, 01 in the spec-history corpus):
    // `POST /engines/{engine_id}/edits` moved to `POST /edits` under the
    // same operationId, and its body gained a required property. On the
    // wire the old URL's removal is the break (its own row); no client
    // sent the new URL before, so the property is not a second break
    // there. The Rust method stays, and its body needs the new field.
    let got = diff(&base(), &{
        let mut v = base();
        move_things_to_items(&mut v);
        update(&mut v)["required"] = json!(["name", "note"]);
        v
    });
    let got: Vec<_> = got.iter().map(|c| (c.id, c.wire, c.rust)).collect();
    assert_eq!(
        got,
        [
            ("api-path-removed-without-deprecation", B, I),
            ("api-path-removed-without-deprecation", B, I),
            ("request-property-became-required", I, B),
        ]
    );
    // Where the change also reaches an operation that stayed, the wire
    // level is the rule's.
    let got = diff(&base(), &{
        let mut v = base();
        update(&mut v)["required"] = json!(["name", "note"]);
        v
    });
    let got: Vec<_> = got.iter().map(|c| (c.id, c.wire, c.rust)).collect();
    assert_eq!(got, [("request-property-became-required", B, B)]);
}

#[test]
fn properties_moved_into_a_composition_member_are_not_removed() {
    // Found on a real history (Box, 09 in the spec-history corpus): an
    // inline object property became `allOf: [oneOf: [$ref, ...]]`, whose
    // members still hold its properties. The composition's rows say what
    // changed; only a property no member holds is reported removed.
    let with_owner = |owner: Value| {
        let mut doc = base();
        thing(&mut doc)["properties"]["owner"] = owner;
        doc
    };
    let old = with_owner(json!({"type": "object", "properties": {
        "id": {"type": "string"}, "label": {"type": "string"}}}));
    let new = with_owner(json!({"allOf": [{"oneOf": [{"$ref": "#/components/schemas/Tag"}]}]}));
    let removed: Vec<_> = diff(&old, &new)
        .into_iter()
        .filter(|c| c.id == "response-optional-property-removed")
        .map(|c| c.message)
        .collect();
    assert_eq!(removed, ["property `id` removed"]);
}

#[test]
fn response_headers_added_optional_nullable_and_retyped() {
    let with = |headers: Value| {
        let mut doc = base();
        doc["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["headers"] = headers;
        doc
    };
    let old = with(json!({
        "X-Request-Id": {"required": true, "schema": {"type": "string"}},
        "X-Count": {"schema": {"type": "integer"}},
        "X-Rate": {"schema": {"type": "string"}}
    }));
    let new = with(json!({
        "X-Request-Id": {"schema": {"type": "string", "nullable": true}},
        "X-Count": {"schema": {"type": "number"}},
        "x-rate": {"schema": {"type": "integer"}},
        "X-Trace": {"schema": {"type": "string"}}
    }));
    let mut got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    got.sort();
    // Headers are untyped in the generated client: info for Rust. A
    // header is text on the wire: string to integer still reads as text
    // (compatible, as oasdiff says), integer to number is a widening
    // (generalized).
    assert_eq!(
        got,
        [
            ("response-header-added", I, I),
            ("response-header-became-nullable", B, I),
            ("response-header-became-optional", B, I),
            ("response-header-type-compatible", I, I),
            ("response-header-type-generalized", B, I),
        ]
    );
}

#[test]
fn a_type_that_became_a_list_of_types_is_one_row() {
    // oasdiff's list-of-types pattern: `type: string` to a oneOf of scalar
    // types is one widening (or narrowing) row, not a type change and a
    // oneOf added. typify makes the list an untagged enum: Rust-breaking.
    let list = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
    assert_eq!(
        changes(|v| update(v)["properties"]["note"] = list.clone()),
        one("request-property-list-of-types-widened", PATCH, I, B)
    );
    assert_eq!(
        changes(|v| thing(v)["properties"]["name"] = list.clone()),
        one("response-property-list-of-types-widened", GET, B, B)
    );
    // And back: a request that takes fewer types than before.
    let mut old = base();
    update(&mut old)["properties"]["note"] = list;
    let got: Vec<_> = diff(&old, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(got, [("request-property-list-of-types-narrowed", B, B)]);
}

#[test]
fn a_body_s_own_enum_and_a_media_type_s_schema_follow_oasdiff() {
    fn body(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["content"]["application/json"]
    }
    let mut old = base();
    body(&mut old)["schema"] = json!({"type": "string", "enum": ["on", "off"]});
    let mut new = old.clone();
    body(&mut new)["schema"]["enum"] = json!(["on"]);
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(got, [("request-body-enum-value-removed", B, B)]);
    // The answer's media type keeps its name but loses its schema: a typed
    // answer is no longer promised (oasdiff: a warning).
    let got: Vec<_> = diff(&base(), &{
        let mut v = base();
        v["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["content"]["application/json"]
            .as_object_mut()
            .unwrap()
            .shift_remove("schema");
        v
    })
    .into_iter()
    .map(|c| (c.id, c.wire, c.rust))
    .collect();
    assert_eq!(got, [("response-body-media-type-schema-removed", W, B)]);
}

#[test]
fn parameters_a_path_declares_are_each_operation_s() {
    // A required header declared once at the path's level reaches both
    // operations: oasdiff's new-required-request-default-parameter-to-
    // existing-path, once per operation it reaches.
    let got: Vec<_> = diff(&base(), &{
        let mut v = base();
        v["paths"]["/things/{thing_id}"]["parameters"] =
            json!([{"name": "X-Tenant", "in": "header", "required": true, "schema": {"type": "string"}}]);
        v
    })
    .into_iter()
    .map(|c| (c.id, c.operations.join(", "), c.wire))
    .collect();
    assert_eq!(
        got,
        [
            (
                "new-required-request-default-parameter-to-existing-path",
                GET.to_string(),
                B
            ),
            (
                "new-required-request-default-parameter-to-existing-path",
                PATCH.to_string(),
                B
            ),
        ]
    );
    // A change to a parameter declared at the path's level is a change to
    // each operation's parameter (the review comment folds the two into
    // one row, as it does any change with the same message).
    let mut old = base();
    old["paths"]["/things/{thing_id}"]["parameters"] =
        json!([{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}]);
    let mut new = old.clone();
    new["paths"]["/things/{thing_id}"]["parameters"][0]["schema"]["maximum"] = json!(10);
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.operations.join(", ")))
        .collect();
    assert_eq!(
        got,
        [
            ("request-parameter-max-decreased", GET.to_string()),
            ("request-parameter-max-decreased", PATCH.to_string()),
        ]
    );
}

#[test]
fn a_parameter_s_nullability_and_list_of_types() {
    fn verbose(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]
    }
    assert_eq!(
        changes(|v| verbose(v)["nullable"] = json!(true)),
        one("request-parameter-became-nullable", GET, I, I)
    );
    assert_eq!(
        changes(|v| *verbose(v) = json!({"oneOf": [{"type": "boolean"}, {"type": "string"}]})),
        one("request-parameter-list-of-types-widened", GET, I, B)
    );
}

#[test]
fn deprecation_sunset_and_stability_follow_oasdiff_s_default_policy() {
    fn get(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]
    }
    // Deprecated with a sunset still to come; with one already past.
    assert_eq!(
        changes(|v| {
            get(v)["deprecated"] = json!(true);
            get(v)["x-sunset"] = json!("2999-01-01");
        }),
        one("endpoint-deprecated-with-sunset", GET, I, I)
    );
    assert_eq!(
        changes(|v| {
            get(v)["deprecated"] = json!(true);
            get(v)["x-sunset"] = json!("2000-01-01");
        }),
        one("api-sunset-date-too-small", GET, B, I)
    );
    // Removed before its sunset: breaking though deprecated.
    let mut old = base();
    get(&mut old)["deprecated"] = json!(true);
    get(&mut old)["x-sunset"] = json!("2999-01-01");
    let mut new = old.clone();
    new["paths"]["/things/{thing_id}"]
        .as_object_mut()
        .unwrap()
        .shift_remove("get");
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire))
        .collect();
    assert_eq!(got, [("api-removed-before-sunset", B)]);
    // Stability lowered; a parameter deprecated; a response property
    // deprecated with a sunset.
    assert_eq!(
        changes(|v| get(v)["x-stability-level"] = json!("beta")),
        one("api-stability-decreased", GET, B, I)
    );
    assert_eq!(
        changes(|v| get(v)["parameters"][1]["deprecated"] = json!(true)),
        one("request-parameter-deprecated", GET, I, I)
    );
    assert_eq!(
        changes(|v| {
            thing(v)["properties"]["name"]["deprecated"] = json!(true);
            thing(v)["properties"]["name"]["x-sunset"] = json!("2999-01-01T00:00:00Z");
        }),
        one("response-property-deprecated-with-sunset", GET, I, I)
    );
}

#[test]
fn sunsets_changed_deprecated_parameters_removed_and_property_stability() {
    fn get(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]
    }
    let ids_of = |old: &Value, new: &Value| -> Vec<(&'static str, Level)> {
        diff(old, new).into_iter().map(|c| (c.id, c.wire)).collect()
    };
    // Still deprecated, its sunset dropped.
    let mut old = base();
    get(&mut old)["deprecated"] = json!(true);
    get(&mut old)["x-sunset"] = json!("2999-01-01");
    let mut new = old.clone();
    get(&mut new)
        .as_object_mut()
        .unwrap()
        .shift_remove("x-sunset");
    assert_eq!(ids_of(&old, &new), [("sunset-deleted", B)]);
    // A deprecated parameter removed: info with no sunset, breaking before
    // a sunset still to come.
    let mut old = base();
    get(&mut old)["parameters"][1]["deprecated"] = json!(true);
    let mut new = old.clone();
    get(&mut new)["parameters"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    assert_eq!(
        ids_of(&old, &new),
        [("request-parameter-removed-with-deprecation", I)]
    );
    get(&mut old)["parameters"][1]["x-sunset"] = json!("2999-01-01");
    assert_eq!(
        ids_of(&old, &new),
        [("request-parameter-removed-before-sunset", B)]
    );
    // A response property's stability lowered.
    assert_eq!(
        changes(|v| thing(v)["properties"]["name"]["x-stability-level"] = json!("alpha")),
        one("response-property-stability-decreased", GET, B, I)
    );
}

#[test]
fn an_object_header_s_properties_follow_oasdiff() {
    let with = |schema: Value| {
        let mut doc = base();
        doc["paths"]["/things/{thing_id}"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "X-Policy", "in": "header", "schema": schema}));
        doc
    };
    let old = with(json!({"type": "object", "properties": {"mode": {"type": "string"}}}));
    let new = with(
        json!({"type": "object", "required": ["mode", "region"], "properties": {
        "mode": {"type": "string", "enum": ["a"]}, "region": {"type": "string"}}}),
    );
    let mut got: Vec<_> = diff(&old, &new)
        .into_iter()
        .filter(|c| c.id.contains("header-property"))
        .map(|c| (c.id, c.wire))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("new-required-request-header-property", B),
            ("request-header-property-became-enum", B),
            ("request-header-property-became-required", B),
        ]
    );
}

#[test]
fn a_breaking_change_under_an_unbumped_version_is_noted() {
    let with_version = |v: &str, drop_get: bool| {
        let mut doc = base();
        doc["info"]["version"] = json!(v);
        if drop_get {
            doc["paths"]["/things/{thing_id}"]
                .as_object_mut()
                .unwrap()
                .shift_remove("get");
        }
        doc
    };
    let version_rows = |from: &str, to: &str| -> Vec<&'static str> {
        diff(&with_version(from, false), &with_version(to, true))
            .into_iter()
            .filter(|c| c.location == "info.version")
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(version_rows("1.2.3", "1.2.3"), ["api-version-not-bumped"]);
    assert_eq!(version_rows("1.2.3", "1.2.0"), ["api-version-decreased"]);
    assert_eq!(
        version_rows("1.2.3", "1.3.0"),
        ["api-major-version-not-bumped"]
    );
    assert_eq!(version_rows("0.2.3", "0.3.0"), Vec::<&str>::new());
    assert_eq!(version_rows("v1.2.3", "v2.0.0"), Vec::<&str>::new());
    // Not semantic versions, or nothing breaking: nothing to say.
    assert_eq!(version_rows("2024-01", "2024-01"), Vec::<&str>::new());
    assert!(diff(&with_version("1.0.0", false), &with_version("1.0.0", false)).is_empty());
}

#[test]
fn an_object_parameter_s_property_that_became_a_list_of_types() {
    let with = |limit: Value| {
        let mut doc = base();
        doc["paths"]["/things/{thing_id}"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(
                json!({"name": "filter", "in": "query", "style": "deepObject",
                "schema": {"type": "object", "properties": {"limit": limit}}}),
            );
        doc
    };
    let got: Vec<_> = diff(
        &with(json!({"type": "integer"})),
        &with(json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})),
    )
    .into_iter()
    .map(|c| (c.id, c.wire, c.rust))
    .collect();
    assert_eq!(
        got,
        [("request-parameter-property-list-of-types-widened", I, B)]
    );
}

#[test]
fn a_parameter_is_text_on_the_wire() {
    fn verbose(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]
    }
    // Anything reads as a string: boolean to string widens what is taken.
    let wire = |edit: &dyn Fn(&mut Value)| -> Vec<(&'static str, Level)> {
        changes(|v| edit(v))
            .into_iter()
            .map(|c| (c.0, c.2))
            .collect()
    };
    assert_eq!(
        wire(&|v| *verbose(v) = json!({"type": "string"})),
        [("request-parameter-type-generalized", I)]
    );
    assert_eq!(
        wire(&|v| *verbose(v) = json!({"type": "integer"})),
        [("request-parameter-type-changed", B)]
    );
    // A query parameter sent form/explode (its default) that became an
    // array of strings: `?verbose=true` is still a one-element array.
    assert_eq!(
        wire(&|v| *verbose(v) = json!({"type": "array", "items": {"type": "string"}})),
        [("request-parameter-type-generalized", I)]
    );
    // Not when it is sent exploded no more: `?verbose=a,b` is another form.
    assert_eq!(
        wire(&|v| {
            *verbose(v) = json!({"type": "array", "items": {"type": "string"}});
            v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["explode"] = json!(false);
        }),
        [("request-parameter-type-changed", B)]
    );
}

#[test]
fn a_parameter_removed_and_one_added_alike_read_as_a_probable_rename() {
    let renamed = |v: &mut Value| {
        v["paths"]["/things/{thing_id}"]["get"]["parameters"][1] =
            json!({"name": "detailed", "in": "query", "schema": {"type": "boolean"}});
    };
    let old = base();
    let mut new = base();
    renamed(&mut new);
    let messages: Vec<(&str, String)> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.message))
        .collect();
    assert!(
        messages.contains(&(
            "request-parameter-removed",
            "query parameter `verbose` removed (probably renamed `detailed`)".into()
        )),
        "{messages:?}"
    );
    assert!(
        messages.contains(&(
            "new-optional-request-parameter",
            "new optional query parameter `detailed` (probably `verbose` renamed)".into()
        )),
        "{messages:?}"
    );
    // Of another type, or with a rival of the same type: no guess.
    for added in [
        json!([{"name": "detailed", "in": "query", "schema": {"type": "string"}}]),
        json!([
            {"name": "detailed", "in": "query", "schema": {"type": "boolean"}},
            {"name": "full", "in": "query", "schema": {"type": "boolean"}}
        ]),
    ] {
        let mut new = base();
        let params = new["paths"]["/things/{thing_id}"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        params.truncate(1);
        params.extend(added.as_array().unwrap().iter().cloned());
        let changes = diff(&old, &new);
        assert!(
            changes.iter().all(|c| !c.message.contains("probably")),
            "{:?}",
            changes.iter().map(|c| &c.message).collect::<Vec<_>>()
        );
    }
}
