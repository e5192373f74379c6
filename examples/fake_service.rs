//! A service's own code tested against the fake XONE (feature `fake`):
//! `refund_booking` cancels every policy of a booking and confirms the
//! cancellation; its tests check what the fake then holds, that a lost
//! answer is retried without cancelling twice, and, through the request
//! log, that a sequence of faults (a 503, then a gateway's own 503 body) is
//! waited out under one idempotency key.
//!
//! ```text
//! cargo test --example fake_service     # the service's tests
//! cargo run --example fake_service      # the same walk, printed
//! ```

use xone::{Client, Error};

/// The service's code: cancels every active policy of `booking` and
/// confirms it; returns the booking's status afterwards.
async fn refund_booking(client: &Client, partner: &str, booking: &str) -> Result<String, Error> {
    let pending = client
        .cancel_booking_policies()
        .partner_id(partner)
        .booking_id(booking)
        .send()
        .await?
        .into_inner();
    let cancellations = pending.data.map(|b| b.cancellations).unwrap_or_default();
    let cancellation = cancellations
        .last()
        .and_then(|c| c.id.clone())
        .unwrap_or_default();
    let confirmed = client
        .cancel_booking_confirm_preview()
        .partner_id(partner)
        .booking_id(booking)
        .cancellation_id(cancellation)
        .body(xone::types::CancelBookingConfirmPreviewBody { reason: None })
        .send()
        .await?
        .into_inner();
    Ok(confirmed.data.and_then(|b| b.status).unwrap_or_default())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = xone::fake::FakeXone::start().await;
    let status = refund_booking(&fake.client(), fake.partner_id(), "BK-1").await?;
    println!("BK-1 is {status}");
    for request in fake.requests() {
        let status = request.status.map_or("lost".into(), |s| s.to_string());
        println!("  {} {} -> {status}", request.method, request.path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::refund_booking;
    use xone::fake::{FakeXone, Fault, Operation, SeenRequest};

    #[tokio::test]
    async fn a_refund_cancels_the_booking_once_even_when_an_answer_is_lost() {
        let fake = FakeXone::start().await;
        fake.lose_next_answer(Operation::CancelBookingPolicies);

        let status = refund_booking(&fake.client(), fake.partner_id(), "BK-1")
            .await
            .unwrap();

        assert_eq!(status, "CANCELLED");
        let booking = fake.booking("BK-1").unwrap();
        assert_eq!(
            booking.cancellations.len(),
            1,
            "retried under its key, not twice"
        );
        assert!(
            booking
                .policies
                .iter()
                .all(|p| p.status.as_deref() == Some("CANCELLED"))
        );
    }

    #[tokio::test]
    async fn another_partners_booking_is_not_found() {
        let fake = FakeXone::start().await;
        let err = refund_booking(&fake.client(), fake.partner_id(), "BK-9")
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    }

    #[tokio::test]
    async fn a_refund_waits_out_a_busy_api_and_sends_what_the_service_means() {
        let fake = FakeXone::start().await;
        // A sequence: the cancellation is answered 503 twice (once with the
        // API's usual body, once with a gateway's own), then done.
        fake.fail_next(
            Operation::CancelBookingPolicies,
            Fault::status(503).retry_after(0),
        );
        fake.fail_next(
            Operation::CancelBookingPolicies,
            Fault::json(503, &serde_json::json!({"error": "upstream busy"})),
        );

        let status = refund_booking(&fake.client(), fake.partner_id(), "BK-1")
            .await
            .unwrap();
        assert_eq!(status, "CANCELLED");

        // The request log: three tries of one cancellation, one key.
        let cancels: Vec<SeenRequest> = fake
            .requests()
            .into_iter()
            .filter(|r| r.operation == Some(Operation::CancelBookingPolicies))
            .collect();
        let statuses: Vec<_> = cancels.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
        assert!(
            cancels
                .iter()
                .all(|r| r.idempotency_key == cancels[0].idempotency_key)
        );
        assert_eq!(
            cancels[0].header("authorization"),
            Some("Bearer [redacted]")
        );
    }
}
