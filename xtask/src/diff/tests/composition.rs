//! The composition family's checks (`checks/composition.rs`).

use serde_json::json;

use super::*;

#[test]
fn a_response_body_wrapped_in_one_of_is_one_row_not_one_per_property() {
    let old = base();
    let mut new = base();
    let thing = thing(&mut new).take();
    let mut other = thing.clone();
    other["required"] = json!(["name"]);
    new["components"]["schemas"]["Thing"] = json!({"oneOf": [thing, other]});
    assert_eq!(ids(&old, &new), [("response-body-wrapped-in-one-of", B)]);
    // The same in a request body.
    let mut wrapped = base();
    let update = update(&mut wrapped).take();
    wrapped["components"]["schemas"]["ThingUpdate"] = json!({"oneOf": [update.clone(), update]});
    assert_eq!(ids(&old, &wrapped), [("request-body-wrapped-in-one-of", B)]);
    // Unwrapped again: one row too, not the oneOf removed, a type change
    // and every property added. A request that took any alternative takes
    // one shape now (breaking); an answer is one of the shapes it was.
    assert_eq!(
        ids(&wrapped, &old),
        [("request-body-unwrapped-from-one-of", B)]
    );
    assert_eq!(
        ids(&new, &old),
        [("response-body-unwrapped-from-one-of", I)]
    );
}

#[test]
fn all_of_members_added_and_removed_are_one_row_each_and_annotations_apart() {
    let old = base();
    let mut new = base();
    thing(&mut new)["properties"]["owner"] = json!({"allOf": [
        {"$ref": "#/components/schemas/Tag"},
        {"type": "object", "properties": {"since": {"type": "string"}}},
        {"description": "who owns it"}
    ]});
    update(&mut new)["properties"]["owner"] =
        json!({"allOf": [{"$ref": "#/components/schemas/Tag"}]});
    let found = ids(&old, &new);
    // The properties themselves are new; their allOf is part of them.
    assert_eq!(
        found,
        [
            ("new-optional-request-property", I),
            ("response-optional-property-added", I)
        ]
    );
    let mut grown = new.clone();
    grown["components"]["schemas"]["Thing"]["properties"]["owner"]["allOf"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "object", "properties": {"team": {"type": "string"}}}));
    grown["components"]["schemas"]["ThingUpdate"]["properties"]["owner"]["allOf"]
        .as_array_mut()
        .unwrap()
        .extend([
            json!({"title": "Extra", "type": "object"}),
            json!({"title": "Note only"}),
        ]);
    assert_eq!(
        ids(&new, &grown),
        [
            ("request-property-all-of-added", B),
            ("request-property-all-of-added-annotation-only", I),
            ("response-property-all-of-added", I),
        ]
    );
    assert_eq!(
        ids(&grown, &new),
        [
            ("request-property-all-of-removed", W),
            ("request-property-all-of-removed-annotation-only", I),
            ("response-property-all-of-removed", I),
        ]
    );
}

#[test]
fn one_of_alternatives_added_and_removed_and_an_inline_ref_refactor_is_none() {
    let mut old = base();
    thing(&mut old)["properties"]["price"] = json!({"oneOf": [
        {"type": "number"},
        {"type": "string", "description": "a decimal"}
    ]});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["properties"]["price"]["oneOf"]
        .as_array_mut()
        .unwrap()
        .push(json!({"$ref": "#/components/schemas/Tag"}));
    assert_eq!(ids(&old, &new), [("response-property-one-of-added", B)]);
    assert_eq!(ids(&new, &old), [("response-property-one-of-removed", I)]);
    // The string alternative moved into a component, same values accepted.
    let mut refactored = old.clone();
    refactored["components"]["schemas"]["Decimal"] =
        json!({"type": "string", "description": "in words"});
    refactored["components"]["schemas"]["Thing"]["properties"]["price"]["oneOf"][1] =
        json!({"$ref": "#/components/schemas/Decimal"});
    let found = ids(&old, &refactored);
    assert!(
        !found.iter().any(|(id, _)| id.contains("one-of")),
        "{found:?}"
    );
}

