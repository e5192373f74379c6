//! The document family's checks (`checks/document.rs`).

use serde_json::json;

use super::*;

#[test]
fn server_changed() {
    let got = changes(|v| v["servers"] = json!([{"url": "https://api2.example.com"}]));
    assert_eq!(
        got,
        vec![
            // A move of the server is no change of a request or an answer
            // (oasdiff has no rule); the client's default base URL moves.
            ("api-server-removed", String::new(), I, W),
            ("api-server-added", String::new(), I, I),
        ]
    );
}

#[test]
fn a_component_renamed_is_one_rename_that_breaks_rust_only() {
    let new = serde_json::from_str::<Value>(
        &base()
            .to_string()
            .replace("\"ThingUpdate\"", "\"ThingPatch\"")
            .replace("schemas/ThingUpdate", "schemas/ThingPatch"),
    )
    .unwrap();
    let got = diff(&base(), &new);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        (got[0].id, got[0].wire, got[0].rust),
        ("api-schema-removed", I, B)
    );
    assert_eq!(
        got[0].message,
        "schema `ThingUpdate` renamed to `ThingPatch`: the type `types::ThingUpdate` becomes `types::ThingPatch`"
    );
}

#[test]
fn a_server_appended_breaks_nothing() {
    let got = changes(|v| {
        v["servers"]
            .as_array_mut()
            .unwrap()
            .push(json!({"url": "https://eu.example.com"}))
    });
    assert_eq!(got, vec![("api-server-added", String::new(), I, I)]);
}

#[test]
fn a_breaking_change_under_an_unbumped_version_is_noted() {
    let with_version = |v: &str, drop_get: bool| {
        let mut doc = base();
        doc["info"]["version"] = json!(v);
        if drop_get {
            doc["paths"]["/things/{thing_id}"]
                .as_object_mut()
                .unwrap()
                .shift_remove("get");
        }
        doc
    };
    let version_rows = |from: &str, to: &str| -> Vec<&'static str> {
        diff(&with_version(from, false), &with_version(to, true))
            .into_iter()
            .filter(|c| c.location == "info.version")
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(version_rows("1.2.3", "1.2.3"), ["api-version-not-bumped"]);
    assert_eq!(version_rows("1.2.3", "1.2.0"), ["api-version-decreased"]);
    assert_eq!(
        version_rows("1.2.3", "1.3.0"),
        ["api-major-version-not-bumped"]
    );
    assert_eq!(version_rows("0.2.3", "0.3.0"), Vec::<&str>::new());
    assert_eq!(version_rows("v1.2.3", "v2.0.0"), Vec::<&str>::new());
    // Not semantic versions, or nothing breaking: nothing to say.
    assert_eq!(version_rows("2024-01", "2024-01"), Vec::<&str>::new());
    assert!(diff(&with_version("1.0.0", false), &with_version("1.0.0", false)).is_empty());
}
