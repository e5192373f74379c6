//! Retries: what is retried, how often, with which idempotency key.

use std::time::{Duration, Instant};

use xone::{Client, Error, RetryPolicy, types};

use crate::scripted::{Reply, ScriptedServer};
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
        call = call.x_idempotency_key(key);
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
