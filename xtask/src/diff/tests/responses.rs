//! The responses family's checks (`checks/responses.rs`).

use serde_json::json;

use super::*;

#[test]
fn success_status_removed() {
    let got = changes(|v| {
        let responses = v["paths"]["/things/{thing_id}"]["patch"]["responses"]
            .as_object_mut()
            .unwrap();
        responses.shift_remove("204");
        responses.insert("202".into(), json!({"description": "accepted"}));
    });
    assert_eq!(
        got,
        vec![
            ("response-success-status-removed", PATCH.to_string(), B, B),
            ("response-success-status-added", PATCH.to_string(), I, I),
        ]
    );
}

#[test]
fn statuses_added_and_removed_success_or_not() {
    let got = changes(|v| {
        let responses = v["paths"]["/things/{thing_id}"]["get"]["responses"]
            .as_object_mut()
            .unwrap();
        responses.insert("201".into(), json!({"description": "made"}));
        responses.insert("404".into(), json!({"description": "none"}));
    });
    assert_eq!(
        got,
        vec![
            ("response-non-success-status-added", GET.to_string(), I, I),
            ("response-success-status-added", GET.to_string(), I, I),
        ]
    );
    let mut with_404 = base();
    with_404["paths"]["/things/{thing_id}"]["get"]["responses"]["404"] =
        json!({"description": "none"});
    let removed: Vec<_> = diff(&with_404, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust))
        .collect();
    assert_eq!(removed, [("response-non-success-status-removed", I, I)]);
}

#[test]
fn success_media_types_renamed_added_and_removed() {
    let media = |v: &mut Value, name: &str| {
        let content = v["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["content"]
            .as_object_mut()
            .unwrap();
        let schema = content.shift_remove("application/json").unwrap();
        content.insert(name.into(), schema);
    };
    // oasdiff pairs `application/json` with any `application/*+json`.
    for refined in ["application/vnd.things+json", "application/problem+json"] {
        let got = changes(|v| media(v, refined));
        assert_eq!(got, one("response-media-type-name-specialized", GET, I, B));
    }
    let xml = changes(|v| media(v, "application/xml"));
    assert_eq!(
        xml,
        vec![
            ("response-media-type-removed", GET.to_string(), B, B),
            ("response-media-type-added", GET.to_string(), I, I),
        ]
    );
}

#[test]
fn response_headers_removed_required_or_optional() {
    let mut with_headers = base();
    with_headers["paths"]["/things/{thing_id}"]["get"]["responses"]["200"]["headers"] = json!({
        "X-Request-Id": {"required": true, "schema": {"type": "string"}},
        "X-Trace": {"schema": {"type": "string"}}
    });
    let got: Vec<_> = diff(&with_headers, &base())
        .into_iter()
        .map(|c| (c.id, c.wire, c.rust, c.location))
        .collect();
    assert_eq!(
        got,
        [
            (
                "required-response-header-removed",
                B,
                I,
                "GET /things/{thing_id} 200 response".to_string()
            ),
            (
                "optional-response-header-removed",
                W,
                I,
                "GET /things/{thing_id} 200 response".to_string()
            ),
        ]
    );
}
