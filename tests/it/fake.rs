//! The fake XONE as a dependent service uses it: a booking's life through
//! the typed client, and each rule the fake enforces (tokens, partners,
//! idempotency, request bodies) and each fault it injects, seen from the
//! client and, where the client would hide it, from the wire.

use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::json;
use xone::fake::{FakeXone, Fault, Operation, SeenRequest};
use xone::{Client, ErrorKind, ResponseExt, RetryPolicy, fixtures, types};

/// Retries fast enough for tests, same rules as the default.
fn fast() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn client(fake: &FakeXone) -> Client {
    fake.client_builder().retry(fast()).build().unwrap()
}

fn cancel_body(policies: &[&str]) -> types::CancelBookingPoliciesBody {
    serde_json::from_value(json!({
        "policies": policies.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()
    }))
    .unwrap()
}

fn modify_body(policy: &str, start: &str) -> types::ModifyBookingRequest {
    serde_json::from_value(json!({
        "policies": [{"id": policy, "policy_start_date": start, "update_fields": {}}]
    }))
    .unwrap()
}

/// `cancel_booking_policies` of every active policy of `booking`.
async fn cancel_all(
    client: &Client,
    partner: &str,
    booking: &str,
) -> Result<xone::ResponseValue<types::BookingResponse>, xone::Error> {
    client
        .cancel_booking_policies()
        .partner_id(partner)
        .booking_id(booking)
        .send()
        .await
}

/// `cancel_booking_confirm_preview` of `cancellation`, without a reason.
async fn confirm(
    client: &Client,
    partner: &str,
    booking: &str,
    cancellation: &str,
) -> Result<xone::ResponseValue<types::BookingResponse>, xone::Error> {
    client
        .cancel_booking_confirm_preview()
        .partner_id(partner)
        .booking_id(booking)
        .cancellation_id(cancellation)
        .body(types::CancelBookingConfirmPreviewBody { reason: None })
        .send()
        .await
}

/// `value` as JSON, to compare generated types (which have no `PartialEq`).
fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

/// A client patient enough to outwait a slow first call even on a loaded
/// machine (up to ten seconds; a CI run with ten attempts once ran out):
/// a second call normally succeeds on its first retry after 300 ms.
fn patient(fake: &FakeXone) -> Client {
    fake.client_builder()
        .retry(
            RetryPolicy::default()
                .with_max_attempts(100)
                .with_backoff(Duration::from_millis(50), Duration::from_millis(100)),
        )
        .build()
        .unwrap()
}

/// The statuses the fake answered to `target` (an operation of the spec
/// or a taught route), in order.
fn statuses(fake: &FakeXone, target: impl Into<xone::fake::Target>) -> Vec<Option<u16>> {
    let name = target.into().name();
    fake.requests()
        .into_iter()
        .filter(|r| r.operation.map(Operation::id).or(r.route) == Some(name))
        .map(|r| r.status)
        .collect()
}

