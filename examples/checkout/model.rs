//! THIS EXAMPLE'S OWN MODEL of a checkout's two endpoints, taught to the
//! fake XONE: not the vendor's documentation (its pages for these
//! endpoints are not in `spec/pages/`). A quote is made from a policy type
//! and holds one offer; confirming the offer books it: a booking with one
//! policy, which the spec's operations then list, modify and cancel.

use serde_json::{Value, json};
use xone::Method;
use xone::fake::{FakeState, FakeXoneBuilder, RouteAnswer, RouteRequest};

/// `builder` with the checkout's endpoints taught.
pub fn teach(builder: FakeXoneBuilder) -> FakeXoneBuilder {
    builder
        .route(
            "create_quote",
            Method::POST,
            "/api/partners/{partner_id}/quotes",
            create_quote,
        )
        .route(
            "confirm_offer",
            Method::POST,
            "/api/partners/{partner_id}/offers/{offer_id}/confirm",
            confirm_offer,
        )
}

fn create_quote(request: &RouteRequest<'_>, state: &mut FakeState<'_>) -> RouteAnswer {
    let Ok(body) = request.json::<Value>() else {
        return RouteAnswer::invalid("policy_type", "The body must be JSON.");
    };
    let Some(policy_type) = body["policy_type"].as_str() else {
        return RouteAnswer::invalid("policy_type", "The policy type is required.");
    };
    let quotes = state.records("quotes");
    let n = quotes.len() + 1;
    let quote = json!({
        "id": format!("QT-{n}"),
        "offer_id": format!("OF-{n}"),
        "policy_type": policy_type,
        "status": "QUOTED",
    });
    quotes.insert(format!("QT-{n}"), quote.clone());
    RouteAnswer::json(201, &quote)
}

fn confirm_offer(request: &RouteRequest<'_>, state: &mut FakeState<'_>) -> RouteAnswer {
    let offer = request.param("offer_id").unwrap_or_default().to_string();
    let quote_id = request
        .json::<Value>()
        .ok()
        .and_then(|b| b["quote_id"].as_str().map(String::from))
        .unwrap_or_default();
    let Some(quote) = state.records("quotes").get_mut(&quote_id) else {
        return RouteAnswer::not_found();
    };
    if quote["offer_id"] != offer.as_str() {
        return RouteAnswer::invalid("quote_id", "The offer is not this quote's.");
    }
    if quote["status"] == "CONFIRMED" {
        return RouteAnswer::error(409, "The offer is already confirmed.");
    }
    quote["status"] = json!("CONFIRMED");
    let booking = xone::fixtures::booking()
        .id(&format!("BK-{quote_id}"))
        .policies([xone::fixtures::policy().id(&format!("POL-{quote_id}"))])
        .build();
    state.insert_booking(&booking);
    RouteAnswer::json(200, &json!({ "data": booking }))
}
