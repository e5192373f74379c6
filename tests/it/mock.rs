//! The `mock` feature's typed helpers, as a dependent service would use them.

use httpmock::MockServer;
use serde_json::json;
use xone::mock::MockServerExt;
use xone::types;
use xone::types::BookingList;

use crate::support::*;

#[tokio::test]
async fn typed_mocks_match_escaped_path_values_exactly() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let list: BookingList =
        serde_json::from_value(json!({"data": [fixture("booking.json")]})).unwrap();
    let awkward = server.list_bookings(|when, then| {
        when.partner_id(AWKWARD_PARTNER);
        then.ok(&list);
    });
    // `a.b` as a raw regex would also match `axb`.
    let dotted = server.list_bookings(|when, then| {
        when.partner_id("a.b");
        then.ok(&list);
    });

    let client = client(&server);
    let page = client
        .list_bookings()
        .partner_id(AWKWARD_PARTNER)
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id.as_deref(), Some("bk-1"));
    awkward.assert_calls(1);

    // No mock matches `axb`: httpmock answers 404, which the spec does not
    // document, so the call fails with that response and no other error.
    let err = client
        .list_bookings()
        .partner_id("axb")
        .send()
        .await
        .unwrap_err();
    // httpmock's 404 for an unmatched request.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    dotted.assert_calls(0);
    client
        .list_bookings()
        .partner_id("a.b")
        .send()
        .await
        .unwrap();
    dotted.assert_calls(1);
}

#[tokio::test]
async fn the_token_endpoint_mock_answers_a_token_a_refusal_or_too_late() {
    use std::time::Duration;
    use xone::mock::{TOKEN_PATH, TokenAnswer, TokenMockExt};

    // A client as a dependent would make one against the mock.
    let against = |server: &MockServer| {
        xone::Client::builder(xone::Credentials::new("id", "secret"))
            .base_url(server.base_url())
            .token_url(server.url(TOKEN_PATH))
    };

    let server = MockServer::start_async().await;
    let token = server.token_endpoint(TokenAnswer::token("tok-1").expires_in(60));
    let client = against(&server).build().unwrap();
    client.authenticate().await.unwrap();
    token.assert();

    let server = MockServer::start_async().await;
    server.token_endpoint(TokenAnswer::refused());
    let client = against(&server).build().unwrap();
    let err = client.authenticate().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");
    assert!(
        err.to_string().contains("Client authentication failed."),
        "{err}"
    );

    let server = MockServer::start_async().await;
    server.token_endpoint(TokenAnswer::token("tok-1").delay(Duration::from_secs(5)));
    let client = against(&server)
        .timeout(Duration::from_millis(100))
        .retry(xone::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = list(&client).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.token_error().is_some(), "{err:?}");
}

#[tokio::test]
async fn faults_answer_what_the_spec_does_not_document() {
    use xone::ErrorKind;
    use xone::mock::{Fault, ThenFaultExt};

    let server = MockServer::start_async().await;
    token_mock(&server);
    // A keyed write whose answer was lost: the retry gets the API's replay.
    let stored: xone::types::BookingResponse =
        serde_json::from_value(serde_json::json!({"data": {"id": "bk-1"}})).unwrap();
    server.modify_booking(|when, then| {
        when.partner_id("p1").booking_id("bk-1");
        then.fault(Fault::replay_of(&stored));
    });
    let replayed = modify(&client(&server)).await.unwrap();
    assert!(xone::ResponseExt::is_idempotent_replay(&replayed));
    assert_eq!(replayed.data.as_ref().unwrap().id.as_deref(), Some("bk-1"));

    // A 429 asking for longer than the policy waits comes back as it is.
    server.list_bookings(|when, then| {
        when.partner_id("slow");
        then.fault(Fault::status(429).retry_after(120));
    });
    server.list_bookings(|when, then| {
        when.partner_id("gateway");
        // httpmock's own `Then` takes a fault too (`ThenFaultExt`).
        then.into_inner()
            .fault(Fault::status(502).not_json("<html>Bad gateway</html>"));
    });
    let client = xone::Client::builder(xone::Credentials::new(CLIENT_ID, SECRET))
        .base_url(server.base_url())
        .token_url(server.url(TOKEN_PATH))
        .retry(xone::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client
        .list_bookings()
        .partner_id("slow")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(120)));
    assert_eq!(err.api_message(), Some("Too Many Requests"));
    let err = client
        .list_bookings()
        .partner_id("gateway")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Status);
    assert_eq!(err.body(), Some(&b"<html>Bad gateway</html>"[..]));
}

