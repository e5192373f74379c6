//! The bounds family's checks (`checks/bounds.rs`).

use serde_json::json;

use super::*;

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