#[tokio::test]
async fn a_booking_is_modified_cancelled_and_confirmed_and_each_step_is_kept() {
    let fake = FakeXone::builder()
        .bookings([fixtures::booking()
            .policies([fixtures::policy().id("P-1"), fixtures::policy().id("P-2")])
            .build()])
        .start()
        .await;
    let client = client(&fake);
    let partner = fake.partner_id();

    let preview = client
        .modify_booking_preview()
        .partner_id(partner)
        .booking_id("BK-1")
        .body(modify_body("P-1", "2026-06-01T00:00:00Z"))
        .send()
        .await
        .unwrap();
    let shown = preview.data.as_ref().unwrap().policies[0].policy_start_date;
    assert_eq!(shown.unwrap().to_string(), "2026-06-01T00:00:00Z");
    let kept = fake.booking("BK-1").unwrap().policies[0].policy_start_date;
    assert_ne!(
        kept.unwrap().to_string(),
        "2026-06-01T00:00:00Z",
        "a preview keeps nothing"
    );

    client
        .modify_booking()
        .partner_id(partner)
        .booking_id("BK-1")
        .body(modify_body("P-1", "2026-06-01T00:00:00Z"))
        .send()
        .await
        .unwrap();
    let listed: Vec<types::Booking> = client.bookings(partner).try_collect().await.unwrap();
    let start = listed[0].policies[0].policy_start_date;
    assert_eq!(start.unwrap().to_string(), "2026-06-01T00:00:00Z");

    let cancelled = client
        .cancel_booking_policies()
        .partner_id(partner)
        .booking_id("BK-1")
        .body(cancel_body(&["P-2"]))
        .send()
        .await
        .unwrap();
    let booking = cancelled.into_inner().data.unwrap();
    assert_eq!(booking.status.as_deref(), Some("PENDING_CANCELLATION"));
    let cancellation = booking.cancellations[0].id.clone().unwrap();

    let confirmed = confirm(&client, partner, "BK-1", &cancellation)
        .await
        .unwrap();
    let booking = confirmed.into_inner().data.unwrap();
    // One policy of two is cancelled: the booking stands.
    assert_eq!(booking.status.as_deref(), Some("CONFIRMED"));
    assert_eq!(booking.policies[1].status.as_deref(), Some("CANCELLED"));
    assert!(booking.cancellations[0].confirmed_at.is_some());

    // The rest goes too, and then the booking is cancelled.
    let cancelled = cancel_all(&client, partner, "BK-1").await.unwrap();
    let second = cancelled.into_inner().data.unwrap().cancellations[1]
        .id
        .clone()
        .unwrap();
    confirm(&client, partner, "BK-1", &second).await.unwrap();
    assert_eq!(
        fake.booking("BK-1").unwrap().status.as_deref(),
        Some("CANCELLED")
    );

    // A cancellation confirmed twice is refused, with the API's 422 shape.
    let again = confirm(&client, partner, "BK-1", &second)
        .await
        .unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(422));
    assert!(
        again
            .api_error()
            .unwrap()
            .errors
            .contains_key("cancellation")
    );
}

#[tokio::test]
async fn an_offer_is_opted_out_of() {
    let fake = FakeXone::start().await;
    assert!(!fake.opted_out("OF-1"));
    client(&fake)
        .opt_out_offer()
        .partner_id(fake.partner_id())
        .offer_id("OF-1")
        .body(types::OptOutOfferBody { customer: None })
        .send()
        .await
        .unwrap();
    assert!(fake.opted_out("OF-1"));
}

#[tokio::test]
async fn bookings_are_paged_and_the_client_follows_every_page() {
    let bookings = (0..23).map(|i| fixtures::booking().id(&format!("BK-{i:02}")).build());
    let fake = FakeXone::builder().bookings(bookings).start().await;
    let client = client(&fake);
    let all: Vec<types::Booking> = client
        .bookings(fake.partner_id())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().filter_map(|b| b.id.clone()).collect();
    assert_eq!(ids.len(), 23);
    assert_eq!(ids.first().map(String::as_str), Some("BK-00"));
    assert_eq!(ids.last().map(String::as_str), Some("BK-22"));
    assert_eq!(statuses(&fake, Operation::ListBookings), [Some(200); 3]);
}

#[tokio::test]
async fn another_partners_booking_is_not_found_and_its_own_partner_reaches_it() {
    let fake = FakeXone::start().await;
    let other = fake
        .add_partner("partner-2", [fixtures::booking().id("BK-2").build()])
        .retry(fast())
        .build()
        .unwrap();
    let mine = client(&fake);

    // Partner 1's token on partner 2's path, and on its own path with
    // partner 2's booking id: both 404, nothing changed.
    for (path_partner, booking) in [("partner-2", "BK-2"), (fake.partner_id(), "BK-2")] {
        let err = cancel_all(&mine, path_partner, booking).await.unwrap_err();
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(404),
            "{path_partner}"
        );
    }
    let theirs = fake.booking_of("partner-2", "BK-2").unwrap();
    assert_eq!(theirs.status.as_deref(), Some("CONFIRMED"));

    let page = other
        .list_bookings()
        .partner_id("partner-2")
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id.as_deref(), Some("BK-2"));
}

