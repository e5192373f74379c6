//! Five boundaries an outside probe found leaking, each checked on the wire
//! through the public API: a path value that escapes its segment, a token
//! or secret a server echoes into an error, a replay marker a server
//! forges, a blank idempotency key, and a base URL whose query or fragment
//! would be glued into every path.

use httpmock::prelude::*;
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use serde_json::json;
use xone::{Client, ConfigError, Credentials, ResponseExt, types};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

// --- 1. A path value stays inside its own segment ----------------------------

/// Sends `cancel_booking_policies` for partner `p-1` and `booking_id` to
/// `server`, and returns the request target the server saw, or the
/// client's refusal.
async fn cancel_target(server: &ScriptedServer, booking_id: &str) -> Result<String, String> {
    let before = server.api_requests().len();
    let result = builder_for(&server.base_url)
        .build()
        .unwrap()
        .cancel_booking_policies()
        .partner_id("p-1")
        .booking_id(booking_id)
        .body(types::CancelBookingPoliciesBody::default())
        .send()
        .await;
    if let Err(err) = &result
        && err.kind() == xone::ErrorKind::InvalidRequest
    {
        assert_eq!(server.api_requests().len(), before, "refused, yet sent");
        return Err(err.to_string());
    }
    let seen = server.api_requests();
    assert_eq!(seen.len(), before + 1, "{booking_id:?}: one request");
    assert_eq!(seen[before].method, "DELETE");
    Ok(seen[before].path.clone())
}

/// Whether the client may refuse `value` as a path segment: it would
/// normalize to another resource (empty, `.`, `..`, in any encoding), or it
/// holds a control character.
fn refusable(value: &str) -> bool {
    let decoded = percent_decode_str(value).decode_utf8_lossy();
    matches!(decoded.as_ref(), "" | "." | "..") || decoded.chars().any(char::is_control)
}

/// The segments of `target`, each percent-decoded.
fn segments(target: &str) -> Vec<String> {
    assert!(
        !target.contains('\\'),
        "a raw backslash on the wire: {target}"
    );
    assert!(
        !target.contains(['?', '#']),
        "a query or fragment: {target}"
    );
    target
        .split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8().unwrap().into_owned())
        .collect()
}

#[tokio::test]
async fn a_backslash_in_an_id_cannot_reach_another_partners_booking() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"data":{}}"#); 8]).await;
    for id in [
        r"..\..\p-2\bookings\bk-9",
        r"a\b",
        r"\",
        r"%5C..%5C..%5Cp-2",
        "../../p-2/bookings/bk-9",
        "bk-1?x=1#frag",
        "%2e%2e%2fp-2",
    ] {
        let target = cancel_target(&server, id)
            .await
            .unwrap_or_else(|e| panic!("{id:?} refused: {e}"));
        assert_eq!(
            segments(&target),
            ["api", "partners", "p-1", "bookings", id],
            "{id:?} was sent as {target}"
        );
    }
}

#[test]
fn any_path_value_is_sent_as_exactly_its_own_segment() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // Exhausted, the script answers 599: the call fails, after it was seen.
    let server = runtime.block_on(ScriptedServer::start(vec![]));
    let risky = prop::collection::vec(
        prop_oneof![
            Just("\\"),
            Just("/"),
            Just("%"),
            Just("?"),
            Just("#"),
            Just("."),
            Just(".."),
            Just("%2e"),
            Just("%5c"),
            Just("%2F"),
            Just(";"),
            Just(" "),
            Just("é"),
            Just("a"),
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat());
    let config = ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    };
    proptest!(config, |(id in prop_oneof![any::<String>(), risky])| {
        match runtime.block_on(cancel_target(&server, &id)) {
            Err(refusal) => prop_assert!(refusable(&id), "{id:?} refused: {refusal}"),
            Ok(target) => prop_assert_eq!(
                segments(&target),
                vec!["api".to_string(), "partners".into(), "p-1".into(), "bookings".into(), id.clone()],
                "{:?} was sent as {}", id, target
            ),
        }
    });
}

// --- 2. What a server echoes is redacted -------------------------------------

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

// --- 3. The replay marker is the client's own --------------------------------

#[tokio::test]
async fn a_server_cannot_forge_the_replay_marker() {
    // The client's own marker header, as a server would have to spell it.
    let forged = vec![("x-xone-idempotent-replay", "409".to_string())];
    assert_eq!(forged[0].0, xone::IDEMPOTENT_REPLAY.as_str());
    let server = ScriptedServer::start(vec![
        Reply::Status(200, forged.clone(), EMPTY_PAGE.into()),
        Reply::Status(200, forged, json!({"data": {"id": "bk-1"}}).to_string()),
    ])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();
    let listed = client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    assert!(
        !listed.is_idempotent_replay(),
        "a fresh GET marked a replay"
    );
    let modified = client
        .modify_booking()
        .partner_id("p1")
        .booking_id("bk-1")
        .idempotency_key("order-42")
        .body(modify_request())
        .send()
        .await
        .unwrap();
    assert!(
        !modified.is_idempotent_replay(),
        "a fresh PATCH marked a replay"
    );
}

// --- 4. A blank idempotency key is refused -----------------------------------

#[tokio::test]
async fn a_blank_idempotency_key_is_refused_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let anything = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"data": {}}));
    });
    let client = client(&server);
    for blank in ["", "   ", "\t", " \t "] {
        let result = client
            .modify_booking()
            .partner_id("p1")
            .booking_id("bk-1")
            .idempotency_key(blank)
            .body(modify_request())
            .send()
            .await;
        match result {
            Err(err) => {
                let message = refusal(&err);
                assert!(message.contains("idempotency key"), "{blank:?}: {message}")
            }
            Ok(other) => panic!("{blank:?}: expected a refusal, got {other:?}"),
        }
    }
    anything.assert_calls(0);
}

// --- 5. A base URL has no query or fragment ----------------------------------

#[test]
fn a_base_url_with_a_query_or_fragment_is_refused_naming_the_part() {
    for (url, part) in [
        ("http://127.0.0.1:9/gateway?tenant=eu", "query"),
        ("http://127.0.0.1:9/gateway?", "query"),
        ("http://127.0.0.1:9/gateway#top", "fragment"),
        ("https://api.example/?a=1#b", "query"),
    ] {
        let err = Client::builder(Credentials::new(CLIENT_ID, SECRET))
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                &err,
                ConfigError::InvalidUrl {
                    name: "base URL",
                    ..
                }
            ),
            "{url}: {err:?}"
        );
        assert!(err.to_string().contains(part), "{url}: {err}");
    }
    let err = Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .token_url("http://127.0.0.1:9/token#x")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("fragment"), "{err}");
    // A path prefix keeps working (hostile.rs sends through one).
    Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .base_url("http://127.0.0.1:9/gateway/")
        .build()
        .unwrap();
}

// --- 6. Secrets in a success's body, in headers, and short secrets -----------

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
