//! The types family's checks (`checks/types.rs`).

use serde_json::json;

use super::*;

#[test]
fn request_nullable_changes() {
    let nullable = changes(|v| update(v)["properties"]["note"]["nullable"] = json!(true));
    assert_eq!(
        nullable,
        one("request-property-became-nullable", PATCH, I, I)
    );
    let mut with_nullable = base();
    update(&mut with_nullable)["properties"]["note"]["nullable"] = json!(true);
    let got: Vec<_> = diff(&with_nullable, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(got, [("request-property-became-not-nullable", B, I)]);
}

#[test]
fn response_type_and_format_changes() {
    let typed = changes(|v| thing(v)["properties"]["price"]["type"] = json!("string"));
    assert_eq!(typed, one("response-property-type-changed", GET, B, B));
    let format = changes(|v| thing(v)["properties"]["created_at"]["format"] = json!("date"));
    assert_eq!(format, one("response-property-type-specialized", GET, I, B));
    let request_format = changes(|v| update(v)["properties"]["note"]["format"] = json!("email"));
    assert_eq!(
        request_format,
        one("request-property-type-changed", PATCH, B, B)
    );
    let request_type = changes(|v| update(v)["properties"]["note"]["type"] = json!("integer"));
    assert_eq!(
        request_type,
        one("request-property-type-changed", PATCH, B, B)
    );
}

#[test]
fn response_nullable_changes() {
    let nullable = changes(|v| thing(v)["properties"]["name"]["nullable"] = json!(true));
    assert_eq!(
        nullable,
        one("response-property-became-nullable", GET, B, I)
    );
    let not_nullable = changes(|v| {
        thing(v)["properties"]["note"]
            .as_object_mut()
            .unwrap()
            .shift_remove("nullable");
    });
    assert_eq!(
        not_nullable,
        one("response-property-became-not-nullable", GET, I, I)
    );
}

#[test]
fn a_required_field_becoming_nullable_changes_its_rust_type() {
    let got = changes(|v| thing(v)["properties"]["id"]["nullable"] = json!(true));
    assert_eq!(got, one("response-property-became-nullable", GET, B, B));
}

#[test]
fn an_inline_schema_hoisted_into_components_renames_the_rust_type() {
    let mut old = base();
    let inline = old["components"]["schemas"]["ThingUpdate"].clone();
    old["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"] =
        inline;
    let got = diff(&old, &base());
    let got: Vec<_> = got
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust, c.rust_item))
        .collect();
    assert_eq!(
        got,
        [(
            "schema-type-name-changed",
            I,
            B,
            Some("types::UpdateThingBody".to_string())
        )]
    );
}

#[test]
fn a_date_time_becoming_a_date_is_breaking_in_a_request() {
    let mut old = base();
    update(&mut old)["properties"]["when"] = json!({"type": "string", "format": "date-time"});
    let mut new = old.clone();
    update(&mut new)["properties"]["when"]["format"] = json!("date");
    let got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire))
        .collect();
    assert_eq!(got, [("request-property-type-changed", B)]);
    let widened: Vec<_> = diff(&new, &old)
        .into_iter()
        .map(|c| (c.id, c.wire))
        .collect();
    assert_eq!(widened, [("request-property-type-generalized", I)]);
}

#[test]
fn a_type_dropped_or_added_is_a_type_change() {
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut new = base();
        edit(&mut new);
        diff(&base(), &new)
            .into_iter()
            .map(|c| (c.id, c.wire))
            .collect::<Vec<_>>()
    };
    // An answer's property that loses its type may now be anything.
    assert_eq!(
        with(&|v| {
            v["components"]["schemas"]["Thing"]["properties"]["name"]
                .as_object_mut()
                .unwrap()
                .remove("type");
        }),
        [("response-property-type-changed", B)]
    );
    // A request property that loses its type accepts more: generalized.
    assert_eq!(
        with(&|v| {
            v["components"]["schemas"]["ThingUpdate"]["properties"]["note"]
                .as_object_mut()
                .unwrap()
                .remove("type");
        }),
        [("request-property-type-generalized", I)]
    );
}

#[test]
fn a_type_list_with_null_is_nullability_not_a_type_change() {
    let old = base();
    let mut new = base();
    new["components"]["schemas"]["Thing"]["properties"]["name"]["type"] = json!(["string", "null"]);
    new["components"]["schemas"]["ThingUpdate"]["properties"]["name"]["type"] =
        json!(["string", "null"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("request-property-became-nullable", I),
            ("response-property-became-nullable", B),
        ]
    );
}