/// An answer sequence from typed mocks: a fault limited to its first
/// calls with httpmock's own `up_to_n_times`, then the documented answer.
#[tokio::test]
async fn a_sequence_first_503_then_200_is_two_mocks_in_order() {
    use xone::mock::Fault;

    let server = MockServer::start_async().await;
    token_mock(&server);
    let unavailable = server.list_bookings(|when, then| {
        when.partner_id("p1");
        then.fault(Fault::status(503).retry_after(0));
    });
    unavailable.up_to_n_times(2);
    let list = xone::fixtures::booking_list(vec![xone::fixtures::booking().build()]);
    let ok = server.list_bookings(|when, then| {
        when.partner_id("p1");
        then.ok(&list);
    });

    let page = client(&server)
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id.as_deref(), Some("BK-1"));
    unavailable.assert_calls(2);
    ok.assert_calls(1);
}

#[tokio::test]
async fn a_raw_endpoint_is_mocked_with_the_typed_answers_and_faults() {
    use xone::mock::Fault;
    use xone::mock::RawMockExt;
    let server = MockServer::start_async().await;
    token_mock(&server);
    let partner = "p 1 é&?#";
    let quote = json!({"id": "QT-1"});
    // First a 503 (a fault, once), then the quote: the client's retry of
    // the keyed write reaches the second.
    let mut unavailable = server.raw(
        xone::Method::POST,
        xone::path!("/api/partners/{}/quotes", partner),
        |when, then| {
            when.idempotency_key("k-1")
                .query_param("lang", "en & fr")
                .header("x-tenant", "acme")
                .json_body(&json!({"policy_type": "parcel"}));
            then.fault(Fault::status(503));
        },
    );
    let client = client(&server);
    let call = || {
        client
            .request(
                xone::Method::POST,
                xone::path!("/api/partners/{}/quotes", partner),
            )
            .operation("create_quote")
            .idempotency_key("k-1")
            .query(&[("lang", "en & fr")])
            .header("x-tenant", "acme")
            .json(&json!({"policy_type": "parcel"}))
            .success_status(xone::StatusCode::CREATED)
            .send::<serde_json::Value>()
    };
    let err = client
        .with_retry(xone::RetryPolicy::default().with_max_attempts(1))
        .request(
            xone::Method::POST,
            xone::path!("/api/partners/{}/quotes", partner),
        )
        .idempotency_key("k-1")
        .query(&[("lang", "en & fr")])
        .header("x-tenant", "acme")
        .json(&json!({"policy_type": "parcel"}))
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    unavailable.assert_calls(1);
    unavailable.delete();
    let created = server.raw(
        xone::Method::POST,
        xone::path!("/api/partners/{}/quotes", partner),
        |when, then| {
            when.idempotency_key("k-1");
            then.json(201, &quote);
        },
    );
    let answer = call().await.unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    assert_eq!(answer.into_inner(), quote);
    created.assert_calls(1);
}

#[test]
#[should_panic(expected = "no request can match this raw mock")]
fn a_raw_mock_of_a_path_the_client_refuses_is_refused_too() {
    use xone::mock::RawMockExt;
    let server = MockServer::start();
    server.raw(
        xone::Method::GET,
        xone::path!("/api/partners/{}/quotes", "a/b"),
        |_, then| {
            then.status(200);
        },
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn the_idempotency_key_has_one_name_and_the_old_one_still_builds() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let stored: xone::types::BookingResponse =
        serde_json::from_value(json!({"data": {"id": "bk-1"}})).unwrap();
    let new_name = server.modify_booking(|when, then| {
        when.partner_id("p1").idempotency_key("k-new");
        then.ok(&stored);
    });
    let old_name = server.modify_booking(|when, then| {
        when.partner_id("p1").x_idempotency_key("k-old");
        then.ok(&stored);
    });
    let client = client(&server);
    for key in ["k-new", "k-old"] {
        let call = client
            .modify_booking()
            .partner_id("p1")
            .booking_id("bk-1")
            .body(modify_request());
        let call = if key == "k-new" {
            call.idempotency_key(key)
        } else {
            call.x_idempotency_key(key)
        };
        call.send().await.unwrap();
    }
    new_name.assert_calls(1);
    old_name.assert_calls(1);
}

#[tokio::test]
async fn a_script_answers_in_sequence_and_keeps_what_each_request_carried() {
    use xone::mock::{Answer, Fault, MockExpectExt, Script};
    let server = MockServer::start_async().await;
    token_mock(&server);
    let stored: xone::types::BookingResponse =
        serde_json::from_value(json!({"data": {"id": "bk-1"}})).unwrap();
    // 503, then the success: the client's retry of the keyed write gets it.
    let script = Script::new([Answer::from(Fault::status(503)), Answer::json(200, &stored)]);
    let mock = server
        .modify_booking(|when, then| {
            when.partner_id("p1");
            then.script(&script);
        })
        .times(2);
    let answer = modify(&client(&server)).await.unwrap();
    assert_eq!(answer.data.as_ref().unwrap().id.as_deref(), Some("bk-1"));
    let received = script.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.method, "PATCH");
        assert_eq!(request.path, "/api/partners/p1/bookings/bk-1");
        assert_eq!(request.header("authorization"), Some("Bearer [redacted]"));
        assert_eq!(
            request.body,
            Some(serde_json::to_value(modify_request()).unwrap())
        );
    }
    assert_eq!(
        received[0].header("x-idempotency-key"),
        received[1].header("x-idempotency-key"),
        "the retry kept its key"
    );
    drop(mock); // checked here: two calls, as expected
}

