//! The lifecycle family's checks (`checks/lifecycle.rs`).

use serde_json::json;

use super::*;

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
fn unreadable_sunsets_and_stability_levels_on_either_side() {
    fn get(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]
    }
    let ids_of = |old: &Value, new: &Value| -> Vec<(&'static str, Level, Level)> {
        diff(old, new)
            .into_iter()
            .map(|c| (c.id, c.wire, c.rust))
            .collect()
    };
    // A deprecated operation's sunset changed to, or from, one that cannot
    // be read: breaking on the wire as oasdiff rates it; the method stays.
    let mut readable = base();
    get(&mut readable)["deprecated"] = json!(true);
    get(&mut readable)["x-sunset"] = json!("2999-01-01");
    let mut unreadable = readable.clone();
    get(&mut unreadable)["x-sunset"] = json!("someday");
    for (old, new) in [(&readable, &unreadable), (&unreadable, &readable)] {
        assert_eq!(ids_of(old, new), [("api-path-sunset-parse", B, I)]);
    }
    // An operation's stability level that cannot be read, in the old spec
    // as in the new.
    let mut invalid = base();
    get(&mut invalid)["x-stability-level"] = json!("ga");
    let mut described = base();
    get(&mut described)["description"] = json!("changed");
    assert_eq!(
        ids_of(&invalid, &described),
        [("api-invalid-stability-level", B, I)]
    );
    // A property's, where its extensions changed.
    assert_eq!(
        changes(|v| thing(v)["properties"]["name"]["x-stability-level"] = json!("ga")),
        one("api-invalid-stability-level", GET, B, I)
    );
}