#[tokio::test]
async fn an_expired_token_is_refused_and_the_client_fetches_another() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    client
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap();
    assert_eq!(fake.tokens_issued(), 1);

    fake.expire_tokens();
    client
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap();
    assert_eq!(fake.tokens_issued(), 2);
    assert_eq!(
        statuses(&fake, Operation::ListBookings),
        [Some(200), Some(401), Some(200)]
    );
}

#[tokio::test]
async fn a_short_token_lifetime_is_what_the_client_is_told_and_it_refreshes_ahead() {
    let fake = FakeXone::builder()
        .token_lifetime(Duration::from_secs(1))
        .start()
        .await;
    let client = client(&fake);
    client
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap();
    // Past the lifetime: the client knows the token lapsed and asks for a
    // new one before the call, so the fake never answers 401.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap();
    assert_eq!(fake.tokens_issued(), 2);
    assert_eq!(
        statuses(&fake, Operation::ListBookings),
        [Some(200), Some(200)]
    );
}

#[tokio::test]
async fn wrong_credentials_get_no_token() {
    let fake = FakeXone::start().await;
    let client = Client::builder(xone::Credentials::new("fake-client-1", "not-the-secret"))
        .base_url(fake.base_url())
        .token_url(format!("{}/api/oauth/token", fake.base_url()))
        .retry(fast())
        .build()
        .unwrap();
    let err = client.authenticate().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(fake.tokens_issued(), 0);
}

#[tokio::test]
async fn a_repeated_key_replays_the_stored_success_and_changes_nothing_twice() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    let cancel = || {
        client
            .cancel_booking_policies()
            .partner_id(fake.partner_id())
            .booking_id("BK-1")
            .idempotency_key("key-1")
            .send()
    };
    let first = cancel().await.unwrap();
    assert!(!first.is_idempotent_replay());
    let repeat = cancel().await.unwrap();
    assert!(repeat.is_idempotent_replay());
    assert_eq!(
        json(&repeat.data),
        json(&first.data),
        "the replay is the stored success"
    );
    assert_eq!(fake.booking("BK-1").unwrap().cancellations.len(), 1);
    assert_eq!(
        statuses(&fake, Operation::CancelBookingPolicies),
        [Some(200), Some(409)]
    );

    // The same key for another body, or on another operation, is a real
    // conflict: a 409 in the API's error shape, which the client keeps as
    // an error (the README's rule), not a replay.
    let other_body = client
        .cancel_booking_policies()
        .partner_id(fake.partner_id())
        .booking_id("BK-1")
        .idempotency_key("key-1")
        .body(cancel_body(&["POL-1"]))
        .send()
        .await
        .unwrap_err();
    let other_operation = client
        .opt_out_offer()
        .partner_id(fake.partner_id())
        .offer_id("OF-1")
        .idempotency_key("key-1")
        .body(types::OptOutOfferBody { customer: None })
        .send()
        .await
        .unwrap_err();
    for err in [other_body, other_operation] {
        assert_eq!(err.kind(), ErrorKind::Status, "{err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
        assert!(err.api_message().unwrap().contains("already used"), "{err}");
    }
    assert!(
        !fake.opted_out("OF-1"),
        "nothing was done under the reused key"
    );
}

#[tokio::test]
async fn a_lost_answer_is_retried_under_its_key_and_the_change_is_made_once() {
    let fake = FakeXone::start().await;
    fake.lose_next_answer(Operation::CancelBookingPolicies);
    let response = client(&fake)
        .cancel_booking_policies()
        .partner_id(fake.partner_id())
        .booking_id("BK-1")
        .send()
        .await
        .unwrap();
    assert!(response.is_idempotent_replay());
    assert_eq!(fake.booking("BK-1").unwrap().cancellations.len(), 1);
    let seen: Vec<SeenRequest> = fake
        .requests()
        .into_iter()
        .filter(|r| r.operation == Some(Operation::CancelBookingPolicies))
        .collect();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].status, None, "the first answer was lost");
    assert_eq!(seen[1].status, Some(409));
    assert_eq!(seen[0].idempotency_key, seen[1].idempotency_key);
    assert!(seen[0].idempotency_key.is_some());
}

