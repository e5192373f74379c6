//! What a service meets outside the happy path, at every boundary the client
//! crosses: path values that would name another resource (redirects, which
//! would carry the secret elsewhere, are `secrets`'), absurd token
//! lifetimes, bodies cut short,
//! replayed idempotency keys, a flaky token endpoint, calls with no end, and
//! pages that link back.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use httpmock::prelude::*;
use serde_json::json;
use xone::{Error, ResponseExt, types};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

// --- Path parameters cannot name another resource ---------------------------

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

// --- Token lifetimes and the token request ----------------------------------

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

// --- Retries keep their promise ----------------------------------------------

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

// --- Pagination ------------------------------------------------------------------

fn page(ids: &[&str], next: Option<String>) -> serde_json::Value {
    let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
    json!({"data": data, "links": {"next": next}})
}

#[tokio::test]
async fn a_next_link_back_to_a_page_already_seen_ends_with_an_error() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let path = "/api/partners/p1/bookings";
    server.mock(|when, then| {
        when.method(GET).path(path).query_param_missing("page");
        then.status(200)
            .json_body(page(&["b1"], Some(server.url(format!("{path}?page=2")))));
    });
    server.mock(|when, then| {
        when.method(GET).path(path).query_param("page", "2");
        then.status(200)
            .json_body(page(&["b2"], Some(server.url(format!("{path}?page=1")))));
    });
    server.mock(|when, then| {
        when.method(GET).path(path).query_param("page", "1");
        then.status(200)
            .json_body(page(&["b1"], Some(server.url(format!("{path}?page=2")))));
    });
    let client = client(&server);
    let results: Vec<Result<_, Error>> = tokio::time::timeout(
        Duration::from_secs(10),
        client.bookings("p1").take(10).collect(),
    )
    .await
    .expect("the walk ends");
    let ids: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|b| b.id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["b1", "b2"]);
    let Some(Err(err)) = results.last() else {
        panic!("expected a refusal last, got {results:?}");
    };
    let message = refusal(err);
    assert!(message.contains("page 1"), "{message}");
}

#[tokio::test]
async fn every_page_is_fetched_as_the_generated_call_fetches_the_first() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let path = "/api/partners/p1/bookings";
    let first = server.mock(|when, then| {
        when.method(GET)
            .path(path)
            .query_param_missing("page")
            .header("api-version", "1.0.0")
            .header("accept", "application/json")
            .header("authorization", bearer());
        then.status(200)
            .json_body(page(&["b1"], Some(server.url(format!("{path}?page=2")))));
    });
    let second = server.mock(|when, then| {
        when.method(GET)
            .path(path)
            .query_param("page", "2")
            .header("api-version", "1.0.0")
            .header("accept", "application/json")
            .header("authorization", bearer());
        then.status(200).json_body(page(&["b2"], None));
    });
    let client = client(&server);
    let results: Vec<Result<_, Error>> =
        tokio::time::timeout(Duration::from_secs(10), client.bookings("p1").collect())
            .await
            .expect("the walk ends");
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    first.assert();
    second.assert();
}

#[tokio::test]
async fn a_next_link_to_another_path_on_the_api_is_refused() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let path = "/api/partners/p1/bookings";
    server.mock(|when, then| {
        when.method(GET).path(path);
        then.status(200).json_body(page(
            &["b1"],
            Some(server.url("/api/partners/other/bookings?page=2")),
        ));
    });
    let other = server.mock(|when, then| {
        when.method(GET).path("/api/partners/other/bookings");
        then.status(200).json_body(page(&["stolen"], None));
    });
    let results: Vec<Result<_, Error>> = client(&server).bookings("p1").collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(
        matches!(&results[1], Err(e) if refusal(e).contains("/api/partners/other/bookings")),
        "{results:?}"
    );
    other.assert_calls(0);
}
