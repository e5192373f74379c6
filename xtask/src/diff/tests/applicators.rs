//! The applicators family's checks (`checks/applicators.rs`).

use serde_json::json;

use super::*;

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
