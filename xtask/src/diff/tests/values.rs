//! The values family's checks (`checks/values.rs`).

use serde_json::json;

use super::*;

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
fn enums_added_to_request_and_response_properties() {
    let request = changes(|v| update(v)["properties"]["note"]["enum"] = json!(["a", "b"]));
    assert_eq!(request, one("request-property-became-enum", PATCH, B, B));
    let response = changes(|v| thing(v)["properties"]["name"]["enum"] = json!(["a", "b"]));
    assert_eq!(response, one("response-property-became-enum", GET, I, B));
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
