//! The parameters family's checks (`checks/parameters.rs`).

use serde_json::json;

use super::*;

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

#[test]
fn a_required_parameters_default_is_never_read() {
    fn param(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]
    }
    let mut old = base();
    param(&mut old)["required"] = json!(true);
    param(&mut old)["schema"]["default"] = json!("a");
    let mut new = old.clone();
    param(&mut new)["schema"]["default"] = json!("b");
    assert!(diff(&old, &new).is_empty(), "{:?}", diff(&old, &new));
    // Optional on both sides, the server reads the default when it is left out.
    param(&mut old)["required"] = json!(false);
    param(&mut new)["required"] = json!(false);
    let ids: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire))
        .collect();
    assert_eq!(ids, [("request-parameter-default-value-changed", B)]);
}
