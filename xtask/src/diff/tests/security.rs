//! The security family's checks (`checks/security.rs`).

use serde_json::json;

use super::*;

#[test]
fn security_scopes_added_and_removed() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["security"] = json!([{"O": ["things:admin"]}])
    });
    assert_eq!(
        got,
        vec![
            ("api-security-scope-added", GET.to_string(), I, I),
            ("api-security-scope-removed", GET.to_string(), I, I),
        ]
    );
}

#[test]
fn a_new_security_alternative_relaxes_access() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["security"] =
            json!([{"O": ["things:read"]}, {"ApiKey": []}])
    });
    assert_eq!(got, one("api-security-added", GET, I, I));
}

#[test]
fn a_new_scope_changes_no_code() {
    let got = changes(|v| {
        v["paths"]["/things/{thing_id}"]["get"]["security"] =
            json!([{"O": ["things:read", "things:audit"]}])
    });
    assert_eq!(got, one("api-security-scope-added", GET, I, I));
}

#[test]
fn security_schemes_webhooks_and_a_required_property_with_a_default() {
    let mut old = base();
    old["components"]["securitySchemes"] = json!({"O": {"type": "oauth2", "flows": {}}});
    old["webhooks"] =
        json!({"thingChanged": {"post": {"responses": {"200": {"description": "ok"}}}}});
    let mut new = old.clone();
    new["components"]["securitySchemes"] = json!({"Basic": {"type": "http", "scheme": "basic"}});
    new["webhooks"] =
        json!({"thingDeleted": {"post": {"responses": {"200": {"description": "ok"}}}}});
    new["components"]["schemas"]["ThingUpdate"]["properties"]["colour"] =
        json!({"type": "string", "default": "red"});
    new["components"]["schemas"]["ThingUpdate"]["required"] = json!(["name", "colour"]);
    assert_eq!(
        ids(&old, &new),
        [
            ("api-security-component-added", I),
            ("api-security-component-removed", I),
            ("new-required-request-property-with-default", B),
            ("webhook-added", I),
            ("webhook-removed", B),
        ]
    );
}