#[test]
#[should_panic(expected = "expected to be called 1 time(s) was called 0 time(s)")]
fn an_expectation_not_met_fails_the_test_when_the_mock_goes() {
    use xone::mock::MockExpectExt;
    let server = MockServer::start();
    let _mock = server
        .list_bookings(|when, then| {
            when.partner_id("p1");
            then.ok(&BookingList::default());
        })
        .times(1);
}

#[test]
fn an_expectation_taken_back_is_not_checked() {
    use xone::mock::MockExpectExt;
    let server = MockServer::start();
    let expected = server
        .list_bookings(|when, then| {
            when.partner_id("p1");
            then.ok(&BookingList::default());
        })
        .expect(3);
    let mock = expected.forget();
    mock.assert_calls(0);
}

#[tokio::test]
async fn the_token_endpoint_answers_a_script_a_fault_or_a_token() {
    use xone::mock::{Answer, Fault, Script, TOKEN_PATH, TokenAnswer, TokenMockExt};
    let server = MockServer::start_async().await;
    // The token endpoint is unavailable once, then gives a token: the
    // client's retry of the token request gets it.
    let tokens = Script::new([
        Answer::from(TokenAnswer::fault(Fault::status(503).retry_after(0))),
        Answer::from(TokenAnswer::token(TOKEN)),
    ]);
    server.token_script(&tokens);
    let page: BookingList = serde_json::from_value(json!({"data": []})).unwrap();
    server.list_bookings(|when, then| {
        when.partner_id("p1");
        then.ok(&page);
    });
    let client = xone::Client::builder(xone::Credentials::new(CLIENT_ID, SECRET))
        .base_url(server.base_url())
        .token_url(server.url(TOKEN_PATH))
        .retry(fast_retries())
        .build()
        .unwrap();
    list(&client).await.unwrap();
    let received = tokens.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].body.as_ref().unwrap()["client_secret"],
        "[redacted]"
    );
    assert!(!format!("{received:?}").contains(SECRET));
}

#[tokio::test]
async fn a_typed_mock_for_one_id_matches_no_call_for_another() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let page: types::BookingList = serde_json::from_str(EMPTY_PAGE).unwrap();
    let listed = server.list_bookings(|when, then| {
        when.partner_id("p1");
        then.ok(&page);
    });
    let cancelled = server.cancel_booking_policies(|when, then| {
        when.partner_id("p1").booking_id("bk-1");
        then.ok(&serde_json::from_value(json!({"data": {"id": "bk-1"}})).unwrap());
    });
    let client = client(&server);
    for other in ["p2", "p10", "xp1", "p1x", "P1", "p.1"] {
        let err = client
            .list_bookings()
            .partner_id(other)
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(404),
            "{other}: {err:?}"
        );
    }
    for (partner, booking) in [
        ("p1", "bk-10"),
        ("p1", "bk-"),
        ("p2", "bk-1"),
        ("p1", "xbk-1"),
    ] {
        let err = client
            .cancel_booking_policies()
            .partner_id(partner)
            .booking_id(booking)
            .body(types::CancelBookingPoliciesBody::default())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(404),
            "{partner} {booking}: {err:?}"
        );
    }
    listed.assert_calls(0);
    cancelled.assert_calls(0);
    // The right call still matches.
    client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap();
    listed.assert_calls(1);
}