#[tokio::test]
async fn an_answer_cut_short_is_a_transport_error_and_its_retry_a_replay() {
    let fake = FakeXone::start().await;
    fake.cut_next_answer_short(Operation::ModifyBooking);
    fake.cut_next_answer_short(Operation::ListBookings);
    let response = client(&fake)
        .modify_booking()
        .partner_id(fake.partner_id())
        .booking_id("BK-1")
        .body(modify_body("POL-1", "2026-06-01T00:00:00Z"))
        .send()
        .await
        .unwrap();
    assert!(response.is_idempotent_replay());
    assert_eq!(
        statuses(&fake, Operation::ModifyBooking),
        [Some(200), Some(409)]
    );

    // Without retries the cut is the caller's to see, as a transport error.
    let err = fake
        .client_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
}

#[tokio::test]
async fn a_key_still_in_flight_is_locked_and_the_client_waits_it_out() {
    let fake = FakeXone::start().await;
    fake.slow_next(Operation::CancelBookingPolicies, Duration::from_millis(300));
    let client = patient(&fake);
    let call = || {
        client
            .cancel_booking_policies()
            .partner_id(fake.partner_id())
            .booking_id("BK-1")
            .idempotency_key("key-slow")
            .send()
    };
    let (first, second) = tokio::join!(call(), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        call().await
    });
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(json(&first.data), json(&second.data));
    assert!(second.is_idempotent_replay());
    let seen = statuses(&fake, Operation::CancelBookingPolicies);
    assert!(seen.contains(&Some(423)), "{seen:?}");
    assert_eq!(seen.last(), Some(&Some(409)), "{seen:?}");
    assert_eq!(fake.booking("BK-1").unwrap().cancellations.len(), 1);
}

#[tokio::test]
async fn an_injected_503_is_retried_after_its_retry_after_and_changes_nothing() {
    let fake = FakeXone::start().await;
    fake.fail_next(Operation::ListBookings, Fault::status(503).retry_after(0));
    fake.fail_next(Operation::ListBookings, Fault::status(503));
    let page = client(&fake)
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(
        statuses(&fake, Operation::ListBookings),
        [Some(503), Some(503), Some(200)]
    );
}

#[tokio::test]
async fn a_fault_reaches_the_caller_with_its_status_and_body() {
    let fake = FakeXone::start().await;
    fake.fail_next(Operation::ModifyBooking, Fault::status(500));
    let err = client(&fake)
        .modify_booking()
        .partner_id(fake.partner_id())
        .booking_id("BK-1")
        .body(modify_body("POL-1", "2026-06-01T00:00:00Z"))
        .send()
        .await
        .unwrap_err();
    // A keyed write is not retried on a 500 by default.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.api_message(), Some("Internal Server Error"));
    assert_eq!(statuses(&fake, Operation::ModifyBooking), [Some(500)]);
    let kept = fake.booking("BK-1").unwrap().policies[0].policy_start_date;
    assert_ne!(kept.unwrap().to_string(), "2026-06-01T00:00:00Z");
}

#[tokio::test]
async fn a_slow_fault_is_a_timeout_for_a_caller_with_a_deadline() {
    let fake = FakeXone::start().await;
    fake.fail_next(
        Operation::ListBookings,
        Fault::status(200).delay(Duration::from_secs(5)),
    );
    let client = fake
        .client_builder()
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
}

