//! Failure responses: every documented error body decodes into `ApiError`
//! with its message; nothing the server said is lost otherwise.

use httpmock::prelude::*;
use serde_json::json;
use xone::{Error, types};

use crate::support::*;

async fn cancel_with_response(status: u16, body: serde_json::Value) -> Error {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let api = server.mock(|when, then| {
        when.method(DELETE).path("/api/partners/p1/bookings/bk-1");
        then.status(status).json_body(body);
    });
    let body: types::CancelBookingPoliciesBody =
        serde_json::from_value(json!({"policies": [{"id": "nope"}]})).unwrap();
    let err = client(&server)
        .cancel_booking_policies()
        .partner_id("p1")
        .booking_id("bk-1")
        .body(body)
        .send()
        .await
        .unwrap_err();
    api.assert();
    err
}

fn api_error(err: Error) -> (u16, types::ApiError) {
    assert_eq!(err.kind(), xone::ErrorKind::Status, "{err:?}");
    let status = err.status().expect("a status").as_u16();
    let api_error = err.api_error().cloned();
    (
        status,
        api_error.unwrap_or_else(|| panic!("expected an ApiError, got {err:?}")),
    )
}

#[tokio::test]
async fn a_401_decodes_into_api_error_with_its_message() {
    let server = MockServer::start_async().await;
    // The token endpoint keeps handing out the token the API rejects.
    token_mock(&server);
    server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(401).json_body(fixture("error-401.json"));
    });
    let err = client(&server)
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap_err();
    let (status, body) = api_error(err);
    assert_eq!(status, 401);
    assert_eq!(body.message.as_deref(), Some("Unauthenticated."));
}

#[tokio::test]
async fn a_422_with_field_errors_decodes_into_api_error() {
    let (status, body) =
        api_error(cancel_with_response(422, fixture("error-422-fields.json")).await);
    assert_eq!(status, 422);
    assert_eq!(
        body.message.as_deref(),
        Some("The selected policies.0.id is invalid.")
    );
    assert_eq!(body.errors["booking"], ["Booking cannot be cancelled."]);
    assert_eq!(
        body.errors["policies.0.id"],
        ["The selected policies.0.id is invalid."]
    );
}

#[tokio::test]
async fn a_422_with_typed_errors_decodes_into_api_error() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    server.mock(|when, then| {
        when.method(PATCH)
            .path("/api/partners/p1/bookings/bk-1/preview");
        then.status(422).json_body(fixture("error-422-typed.json"));
    });
    let request: types::ModifyBookingRequest =
        serde_json::from_value(json!({"policies": [{"id": "pol-1", "update_fields": {}}]}))
            .unwrap();
    let err = client(&server)
        .modify_booking_preview()
        .partner_id("p1")
        .booking_id("bk-1")
        .body(request)
        .send()
        .await
        .unwrap_err();
    let (status, body) = api_error(err);
    assert_eq!(status, 422);
    let error = &body.data.unwrap().errors[0];
    assert_eq!(error.type_.as_deref(), Some("validation_error"));
    assert_eq!(error.message.as_deref(), Some("Invalid request"));
    assert_eq!(
        error.errors["_non_field_errors"],
        ["Policy cannot be modified after the event."]
    );
}

#[tokio::test]
async fn an_undocumented_status_keeps_its_status_and_body() {
    let err = cancel_with_response(
        409,
        json!({"message": "Booking is locked by another change"}),
    )
    .await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err:?}");
    assert_eq!(
        err.body(),
        Some(&br#"{"message":"Booking is locked by another change"}"#[..])
    );
    // An undocumented status still decodes into ApiError where it is one.
    assert_eq!(
        err.api_message(),
        Some("Booking is locked by another change")
    );
    assert_eq!(
        err.to_string(),
        "`cancel_booking_policies` answered 409 Conflict: Booking is locked by another change"
    );
}

#[tokio::test]
async fn a_body_that_does_not_decode_keeps_the_raw_bytes() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(200).body("<html>maintenance</html>");
    });
    let err = client(&server)
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), xone::ErrorKind::InvalidBody, "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.body(), Some(&b"<html>maintenance</html>"[..]));
}

#[tokio::test]
async fn a_429_tells_its_wait_and_its_cf_ray_without_a_response_in_hand() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    server.mock(|when, then| {
        when.method(GET).path("/api/partners/p1/bookings");
        then.status(429)
            .header("retry-after", "120")
            .header("cf-ray", "8f1e2d3c4b5a6978-SYD")
            .json_body(json!({"message": "Too Many Attempts."}));
    });
    // The wait is past what the policy would wait for: the 429 comes back.
    let err = list(&client(&server)).await.unwrap_err();
    assert_eq!(err.kind(), xone::ErrorKind::Status);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(120)));
    assert_eq!(err.cf_ray(), Some("8f1e2d3c4b5a6978-SYD"));
    assert_eq!(err.api_message(), Some("Too Many Attempts."));
    assert_eq!(err.operation(), "list_bookings");
    assert_eq!(
        err.to_string(),
        "`list_bookings` answered 429 Too Many Requests: Too Many Attempts. (cf-ray 8f1e2d3c4b5a6978-SYD)"
    );
    assert!(err.token_error().is_none() && !err.is_timeout() && !err.is_body_too_large());
}
