//! The shared access token: fetched once, reused by clones and tasks,
//! refreshed on expiry and after a 401, failures that do not stick, absurd
//! lifetimes, a flaky or refusing token endpoint, the token request's
//! `User-Agent`, and a token expiring under 1,000 concurrent calls.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use httpmock::prelude::*;
use serde_json::json;
use xone::{Error, TokenError};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

fn bookings_ok(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.method(GET)
            .path("/api/partners/p1/bookings")
            .header("authorization", bearer());
        then.status(200).json_body(json!({"data": []}));
    })
}

#[tokio::test]
async fn one_token_serves_many_calls_and_clones() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server);
    let api = bookings_ok(&server);
    let client = client(&server);
    let clone = client.clone();
    for c in [&client, &clone, &client] {
        c.list_bookings().partner_id("p1").send().await.unwrap();
    }
    api.assert_calls(3);
    token.assert_calls(1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_cold_calls_make_one_token_request() {
    let server = MockServer::start_async().await;
    let token = server.mock(|when, then| {
        when.method(POST).path(TOKEN_PATH);
        // Slow enough that every call arrives while it is in flight.
        then.status(200)
            .delay(Duration::from_millis(300))
            .json_body(json!({"token_type": "Bearer", "expires_in": 3600, "access_token": TOKEN}));
    });
    let api = bookings_ok(&server);
    let client = client(&server);
    let calls = (0..1000).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_bookings().partner_id("p1").send().await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    token.assert_calls(1);
    api.assert_calls(1000);
}

#[tokio::test]
async fn an_expired_token_is_refreshed() {
    let server = MockServer::start_async().await;
    // expires_in 0: stale at once, so every call needs a new one.
    let token = token_mock_with(&server, TOKEN, 0);
    let api = bookings_ok(&server);
    let client = client(&server);
    for _ in 0..2 {
        client
            .list_bookings()
            .partner_id("p1")
            .send()
            .await
            .unwrap();
    }
    api.assert_calls(2);
    token.assert_calls(2);
}

async fn failing_token_endpoint_then_recovery(
    failure: impl FnOnce(httpmock::Then) -> httpmock::Then,
) -> TokenError {
    let server = MockServer::start_async().await;
    let mut broken = server.mock(|when, then| {
        when.method(POST).path(TOKEN_PATH);
        failure(then);
    });
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client.authenticate().await.unwrap_err();

    // An operation reports the same failure, as text, and sends nothing.
    let api = bookings_ok(&server);
    let op_err = client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap_err();
    // The token's failure, typed, not text.
    let expected = if matches!(err, TokenError::Transport { timeout: true, .. }) {
        xone::ErrorKind::Timeout
    } else {
        xone::ErrorKind::Token
    };
    assert_eq!(op_err.kind(), expected, "{op_err:?}");
    let token_error = op_err.token_error().expect("the token error");
    assert_eq!(token_error.status(), err.status(), "{op_err:?}");
    api.assert_calls(0);

    // Nothing is poisoned: once the endpoint recovers, the next call works.
    broken.delete();
    token_mock(&server);
    client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    api.assert_calls(1);
    err
}

#[tokio::test]
async fn a_token_endpoint_500_is_a_clear_error_that_does_not_stick() {
    let err = failing_token_endpoint_then_recovery(|then| {
        then.status(500)
            .json_body(json!({"message": "database down"}))
    })
    .await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(
        err.to_string()
            .contains("refused with 500 Internal Server Error: database down"),
        "{err}"
    );
}

#[tokio::test]
async fn a_token_endpoint_garbage_answer_is_a_clear_error() {
    let err =
        failing_token_endpoint_then_recovery(|then| then.status(200).body("{\"access_token\": 42"))
            .await;
    assert!(matches!(err, TokenError::InvalidResponse { .. }), "{err:?}");
    assert!(err.to_string().contains("no usable token"), "{err}");
}

#[tokio::test]
async fn a_silent_token_endpoint_times_out_with_a_clear_error() {
    let err =
        failing_token_endpoint_then_recovery(|then| then.status(200).delay(Duration::from_secs(3)))
            .await;
    assert!(
        matches!(err, TokenError::Transport { timeout: true, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn bad_credentials_are_rejected_with_the_servers_message() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(POST).path(TOKEN_PATH);
        then.status(401)
            .json_body(json!({"message": "Client authentication failed"}));
    });
    let err = client(&server).authenticate().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "token request to {} was refused with 401 Unauthorized: Client authentication failed",
            server.url(TOKEN_PATH)
        )
    );
}