/// What the typed client cannot send, on the wire: the fake checks every
/// request body against the spec and answers 422 naming the misfit.
#[tokio::test]
async fn a_request_body_that_does_not_fit_the_spec_is_refused_with_its_place() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    let path = format!("/api/partners/{}/bookings/BK-1", fake.partner_id());
    for (body, place) in [
        (
            json!({"policies": [{"id": 7, "update_fields": {}}]}),
            "policies.*.id",
        ),
        (
            json!({"policies": [{"id": "POL-1"}]}),
            "policies.0.update_fields",
        ),
        (json!({}), "policies"),
    ] {
        let err = client
            .request(xone::Method::PATCH, &path)
            .json(&body)
            .send_bytes()
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(422), "{body}");
        let errors = &err.api_error().unwrap().errors;
        assert!(errors.contains_key(place), "{body}: {errors:?}");
    }
    let kept = fake.booking("BK-1").unwrap();
    assert_eq!(kept.updated_at, fixtures::booking().build().updated_at);
}

#[tokio::test]
async fn a_path_that_is_no_operation_is_not_found_and_a_wrong_method_is_405() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    let partner = fake.partner_id();
    let not_found = client
        .request(
            xone::Method::GET,
            format!("/api/partners/{partner}/nothing"),
        )
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(not_found.status().map(|s| s.as_u16()), Some(404));
    let wrong_method = client
        .request(
            xone::Method::PUT,
            format!("/api/partners/{partner}/bookings"),
        )
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(wrong_method.status().map(|s| s.as_u16()), Some(405));
}

/// An id holding `/` or `\` stays one segment: the fake decodes it as the
/// id, so it names no other booking (and none with that id exists).
#[tokio::test]
async fn an_id_with_separators_names_no_other_booking() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    for id in ["BK-1/preview", "..\\BK-1", "BK-1%2F"] {
        let err = cancel_all(&client, fake.partner_id(), id)
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{id}");
    }
    assert_eq!(
        fake.booking("BK-1").unwrap().status.as_deref(),
        Some("CONFIRMED")
    );
}

/// Every operation, success and refusals alike: none of the fake's
/// answers fails its own check against the spec (which would be a 500
/// naming the misfit), so every answer a test sees is one the spec allows.
#[tokio::test]
async fn every_answer_of_every_operation_fits_the_spec() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    let partner = fake.partner_id();
    let _ = client
        .list_bookings()
        .partner_id(partner)
        .send()
        .await
        .unwrap();
    let _ = client
        .list_bookings()
        .partner_id(partner)
        .page(9)
        .send()
        .await
        .unwrap();
    for keep in [false, true] {
        let body = modify_body("POL-1", "2026-06-01T00:00:00Z");
        let result = if keep {
            client
                .modify_booking()
                .partner_id(partner)
                .booking_id("BK-1")
                .body(body)
                .send()
                .await
        } else {
            client
                .modify_booking_preview()
                .partner_id(partner)
                .booking_id("BK-1")
                .body(body)
                .send()
                .await
        };
        result.unwrap();
    }
    let unknown = client
        .modify_booking()
        .partner_id(partner)
        .booking_id("BK-1")
        .body(modify_body("POL-9", "2026-06-01T00:00:00Z"))
        .send()
        .await;
    assert_eq!(unknown.unwrap_err().status().map(|s| s.as_u16()), Some(422));
    let cancelled = cancel_all(&client, partner, "BK-1").await.unwrap();
    let cancellation = cancelled.into_inner().data.unwrap().cancellations[0]
        .id
        .clone()
        .unwrap();
    for _ in 0..2 {
        let _ = confirm(&client, partner, "BK-1", &cancellation).await;
    }
    let _ = cancel_all(&client, partner, "BK-404").await.unwrap_err();
    client
        .opt_out_offer()
        .partner_id(partner)
        .offer_id("OF-1")
        .body(types::OptOutOfferBody { customer: None })
        .send()
        .await
        .unwrap();

    let seen = fake.requests();
    let reached: std::collections::BTreeSet<_> = seen
        .iter()
        .filter_map(|r| r.operation.map(Operation::id))
        .collect();
    // An operation a new vendor page brings is served before anyone models
    // it, with an answer made from the spec (whose fit a unit test of
    // src/fake/server.rs checks for every operation): this test calls
    // those the fake models, every one of them.
    let unmodelled: std::collections::BTreeSet<_> =
        fake.unmodelled().into_iter().map(Operation::id).collect();
    let modelled: std::collections::BTreeSet<_> = Operation::ALL
        .iter()
        .map(|op| op.id())
        .filter(|id| !unmodelled.contains(id))
        .collect();
    assert_eq!(
        reached, modelled,
        "the test reaches every operation the fake models"
    );
    let statuses: std::collections::BTreeSet<_> = seen.iter().filter_map(|r| r.status).collect();
    assert_eq!(statuses, [200, 404, 422].into(), "{seen:?}");
}

