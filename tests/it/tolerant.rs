//! Types that survive the real API: the answers the one-sample spec never
//! showed (fractional and string money, timestamps without an offset or with
//! a space, microseconds, Laravel's empty pages) decode and round-trip, and
//! where the spec is sure, a wrong shape still fails with a clear error.

use std::str::FromStr;

use httpmock::prelude::*;
use serde_json::{Value, json};
use xone::types::BookingList;
use xone::{Error, Money, RateLimit, ResponseExt};

use crate::support::*;

const PATH: &str = "/api/partners/p1/bookings";

async fn list_answering(
    body: Value,
    headers: &[(&str, &str)],
) -> Result<xone::ResponseValue<BookingList>, Error> {
    let server = MockServer::start_async().await;
    token_mock(&server);
    server.mock(|when, then| {
        when.method(GET).path(PATH);
        let mut then = then.status(200).json_body(body);
        for (name, value) in headers {
            then = then.header(*name, *value);
        }
    });
    client(&server)
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
}

fn money(text: &str) -> Option<Money> {
    Some(Money::from_str(text).unwrap())
}

#[tokio::test]
async fn every_tolerated_variant_decodes_exactly() {
    let page = list_answering(fixture("bookings-as-the-real-api-varies.json"), &[])
        .await
        .unwrap()
        .into_inner();
    let booking = &page.data[0];
    assert_eq!(booking.price, money("12.5"));
    let policy = &booking.policies[0];
    assert_eq!(policy.price, money("12.50"));
    assert_eq!(policy.tax, money("1.15"));
    assert_eq!(policy.commission, money("0.30000000000000000000000001"));
    assert_eq!(policy.cover_amount, money("2500.75"));
    let extra = policy.extra_fields.as_ref().unwrap();
    assert_eq!(extra.retail_premium, money("13.65"));
    assert_eq!(extra.uw_fee, money("0.5"));
    assert_eq!(extra.cg_revenue, money("2"));
    assert_eq!(extra.get_tickets[0].price, money("40.25"));
    let cancellation = &booking.cancellations[0];
    assert_eq!(cancellation.total_refund, money("12.50"));
    assert_eq!(cancellation.policies[0].adjustment_fee, money("0.99"));

    // Timestamps keep what was sent: offset or not, fractions included.
    let shown = |t: &Option<xone::Timestamp>| t.map(|t| t.to_string());
    assert_eq!(
        shown(&booking.created_at).as_deref(),
        Some("2026-01-02T03:04:05.123456Z")
    );
    assert_eq!(
        shown(&booking.updated_at).as_deref(),
        Some("2026-01-02T03:04:05")
    );
    assert_eq!(booking.updated_at.unwrap().offset(), None);
    assert_eq!(
        shown(&policy.policy_end_date).as_deref(),
        Some("2026-03-08T23:59:59")
    );
    let confirmed = policy.confirmed_at.unwrap();
    assert_eq!(
        confirmed.offset().map(|o| o.local_minus_utc()),
        Some(36_000)
    );
    assert_eq!(
        confirmed.to_utc().unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert_eq!(policy.cancelled_at, None);
    assert_eq!(
        shown(&cancellation.confirmed_at).as_deref(),
        Some("2026-01-03T10:00:00.500")
    );
    let meta = page.meta.as_ref().unwrap();
    assert_eq!(meta.links[0].url, None);
}

#[tokio::test]
async fn what_was_decoded_encodes_to_what_decodes_the_same() {
    let page = list_answering(fixture("bookings-as-the-real-api-varies.json"), &[])
        .await
        .unwrap()
        .into_inner();
    let encoded = serde_json::to_value(&page).unwrap();
    let again: BookingList = serde_json::from_value(encoded.clone()).unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), encoded);
    // Amounts go out as numbers where a number reads back the same, as
    // strings where it would not; timestamps as they came.
    let policy = &encoded["data"][0]["policies"][0];
    assert_eq!(policy["price"], json!(12.5));
    assert_eq!(policy["commission"], json!("0.30000000000000000000000001"));
    assert_eq!(policy["policy_start_date"], json!("2026-03-01T00:00:00"));
}