#[tokio::test]
async fn a_401_gets_one_new_token_and_one_replay() {
    let server = MockServer::start_async().await;
    let old = token_mock_with(&server, "old-token", 3600);
    let client = client(&server);
    client.authenticate().await.unwrap();
    old.assert_calls(1);

    let mut rejected = server.mock(|when, then| {
        when.method(GET)
            .path("/api/partners/p1/bookings")
            .header("authorization", "Bearer old-token");
        then.status(401).json_body(fixture("error-401.json"));
    });
    let mut old = old;
    old.delete();
    let new = token_mock_with(&server, "new-token", 3600);
    let accepted = server.mock(|when, then| {
        when.method(GET)
            .path("/api/partners/p1/bookings")
            .header("authorization", "Bearer new-token");
        then.status(200).json_body(json!({"data": []}));
    });

    client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    rejected.assert_calls(1);
    new.assert_calls(1);
    accepted.assert_calls(1);
    rejected.delete();
}

#[tokio::test]
async fn two_401s_return_the_api_error() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server);
    let api = server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(401).json_body(fixture("error-401.json"));
    });
    let err = client(&server)
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap_err();
    api.assert_calls(2);
    token.assert_calls(2);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
    assert_eq!(err.api_message(), Some("Unauthenticated."), "{err:?}");
}

/// A call dropped while it alone waits for the token request it started
/// (an axum handler whose client hung up) leaves that request running: a
/// later call gets its token and is not failed by a request nobody drives.
/// Dropped at points across the token request's 250 ms, and at random ones.
#[tokio::test]
async fn a_token_request_whose_only_caller_was_dropped_still_serves_later_calls() {
    use crate::support::scripted::{Reply, ScriptedServer};
    let token = Reply::json(
        200,
        &format!(r#"{{"token_type":"Bearer","expires_in":3600,"access_token":"{TOKEN}"}}"#),
    );
    let mut drops = vec![0, 1, 10, 100, 200, 240];
    drops.extend((0..6).map(|_| fastrand::u64(0..260)));
    let runs = drops.into_iter().map(|drop_after| {
        let token = token.clone();
        async move {
            let server = ScriptedServer::start_with(
                "127.0.0.1",
                vec![Reply::Delayed(Duration::from_millis(250), Box::new(token))],
                vec![Reply::json(200, EMPTY_PAGE)],
            )
            .await;
            // An attempt timeout shorter than the pause below: a request
            // left undriven would find its timer expired when polled again.
            let client = builder_for(&server.base_url)
                .timeout(Duration::from_millis(500))
                .build()
                .unwrap();
            let dropped =
                tokio::time::timeout(Duration::from_millis(drop_after), list(&client)).await;
            assert!(
                dropped.is_err(),
                "the first call ended within {drop_after} ms"
            );
            tokio::time::sleep(Duration::from_millis(700)).await;
            list(&client)
                .await
                .unwrap_or_else(|e| panic!("dropped after {drop_after} ms, then: {e}"));
            assert_eq!(
                server.token_requests().len(),
                1,
                "dropped after {drop_after} ms: the first request's token was kept"
            );
        }
    });
    futures_util::future::join_all(runs).await;
}

// --- The token request and its lifetime ---------------------------------------

#[tokio::test]
async fn an_absurd_token_lifetime_neither_panics_nor_poisons_the_client() {
    let server = MockServer::start_async().await;
    let token = token_mock_with(&server, TOKEN, i64::MAX as u64);
    let page = server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(200).json_body(json!({"data": []}));
    });
    let client = client(&server);
    for _ in 0..3 {
        list(&client).await.unwrap();
    }
    token.assert_calls(1);
    page.assert_calls(3);
}

#[tokio::test]
async fn the_token_request_carries_the_user_agent() {
    let server = ScriptedServer::start(vec![Reply::json(200, EMPTY_PAGE)]).await;
    list(&builder_for(&server.base_url).build().unwrap())
        .await
        .unwrap();
    let default_agent = concat!("xone-rust/", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        server.token_requests()[0]
            .headers
            .get("user-agent")
            .map(String::as_str),
        Some(default_agent)
    );

    let server = ScriptedServer::start(vec![Reply::json(200, EMPTY_PAGE)]).await;
    let client = builder_for(&server.base_url)
        .user_agent("billing-service/2.1")
        .build()
        .unwrap();
    list(&client).await.unwrap();
    for request in server.requests() {
        assert_eq!(
            request.headers.get("user-agent").map(String::as_str),
            Some("billing-service/2.1"),
            "{} {}",
            request.method,
            request.path
        );
    }
}