/// The shape of Box's 2025 change that the diff once read as no change:
/// in an `allOf` schema, a nullable inline object became an `allOf` of a
/// `oneOf` (a `$ref` or null) and a description.
#[test]
fn a_property_recomposed_inside_an_all_of_schema_is_reported() {
    let mut old = base();
    thing(&mut old)["allOf"] = json!([
        {"$ref": "#/components/schemas/Tag"},
        {"type": "object", "properties": {"output": {
            "type": "object", "nullable": true,
            "properties": {"id": {"type": "string"}, "type": {"type": "string", "enum": ["file"]}}
        }}}
    ]);
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["allOf"][1]["properties"]["output"] = json!({"allOf": [
        {"oneOf": [{"$ref": "#/components/schemas/Tag"}, {"type": "object", "nullable": true}]},
        {"description": "null until done"}
    ]});
    let found = ids(&old, &new);
    for expected in [
        ("response-property-type-changed", B),
        ("response-property-all-of-added", I),
        ("response-property-all-of-added-annotation-only", I),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
}

#[test]
fn the_same_members_moved_between_one_of_and_any_of_are_one_row_of_ours() {
    let mut old = base();
    update(&mut old)["properties"]["note"] = json!({"oneOf": [
        {"type": "string"},
        {"type": "string", "enum": ["none"]}
    ]});
    thing(&mut old)["properties"]["note"] =
        old["components"]["schemas"]["ThingUpdate"]["properties"]["note"].clone();
    let mut new = old.clone();
    for schema in ["Thing", "ThingUpdate"] {
        let note = &mut new["components"]["schemas"][schema]["properties"]["note"];
        let members = note.as_object_mut().unwrap().shift_remove("oneOf").unwrap();
        note["anyOf"] = members;
    }
    // A request accepts more (a value matching both members was refused);
    // a response may send more.
    assert_eq!(
        ids(&old, &new),
        [
            ("request-property-one-of-became-any-of", I),
            ("response-property-one-of-became-any-of", B),
        ]
    );
    assert_eq!(
        ids(&new, &old),
        [
            ("request-property-any-of-became-one-of", B),
            ("response-property-any-of-became-one-of", I),
        ]
    );
    // A member changed on the way is still paired (the last untitled one
    // on each side) and its change reported where it is.
    new["components"]["schemas"]["Thing"]["properties"]["note"]["anyOf"][1]["enum"] =
        json!(["nil"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("request-property-one-of-became-any-of", I),
            ("response-property-enum-value-added", W),
            ("response-property-enum-value-removed", I),
            ("response-property-one-of-became-any-of", B),
        ]
    );
    // A scalar type added on the way: oasdiff's list-of-types pattern (every
    // member one scalar type), one row in place of the oneOf and anyOf rows.
    new["components"]["schemas"]["Thing"]["properties"]["note"]["anyOf"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "integer"}));
    let found = ids(&old, &new);
    assert!(
        found.contains(&("response-property-list-of-types-widened", B))
            && !found.contains(&("response-property-one-of-removed", I)),
        "{found:?}"
    );
}

#[test]
fn discriminators_follow_oasdiff() {
    let mut old = base();
    thing(&mut old)["discriminator"] = json!({"propertyName": "status", "mapping": {
        "active": "#/components/schemas/Thing", "cancelled": "#/components/schemas/Thing"
    }});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["discriminator"] = json!({"propertyName": "kind", "mapping": {
        "active": "#/components/schemas/Tag", "paused": "#/components/schemas/Thing"
    }});
    assert_eq!(
        ids(&old, &new),
        [
            ("response-body-discriminator-mapping-added", I),
            ("response-body-discriminator-mapping-changed", I),
            ("response-body-discriminator-mapping-deleted", I),
            ("response-body-discriminator-property-name-changed", I),
        ]
    );
    let mut gone = old.clone();
    gone["components"]["schemas"]["Thing"]
        .as_object_mut()
        .unwrap()
        .shift_remove("discriminator");
    assert_eq!(
        ids(&old, &gone),
        [("response-body-discriminator-removed", I)]
    );
}
