//! Secrets stay secret, wherever the client shows or sends something: no
//! `Debug` or `Display` of a client, credentials or error shows the client
//! secret or an access token; what a server echoes (in an error body, a
//! token endpoint's answer, a success body that does not decode, a
//! header) is redacted; a redirect never carries the token elsewhere.

use httpmock::prelude::*;
use serde_json::json;
use xone::{Client, Credentials, ResponseExt};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

// --- What the client shows: Debug, Display, token errors --------------------

#[tokio::test]
async fn nothing_formatted_shows_the_secret_or_the_token() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let client = client(&server);
    client.authenticate().await.unwrap();
    assert_clean(&format!("{client:?}"));
    assert_clean(&format!("{:?}", Credentials::new(CLIENT_ID, SECRET)));

    // Errors from the API, after a token was attached to the request.
    server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(401)
            .json_body(json!({"message": "Unauthenticated."}));
    });
    let err = list(&client).await.unwrap_err();
    assert_clean(&format!("{err:?}"));
    assert_clean(&format!("{err}"));
    assert_clean(&format!("{err:#}"));
}

#[tokio::test]
async fn a_token_error_never_echoes_the_secret() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(POST).path(TOKEN_PATH);
        then.status(401)
            .json_body(json!({"message": format!("unknown secret {SECRET}")}));
    });
    let client = client(&server);
    let err = client.authenticate().await.unwrap_err();
    assert_clean(&format!("{err:?}"));
    assert_clean(&format!("{err}"));
    assert!(
        err.to_string().contains("unknown secret [redacted]"),
        "{err}"
    );
    let op_err = list(&client).await.unwrap_err();
    assert_clean(&format!("{op_err:?}"));
    assert_clean(&format!("{op_err}"));
}

#[tokio::test]
async fn an_undecodable_token_response_does_not_quote_the_token() {
    let server = MockServer::start_async().await;
    // A token response with a wrong-typed field: the body holds the token.
    server.mock(|when, then| {
        when.method(POST).path(TOKEN_PATH);
        then.status(200)
            .json_body(json!({"access_token": TOKEN, "expires_in": "soon"}));
    });
    let err = client(&server).authenticate().await.unwrap_err();
    assert!(
        matches!(err, xone::TokenError::InvalidResponse { .. }),
        "{err:?}"
    );
    assert_clean(&format!("{err:?}"));
    assert_clean(&format!("{err}"));
}

// --- What a server echoes is redacted ---------------------------------------

fn assert_nothing_of(secret: &str, shown: &str) {
    // No part of it longer than a few characters either, wherever a cut fell.
    let start: String = secret.chars().take(6).collect();
    let end: String = secret
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        !shown.contains(&start) && !shown.contains(&end),
        "{secret:?} shows in: {shown}"
    );
}

