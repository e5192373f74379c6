//! Every operation against a mock API: method, path (with an escaped partner
//! id), JSON body, Authorization header, and the decoded response.

use httpmock::prelude::*;
use serde_json::json;
use xone::types;

use crate::support::*;

#[tokio::test]
async fn list_bookings() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server);
    let page = json!({
        "data": [fixture("booking.json")],
        "links": {"first": "https://x/1", "last": "https://x/1", "prev": null, "next": null},
        "meta": {"current_page": 1, "last_page": 1, "total": 1, "per_page": 15}
    });
    let api = server.mock(|when, then| {
        when.method(GET)
            .path(format!("/api/partners/{AWKWARD_PARTNER_ENCODED}/bookings"))
            .header("authorization", bearer())
            .header("accept", "application/json")
            .header(
                "user-agent",
                concat!("xone-rust/", env!("CARGO_PKG_VERSION")),
            );
        then.status(200).json_body(page);
    });

    let response = client(&server)
        .list_bookings()
        .partner_id(AWKWARD_PARTNER)
        .send()
        .await
        .unwrap();

    api.assert();
    token.assert();
    let list = response.into_inner();
    let booking = &list.data[0];
    assert_eq!(booking.id.as_deref(), Some("bk-1"));
    assert_eq!(
        booking.price.map(|p| p.to_string()).as_deref(),
        Some("12.5")
    );
    assert_eq!(booking.policies[0].id.as_deref(), Some("pol-1"));
    assert_eq!(
        booking.policyholder.as_ref().unwrap().email.as_deref(),
        Some("ada@example.com")
    );
    assert_eq!(
        booking.created_at.unwrap().to_string(),
        "2026-01-02T03:04:05Z"
    );
    let meta = list.meta.unwrap();
    assert_eq!(
        (meta.current_page, meta.last_page, meta.total),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(list.links.unwrap().next, None);
}

#[tokio::test]
async fn modify_booking_preview() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let api =
        server.mock(|when, then| {
            when.method(PATCH)
            .path(format!("/api/partners/{AWKWARD_PARTNER_ENCODED}/bookings/bk-1/preview"))
            .header("authorization", bearer())
            .header_exists("x-idempotency-key")
            .json_body(json!({
                "policies": [{
                    "id": "pol-1",
                    "policy_start_date": "2026-03-01T10:00:00Z",
                    "update_fields": {"insured": [{"first_name": "Grace", "last_name": "Hopper"}]}
                }]
            }));
            then.status(200).json_body(booking_envelope());
        });

    let response = client(&server)
        .modify_booking_preview()
        .partner_id(AWKWARD_PARTNER)
        .booking_id("bk-1")
        .body(modify_request())
        .send()
        .await
        .unwrap();

    api.assert();
    let booking = response.into_inner().data.unwrap();
    assert_eq!(booking.status.as_deref(), Some("CONFIRMED"));
}

#[tokio::test]
async fn modify_booking() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let api = server.mock(|when, then| {
        when.method(PATCH)
            .path(format!(
                "/api/partners/{AWKWARD_PARTNER_ENCODED}/bookings/bk-1"
            ))
            .header("authorization", bearer())
            .json_body_includes(r#"{"policies": [{"id": "pol-1"}]}"#);
        then.status(200).json_body(booking_envelope());
    });

    let response = client(&server)
        .modify_booking()
        .partner_id(AWKWARD_PARTNER)
        .booking_id("bk-1")
        .body(modify_request())
        .send()
        .await
        .unwrap();

    api.assert();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.into_inner().data.unwrap().currency.as_deref(),
        Some("AUD")
    );
}

#[tokio::test]
async fn cancel_booking_policies() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let mut cancelled = booking_envelope();
    cancelled["data"]["status"] = json!("CANCELLED");
    let api = server.mock(|when, then| {
        when.method(DELETE)
            .path(format!(
                "/api/partners/{AWKWARD_PARTNER_ENCODED}/bookings/bk-1"
            ))
            .header("authorization", bearer())
            .json_body(json!({"policies": [{"id": "pol-1", "reason": "changed plans"}]}));
        then.status(200).json_body(cancelled);
    });

    let body: types::CancelBookingPoliciesBody =
        serde_json::from_value(json!({"policies": [{"id": "pol-1", "reason": "changed plans"}]}))
            .unwrap();
    let response = client(&server)
        .cancel_booking_policies()
        .partner_id(AWKWARD_PARTNER)
        .booking_id("bk-1")
        .body(body)
        .send()
        .await
        .unwrap();

    api.assert();
    assert_eq!(
        response.into_inner().data.unwrap().status.as_deref(),
        Some("CANCELLED")
    );
}

#[tokio::test]
async fn cancel_booking_confirm_preview() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let mut confirmed = booking_envelope();
    confirmed["data"]["cancellations"] = json!([{
        "id": "can-1",
        "provider_reference": null,
        "total_refund": 12.5,
        "policies": [{"id": "pol-1", "refund_value": 12.5, "adjustment_fee": 0}]
    }]);
    let api = server.mock(|when, then| {
        when.method(POST)
            .path(format!(
                "/api/partners/{AWKWARD_PARTNER_ENCODED}/bookings/bk-1/cancellations/can-1"
            ))
            .header("authorization", bearer())
            .json_body(json!({"reason": "customer request"}));
        then.status(200).json_body(confirmed);
    });

    let response = client(&server)
        .cancel_booking_confirm_preview()
        .partner_id(AWKWARD_PARTNER)
        .booking_id("bk-1")
        .cancellation_id("can-1")
        .body(types::CancelBookingConfirmPreviewBody {
            reason: Some("customer request".into()),
        })
        .send()
        .await
        .unwrap();

    api.assert();
    let booking = response.into_inner().data.unwrap();
    let cancellation = &booking.cancellations[0];
    assert_eq!(cancellation.id.as_deref(), Some("can-1"));
    assert_eq!(
        cancellation.total_refund.map(|p| p.to_string()).as_deref(),
        Some("12.5")
    );
    assert_eq!(
        cancellation.policies[0]
            .refund_value
            .map(|p| p.to_string())
            .as_deref(),
        Some("12.5")
    );
}

#[tokio::test]
async fn opt_out_offer() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let api = server.mock(|when, then| {
        when.method(POST)
            .path(format!("/api/partners/{AWKWARD_PARTNER_ENCODED}/offers/off-1/opt-out"))
            .header("authorization", bearer())
            .json_body(json!({"customer": {"first_name": "Ada", "country": "AU", "email": "ada@example.com"}}));
        then.status(200);
    });

    let customer: types::Customer = serde_json::from_value(
        json!({"first_name": "Ada", "country": "AU", "email": "ada@example.com"}),
    )
    .unwrap();
    let response = client(&server)
        .opt_out_offer()
        .partner_id(AWKWARD_PARTNER)
        .offer_id("off-1")
        .body(types::OptOutOfferBody {
            customer: Some(customer),
        })
        .send()
        .await
        .unwrap();

    api.assert();
    assert_eq!(response.status(), 200);
}