#[tokio::test]
async fn a_flaky_token_endpoint_is_retried_within_the_policy() {
    let server = ScriptedServer::start_with(
        "127.0.0.1",
        vec![
            Reply::status(503),
            Reply::Drop,
            Reply::Status(429, vec![("retry-after", "0".into())], "{}".into()),
        ],
        vec![Reply::json(200, EMPTY_PAGE)],
    )
    .await;
    list(&scripted_client(&server)).await.unwrap();
    assert_eq!(server.token_requests().len(), 4);
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_is_not_retried() {
    let server = ScriptedServer::start_with(
        "127.0.0.1",
        vec![Reply::json(401, r#"{"message":"invalid_client"}"#)],
        vec![],
    )
    .await;
    let err = scripted_client(&server).authenticate().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(err.to_string().contains("invalid_client"), "{err}");
    assert_eq!(server.token_requests().len(), 1);
}

// --- A token expiring under load ----------------------------------------------

/// A loopback API whose tokens expire: the token endpoint issues `t-N`,
/// valid one second; the API answers 401 to a token older than that.
struct ExpiringTokens {
    base_url: String,
    issued: Arc<std::sync::Mutex<Vec<tokio::time::Instant>>>,
    rejected: Arc<AtomicU64>,
}

impl ExpiringTokens {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let issued = Arc::new(std::sync::Mutex::new(Vec::new()));
        let rejected = Arc::new(AtomicU64::new(0));
        let (i, r) = (issued.clone(), rejected.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (issued, rejected) = (i.clone(), r.clone());
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut reader = tokio::io::BufReader::new(read);
                    while let Some(request) = dev_support::wire::read_request(&mut reader).await {
                        let answer = if request.path == TOKEN_PATH {
                            let mut issued = issued.lock().unwrap();
                            issued.push(tokio::time::Instant::now());
                            let body = format!(
                                r#"{{"token_type":"Bearer","expires_in":1,"access_token":"t-{}"}}"#,
                                issued.len() - 1
                            );
                            dev_support::wire::response(200, &[], body.as_bytes())
                        } else {
                            let at = request
                                .headers
                                .get("authorization")
                                .and_then(|h| h.strip_prefix("Bearer t-"))
                                .and_then(|n| n.parse::<usize>().ok())
                                .and_then(|n| issued.lock().unwrap().get(n).copied());
                            match at {
                                Some(at) if at.elapsed() <= Duration::from_secs(1) => {
                                    dev_support::wire::response(200, &[], EMPTY_PAGE.as_bytes())
                                }
                                _ => {
                                    rejected.fetch_add(1, Ordering::Relaxed);
                                    dev_support::wire::response(
                                        401,
                                        &[],
                                        br#"{"message":"expired"}"#,
                                    )
                                }
                            }
                        };
                        if !dev_support::wire::write(&mut write, &answer).await {
                            return;
                        }
                    }
                });
            }
        });
        Self {
            base_url,
            issued,
            rejected,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_expiring_under_1000_concurrent_calls_is_fetched_once_per_expiry() {
    let server = ExpiringTokens::start().await;
    let client = builder_for(&server.base_url).build().unwrap();
    let started = tokio::time::Instant::now();
    let calls: Vec<_> = (0..1000)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                // Spread over three lifetimes of the token, in three waves.
                for wave in 0..3u64 {
                    let at = Duration::from_millis(wave * 1000 + (i * 7 % 1000));
                    tokio::time::sleep_until(started + at).await;
                    list(&client).await?;
                }
                Ok::<(), Error>(())
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("no call fails");
    }
    let elapsed = started.elapsed();
    let issued = server.issued.lock().unwrap().len();
    // The client refreshes a tenth of a lifetime early: one token per 0.9 s
    // at most, plus the first.
    let most = (elapsed.as_secs_f64() / 0.9).floor() as usize + 1;
    assert!(
        issued <= most,
        "{issued} token requests in {elapsed:?} (at most {most}); {} answers were 401",
        server.rejected.load(Ordering::Relaxed)
    );
    assert!(issued >= 3, "{issued} tokens over three lifetimes");
}
