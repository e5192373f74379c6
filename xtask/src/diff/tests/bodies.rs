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

#[test]
fn a_payload_moved_into_out_of_or_between_envelopes_is_one_row() {
    let old = base();
    let payload = thing(&mut base()).take();
    let envelope = |name: &str| {
        let mut v = base();
        v["components"]["schemas"]["Thing"] = json!({
            "type": "object",
            "required": [name],
            "properties": {name: payload.clone()}
        });
        v
    };
    let (data, item) = (envelope("data"), envelope("item"));
    // Not every property of Thing removed and `data` added: one row, and
    // breaking on the wire (a reader finds nothing where it looked).
    assert_eq!(ids(&old, &data), [("response-body-rewrapped", B)]);
    assert_eq!(ids(&data, &old), [("response-body-rewrapped", B)]);
    assert_eq!(ids(&data, &item), [("response-body-rewrapped", B)]);
    let messages: Vec<_> = [(&old, &data), (&data, &old), (&data, &item)]
        .into_iter()
        .map(|(o, n)| diff(o, n).remove(0).message)
        .collect();
    assert_eq!(
        messages,
        [
            "the schema `Thing` moved into its new property `data`",
            "the schema `Thing` is now what its property `data` held",
            "the schema `Thing`'s payload moved from property `data` to `item`",
        ]
    );
    // A request body too.
    let mut wrapped = base();
    let body = update(&mut wrapped).take();
    wrapped["components"]["schemas"]["ThingUpdate"] =
        json!({"type": "object", "properties": {"patch": body}});
    assert_eq!(ids(&old, &wrapped), [("request-body-rewrapped", B)]);
    // The payload changed on the way: not the same payload, so each change
    // is its own row.
    let mut changed = envelope("data");
    changed["components"]["schemas"]["Thing"]["properties"]["data"]["properties"]
        .as_object_mut()
        .unwrap()
        .shift_remove("note");
    assert!(!ids(&old, &changed).contains(&("response-body-rewrapped", B)));
    // A plain property renamed (no payload of its own) is not a moved body.
    let renamed = changes(|v| {
        let props = thing(v)["properties"].as_object_mut().unwrap();
        let price = props.shift_remove("price").unwrap();
        props.insert("cost".into(), price);
    });
    assert!(
        renamed.iter().all(|c| c.0 != "response-body-rewrapped"),
        "{renamed:?}"
    );
}