#[test]
fn response_headers_added_optional_nullable_and_retyped() {
    let with = |headers: Value| {
        let mut doc = base();
        doc["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["headers"] = headers;
        doc
    };
    let old = with(json!({
        "X-Request-Id": {"required": true, "schema": {"type": "string"}},
        "X-Count": {"schema": {"type": "integer"}},
        "X-Rate": {"schema": {"type": "string"}}
    }));
    let new = with(json!({
        "X-Request-Id": {"schema": {"type": "string", "nullable": true}},
        "X-Count": {"schema": {"type": "number"}},
        "x-rate": {"schema": {"type": "integer"}},
        "X-Trace": {"schema": {"type": "string"}}
    }));
    let mut got: Vec<_> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    got.sort();
    // Headers are untyped in the generated client: info for Rust. A
    // header is text on the wire: string to integer still reads as text
    // (compatible, as oasdiff says), integer to number is a widening
    // (generalized).
    assert_eq!(
        got,
        [
            ("response-header-added", I, I),
            ("response-header-became-nullable", B, I),
            ("response-header-became-optional", B, I),
            ("response-header-type-compatible", I, I),
            ("response-header-type-generalized", B, I),
        ]
    );
}

#[test]
fn a_type_that_became_a_list_of_types_is_one_row() {
    // oasdiff's list-of-types pattern: `type: string` to a oneOf of scalar
    // types is one widening (or narrowing) row, not a type change and a
    // oneOf added. typify makes the list an untagged enum: Rust-breaking.
    let list = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
    assert_eq!(
        changes(|v| update(v)["properties"]["note"] = list.clone()),
        one("request-property-list-of-types-widened", PATCH, I, B)
    );
    assert_eq!(
        changes(|v| thing(v)["properties"]["name"] = list.clone()),
        one("response-property-list-of-types-widened", GET, B, B)
    );
    // And back: a request that takes fewer types than before.
    let mut old = base();
    update(&mut old)["properties"]["note"] = list;
    let got: Vec<_> = diff(&old, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(got, [("request-property-list-of-types-narrowed", B, B)]);
}

#[test]
fn a_parameter_s_nullability_and_list_of_types() {
    fn verbose(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]
    }
    assert_eq!(
        changes(|v| verbose(v)["nullable"] = json!(true)),
        one("request-parameter-became-nullable", GET, I, I)
    );
    assert_eq!(
        changes(|v| *verbose(v) = json!({"oneOf": [{"type": "boolean"}, {"type": "string"}]})),
        one("request-parameter-list-of-types-widened", GET, I, B)
    );
}

#[test]
fn an_object_parameter_s_property_that_became_a_list_of_types() {
    let with = |limit: Value| {
        let mut doc = base();
        doc["paths"]["/things/{thing_id}"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(
                json!({"name": "filter", "in": "query", "style": "deepObject",
                "schema": {"type": "object", "properties": {"limit": limit}}}),
            );
        doc
    };
    let got: Vec<_> = diff(
        &with(json!({"type": "integer"})),
        &with(json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})),
    )
    .into_iter()
    .map(|c| (c.id, c.wire, c.rust))
    .collect();
    assert_eq!(
        got,
        [("request-parameter-property-list-of-types-widened", I, B)]
    );
}

#[test]
fn a_parameter_is_text_on_the_wire() {
    fn verbose(v: &mut Value) -> &mut Value {
        &mut v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]
    }
    // Anything reads as a string: boolean to string widens what is taken.
    let wire = |edit: &dyn Fn(&mut Value)| -> Vec<(&'static str, Level)> {
        changes(|v| edit(v))
            .into_iter()
            .map(|c| (c.0, c.2))
            .collect()
    };
    assert_eq!(
        wire(&|v| *verbose(v) = json!({"type": "string"})),
        [("request-parameter-type-generalized", I)]
    );
    assert_eq!(
        wire(&|v| *verbose(v) = json!({"type": "integer"})),
        [("request-parameter-type-changed", B)]
    );
    // A query parameter sent form/explode (its default) that became an
    // array of strings: `?verbose=true` is still a one-element array.
    assert_eq!(
        wire(&|v| *verbose(v) = json!({"type": "array", "items": {"type": "string"}})),
        [("request-parameter-type-generalized", I)]
    );
    // Not when it is sent exploded no more: `?verbose=a,b` is another form.
    assert_eq!(
        wire(&|v| {
            *verbose(v) = json!({"type": "array", "items": {"type": "string"}});
            v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["explode"] = json!(false);
        }),
        [("request-parameter-type-changed", B)]
    );
}
