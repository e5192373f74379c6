//! Boundaries an outside probe found leaking, each checked on the wire
//! through the public API: a path value that escapes its segment, a replay
//! marker a server forges, a blank idempotency key, and a base URL whose
//! query or fragment would be glued into every path. (The secrets it found
//! echoed are `secrets`'.)

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