/// An operation whose success has no body: its stored success, replayed
/// as a 409 to a retry under the same key, is an empty body, and the call
/// succeeded all the same.
#[tokio::test]
async fn a_lost_opt_out_is_retried_and_its_empty_replay_is_the_success() {
    let fake = FakeXone::start().await;
    fake.lose_next_answer(Operation::OptOutOffer);
    let response = client(&fake)
        .opt_out_offer()
        .partner_id(fake.partner_id())
        .offer_id("OF-1")
        .body(types::OptOutOfferBody { customer: None })
        .send()
        .await
        .unwrap();
    assert!(response.is_idempotent_replay());
    assert!(fake.opted_out("OF-1"));
    assert_eq!(statuses(&fake, Operation::OptOutOffer), [None, Some(409)]);

    // A 409 with an error body is a conflict, not a replay.
    fake.fail_next(Operation::OptOutOffer, Fault::status(409));
    let err = client(&fake)
        .opt_out_offer()
        .partner_id(fake.partner_id())
        .offer_id("OF-2")
        .body(types::OptOutOfferBody { customer: None })
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(err.api_message(), Some("Conflict"));
}

/// A request without a valid token is answered 401 from its head alone:
/// announcing 96 MiB and sending one byte, it is answered at once (were
/// the body read first, this would wait for bytes that never come).
#[tokio::test]
async fn a_request_without_a_token_is_refused_before_its_body_is_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fake = FakeXone::start().await;
    let address = fake.base_url().trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PATCH /api/partners/{}/bookings/BK-1 HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{{",
        fake.partner_id(),
        96 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 1024];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let seen = fake.requests();
    assert_eq!(seen.last().map(|r| r.status), Some(Some(401)));
}

/// A body over the fake's cap is refused with 413, and nothing is done.
#[tokio::test]
async fn a_body_over_the_cap_is_refused_with_413() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    let before = json(&fake.booking("BK-1"));
    let padding = "x".repeat(xone::fake::MAX_REQUEST_BODY);
    let err = client
        .request(
            xone::Method::PATCH,
            format!("/api/partners/{}/bookings/BK-1", fake.partner_id()),
        )
        .json(&json!({"policies": [], "padding": padding}))
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(413), "{err}");
    assert!(
        err.to_string().contains("larger than 1048576 bytes"),
        "{err}"
    );
    assert_eq!(json(&fake.booking("BK-1")), before, "nothing was done");
}

/// A raw call of the checkout example's `create_quote`.
fn create_quote<'a>(client: &'a Client, partner: &str, key: &str) -> xone::RawRequest<'a> {
    client
        .request(
            xone::Method::POST,
            xone::path!("/api/partners/{}/quotes", partner),
        )
        .operation("create_quote")
        .idempotency_key(key)
        .json(&json!({"policy_type": "parcel"}))
        .success_status(xone::StatusCode::CREATED)
}

