//! The properties family's checks (`checks/properties.rs`).

use serde_json::json;

use super::*;

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