#[tokio::test]
async fn an_empty_laravel_page_decodes() {
    let empty = json!({
        "data": [],
        "links": {"first": "https://api.xone.xcover.com/x?page=1", "last": "https://api.xone.xcover.com/x?page=1", "prev": null, "next": null},
        "meta": {"current_page": 1, "from": null, "to": null, "last_page": 1, "per_page": 15, "total": 0,
                 "links": [{"url": null, "label": "&laquo; Previous", "active": false},
                           {"url": "https://api.xone.xcover.com/x?page=1", "label": "1", "active": true}]}
    });
    let page = list_answering(empty, &[]).await.unwrap().into_inner();
    let meta = page.meta.unwrap();
    assert_eq!((meta.from, meta.to, meta.total), (None, None, Some(0)));
    assert_eq!(
        meta.links[1].url.as_deref(),
        Some("https://api.xone.xcover.com/x?page=1")
    );
}

#[tokio::test]
async fn where_the_spec_is_sure_a_wrong_shape_still_fails_clearly() {
    for (body, expected) in [
        // An object the spec is sure of, sent as a string.
        (
            json!({"data": [{"id": "bk-1", "policyholder": "Ada Lovelace"}]}),
            "expected struct Policyholder",
        ),
        // An amount that is no number at all.
        (
            json!({"data": [{"id": "bk-1", "price": "twelve"}]}),
            "is not an amount of money",
        ),
        // A timestamp that is no time at all.
        (
            json!({"data": [{"id": "bk-1", "created_at": "last Tuesday"}]}),
            "is not a timestamp",
        ),
    ] {
        let sent = serde_json::to_vec(&body).unwrap();
        let err = list_answering(body, &[]).await.unwrap_err();
        assert_eq!(err.kind(), xone::ErrorKind::InvalidBody, "{err:?}");
        let source = std::error::Error::source(&err).expect("the decoding error");
        assert!(source.to_string().contains(expected), "{source}");
        // Nothing the server said is lost.
        assert_eq!(err.body(), Some(sent.as_slice()));
    }
}

#[tokio::test]
async fn rate_limit_and_request_id_are_typed() {
    let response = list_answering(
        json!({"data": []}),
        &[
            ("x-ratelimit-limit", "60"),
            ("x-ratelimit-remaining", "59"),
            ("cf-ray", "8f1e2d3c4b5a6978-SYD"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        response.rate_limit(),
        Some(RateLimit {
            limit: 60,
            remaining: 59
        })
    );
    assert_eq!(response.cf_ray(), Some("8f1e2d3c4b5a6978-SYD"));

    let bare = list_answering(json!({"data": []}), &[("x-ratelimit-limit", "lots")])
        .await
        .unwrap();
    assert_eq!(bare.rate_limit(), None);
    assert_eq!(bare.cf_ray(), None);
}

#[test]
fn money_encodes_its_value_exactly_as_a_number_but_not_its_trailing_zeros() {
    // What the README promises, case by case: the spec says `type: number`,
    // so an amount goes out as a JSON number whenever one reads back as the
    // same value; the scale (`24.00` against `24`) is the decoded value's
    // own, shown by `amount()` and `Display`, but not encoded.
    for (text, encoded) in [
        ("24.00", "24"),
        ("12.50", "12.5"),
        ("12.5", "12.5"),
        ("-0.10", "-0.1"),
        ("24", "24"),
        // More digits than an f64 keeps: a string, never rounded.
        (
            "0.30000000000000000000000001",
            r#""0.30000000000000000000000001""#,
        ),
    ] {
        let money = Money::from_str(text).unwrap();
        assert_eq!(money.to_string(), text, "the scale is kept in Rust");
        assert_eq!(serde_json::to_string(&money).unwrap(), encoded, "{text}");
        let back: Money = serde_json::from_str(encoded).unwrap();
        assert_eq!(back, money, "{text}: the value survives the round trip");
    }
}