#[tokio::test]
async fn a_purchase_on_taught_routes_is_listed_and_cancelled_and_a_lost_quote_is_replayed() {
    let fake = crate::checkout_model::teach(FakeXone::builder())
        .start()
        .await;
    fake.lose_next_answer("create_quote");
    let client = client(&fake);
    let partner = fake.partner_id();
    let quote = create_quote(&client, partner, "quote-1")
        .send::<serde_json::Value>()
        .await
        .unwrap();
    // The first answer was lost; the retry got the stored success as a
    // 409 replay, read as the call's own success status.
    assert!(quote.is_idempotent_replay());
    assert_eq!(quote.status().as_u16(), 201);
    assert_eq!(statuses(&fake, "create_quote"), [None, Some(409)]);
    let quote = quote.into_inner();
    assert_eq!(quote["id"], "QT-1", "one quote was made, not two");
    let confirmed = client
        .request(
            xone::Method::POST,
            xone::path!(
                "/api/partners/{}/offers/{}/confirm",
                partner,
                quote["offer_id"].as_str().unwrap()
            ),
        )
        .operation("confirm_offer")
        .json(&json!({"quote_id": "QT-1"}))
        .send::<types::BookingResponse>()
        .await
        .unwrap()
        .into_inner();
    let id = confirmed.data.unwrap().id.unwrap();
    let listed: Vec<String> = client
        .bookings(partner)
        .map_ok(|b| b.id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed, ["BK-1", id.as_str()]);
    cancel_all(&client, partner, &id).await.unwrap();
    assert_eq!(
        fake.booking(&id).unwrap().status.as_deref(),
        Some("PENDING_CANCELLATION")
    );
}

#[tokio::test]
async fn a_taught_route_is_held_to_the_fakes_rules() {
    let fake = crate::checkout_model::teach(FakeXone::builder())
        .start()
        .await;
    let client = client(&fake);
    let partner = fake.partner_id();

    // Another partner's token does not reach this partner's route.
    let other = fake
        .add_partner("partner-2", [])
        .retry(fast())
        .build()
        .unwrap();
    let err = create_quote(&other, partner, "k-other")
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");

    // A fault aimed at it by name answers instead, and changes nothing.
    fake.fail_next("create_quote", Fault::status(400));
    let err = create_quote(&client, partner, "k-fault")
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.operation(), "create_quote");

    // The same key with another body is a conflict (409); a method it was
    // not taught is 405, a path nobody knows 404; its handler's own
    // refusal reaches the caller as the API's error.
    create_quote(&client, partner, "k-1")
        .send_bytes()
        .await
        .unwrap();
    let quotes = xone::path!("/api/partners/{}/quotes", partner);
    let refused = [
        (
            client
                .request(xone::Method::POST, quotes.clone())
                .idempotency_key("k-1")
                .json(&json!({"policy_type": "other"})),
            409,
        ),
        (client.request(xone::Method::GET, quotes.clone()), 405),
        (
            client.request(
                xone::Method::GET,
                xone::path!("/api/partners/{}/nothing", partner),
            ),
            404,
        ),
        (
            client.request(xone::Method::POST, quotes).json(&json!({})),
            422,
        ),
    ];
    for (n, (request, status)) in refused.into_iter().enumerate() {
        let err = request.send_bytes().await.unwrap_err();
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(status),
            "{n}: {err:?}"
        );
    }
    let last = fake.requests().pop().unwrap();
    assert_eq!(last.route, Some("create_quote"));
}

#[tokio::test]
async fn a_taught_routes_key_in_flight_is_locked_and_the_client_waits_it_out() {
    let fake = crate::checkout_model::teach(FakeXone::builder())
        .start()
        .await;
    fake.slow_next("create_quote", Duration::from_millis(300));
    let client = patient(&fake);
    let call = || create_quote(&client, fake.partner_id(), "k-slow").send::<serde_json::Value>();
    let (first, second) = tokio::join!(call(), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        call().await
    });
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.into_inner(), second.into_inner());
    let seen = statuses(&fake, "create_quote");
    assert!(seen.contains(&Some(423)), "{seen:?}");
    assert_eq!(seen.last(), Some(&Some(409)), "{seen:?}");
}

