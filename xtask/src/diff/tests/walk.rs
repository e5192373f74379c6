//! The walk: documents with no change, the semver of a set of changes, recursion, the component memo and moved operations.

use serde_json::json;

use super::*;

#[test]
fn the_same_document_has_no_changes() {
    assert_eq!(changes(|_| {}), vec![]);
    assert_eq!(Semver::of(&[]), Semver::Patch);
}

#[test]
fn changes_inside_recursive_schemas_are_found_and_the_walk_ends() {
    let got = changes(|v| {
        v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer")
    });
    assert_eq!(got, one("response-property-type-changed", GET, B, B));
    let paths: Vec<(String, Option<String>)> = diff(&base(), &{
        let mut v = base();
        v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer");
        v
    })
    .into_iter()
    .map(|c| (c.location, c.rust_item))
    .collect();
    assert_eq!(
        paths,
        [(
            "components.schemas.Tag.label".to_string(),
            Some("types::Tag::label".to_string())
        )]
    );
}

#[test]
fn semver_follows_both_lenses_and_names_the_next_version() {
    let change = |rust| Change {
        id: "x",
        origin: super::rules::Origin::Oasdiff,
        level: rust,
        wire: Level::Info,
        rust,
        location: String::new(),
        rust_item: None,
        operations: Vec::new(),
        message: String::new(),
        renamed_to: None,
    };
    assert_eq!(Semver::of(&[change(Level::Info)]), Semver::Minor);
    // A wire break is a breaking release, whatever the Rust lens says.
    let wire_break = Change {
        wire: Level::Breaking,
        ..change(Level::Info)
    };
    assert_eq!(Semver::of(&[wire_break]), Semver::Major);
    assert_eq!(Semver::Major.next("0.1.0").as_deref(), Some("0.2.0"));
    assert_eq!(Semver::Minor.next("0.1.0").as_deref(), Some("0.1.1"));
    assert_eq!(Semver::Patch.next("0.1.0").as_deref(), Some("0.1.1"));
    assert_eq!(Semver::Major.next("v1.4.2").as_deref(), Some("2.0.0"));
    assert_eq!(Semver::Minor.next("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(Semver::Patch.next("1.4.2").as_deref(), Some("1.4.3"));
    assert_eq!(Semver::Major.next("next"), None);
    assert_eq!(Semver::of(&[change(Level::Warning)]), Semver::Minor);
    assert_eq!(
        Semver::of(&[change(Level::Info), change(Level::Breaking)]),
        Semver::Major
    );
}

#[test]
fn every_rule_the_diff_reports_is_in_the_table() {
    // `rule()` panics on an unknown id: reaching every push above proves the
    // ids built from parts exist. Here: the table's ids are all kebab-case.
    for rule in RULES {
        assert!(
            rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            rule.id
        );
    }
}

#[test]
fn a_change_inside_a_paired_subschema_is_found_where_its_property_is() {
    let mut old = base();
    thing(&mut old)["allOf"] = json!([
        {"$ref": "#/components/schemas/Tag"},
        {"type": "object", "properties": {"size": {"type": "integer"}}}
    ]);
    let mut new = old.clone();
    // The untitled inline member on each side is the same member, changed.
    new["components"]["schemas"]["Thing"]["allOf"][1]["properties"]["size"] =
        json!({"type": "string"});
    // A property of the referenced member changed too.
    new["components"]["schemas"]["Tag"]["properties"]["label"]["enum"] = json!(["a"]);
    let found = ids(&old, &new);
    assert!(
        found.contains(&("response-property-type-changed", B)),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(id, _)| id.contains("-of-")),
        "{found:?}"
    );
}

/// Box's DocGenJobs: an allOf member identical in text on both sides holds
/// a `$ref` to a component that changed; every operation it reaches is
/// named, not only the one that names the component directly.
#[test]
fn an_identical_all_of_member_still_leads_to_a_changed_component() {
    let mut old = base();
    old["paths"]["/things"] = json!({"get": {
        "operationId": "list_things",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"allOf": [
            {"type": "object", "properties": {"next": {"type": "string"}}},
            {"properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}
        ]}}}}}
    }});
    let mut new = old.clone();
    new["components"]["schemas"]["Thing"]["properties"]["price"]["type"] = json!("string");
    let changes = diff(&old, &new);
    let changed: Vec<_> = changes
        .iter()
        .filter(|c| c.id == "response-property-type-changed")
        .collect();
    assert_eq!(changed.len(), 1, "{changes:?}");
    assert_eq!(changed[0].operations, ["GET /things", GET]);
}

