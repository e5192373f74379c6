//! A checkout on endpoints the vendor's pages lack: a service creates a
//! quote and confirms its offer through [`xone::Client::request`], then
//! the spec's own operations list and cancel the booking it made. The
//! two endpoints' shapes here are THIS EXAMPLE'S OWN MODEL (`model.rs`),
//! made up for the demonstration: they are not the vendor's
//! documentation, which the crate does not have for them.
//!
//! ```text
//! cargo test --example checkout     # the service's tests, on the fake
//! cargo run --example checkout      # the same walk, printed
//! ```

mod model;

use serde::Deserialize;
use xone::types::Booking;
use xone::{Client, Error, Method, StatusCode};

/// A quote, as this example's model answers one.
#[derive(Debug, Deserialize)]
pub struct Quote {
    /// The quote's id.
    pub id: String,
    /// The offer to confirm.
    pub offer_id: String,
}

/// The service's code: quotes `policy_type` for `partner` and confirms
/// its offer, returning the booking made. Both calls are keyed writes: a
/// lost answer is retried with the same key and the fake replays what the
/// first call did.
pub async fn buy(client: &Client, partner: &str, policy_type: &str) -> Result<Booking, Error> {
    let quote: Quote = client
        .request(
            Method::POST,
            xone::path!("/api/partners/{}/quotes", partner),
        )
        .operation("create_quote")
        .json(&serde_json::json!({ "policy_type": policy_type }))
        .success_status(StatusCode::CREATED)
        .send::<Quote>()
        .await?
        .into_inner();
    #[derive(Deserialize)]
    struct Confirmed {
        data: Booking,
    }
    let confirmed: Confirmed = client
        .request(
            Method::POST,
            xone::path!(
                "/api/partners/{}/offers/{}/confirm",
                partner,
                quote.offer_id
            ),
        )
        .operation("confirm_offer")
        .json(&serde_json::json!({ "quote_id": quote.id }))
        .send::<Confirmed>()
        .await?
        .into_inner();
    Ok(confirmed.data)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = model::teach(xone::fake::FakeXone::builder()).start().await;
    let client = fake.client();
    let booking = buy(&client, fake.partner_id(), "event_ticket_protection").await?;
    let id = booking.id.unwrap_or_default();
    println!("bought {id}");
    client
        .cancel_booking_policies()
        .partner_id(fake.partner_id())
        .booking_id(&id)
        .send()
        .await?;
    println!("{id} is {:?}", fake.booking(&id).and_then(|b| b.status));
    for request in fake.requests() {
        let status = request.status.map_or("lost".into(), |s| s.to_string());
        let name = request
            .route
            .or(request.operation.map(|o| o.id()))
            .unwrap_or("token");
        println!("  {name}: {} {} -> {status}", request.method, request.path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{buy, model};
    use xone::fake::FakeXone;

    #[tokio::test]
    async fn a_purchase_is_listed_and_cancelled_by_the_specs_operations_even_when_an_answer_is_lost()
     {
        let fake = model::teach(FakeXone::builder()).start().await;
        fake.lose_next_answer("confirm_offer");
        let client = fake.client();
        let booking = buy(&client, fake.partner_id(), "parcel").await.unwrap();
        let id = booking.id.clone().unwrap();
        // The lost answer was retried under the same key and replayed: one
        // booking, confirmed once.
        let confirms: Vec<_> = fake
            .requests()
            .into_iter()
            .filter(|r| r.route == Some("confirm_offer"))
            .collect();
        assert_eq!(confirms.len(), 2);
        assert_eq!(confirms[0].status, None, "the first answer was lost");
        assert_eq!(confirms[1].status, Some(409), "the retry was the replay");
        assert_eq!(confirms[0].idempotency_key, confirms[1].idempotency_key);
        let listed = client
            .list_bookings()
            .partner_id(fake.partner_id())
            .send()
            .await
            .unwrap()
            .into_inner();
        let ids: Vec<_> = listed.data.iter().filter_map(|b| b.id.as_deref()).collect();
        // The fake's own booking, and the one bought: once.
        assert_eq!(ids, ["BK-1", "BK-QT-1"]);
        assert_eq!(id, "BK-QT-1");
        client
            .cancel_booking_policies()
            .partner_id(fake.partner_id())
            .booking_id(&id)
            .send()
            .await
            .unwrap();
        assert_eq!(
            fake.booking(&id).unwrap().status.as_deref(),
            Some("PENDING_CANCELLATION")
        );
    }
}
