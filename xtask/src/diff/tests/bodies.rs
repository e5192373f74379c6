//! The bodies family's checks (`checks/bodies.rs`).

use serde_json::json;

use super::*;

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