#[test]
fn a_path_placeholder_recased_with_the_parameter_kept_is_no_change() {
    // Found on a real history (Xero payroll, 18 in the spec-history
    // corpus): `/things/{thing_id}` became `/things/{Thing_Id}` while the
    // declared path parameter kept its name. The URL on the wire and the
    // builder method (named from the declared parameter) are the same.
    let old = base();
    let mut new = base();
    let paths = new["paths"].as_object_mut().unwrap();
    let item = paths.shift_remove("/things/{thing_id}").unwrap();
    paths.insert("/things/{Thing_Id}".into(), item);
    assert_eq!(diff(&old, &new), vec![]);
}

#[test]
fn a_change_reaching_only_moved_operations_breaks_rust_not_the_wire() {
    // Found on a real history (OpenAI, 01 in the spec-history corpus):
    // `POST /engines/{engine_id}/edits` moved to `POST /edits` under the
    // same operationId, and its body gained a required property. On the
    // wire the old URL's removal is the break (its own row); no client
    // sent the new URL before, so the property is not a second break
    // there. The Rust method stays, and its body needs the new field.
    let got = diff(&base(), &{
        let mut v = base();
        move_things_to_items(&mut v);
        update(&mut v)["required"] = json!(["name", "note"]);
        v
    });
    let got: Vec<_> = got.iter().map(|c| (c.id, c.wire, c.rust)).collect();
    assert_eq!(
        got,
        [
            ("api-path-removed-without-deprecation", B, I),
            ("api-path-removed-without-deprecation", B, I),
            ("request-property-became-required", I, B),
        ]
    );
    // Where the change also reaches an operation that stayed, the wire
    // level is the rule's.
    let got = diff(&base(), &{
        let mut v = base();
        update(&mut v)["required"] = json!(["name", "note"]);
        v
    });
    let got: Vec<_> = got.iter().map(|c| (c.id, c.wire, c.rust)).collect();
    assert_eq!(got, [("request-property-became-required", B, B)]);
}

/// A webhook: the API sends the request, the partner's service answers.
fn with_webhook(v: &mut Value) {
    v["webhooks"] = json!({
        "bookingChanged": {"post": {
            "operationId": "booking_changed",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"status": {"type": "string", "enum": ["open", "closed"]}}
            }}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"seen": {"type": "boolean"}}
            }}}}}
        }}
    });
}

#[test]
fn a_webhooks_payload_is_judged_from_the_receivers_side_and_its_answer_from_the_apis() {
    let pair = |edit: &dyn Fn(&mut Value)| {
        let mut old = base();
        with_webhook(&mut old);
        let mut new = old.clone();
        edit(&mut new);
        diff(&old, &new)
            .into_iter()
            .filter(|c| c.id != "api-version-not-bumped")
            .map(|c| (c.id, c.wire))
            .collect::<Vec<_>>()
    };
    fn payload(v: &mut Value) -> &mut Value {
        &mut v["webhooks"]["bookingChanged"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    }
    // A value the API stops sending narrows what the receiver must
    // accept: nothing breaks for it (a request's removal would break).
    let got = pair(&|v| payload(v)["properties"]["status"]["enum"] = json!(["open"]));
    assert_eq!(got, vec![("response-property-enum-value-removed", I)]);
    // A value the API starts sending may not be one the receiver knows.
    let got =
        pair(&|v| payload(v)["properties"]["status"]["enum"] = json!(["open", "closed", "void"]));
    assert_eq!(got, vec![("response-property-enum-value-added", W)]);
    // The partner's answer is what the API receives: a property it must
    // now hold breaks every receiver that does not send it.
    let got = pair(&|v| {
        let answer = &mut v["webhooks"]["bookingChanged"]["post"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        answer["properties"]["ack"] = json!({"type": "string"});
        answer["required"] = json!(["ack"]);
    });
    assert_eq!(got, vec![("new-required-request-property", B)]);
}
