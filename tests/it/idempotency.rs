//! Idempotency keys and replays: one key for every attempt of a call (the
//! caller's own, or one the client makes), none on a GET, a blank key
//! refused; a 409 that replays a keyed call's stored success is that
//! success, anything else a 409 stays an error, and only the client
//! decides what counts as a replay.

use std::time::Duration;

use httpmock::prelude::*;
use serde_json::json;
use xone::{ResponseExt, RetryPolicy};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

// --- One key for every attempt ------------------------------------------------

#[tokio::test]
async fn every_attempt_of_a_post_carries_the_same_idempotency_key() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::Drop, Reply::status(200)]).await;
    opt_out(&scripted_client_with(&server, fast_retries()), None)
        .await
        .unwrap();
    let keys: Vec<String> = server
        .api_requests()
        .iter()
        .map(|r| {
            r.headers
                .get("x-idempotency-key")
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(uuid::Uuid::parse_str(&keys[0]).is_ok(), "{keys:?}");
    assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");

    // A second call gets a key of its own.
    let server2 = ScriptedServer::start(vec![Reply::status(200)]).await;
    opt_out(&scripted_client_with(&server2, fast_retries()), None)
        .await
        .unwrap();
    assert_ne!(
        server2.api_requests()[0].headers["x-idempotency-key"],
        keys[0]
    );
}

#[tokio::test]
async fn a_callers_own_idempotency_key_is_used_as_given() {
    let server = ScriptedServer::start(vec![Reply::status(503), Reply::status(200)]).await;
    opt_out(
        &scripted_client_with(&server, fast_retries()),
        Some("order-42-opt-out"),
    )
    .await
    .unwrap();
    let requests = server.api_requests();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.headers["x-idempotency-key"], "order-42-opt-out");
    }
}

#[tokio::test]
async fn a_keyed_500_is_retried_with_the_same_key_when_the_policy_says_so() {
    let stored = r#"{"data":{"id":"bk-1","status":"CONFIRMED"}}"#;
    // The first attempt may have taken effect: the retry with the same key
    // gets the API's 409 replay of it, which is the call's success.
    let server = ScriptedServer::start(vec![Reply::status(500), Reply::json(409, stored)]).await;
    let client = scripted_client_with(&server, fast_retries().with_keyed_server_errors(true));
    let modified = modify(&client).await.unwrap();
    assert!(xone::ResponseExt::is_idempotent_replay(&modified));
    let keys = server.idempotency_keys();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
    // Off unless asked for (README, "Errors, retries and idempotency").
    assert!(!RetryPolicy::default().keyed_server_errors());
}

#[tokio::test]
async fn gets_carry_no_idempotency_key() {
    let server = ScriptedServer::start(vec![Reply::json(200, EMPTY_PAGE)]).await;
    list(&scripted_client_with(&server, fast_retries()))
        .await
        .unwrap();
    assert!(
        !server.api_requests()[0]
            .headers
            .contains_key("x-idempotency-key")
    );
}

#[tokio::test]
async fn a_keyed_call_whose_body_is_cut_short_is_retried_with_the_same_key() {
    let booking = r#"{"data":{"id":"bk-1","status":"CONFIRMED"}}"#;
    let server = ScriptedServer::start(vec![
        Reply::Truncated(200, booking.into()),
        Reply::json(409, booking),
    ])
    .await;
    let modified = modify(&scripted_client(&server)).await.unwrap();
    assert!(modified.is_idempotent_replay());
    let keys = server.idempotency_keys();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
}

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

// --- Replays --------------------------------------------------------------------

#[tokio::test]
async fn a_409_replay_of_a_keyed_call_is_its_success() {
    let stored = r#"{"data":{"id":"bk-1","status":"CONFIRMED","currency":"AUD"}}"#;
    let server =
        ScriptedServer::start(vec![Reply::json(200, stored), Reply::json(409, stored)]).await;
    let client = scripted_client(&server);
    let call = || {
        client
            .modify_booking()
            .partner_id("p1")
            .booking_id("bk-1")
            .idempotency_key("order-42-rename")
            .body(modify_request())
            .send()
    };
    let first = call().await.unwrap();
    assert!(!first.is_idempotent_replay());
    assert_eq!(first.status().as_u16(), 200);

    let replayed = call().await.unwrap();
    assert!(replayed.is_idempotent_replay());
    assert_eq!(replayed.data.as_ref().unwrap().id.as_deref(), Some("bk-1"));
    assert_eq!(
        replayed.data.as_ref().unwrap().currency.as_deref(),
        Some("AUD")
    );
}

