//! What a platform sees of and adds to the client's calls: headers for
//! every request or one handle, the request hook on each attempt, and the
//! call's span with OpenTelemetry's HTTP client fields, never an id.

use std::sync::{Arc, Mutex};

use xone::{ConfigError, Credentials, Method};

use crate::scripted::{Reply, ScriptedServer};
use crate::support::*;

#[tokio::test]
async fn default_and_handle_headers_reach_every_request_and_a_call_overrides_them() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, EMPTY_PAGE), Reply::json(200, "{}")]).await;
    let client = builder_for(&server.base_url)
        .default_header("x-tenant", "acme")
        .build()
        .unwrap();
    let handle = client.with_header("x-correlation-id", "c-1").unwrap();
    list(&handle).await.unwrap();
    client
        .request(Method::GET, "/api/partners/p-1/quotes")
        .header("x-tenant", "other")
        .send_bytes()
        .await
        .unwrap();
    let seen = server.api_requests();
    assert_eq!(seen[0].headers["x-tenant"], "acme");
    assert_eq!(seen[0].headers["x-correlation-id"], "c-1");
    assert_eq!(seen[1].headers["x-tenant"], "other", "the call's own wins");
    assert!(
        !seen[1].headers.contains_key("x-correlation-id"),
        "only the handle's"
    );
    let token = &server.token_requests()[0];
    assert!(
        !token.headers.contains_key("x-tenant"),
        "not sent to the token endpoint"
    );
}

#[test]
fn a_header_the_client_owns_is_refused_by_the_builder_and_the_handle() {
    let builder = || xone::Client::builder(Credentials::new("id", "secret"));
    for (name, value) in [
        ("Authorization", "Bearer mine"),
        ("x-idempotency-key", "k"),
        ("Host", "evil.example"),
        ("x-tenant", "a\r\nX-Evil: 1"),
    ] {
        let err = builder().default_header(name, value).build().unwrap_err();
        assert!(matches!(err, ConfigError::InvalidHeader(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains(&name.to_ascii_lowercase()), "{text}");
        assert!(!text.contains("mine") && !text.contains("Evil"), "{text}");
        let client = builder().build().unwrap();
        assert!(client.with_header(name, value).is_err(), "{name}");
    }
}

#[tokio::test]
async fn the_request_hook_sees_each_attempt_and_adds_headers_but_not_owned_ones_or_the_token() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let seen_by_hook = Arc::new(Mutex::new(Vec::new()));
    let log = seen_by_hook.clone();
    let client = builder_for(&server.base_url)
        .on_request(move |request| {
            let owned = request.insert_header("authorization", "Bearer forged");
            log.lock().unwrap().push((
                request.method().to_string(),
                request.operation(),
                request.url_template(),
                request.attempt(),
                request.header("authorization").is_some(),
                owned.is_err(),
            ));
            let signature = format!("sig-{}", request.attempt());
            request.insert_header("x-signature", &signature).unwrap();
        })
        .build()
        .unwrap();
    list(&client).await.unwrap();
    let template = Some("/api/partners/{partner_id}/bookings");
    assert_eq!(
        *seen_by_hook.lock().unwrap(),
        [
            ("GET".into(), "list_bookings", template, 1, false, true),
            ("GET".into(), "list_bookings", template, 2, false, true),
        ]
    );
    let sent = server.api_requests();
    assert_eq!(sent[0].headers["x-signature"], "sig-1");
    assert_eq!(
        sent[1].headers["x-signature"], "sig-2",
        "each attempt signed anew"
    );
    for request in &sent {
        assert_eq!(request.headers["authorization"], bearer());
    }
}

#[tokio::test]
async fn the_call_span_follows_the_http_client_conventions_and_holds_no_id() {
    let (captured, _guard) = capture_tracing();
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
        Reply::status(404),
    ])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();
    let call = || client.list_bookings().partner_id("p-secret-9").send();
    call().await.unwrap();
    let fields = captured.fields();
    for expected in [
        "span=xone.call parent=none",
        "otel.name=\"list_bookings\"",
        "otel.kind=\"client\"",
        "operation=\"list_bookings\"",
        "http.request.method=\"GET\"",
        "url.template=\"/api/partners/{partner_id}/bookings\"",
        "server.address=\"127.0.0.1\"",
        "http.response.status_code=200",
        "http.request.resend_count=1",
        // The call's first token request runs inside its span.
        "span=xone.token parent=xone.call",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} in {fields:#?}"
        );
    }
    call().await.unwrap_err();
    let fields = captured.fields();
    assert!(
        fields.iter().any(|f| f == "error.type=\"404\""),
        "{fields:#?}"
    );
    let logged = fields.join("\n");
    assert!(
        !logged.contains("p-secret-9"),
        "no id in any field: {logged}"
    );
    assert!(
        !logged.contains(TOKEN) && !logged.contains(SECRET),
        "{logged}"
    );
}
