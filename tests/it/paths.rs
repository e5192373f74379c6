//! URLs and paths: what a caller's values and the client's configuration
//! make of a request's target, checked on the wire. A path value stays
//! inside its own segment (a backslash, `..`, dots, percent signs); control
//! characters in ids and header values are refused before anything is
//! sent; a base URL's path prefix starts every target, and a base URL with
//! a query or fragment is refused, naming the part.

use httpmock::prelude::*;
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use serde_json::json;
use xone::{Client, ConfigError, Credentials, Error, ErrorKind, types};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

// --- A path value stays inside its own segment -------------------------------

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

#[tokio::test]
async fn path_values_that_would_normalize_away_are_refused_before_any_request() {
    let server = MockServer::start_async().await;
    let anything = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"data": []}));
    });
    let client = client(&server);
    for bad in ["", ".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
        let err = client
            .cancel_booking_policies()
            .partner_id("p-1")
            .booking_id(bad)
            .body(types::CancelBookingPoliciesBody::default())
            .send()
            .await
            .unwrap_err();
        let message = refusal(&err);
        assert!(message.contains("booking_id"), "{bad:?}: {message}");

        let err = client
            .list_bookings()
            .partner_id(bad)
            .send()
            .await
            .unwrap_err();
        let message = refusal(&err);
        assert!(message.contains("partner_id"), "{bad:?}: {message}");
    }
    // Nothing was sent, not even a token request.
    anything.assert_calls(0);
}

#[tokio::test]
async fn path_values_with_dots_inside_are_sent_as_one_segment() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let mock = server.mock(|when, then| {
        when.method(DELETE)
            .path("/api/partners/p-1/bookings/a..b%2F..");
        then.status(200)
            .json_body(json!({"data": {"id": "a..b/.."}}));
    });
    client(&server)
        .cancel_booking_policies()
        .partner_id("p-1")
        .booking_id("a..b/..")
        .body(types::CancelBookingPoliciesBody::default())
        .send()
        .await
        .unwrap();
    mock.assert();
}

// --- Control characters in caller input --------------------------------------

#[tokio::test]
async fn control_characters_in_ids_and_headers_are_refused_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let anything = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"data": []}));
    });
    let client = client(&server);
    let refused = |what: &str, result: Result<(), Error>| match result {
        Err(e) if e.kind() == ErrorKind::InvalidRequest => e.to_string(),
        other => panic!("{what}: expected a refusal, got {other:?}"),
    };
    for bad in ["a\r\nb", "a\nHost: evil", "a\0b", "a\rb", "a%0d%0ab", "%00"] {
        let message = refused(
            "partner id",
            client
                .list_bookings()
                .partner_id(bad)
                .send()
                .await
                .map(drop),
        );
        assert!(message.contains("partner_id"), "{bad:?}: {message}");
        let message = refused(
            "booking id",
            client
                .cancel_booking_policies()
                .partner_id("p1")
                .booking_id(bad)
                .body(types::CancelBookingPoliciesBody::default())
                .send()
                .await
                .map(drop),
        );
        assert!(message.contains("booking_id"), "{bad:?}: {message}");
        let message = refused(
            "offer id",
            client
                .opt_out_offer()
                .partner_id("p1")
                .offer_id(bad)
                .body(types::OptOutOfferBody::default())
                .send()
                .await
                .map(drop),
        );
        assert!(message.contains("offer_id"), "{bad:?}: {message}");
        if !bad.contains('%') {
            refused(
                "idempotency key",
                client
                    .modify_booking()
                    .partner_id("p1")
                    .booking_id("bk-1")
                    .idempotency_key(bad)
                    .body(modify_request())
                    .send()
                    .await
                    .map(drop),
            );
        }
    }
    // Nothing was sent, not even a token request.
    anything.assert_calls(0);
}

// --- The base URL --------------------------------------------------------------

#[tokio::test]
async fn a_base_url_with_a_path_prefix_is_the_request_targets_start() {
    for suffix in ["/prefix", "/prefix/", "/a/b"] {
        let server = MockServer::start_async().await;
        token_mock(&server);
        let prefix = suffix.trim_end_matches('/');
        let api = server.mock(|when, then| {
            when.method(GET)
                .path(format!("{prefix}/api/partners/p1/bookings"));
            then.status(200).body(EMPTY_PAGE);
        });
        let client = xone::Client::builder(xone::Credentials::new(CLIENT_ID, SECRET))
            .base_url(format!("{}{suffix}", server.base_url()))
            .token_url(server.url(TOKEN_PATH))
            .build()
            .unwrap();
        list(&client).await.unwrap();
        api.assert();
    }
}

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
    // A path prefix keeps working (the test before this one sends through one).
    Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .base_url("http://127.0.0.1:9/gateway/")
        .build()
        .unwrap();
}
