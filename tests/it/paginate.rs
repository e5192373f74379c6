//! The bookings stream: every page in order, and never a token to a foreign host.

use futures_util::TryStreamExt;
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
