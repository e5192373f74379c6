//! One booking's life through the XONE API: get a token, list bookings,
//! preview and apply a modification, cancel a policy, confirm the
//! cancellation, and opt a customer out of an offer.
//!
//! Offline by default: it starts an in-process mock of the API (built on
//! `xone::mock`) and needs no credentials and no network. The mock's list
//! carries one field the docs never showed, and drift watch reports it at
//! the end:
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With `XONE_CLIENT_ID`, `XONE_CLIENT_SECRET` and `XONE_PARTNER_ID` set (and
//! `XONE_BASE_URL` / `XONE_TOKEN_URL` to override the defaults) it talks to the
//! real API. It lists bookings and previews a change, which change nothing.
//! The steps that do change a booking (modify, cancel, confirm, opt out) act
//! only on the ids you name in `XONE_BOOKING_ID`, `XONE_POLICY_ID`,
//! `XONE_CANCELLATION_ID` and `XONE_OFFER_ID`, and only with
//! `XONE_ALLOW_CHANGES=yes`; without it the example prints what it would
//! change and stops. With it, it prints the changes before making them.

use std::error::Error;

use httpmock::MockServer;
use serde_json::json;
use xone::DriftKind as Kind;
use xone::mock::MockServerExt;
use xone::types::{
    BookingResponse, CancelBookingConfirmPreviewBody, CancelBookingPoliciesBody, Customer,
    ModifyBookingRequest, OptOutOfferBody,
};
use xone::{Client, Credentials, DriftLog, DriftRecord};

/// The ids one walk-through uses, and whether it may change anything.
struct Ids {
    partner: String,
    booking: Option<String>,
    policy: Option<String>,
    cancellation: Option<String>,
    offer: Option<String>,
    allow_changes: bool,
}

impl Ids {
    /// The ids the offline mock knows.
    fn demo(allow_changes: bool) -> Self {
        Ids {
            partner: "demo-partner".into(),
            booking: Some("BK-1042".into()),
            policy: Some("POL-77".into()),
            cancellation: Some("CN-9".into()),
            offer: Some("OF-311".into()),
            allow_changes,
        }
    }

    /// What the walk-through would change, one line each, in order.
    fn changes(&self) -> Vec<String> {
        let mut changes = Vec::new();
        if let (Some(booking), Some(policy)) = (&self.booking, &self.policy) {
            changes.push(format!(
                "modify booking {booking}: rename the insured of policy {policy}"
            ));
            changes.push(format!("cancel policy {policy} of booking {booking}"));
            if let Some(cancellation) = &self.cancellation {
                changes.push(format!(
                    "confirm cancellation {cancellation} of booking {booking}"
                ));
            }
        }
        if let Some(offer) = &self.offer {
            changes.push(format!("opt the customer out of offer {offer}"));
        }
        changes
    }
}

/// Only the exact word: a stray `XONE_ALLOW_CHANGES=0` must not count.
fn allows_changes(value: Option<&str>) -> bool {
    value == Some("yes")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let live = std::env::var("XONE_CLIENT_ID").is_ok_and(|v| !v.is_empty());
    if live {
        let client = Client::from_env()?;
        let ids = Ids {
            partner: client
                .partner_id()
                .ok_or("XONE_PARTNER_ID is not set")?
                .to_string(),
            booking: std::env::var("XONE_BOOKING_ID").ok(),
            policy: std::env::var("XONE_POLICY_ID").ok(),
            cancellation: std::env::var("XONE_CANCELLATION_ID").ok(),
            offer: std::env::var("XONE_OFFER_ID").ok(),
            allow_changes: allows_changes(std::env::var("XONE_ALLOW_CHANGES").ok().as_deref()),
        };
        println!("Talking to the XONE API for partner {}.\n", ids.partner);
        walk(&client, &ids).await
    } else {
        let server = MockServer::start_async().await;
        let _changing = mock_api(&server)?;
        println!(
            "No XONE_CLIENT_ID set: using an in-process mock of the XONE API at {}.\n",
            server.base_url()
        );
        let drift = DriftLog::new();
        let client = Client::builder(Credentials::new("demo-client", "demo-secret"))
            .base_url(server.base_url())
            .token_url(server.url("/api/oauth/token"))
            .drift(drift.clone())
            .build()?;
        let ids = Ids::demo(true);
        walk(&client, &ids).await?;
        report_drift(&drift);
        Ok(())
    }
}

/// What drift watch saw where the answers differed from the docs.
fn report_drift(drift: &DriftLog) {
    let findings: Vec<DriftRecord> = drift
        .records()
        .into_iter()
        .filter(|r| !matches!(r.kind, Kind::Observed | Kind::Absent))
        .collect();
    println!(
        "\nDrift watch: {} place(s) where the API's answers differ from its docs",
        findings.len()
    );
    for r in findings {
        println!(
            "   - {} {} {}: {} ({}), seen {} time(s)",
            r.operation, r.status, r.pointer, r.kind, r.seen_type, r.count
        );
    }
}

async fn walk(client: &Client, ids: &Ids) -> Result<(), Box<dyn Error>> {
    client.authenticate().await?;
    println!("1. Got an access token from {}", client.token_url());

    let page = client
        .list_bookings()
        .partner_id(&ids.partner)
        .send()
        .await?
        .into_inner();
    println!("2. Listed bookings: {} on this page", page.data.len());
    for booking in &page.data {
        println!(
            "   - {} {} {} {}",
            booking.id.as_deref().unwrap_or("?"),
            booking.status.as_deref().unwrap_or("?"),
            booking.price.map(|p| format!("{p:.2}")).unwrap_or_default(),
            booking.currency.as_deref().unwrap_or(""),
        );
    }

    let (Some(booking), Some(policy)) = (&ids.booking, &ids.policy) else {
        println!("\nSet XONE_BOOKING_ID and XONE_POLICY_ID to modify and cancel a booking.");
        return Ok(());
    };
    let change: ModifyBookingRequest = serde_json::from_value(json!({
        "policies": [{"id": policy, "update_fields": {"insured": [{"first_name": "Grace", "last_name": "Hopper"}]}}]
    }))?;
    let preview = client
        .modify_booking_preview()
        .partner_id(&ids.partner)
        .booking_id(booking)
        .body(change.clone())
        .send()
        .await?;
    let price = preview.data.as_ref().and_then(|b| b.price);
    println!(
        "3. Previewed renaming the insured on {booking}: price would be {}",
        shown(price)
    );

    let changes = ids.changes();
    if !ids.allow_changes {
        println!("\nWould now make these changes (set XONE_ALLOW_CHANGES=yes to make them):");
        for change in &changes {
            println!("   - {change}");
        }
        return Ok(());
    }
    println!("\nMaking these changes:");
    for change in &changes {
        println!("   - {change}");
    }

    let modified = client
        .modify_booking()
        .partner_id(&ids.partner)
        .booking_id(booking)
        .body(change)
        .send()
        .await?;
    let status = modified.data.as_ref().and_then(|b| b.status.clone());
    println!("4. Modified {booking}: status {}", shown(status));

    let cancel: CancelBookingPoliciesBody = serde_json::from_value(json!({
        "policies": [{"id": policy, "reason": "Customer changed plans"}]
    }))?;
    let cancelled = client
        .cancel_booking_policies()
        .partner_id(&ids.partner)
        .booking_id(booking)
        .body(cancel)
        .send()
        .await?;
    let status = cancelled.data.as_ref().and_then(|b| b.status.clone());
    println!(
        "5. Asked to cancel policy {policy}: booking status {}",
        shown(status)
    );

    if let Some(cancellation) = &ids.cancellation {
        let confirmed = client
            .cancel_booking_confirm_preview()
            .partner_id(&ids.partner)
            .booking_id(booking)
            .cancellation_id(cancellation)
            .body(CancelBookingConfirmPreviewBody {
                reason: Some("Customer changed plans".into()),
            })
            .send()
            .await?
            .into_inner();
        let refund = confirmed
            .data
            .as_ref()
            .and_then(|b| b.cancellations.first())
            .and_then(|c| c.total_refund_formatted.clone());
        println!(
            "6. Confirmed cancellation {cancellation}: refund {}",
            shown(refund)
        );
    }

    opt_out(client, ids).await?;
    println!("\nDone.");
    Ok(())
}

async fn opt_out(client: &Client, ids: &Ids) -> Result<(), Box<dyn Error>> {
    if let Some(offer) = &ids.offer {
        let customer: Customer = serde_json::from_value(
            json!({"first_name": "Ada", "last_name": "Lovelace", "country": "AU"}),
        )?;
        let response = client
            .opt_out_offer()
            .partner_id(&ids.partner)
            .offer_id(offer)
            .body(OptOutOfferBody {
                customer: Some(customer),
            })
            .send()
            .await?;
        println!(
            "7. Opted the customer out of offer {offer}: HTTP {}",
            response.status()
        );
    }
    Ok(())
}

/// A field the API may leave out, for printing.
fn shown(value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(|| "(not given)".into(), |v| v.to_string())
}

/// The token endpoint and the six operations, answering as the docs show;
/// returns the mocks of the four calls that change a booking.
fn mock_api(server: &MockServer) -> Result<Vec<httpmock::Mock<'_>>, Box<dyn Error>> {
    let booking = |status: &str, cancellations: serde_json::Value| {
        json!({
            "id": "BK-1042", "status": status, "currency": "AUD", "price": 24.0,
            "policies": [{"id": "POL-77", "status": status, "price": 24.0}],
            "cancellations": cancellations
        })
    };
    let one = |status: &str,
               cancellations: serde_json::Value|
     -> Result<BookingResponse, serde_json::Error> {
        serde_json::from_value(json!({ "data": booking(status, cancellations) }))
    };
    // The list answers with one field the docs never showed, as the real
    // API may: drift watch reports it (the client decodes the rest).
    let mut listed = booking("CONFIRMED", json!([]));
    listed["loyalty_tier"] = json!("gold");
    let list = json!({
        "data": [listed],
        "links": {"next": null},
        "meta": {"current_page": 1, "last_page": 1, "total": 1}
    });

    server.mock(|when, then| {
        when.method("POST").path("/api/oauth/token");
        then.status(200).json_body(
            json!({"token_type": "Bearer", "expires_in": 3600, "access_token": "demo-token"}),
        );
    });
    server.list_bookings(|when, then| {
        when.partner_id("demo-partner");
        then.into_inner().status(200).json_body(list);
    });
    let preview = one("CONFIRMED", json!([]))?;
    server.modify_booking_preview(|when, then| {
        when.booking_id("BK-1042");
        then.ok(&preview);
    });
    let modified = one("CONFIRMED", json!([]))?;
    let modify = server.modify_booking(|when, then| {
        when.booking_id("BK-1042");
        then.ok(&modified);
    });
    let pending = one("PENDING_CANCELLATION", json!([]))?;
    let cancel = server.cancel_booking_policies(|when, then| {
        when.booking_id("BK-1042");
        then.ok(&pending);
    });
    let confirmed = one(
        "CANCELLED",
        json!([{"id": "CN-9", "total_refund": 24.0, "total_refund_formatted": "A$24.00"}]),
    )?;
    let confirm = server.cancel_booking_confirm_preview(|when, then| {
        when.cancellation_id("CN-9");
        then.ok(&confirmed);
    });
    let opt_out = server.opt_out_offer(|when, then| {
        when.offer_id("OF-311");
        then.ok();
    });
    Ok(vec![modify, cancel, confirm, opt_out])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(allow_changes: bool) -> Ids {
        Ids {
            partner: "p".into(),
            booking: Some("BK-1".into()),
            policy: Some("POL-1".into()),
            cancellation: Some("CN-1".into()),
            offer: Some("OF-1".into()),
            allow_changes,
        }
    }

    #[test]
    fn changes_need_the_exact_opt_in() {
        assert!(allows_changes(Some("yes")));
        for value in [
            None,
            Some(""),
            Some("0"),
            Some("no"),
            Some("YES "),
            Some("true"),
        ] {
            assert!(!allows_changes(value), "{value:?}");
        }
    }

    #[test]
    fn every_change_is_named_before_it_is_made() {
        assert_eq!(
            ids(true).changes(),
            [
                "modify booking BK-1: rename the insured of policy POL-1",
                "cancel policy POL-1 of booking BK-1",
                "confirm cancellation CN-1 of booking BK-1",
                "opt the customer out of offer OF-1",
            ]
        );
        let only_offer = Ids {
            booking: None,
            ..ids(false)
        };
        assert_eq!(only_offer.changes(), ["opt the customer out of offer OF-1"]);
    }

    #[tokio::test]
    async fn without_the_opt_in_nothing_is_changed() {
        let server = MockServer::start_async().await;
        let changing = mock_api(&server).unwrap();
        let client = Client::builder(Credentials::new("demo-client", "demo-secret"))
            .base_url(server.base_url())
            .token_url(server.url("/api/oauth/token"))
            .build()
            .unwrap();
        let ids = Ids::demo(false);
        walk(&client, &ids).await.unwrap();
        for mock in changing {
            mock.assert_calls(0);
        }
    }
}