#[tokio::test]
async fn a_token_the_api_echoes_in_an_error_body_is_redacted() {
    let echoes = [
        // An ApiError decoded from the body.
        (
            422,
            json!({"message": "invalid", "errors": {"authorization": [format!("Bearer {TOKEN}")]}})
                .to_string(),
        ),
        // A body that does not decode, kept as bytes.
        (
            401,
            format!("<html>rejected Authorization: Bearer {TOKEN}</html>"),
        ),
        // A status the spec does not document.
        (
            500,
            json!({"error": format!("upstream got Bearer {TOKEN}")}).to_string(),
        ),
        // JSON-escaped (as no encoder writes it) and URL-encoded.
        (
            422,
            format!(r#"{{"message":"{}"}}"#, TOKEN.replace('-', "\\u002d")),
        ),
        (
            422,
            format!(r#"{{"message":"token={}"}}"#, TOKEN.replace('-', "%2D")),
        ),
    ];
    for (status, body) in echoes {
        // As often as the call asks: a 401 is asked again with a fresh
        // token, a 500 to a GET retried up to four attempts in all.
        let server = ScriptedServer::start(vec![Reply::json(status, &body); 4]).await;
        let err = list(&builder_for(&server.base_url).build().unwrap())
            .await
            .unwrap_err();
        if let Some(seen) = err.status() {
            assert_eq!(seen.as_u16(), status, "{err:?}");
        }
        for shown in [format!("{err}"), format!("{err:?}"), format!("{err:#?}")] {
            assert_nothing_of(TOKEN, &shown);
        }
        if let Some(value) = err.api_error() {
            assert_nothing_of(TOKEN, &format!("{:?}", value.errors));
            assert_nothing_of(TOKEN, &format!("{:?}", value.message));
        }
        assert_nothing_of(
            TOKEN,
            &String::from_utf8_lossy(err.body().unwrap_or_default()),
        );
    }
}

#[tokio::test]
async fn a_secret_the_token_endpoint_echoes_is_redacted_in_every_form_and_cut() {
    let secret = "qu\"oted/secret+&=value";
    let echoes = [
        // The request body as JSON, no message field: an excerpt is shown.
        json!({"echo": {"grant_type": "client_credentials", "client_secret": secret}}).to_string(),
        // As a form.
        "bad request: client_secret=qu%22oted%2Fsecret%2B%26%3Dvalue".to_string(),
        // In the message field.
        json!({"message": format!("unknown secret {secret}")}).to_string(),
        // Where the excerpt's cut falls inside the secret.
        format!("{}{}", "x".repeat(190), json!({"s": secret})),
    ];
    for body in echoes {
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(400).body(&body);
        });
        let client = Client::builder(Credentials::new(CLIENT_ID, secret))
            .base_url(server.base_url())
            .token_url(server.url(TOKEN_PATH))
            .retry(fast_retries())
            .build()
            .unwrap();
        let err = client.authenticate().await.unwrap_err();
        for shown in [format!("{err}"), format!("{err:?}")] {
            assert_nothing_of(secret, &shown);
            assert_nothing_of("qu%22oted%2Fsecret%2B%26%3Dvalue", &shown);
            assert_nothing_of(r#"qu\"oted/secret+&=value"#, &shown);
        }
        let op_err = list(&client).await.unwrap_err();
        for shown in [format!("{op_err}"), format!("{op_err:?}")] {
            assert_nothing_of(secret, &shown);
            assert_nothing_of(r#"qu\"oted/secret+&=value"#, &shown);
        }
    }
}

// --- Secrets in a success's body, in headers, and short secrets -------------

/// Everything an error shows: `Display` (plain and alternate), `Debug`,
/// the body, and each error of its `source()` chain.
fn everything_shown(err: &xone::Error) -> String {
    let mut shown = format!(
        "{err}\n{err:#}\n{err:?}\n{}",
        String::from_utf8_lossy(err.body().unwrap_or_default())
    );
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        shown.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    shown
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_shows_no_secret_and_no_value() {
    // A list where a string is: serde's own message would quote the value.
    let echo = format!("Bearer {TOKEN} client_secret={SECRET}");
    let body = json!({ "data": echo }).to_string();
    let server = ScriptedServer::start(vec![
        Reply::json(200, &body),
        Reply::json(200, &json!(echo).to_string()),
    ])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();

    let typed = list(&client).await.unwrap_err();
    let raw = client
        .request(xone::Method::GET, "/api/partners/p1/things")
        .send::<Vec<String>>()
        .await
        .unwrap_err();
    for err in [&typed, &raw] {
        assert_eq!(err.kind(), xone::ErrorKind::InvalidBody, "{err:?}");
        let shown = everything_shown(err);
        assert_nothing_of(TOKEN, &shown);
        assert_nothing_of(SECRET, &shown);
        assert!(
            shown.contains("[redacted]"),
            "the body is kept, redacted: {shown}"
        );
        // Where decoding failed, not what the value was.
        let display = err.to_string();
        assert!(display.contains("at line 1 column"), "{display}");
        assert!(!display.contains("string \""), "no value quoted: {display}");
    }
}

#[tokio::test]
async fn a_secret_echoed_in_a_header_is_replaced_and_marked_sensitive_on_every_answer() {
    let echo = format!("Bearer {TOKEN}");
    let server = ScriptedServer::start(vec![
        Reply::Status(
            429,
            vec![("cf-ray", echo.clone()), ("retry-after", "999".into())],
            "{}".into(),
        ),
        Reply::Status(
            200,
            vec![
                ("cf-ray", echo.clone()),
                ("x-echo", format!("secret={SECRET}")),
            ],
            EMPTY_PAGE.into(),
        ),
    ])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();
    let (captured, _guard) = capture_tracing();

    // An error: a 429 that asks for longer than the policy waits.
    let err = list(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    let shown = everything_shown(&err);
    assert_nothing_of(TOKEN, &shown);
    assert_nothing_of(TOKEN, err.cf_ray().unwrap_or_default());
    assert!(err.headers().unwrap()["cf-ray"].is_sensitive());

    // A success.
    let page = client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    assert_nothing_of(TOKEN, page.cf_ray().unwrap_or_default());
    for name in ["cf-ray", "x-echo"] {
        let value = &page.headers()[name];
        assert!(value.is_sensitive(), "{name}");
        let text = value.to_str().unwrap();
        assert_nothing_of(TOKEN, text);
        assert_nothing_of(SECRET, text);
    }
    assert_nothing_of(TOKEN, &format!("{:?}", page.headers()));

    let logged = captured.fields().join("\n");
    assert!(
        logged.contains("cf_ray"),
        "the attempts were logged: {logged}"
    );
    assert_nothing_of(TOKEN, &logged);
    assert_nothing_of(SECRET, &logged);
}

#[tokio::test]
async fn a_one_character_token_leaves_the_apis_message_readable() {
    let server = ScriptedServer::start_with(
        "127.0.0.1",
        vec![Reply::json(
            200,
            r#"{"token_type":"Bearer","expires_in":3600,"access_token":"t"}"#,
        )],
        vec![Reply::json(
            422,
            r#"{"message":"Unauthenticated: token t is not valid."}"#,
        )],
    )
    .await;
    let err = list(&builder_for(&server.base_url).build().unwrap())
        .await
        .unwrap_err();
    // Whole words only for a secret this short: the word `t` goes, the
    // letters of `Unauthenticated` stay.
    assert_eq!(
        err.api_message(),
        Some("Unauthenticated: token [redacted] is not valid.")
    );
}

// --- Secrets never leave the configured origins -----------------------------

#[tokio::test]
async fn a_token_redirect_to_another_origin_is_not_followed() {
    // 127.0.0.2 is loopback too, but another origin.
    let thief = ScriptedServer::start_with("127.0.0.2", vec![], vec![]).await;
    for status in [301, 302, 303, 307, 308] {
        let server = ScriptedServer::start_with(
            "127.0.0.1",
            vec![Reply::redirect(status, format!("{}/steal", thief.base_url))],
            vec![],
        )
        .await;
        let err = scripted_client(&server).authenticate().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err}");
        assert!(err.to_string().contains("redirect"), "{err}");
        // The request that was redirected carried the secret.
        let sent = server.token_requests();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].body.contains(SECRET));
    }
    assert!(
        thief.requests().is_empty(),
        "the secret went to another origin: {:?}",
        thief.requests()
    );
}

#[tokio::test]
async fn an_api_redirect_is_not_followed_with_the_bearer_token() {
    let thief = ScriptedServer::start_with("127.0.0.2", vec![], vec![]).await;
    let server = ScriptedServer::start(vec![Reply::redirect(
        307,
        format!("{}/api/partners/p1/bookings", thief.base_url),
    )])
    .await;
    let err = list(&scripted_client(&server)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err}");
    assert!(thief.requests().is_empty(), "{:?}", thief.requests());
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn a_same_origin_redirect_is_not_followed_either() {
    // Plain http on loopback here; on the real API it could be a downgrade.
    let server = ScriptedServer::start(vec![Reply::redirect(
        308,
        "/api/partners/p1/bookings?moved=1".into(),
    )])
    .await;
    let err = list(&scripted_client(&server)).await.unwrap_err();
    assert_eq!(err.kind(), xone::ErrorKind::Status, "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(308), "{err:?}");
    assert_eq!(server.api_requests().len(), 1);
}
