//! Retries: what is retried, how often, with which idempotency key.

use std::time::{Duration, Instant};

use xone::{Client, Error, ResponseExt, RetryPolicy, types};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

fn scripted_client(server: &ScriptedServer, retry: RetryPolicy) -> Client {
    builder_for(&server.base_url).retry(retry).build().unwrap()
}

async fn opt_out(client: &Client, key: Option<&str>) -> Result<(), Error> {
    let mut call = client
        .opt_out_offer()
        .partner_id("p1")
        .offer_id("off-1")
        .body(types::OptOutOfferBody { customer: None });
    if let Some(key) = key {
        call = call.idempotency_key(key);
    }
    call.send().await.map(|_| ())
}

#[tokio::test]
async fn get_survives_two_503s() {
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
    ])
    .await;
    list(&scripted_client(&server, fast_retries()))
        .await
        .unwrap();
    assert_eq!(server.api_requests().len(), 3);
    assert_eq!(server.token_requests().len(), 1);
}

#[tokio::test]
async fn get_waits_as_retry_after_says() {
    let retry_after = vec![("retry-after", "1".to_string())];
    let server = ScriptedServer::start(vec![
        Reply::Status(429, retry_after, "{}".into()),
        Reply::json(200, EMPTY_PAGE),
    ])
    .await;
    let started = Instant::now();
    list(&scripted_client(&server, fast_retries()))
        .await
        .unwrap();
    // The backoff alone would have waited at most 5 ms: the wait came from
    // the server's Retry-After. (A lower bound on behaviour, not a timing claim.)
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.api_requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_is_not_waited_for() {
    let retry_after = vec![("retry-after", "3600".to_string())];
    let server = ScriptedServer::start(vec![Reply::Status(429, retry_after, "{}".into())]).await;
    let err = list(&scripted_client(&server, fast_retries()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn get_400_is_not_retried() {
    let server = ScriptedServer::start(vec![
        Reply::json(400, r#"{"message":"bad"}"#),
        Reply::json(200, EMPTY_PAGE),
    ])
    .await;
    let err = list(&scripted_client(&server, fast_retries()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let server = ScriptedServer::start(vec![Reply::Drop, Reply::json(200, EMPTY_PAGE)]).await;
    list(&scripted_client(&server, fast_retries()))
        .await
        .unwrap();
    assert_eq!(server.api_requests().len(), 2);
}

#[tokio::test]
async fn attempts_stop_at_the_maximum() {
    let server = ScriptedServer::start(vec![Reply::status(503); 5]).await;
    let client = scripted_client(&server, fast_retries().with_max_attempts(3));
    let err = list(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.api_requests().len(), 3);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let err = list(&scripted_client(&server, RetryPolicy::disabled()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn every_attempt_of_a_post_carries_the_same_idempotency_key() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::Drop, Reply::status(200)]).await;
    opt_out(&scripted_client(&server, fast_retries()), None)
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
    opt_out(&scripted_client(&server2, fast_retries()), None)
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
        &scripted_client(&server, fast_retries()),
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
async fn a_post_500_is_not_retried_but_a_503_is() {
    let server = ScriptedServer::start(vec![Reply::status(500), Reply::status(200)]).await;
    let err = opt_out(&scripted_client(&server, fast_retries()), None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.api_requests().len(), 1);

    let server = ScriptedServer::start(vec![Reply::status(503), Reply::status(200)]).await;
    opt_out(&scripted_client(&server, fast_retries()), None)
        .await
        .unwrap();
    assert_eq!(server.api_requests().len(), 2);
    assert_eq!(server.script_left(), 0);
}

#[tokio::test]
async fn a_keyed_500_is_retried_with_the_same_key_when_the_policy_says_so() {
    let stored = r#"{"data":{"id":"bk-1","status":"CONFIRMED"}}"#;
    // The first attempt may have taken effect: the retry with the same key
    // gets the API's 409 replay of it, which is the call's success.
    let server = ScriptedServer::start(vec![Reply::status(500), Reply::json(409, stored)]).await;
    let client = scripted_client(&server, fast_retries().with_keyed_server_errors(true));
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
    list(&scripted_client(&server, fast_retries()))
        .await
        .unwrap();
    assert!(
        !server.api_requests()[0]
            .headers
            .contains_key("x-idempotency-key")
    );
}

#[tokio::test]
async fn a_call_with_no_time_left_sends_nothing() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let client = scripted_client(&server, fast_retries().with_deadline(Duration::ZERO));
    let err = list(&client).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let token = err.token_error().expect("no token within the deadline");
    assert!(token.to_string().contains("deadline"), "{token}");
    assert!(server.api_requests().is_empty());
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

/// A client of `server` whose calls retry at once, with `retry`'s budget.
fn storm_client(server: &httpmock::MockServer, retry: RetryPolicy) -> Client {
    builder(server)
        .retry(retry.with_backoff(Duration::ZERO, Duration::ZERO))
        .build()
        .unwrap()
}

/// An API whose token endpoint works and whose bookings answer 503, always.
fn failing_everything(server: &httpmock::MockServer) -> httpmock::Mock<'_> {
    token_mock(server);
    server.mock(|when, then| {
        when.method(httpmock::Method::GET)
            .path_includes("/bookings");
        then.status(503);
    })
}

/// 200 concurrent `list_bookings` calls; the errors.
async fn burst(client: &Client) -> Vec<Error> {
    let calls = (0..200).map(|_| list(client));
    futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(|r| r.unwrap_err())
        .collect()
}

#[tokio::test]
async fn a_burst_against_an_api_that_fails_everything_spends_at_most_the_budget_on_retries() {
    let server = httpmock::MockServer::start_async().await;
    let failing = failing_everything(&server);
    // The default budget, 500 tokens: 100 retries of 5 each, shared by
    // every call of the client and its handles.
    let client = storm_client(&server, RetryPolicy::default());
    let errors = burst(&client).await;
    failing.assert_calls(200 + 100);
    let spent = errors.iter().filter(|e| e.retry_budget_spent()).count();
    assert!(spent >= 100, "{spent} calls were refused a retry");
    let refused = errors.iter().find(|e| e.retry_budget_spent()).unwrap();
    assert!(
        refused.to_string().contains("retry budget is spent"),
        "{refused}"
    );
    // A handle shares the spent bucket.
    let handle = client.with_timeout(Duration::from_secs(5));
    let err = list(&handle).await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert!(err.retry_budget_spent());
}

#[tokio::test]
async fn without_a_budget_every_call_uses_its_attempts_and_says_how_many() {
    let server = httpmock::MockServer::start_async().await;
    let failing = failing_everything(&server);
    let client = storm_client(&server, RetryPolicy::default().without_retry_budget());
    let errors = burst(&client).await;
    failing.assert_calls(200 * 4);
    for err in &errors {
        assert_eq!(err.attempts(), 4);
        assert!(!err.retry_budget_spent());
        assert!(err.to_string().ends_with("(after 4 attempts)"), "{err}");
    }
}

#[tokio::test]
async fn successes_refill_the_budget() {
    // Size 10: two retries. A failing call spends them; a success after a
    // retry gives its cost back, so the next failure may retry again.
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::status(503),
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
        Reply::status(503),
        Reply::status(503),
    ])
    .await;
    let client = scripted_client(
        &server,
        fast_retries().with_retry_budget(10).with_max_attempts(3),
    );
    // 503, 503, 503: two retries, the bucket is empty.
    let err = list(&client).await.unwrap_err();
    assert_eq!((err.attempts(), err.retry_budget_spent()), (3, false));
    // 503, and no retry: nothing left.
    let err = list(&client).await.unwrap_err();
    assert_eq!((err.attempts(), err.retry_budget_spent()), (1, true));
    // 200 at once: one token back; still too few for a retry.
    list(&client).await.unwrap();
    let err = list(&client).await.unwrap_err();
    assert_eq!((err.attempts(), err.retry_budget_spent()), (1, true));
    assert_eq!(server.api_requests().len(), 6);
}

#[tokio::test]
async fn a_success_says_how_many_requests_it_took_and_a_server_cannot_say_it_for_it() {
    let forged = vec![("x-xone-attempts", "99".to_string())];
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
        Reply::Status(200, forged, EMPTY_PAGE.into()),
    ])
    .await;
    let client = scripted_client(&server, fast_retries());
    let call = || client.list_bookings().partner_id("p1").send();
    assert_eq!(call().await.unwrap().attempts(), 3);
    assert_eq!(
        call().await.unwrap().attempts(),
        1,
        "the server's own header is dropped"
    );
}