#[tokio::test]
async fn a_409_that_reports_an_error_stays_an_error_with_its_message() {
    let server = ScriptedServer::start(vec![Reply::json(
        409,
        r#"{"message":"The idempotency key was used with another body."}"#,
    )])
    .await;
    let err = modify(&scripted_client(&server)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err:?}");
    assert_eq!(
        err.api_message(),
        Some("The idempotency key was used with another body.")
    );
    assert!(err.to_string().contains("used with another body"), "{err}");
}

#[tokio::test]
async fn a_409_that_is_not_the_stored_success_is_a_409_error_with_its_body() {
    // Only a body that decodes as the success type and holds one of its
    // documented top-level fields (`data` for a BookingResponse) replays.
    for body in [
        r#"{"error":"Duplicate request"}"#,
        "{}",
        "<html><body>409 Conflict</body></html>",
        r#"{"data":"#,
        r#"{"data":{"id":42}}"#,
        "[]",
        "",
    ] {
        let server = ScriptedServer::start(vec![Reply::json(409, body)]).await;
        let err = scripted_client(&server)
            .modify_booking()
            .partner_id("p1")
            .booking_id("bk-1")
            .idempotency_key("order-42-rename")
            .body(modify_request())
            .send()
            .await
            .expect_err(body);
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(409),
            "{body}: {err:?}"
        );
        assert_eq!(err.kind(), xone::ErrorKind::Status, "{body}: {err:?}");
        assert_eq!(err.body(), Some(body.as_bytes()), "{body}: kept whole");
    }
}

#[tokio::test]
async fn a_409_to_a_get_is_not_a_replay() {
    let server = ScriptedServer::start(vec![Reply::json(409, EMPTY_PAGE)]).await;
    let err = list(&scripted_client(&server)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
}

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

/// A server that processes a keyed request for `hold`, answers a repeat of
/// its key `423 Locked` (no `Retry-After`) while it is in progress, and
/// `409` with the stored success afterwards, as the vendor's idempotency
/// page says. Returns its base URL.
async fn slow_keyed_server(hold: Duration) -> String {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    use tokio::io::BufReader;
    use tokio::net::TcpListener;

    use dev_support::wire;

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    // Key to the stored body, `None` while in progress.
    let keys: Arc<Mutex<HashMap<String, Option<String>>>> = Arc::default();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let keys = keys.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                while let Some(request) = wire::read_request(&mut reader).await {
                    let (status, body) = if request.path == TOKEN_PATH {
                        let token = format!(
                            r#"{{"token_type":"Bearer","expires_in":3600,"access_token":"{TOKEN}"}}"#
                        );
                        (200, token)
                    } else {
                        let key = request.headers["x-idempotency-key"].clone();
                        let seen = keys.lock().unwrap().get(&key).cloned();
                        match seen {
                            Some(None) => (423, r#"{"message":"Still processing."}"#.to_string()),
                            Some(Some(stored)) => (409, stored),
                            None => {
                                keys.lock().unwrap().insert(key.clone(), None);
                                tokio::time::sleep(hold).await;
                                let done = booking_envelope().to_string();
                                keys.lock().unwrap().insert(key, Some(done.clone()));
                                (200, done)
                            }
                        }
                    };
                    if !wire::write(&mut write, &wire::response(status, &[], body.as_bytes())).await
                    {
                        return;
                    }
                }
            });
        }
    });
    base_url
}

/// A duplicate of a keyed call still in progress is answered 423; under
/// the default policy it waits long enough (at least a second after each
/// 423 without `Retry-After`) to outlast a first call of 2 s and get the
/// stored success. Fifty duplicates, side by side, none may fail.
#[tokio::test]
async fn a_duplicate_behind_a_two_second_call_succeeds_under_the_default_policy() {
    let base_url = slow_keyed_server(Duration::from_secs(2)).await;
    let client = builder_for(&base_url)
        .retry(RetryPolicy::default())
        .build()
        .unwrap();
    let cancel = |key: String| {
        let client = client.clone();
        async move {
            client
                .cancel_booking_policies()
                .partner_id("p1")
                .booking_id("bk-1")
                .idempotency_key(key)
                .send()
                .await
        }
    };
    let pairs = (0..50).map(|n| {
        let cancel = &cancel;
        async move {
            let key = format!("key-{n}");
            let (first, duplicate) = tokio::join!(cancel(key.clone()), async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                cancel(key.clone()).await
            });
            let first = first.unwrap_or_else(|e| panic!("{key}, first: {e}"));
            let duplicate = duplicate.unwrap_or_else(|e| panic!("{key}, duplicate: {e}"));
            assert!(!first.is_idempotent_replay());
            assert!(duplicate.is_idempotent_replay(), "{key}");
        }
    });
    futures_util::future::join_all(pairs).await;
}
