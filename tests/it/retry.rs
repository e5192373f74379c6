//! Retries: what is retried and how often, the retry budget, a body cut
//! short, and a call that ends at its deadline whatever hangs. Which key
//! each attempt carries is `idempotency`'s.

use std::time::{Duration, Instant};

use xone::{Client, Error, ResponseExt, RetryPolicy};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

#[tokio::test]
async fn get_survives_two_503s() {
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
    ])
    .await;
    list(&scripted_client_with(&server, fast_retries()))
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
    list(&scripted_client_with(&server, fast_retries()))
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
    let err = list(&scripted_client_with(&server, fast_retries()))
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
    let err = list(&scripted_client_with(&server, fast_retries()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let server = ScriptedServer::start(vec![Reply::Drop, Reply::json(200, EMPTY_PAGE)]).await;
    list(&scripted_client_with(&server, fast_retries()))
        .await
        .unwrap();
    assert_eq!(server.api_requests().len(), 2);
}

#[tokio::test]
async fn attempts_stop_at_the_maximum() {
    let server = ScriptedServer::start(vec![Reply::status(503); 5]).await;
    let client = scripted_client_with(&server, fast_retries().with_max_attempts(3));
    let err = list(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.api_requests().len(), 3);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let err = list(&scripted_client_with(&server, RetryPolicy::disabled()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn a_post_500_is_not_retried_but_a_503_is() {
    let server = ScriptedServer::start(vec![Reply::status(500), Reply::status(200)]).await;
    let err = opt_out(&scripted_client_with(&server, fast_retries()), None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.api_requests().len(), 1);

    let server = ScriptedServer::start(vec![Reply::status(503), Reply::status(200)]).await;
    opt_out(&scripted_client_with(&server, fast_retries()), None)
        .await
        .unwrap();
    assert_eq!(server.api_requests().len(), 2);
    assert_eq!(server.script_left(), 0);
}

#[tokio::test]
async fn a_call_with_no_time_left_sends_nothing() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let client = scripted_client_with(&server, fast_retries().with_deadline(Duration::ZERO));
    let err = list(&client).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let token = err.token_error().expect("no token within the deadline");
    assert!(token.to_string().contains("deadline"), "{token}");
    assert!(server.api_requests().is_empty());
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
    let client = scripted_client_with(
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
    let client = scripted_client_with(&server, fast_retries());
    let call = || client.list_bookings().partner_id("p1").send();
    assert_eq!(call().await.unwrap().attempts(), 3);
    assert_eq!(
        call().await.unwrap().attempts(),
        1,
        "the server's own header is dropped"
    );
}

// --- Cut short, and out of time ------------------------------------------------

#[tokio::test]
async fn a_body_cut_short_is_retried() {
    let page = r#"{"data":[{"id":"bk-1","status":"CONFIRMED","currency":"AUD"}]}"#;
    let server = ScriptedServer::start(vec![
        Reply::Truncated(200, page.into()),
        Reply::json(200, page),
    ])
    .await;
    let listed = scripted_client(&server)
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.data[0].id.as_deref(), Some("bk-1"));
    assert_eq!(server.api_requests().len(), 2);
}

#[tokio::test]
async fn a_whole_call_ends_at_its_deadline_even_if_the_token_endpoint_hangs() {
    let server = ScriptedServer::start_with("127.0.0.1", vec![Reply::Hang], vec![]).await;
    let client = builder_for(&server.base_url)
        .retry(fast_retries().with_deadline(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = list(&client).await.unwrap_err();
    // Each attempt may take 5 s (support::builder_for): a call bounded only
    // per attempt would take at least that.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("deadline"), "{err}");
    assert!(server.api_requests().is_empty());
}

#[tokio::test]
async fn a_whole_call_ends_at_its_deadline_even_if_the_api_hangs() {
    let server = ScriptedServer::start(vec![Reply::Hang; 4]).await;
    let client = builder_for(&server.base_url)
        .retry(fast_retries().with_deadline(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = list(&client).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_what_is_left_returns_the_servers_answer_at_once() {
    let server = ScriptedServer::start(vec![
        Reply::Status(
            503,
            vec![("retry-after", "2".into())],
            r#"{"message":"maintenance"}"#.into(),
        ),
        Reply::json(200, EMPTY_PAGE),
    ])
    .await;
    let client = builder_for(&server.base_url)
        .retry(fast_retries().with_deadline(Duration::from_secs(1)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = list(&client).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert!(err.to_string().contains("maintenance"), "{err}");
    assert_eq!(server.api_requests().len(), 1);
}