#[tokio::test]
async fn the_request_log_keeps_what_the_service_sent_with_the_token_redacted() {
    let fake = FakeXone::start().await;
    let client = fake
        .client_builder()
        .retry(fast())
        .default_header("x-tenant", "acme")
        .build()
        .unwrap();
    client
        .cancel_booking_policies()
        .partner_id(fake.partner_id())
        .booking_id("BK-1")
        .idempotency_key("k-log")
        .body(cancel_body(&["POL-1"]))
        .send()
        .await
        .unwrap();
    client
        .list_bookings()
        .partner_id(fake.partner_id())
        .page(std::num::NonZeroU64::new(2).unwrap())
        .send()
        .await
        .unwrap();
    let seen: Vec<SeenRequest> = fake
        .requests()
        .into_iter()
        .filter(|r| r.operation.is_some())
        .collect();
    let cancel = &seen[0];
    assert_eq!(cancel.body, Some(json!({"policies": [{"id": "POL-1"}]})));
    assert_eq!(cancel.header("X-Tenant"), Some("acme"));
    assert_eq!(cancel.header("x-idempotency-key"), Some("k-log"));
    assert_eq!(cancel.header("authorization"), Some("Bearer [redacted]"));
    assert!(
        !format!("{seen:?}").contains("fake-token"),
        "no token in the log"
    );
    let list = &seen[1];
    assert_eq!(list.query.as_deref(), Some("page=2"));
    assert_eq!(list.body, None);
}

#[tokio::test]
async fn a_custom_json_fault_and_a_fault_cut_short_reach_the_client_as_the_wire_has_them() {
    let fake = FakeXone::start().await;
    let client = client(&fake);
    // A 409 whose body is a conflict of the test's own shape: an error.
    let conflict =
        json!({"message": "Booking BK-1 is being changed by another request.", "code": "BUSY"});
    fake.fail_next(Operation::ModifyBooking, Fault::json(409, &conflict));
    let err = client
        .modify_booking()
        .partner_id(fake.partner_id())
        .booking_id("BK-1")
        .body(modify_body("POL-1", "2030-01-01T00:00:00Z"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(
        err.api_message(),
        Some("Booking BK-1 is being changed by another request.")
    );
    // A 503 cut short mid-JSON: a transport error, retried; the retry gets
    // the real answer.
    fake.fail_next(Operation::ListBookings, Fault::status(503).cut_short());
    client
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap();
    assert_eq!(
        statuses(&fake, Operation::ListBookings),
        [Some(503), Some(200)]
    );
    // Its Debug shows the body as text.
    let shown = format!("{:?}", Fault::json(409, &conflict));
    assert!(
        shown.contains("being changed by another request"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_generated_types_compare_with_assert_eq() {
    let fake = FakeXone::start().await;
    let expected = fixtures::booking().build();
    assert_eq!(fake.booking("BK-1").unwrap(), expected);
    let page = client(&fake)
        .list_bookings()
        .partner_id(fake.partner_id())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.data, std::slice::from_ref(&expected));
    assert_ne!(page.data[0], fixtures::booking().id("BK-2").build());
}

#[tokio::test]
async fn faults_reach_the_token_endpoint_too() {
    use xone::fake::Target;
    let fake = FakeXone::start().await;
    fake.fail_next(Target::TOKEN, Fault::status(503).retry_after(0));
    fake.fail_next(Target::TOKEN, Fault::status(503).cut_short());
    let client = client(&fake);
    client.authenticate().await.unwrap();
    let token_statuses: Vec<Option<u16>> = fake
        .requests()
        .into_iter()
        .filter(|r| r.operation.is_none() && r.route.is_none())
        .map(|r| r.status)
        .collect();
    assert_eq!(token_statuses, [Some(503), Some(503), Some(200)]);
    assert_eq!(fake.tokens_issued(), 1);
    // A token that lapsed, and its refresh refused: the call gets the
    // API's 401 (the client's rule), and the next call a fresh token.
    fake.expire_tokens();
    fake.fail_next(Target::TOKEN, Fault::status(401));
    let list = || client.list_bookings().partner_id(fake.partner_id()).send();
    let err = list().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
    list().await.unwrap();
    assert_eq!(fake.tokens_issued(), 2);
}
