//! Against Prism (a mock server that answers with random data generated from
//! `spec/openapi.yaml`): every operation decodes whatever the spec allows,
//! many times over, and the mock sends no header the vendor would not.
//! `.ci/run` starts Prism and runs this with `XONE_PRISM_URL` set.

use std::collections::BTreeSet;

use httpmock::MockServer;
use reqwest::header::HeaderMap;
use serde_json::json;
use xone::types::{
    self, CancelBookingConfirmPreviewBody, CancelBookingPoliciesBody, OptOutOfferBody,
};
use xone::{Client, Credentials, ResponseExt};

use crate::support::*;

/// Rounds of all six operations; each answer is new random data.
const ROUNDS: usize = 25;

fn prism_url() -> String {
    std::env::var("XONE_PRISM_URL").expect(
        "XONE_PRISM_URL: the base URL of `prism mock -d spec/openapi.yaml` (.ci/run starts one)",
    )
}

/// Headers a real answer from the vendor could carry: HTTP's own, and the
/// API's rate limit. Anything else came from a spec that still declares the
/// capture's transport headers.
fn assert_vendor_like(headers: &HeaderMap) {
    let allowed: BTreeSet<&str> = [
        "content-type",
        "content-length",
        "date",
        "connection",
        "keep-alive",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
    ]
    .into();
    for (name, value) in headers {
        if name == "transfer-encoding" {
            assert_eq!(value, "chunked", "Transfer-Encoding: {value:?}");
            continue;
        }
        assert!(
            allowed.contains(name.as_str()),
            "unexpected header {name}: {value:?}"
        );
    }
}

#[tokio::test]
#[ignore = "needs Prism serving spec/openapi.yaml at XONE_PRISM_URL (.ci/run starts one)"]
async fn every_operation_decodes_what_a_mock_of_the_spec_sends() {
    let base = prism_url();
    // Prism mocks the API; the token endpoint is not one of its paths.
    let tokens = MockServer::start_async().await;
    token_mock(&tokens);
    let client = Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .base_url(&base)
        .token_url(tokens.url(TOKEN_PATH))
        .retry(fast_retries())
        .build()
        .unwrap();
    let (p, b) = ("partner-1", "booking-1");
    for round in 0..ROUNDS {
        let listed = client.list_bookings().partner_id(p).send().await;
        let listed = listed.unwrap_or_else(|e| panic!("round {round}: list_bookings: {e:?}"));
        assert_vendor_like(listed.headers());
        // Prism sends the declared rate-limit headers, as random integers.
        assert!(listed.rate_limit().is_some(), "{:?}", listed.headers());

        let preview = client
            .modify_booking_preview()
            .partner_id(p)
            .booking_id(b)
            .body(modify_request())
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: modify_booking_preview: {e:?}"));
        assert_vendor_like(preview.headers());

        let modified = client
            .modify_booking()
            .partner_id(p)
            .booking_id(b)
            .body(modify_request())
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: modify_booking: {e:?}"));
        assert_vendor_like(modified.headers());

        let cancel: CancelBookingPoliciesBody = serde_json::from_value(
            json!({"policies": [{"id": "pol-1", "reason": "plans changed"}]}),
        )
        .unwrap();
        let cancelled = client
            .cancel_booking_policies()
            .partner_id(p)
            .booking_id(b)
            .body(cancel)
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: cancel_booking_policies: {e:?}"));
        assert_vendor_like(cancelled.headers());

        let confirmed = client
            .cancel_booking_confirm_preview()
            .partner_id(p)
            .booking_id(b)
            .cancellation_id("cn-1")
            .body(CancelBookingConfirmPreviewBody {
                reason: Some("plans changed".into()),
            })
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: cancel_booking_confirm_preview: {e:?}"));
        assert_vendor_like(confirmed.headers());

        let opted_out = client
            .opt_out_offer()
            .partner_id(p)
            .offer_id("offer-1")
            .body(OptOutOfferBody { customer: None })
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: opt_out_offer: {e:?}"));
        assert_vendor_like(opted_out.headers());
    }
}

#[tokio::test]
#[ignore = "needs Prism serving spec/openapi.yaml at XONE_PRISM_URL (.ci/run starts one)"]
async fn every_documented_error_body_decodes_as_api_error() {
    let base = prism_url();
    // A plain reqwest client beside xone's needs a crypto provider of its
    // own with the default `rustls` feature (see the README).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    // Valid requests, so that Prism answers the status asked for and adds
    // no diagnostics of its own.
    let modify = serde_json::to_value(modify_request()).unwrap();
    let cancel = json!({"policies": [{"id": "pol-1", "reason": "plans changed"}]});
    let calls = [
        ("GET", "/api/partners/p/bookings", 401, None),
        (
            "PATCH",
            "/api/partners/p/bookings/b/preview",
            422,
            Some(&modify),
        ),
        ("PATCH", "/api/partners/p/bookings/b", 422, Some(&modify)),
        ("DELETE", "/api/partners/p/bookings/b", 422, Some(&cancel)),
        (
            "POST",
            "/api/partners/p/bookings/b/cancellations/c",
            422,
            Some(&json!({"reason": "r"})),
        ),
        (
            "POST",
            "/api/partners/p/offers/o/opt-out",
            401,
            Some(&json!({})),
        ),
    ];
    for _ in 0..ROUNDS {
        for (method, path, status, body) in calls {
            let mut request = http
                .request(method.parse().unwrap(), format!("{base}{path}"))
                .bearer_auth("t")
                .header("prefer", format!("code={status}"));
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status().as_u16(), status, "{method} {path}");
            assert_vendor_like(response.headers());
            let body = response.bytes().await.unwrap();
            serde_json::from_slice::<types::ApiError>(&body).unwrap_or_else(|e| {
                panic!(
                    "{method} {path} {status}: {e}: {}",
                    String::from_utf8_lossy(&body)
                )
            });
        }
    }
}

/// A new page's operations are only checked against Prism once the test
/// above calls them: this fails, in every `cargo test`, until it does.
#[test]
fn every_operation_of_the_spec_has_a_prism_call() {
    let spec: serde_json::Value =
        serde_norway::from_str(include_str!("../../spec/openapi.yaml")).unwrap();
    let calls = include_str!("prism.rs");
    let mut missing = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if let Some(id) = op.get("operationId").and_then(|id| id.as_str())
                && !calls.contains(&format!(".{id}()"))
            {
                missing.push(id.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no Prism call in tests/it/prism.rs for {missing:?}: add one to \
         every_operation_decodes_what_a_mock_of_the_spec_sends, so that CI checks the \
         client decodes what a mock of the spec sends"
    );
}
