//! Secrets stay secret: no `Debug` or `Display` of a client, credentials or
//! error shows the client secret or an access token; plain http is refused
//! except on loopback.

use httpmock::prelude::*;
use serde_json::json;
use xone::{Client, ConfigError, Credentials};

use crate::support::*;

fn assert_clean(shown: &str) {
    assert!(!shown.contains(SECRET), "secret leaked: {shown}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
}

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
    let err = client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap_err();
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
    let op_err = client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap_err();
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

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let build = |base: &str, token: &str| {
        Client::builder(Credentials::new(CLIENT_ID, SECRET))
            .base_url(base)
            .token_url(token)
            .build()
    };
    let err = build(
        "http://api.xone.xcover.com",
        "https://api.xone.xcover.com/api/oauth/token",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::InsecureUrl {
                name: "base URL",
                ..
            }
        ),
        "{err}"
    );
    let err = build(
        "https://api.xone.xcover.com",
        "http://10.0.0.1/api/oauth/token",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::InsecureUrl {
                name: "token URL",
                ..
            }
        ),
        "{err}"
    );
    assert_clean(&format!("{err:?} {err}"));
    assert!(build("http://127.0.0.1:1", "http://localhost:1/token").is_ok());
}

#[test]
fn defaults_come_from_the_spec() {
    assert_eq!(xone::DEFAULT_BASE_URL, "https://api.xone.xcover.com");
    assert_eq!(
        xone::DEFAULT_TOKEN_URL,
        "https://api.xone.xcover.com/api/oauth/token"
    );
    let client = Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .build()
        .unwrap();
    assert_eq!(
        xone::ClientInfo::baseurl(&client),
        "https://api.xone.xcover.com"
    );
    assert_eq!(
        client.token_url(),
        "https://api.xone.xcover.com/api/oauth/token"
    );
}
