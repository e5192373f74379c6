//! The bookings stream: every page in order, never a token to a foreign
//! host, and pages that link back or to another path.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use serde_json::{Value, json};
use xone::Error;

use crate::support::*;

fn page(ids: &[&str], next: Option<String>) -> Value {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut booking = fixture("booking.json");
            booking["id"] = json!(id);
            booking
        })
        .collect();
    json!({"data": data, "links": {"next": next}, "meta": {"total": 5}})
}

#[tokio::test]
async fn every_booking_across_three_pages_in_order() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server);
    let path = "/api/partners/p1/bookings";
    let first = server.mock(|when, then| {
        when.method(GET)
            .path(path)
            .query_param_missing("page")
            .header("authorization", bearer());
        then.status(200).json_body(page(
            &["b1", "b2"],
            Some(server.url(format!("{path}?page=2"))),
        ));
    });
    let second = server.mock(|when, then| {
        when.method(GET)
            .path(path)
            .query_param("page", "2")
            .header("authorization", bearer());
        then.status(200).json_body(page(
            &["b3", "b4"],
            Some(server.url(format!("{path}?page=3"))),
        ));
    });
    let third = server.mock(|when, then| {
        when.method(GET)
            .path(path)
            .query_param("page", "3")
            .header("authorization", bearer());
        then.status(200).json_body(page(&["b5"], None));
    });

    let client = client(&server);
    let bookings: Vec<_> = client.bookings("p1").try_collect().await.unwrap();
    let ids: Vec<_> = bookings.iter().map(|b| b.id.clone().unwrap()).collect();
    assert_eq!(ids, ["b1", "b2", "b3", "b4", "b5"]);
    for mock in [&first, &second, &third] {
        mock.assert();
    }
    token.assert_calls(1);
}

#[tokio::test]
async fn a_next_link_to_another_host_fails_without_sending_the_token_there() {
    let server = MockServer::start_async().await;
    let foreign = MockServer::start_async().await;
    token_mock(&server);
    let lure = foreign.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(page(&["stolen"], None));
    });
    server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(200).json_body(page(
            &["b1"],
            Some(foreign.url("/api/partners/p1/bookings?page=2")),
        ));
    });

    let client = client(&server);
    let results: Vec<Result<_, Error>> =
        futures_util::StreamExt::collect(client.bookings("p1")).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id.as_deref(), Some("b1"));
    let Err(err) = &results[1] else {
        panic!("expected a refusal, got {:?}", results[1]);
    };
    let message = refusal(err);
    assert!(
        message.contains("refusing to follow links.next"),
        "{message}"
    );
    lure.assert_calls(0);
}

// --- Pages that link back or away ---------------------------------------------

fn id_page(ids: &[&str], next: Option<String>) -> serde_json::Value {
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
            .json_body(id_page(&["b1"], Some(server.url(format!("{path}?page=2")))));
    });
    server.mock(|when, then| {
        when.method(GET).path(path).query_param("page", "2");
        then.status(200)
            .json_body(id_page(&["b2"], Some(server.url(format!("{path}?page=1")))));
    });
    server.mock(|when, then| {
        when.method(GET).path(path).query_param("page", "1");
        then.status(200)
            .json_body(id_page(&["b1"], Some(server.url(format!("{path}?page=2")))));
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
            .json_body(id_page(&["b1"], Some(server.url(format!("{path}?page=2")))));
    });
    let second = server.mock(|when, then| {
        when.method(GET)
            .path(path)
            .query_param("page", "2")
            .header("api-version", "1.0.0")
            .header("accept", "application/json")
            .header("authorization", bearer());
        then.status(200).json_body(id_page(&["b2"], None));
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
        then.status(200).json_body(id_page(
            &["b1"],
            Some(server.url("/api/partners/other/bookings?page=2")),
        ));
    });
    let other = server.mock(|when, then| {
        when.method(GET).path("/api/partners/other/bookings");
        then.status(200).json_body(id_page(&["stolen"], None));
    });
    let results: Vec<Result<_, Error>> = client(&server).bookings("p1").collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(
        matches!(&results[1], Err(e) if refusal(e).contains("/api/partners/other/bookings")),
        "{results:?}"
    );
    other.assert_calls(0);
}
