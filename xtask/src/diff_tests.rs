//! One test per diff rule: a base document, a small change to it, and the
//! change(s) the diff must report with both lenses' levels.

use serde_json::{Value, json};

use super::*;

/// `GET /things/{thing_id}` returns a `Thing`; `PATCH` takes a `ThingUpdate`.
fn base() -> Value {
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
        .map(|c| (c.id, c.operation, c.wire, c.rust))
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
    assert_eq!(got, one("api-operation-id-changed", GET, I, B));
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
        one("request-property-became-nullable", PATCH, I, B)
    );
    let mut with_nullable = base();
    update(&mut with_nullable)["properties"]["note"]["nullable"] = json!(true);
    let got: Vec<_> = diff(&with_nullable, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(got, [("request-property-became-not-nullable", B, B)]);
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
    assert_eq!(format, one("response-property-format-changed", GET, W, B));
    let request_format = changes(|v| update(v)["properties"]["note"]["format"] = json!("email"));
    assert_eq!(
        request_format,
        one("request-property-format-changed", PATCH, W, B)
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
        one("response-property-became-nullable", GET, B, B)
    );
    let not_nullable = changes(|v| {
        thing(v)["properties"]["note"]
            .as_object_mut()
            .unwrap()
            .shift_remove("nullable");
    });
    assert_eq!(
        not_nullable,
        one("response-property-became-not-nullable", GET, I, B)
    );
}

#[test]
fn changes_inside_recursive_schemas_are_found_and_the_walk_ends() {
    let got = changes(|v| {
        v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer")
    });
    assert_eq!(got, one("response-property-type-changed", GET, B, B));
    let paths: Vec<String> = diff(&base(), &{
        let mut v = base();
        v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer");
        v
    })
    .into_iter()
    .map(|c| c.path)
    .collect();
    assert_eq!(
        paths,
        [
            "/paths/~1things~1{thing_id}/get/responses/200/content/application~1json/schema/properties/tags/items/properties/label"
        ]
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
            ("api-security-scope-added", GET.to_string(), B, B),
            ("api-security-scope-removed", GET.to_string(), I, I),
        ]
    );
}

#[test]
fn server_changed() {
    let got = changes(|v| v["servers"] = json!([{"url": "https://api2.example.com"}]));
    assert_eq!(got, vec![("api-server-changed", String::new(), B, I)]);
}

#[test]
fn request_body_added_removed_and_required() {
    let required = changes(|v| {
        v["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["required"] = json!(true)
    });
    assert_eq!(required, one("request-body-became-required", PATCH, B, B));
    let removed = changes(|v| {
        v["paths"]["/things/{thing_id}"]["patch"]
            .as_object_mut()
            .unwrap()
            .shift_remove("requestBody");
    });
    assert_eq!(removed, one("request-body-removed", PATCH, W, B));
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
    assert_eq!(got, one("response-success-status-removed", PATCH, B, B));
}

#[test]
fn semver_follows_the_rust_lens() {
    let change = |rust| Change {
        id: "x",
        level: rust,
        wire: Level::Info,
        rust,
        operation: String::new(),
        path: String::new(),
        message: String::new(),
    };
    assert_eq!(Semver::of(&[change(Level::Info)]), Semver::Minor);
    assert_eq!(Semver::of(&[change(Level::Warning)]), Semver::Minor);
    assert_eq!(
        Semver::of(&[change(Level::Info), change(Level::Breaking)]),
        Semver::Major
    );
}

#[test]
fn every_rule_in_the_table_is_distinct() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.0).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
}

#[test]
fn markdown_puts_breaking_changes_first_and_folds_the_rest() {
    let mut new = base();
    new["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing");
    new["paths"]["/other"] =
        json!({"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}});
    let changes = diff(&base(), &new);
    let md = render(&changes, Output::Markdown, "old", "new");
    assert!(
        md.starts_with("### Spec diff: ⚠️ **breaking**: suggests a **major** version bump\n"),
        "{md}"
    );
    let breaking = md.find("#### Breaking changes (1)").unwrap();
    let details = md
        .find("<details>\n<summary>Other changes (1)</summary>")
        .unwrap();
    assert!(breaking < details);
    assert!(md[breaking..details].contains("`api-operation-id-changed`"));
    assert!(md[details..].contains("`endpoint-added`"));
}

#[test]
fn json_output_is_the_stable_shape() {
    let mut new = base();
    new["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing");
    let out: Value =
        serde_json::from_str(&render(&diff(&base(), &new), Output::Json, "a", "b")).unwrap();
    assert_eq!(
        out,
        json!({
            "changes": [{
                "id": "api-operation-id-changed",
                "level": "breaking",
                "wire": "info",
                "rust": "breaking",
                "operation": GET,
                "path": "/paths/~1things~1{thing_id}/get/operationId",
                "message": "operationId `get_thing` became `fetch_thing`: the method `get_thing` is renamed"
            }],
            "semver": "major"
        })
    );
}
