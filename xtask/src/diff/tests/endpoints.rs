//! The endpoints family's checks (`checks/endpoints.rs`).

use serde_json::json;

use super::*;

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
