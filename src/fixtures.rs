//! Spec-valid values of the response types, for services' tests: a
//! confirmed booking with one active policy, changed where a test cares
//! (`fixtures::booking().id("BK-7").status("CANCELLED")`), so that nobody
//! copies JSON out of `spec/openapi.yaml`. A test in this crate checks
//! every value these builders make against the spec with the drift
//! checker, and the fake XONE (`xone::fake`, feature `fake`) seeds its
//! bookings with them.
//!
//! The values are the fixtures' own, not the vendor's: the pages show no
//! sample values, and name no status other than what a sample answer had.

use serde_json::{Value, json};

use crate::types::{Booking, BookingList, BookingResponse, Policy};

/// A confirmed booking (`BK-1`, AUD 12.50) with one active policy
/// ([`policy`]), its policyholder, quote and partner.
pub fn booking() -> BookingFixture {
    BookingFixture(json!({
        "id": "BK-1",
        "provider_reference": "ORDER-1",
        "language": "en",
        "provider_customer_id": null,
        "status": "CONFIRMED",
        "currency": "AUD",
        "price": 12.5,
        "security_token": "st-BK-1",
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-01-02T03:04:05Z",
        "is_instant_booking": false,
        "policies": [policy().0],
        "policyholder": {
            "id": "ph-1",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "phone": "+61 2 5550 0100",
            "country": "AU",
            "date_of_birth": null,
            "address1": "1 Example St",
            "address2": null,
            "city": "Sydney",
            "region": "NSW",
            "postcode": "2000",
            "created_at": "2026-01-02T03:04:05Z",
            "updated_at": "2026-01-02T03:04:05Z"
        },
        "cancellations": [],
        "quote": {"uuid": "q-1"},
        "partner": {"uuid": "partner-1", "name": "Example Partner"},
        "coi": {
            "url": "https://example.com/coi/BK-1",
            "pdf": "https://example.com/coi/BK-1.pdf"
        },
        "account_url": "https://example.com/account",
        "fnol_link": "https://example.com/claims",
        "sign_up_url": "https://example.com/sign-up"
    }))
}

/// An active event-ticket policy (`POL-1`, AUD 12.50).
pub fn policy() -> PolicyFixture {
    PolicyFixture(json!({
        "id": "POL-1",
        "status": "ACTIVE",
        "policy_start_date": "2026-02-01T00:00:00Z",
        "policy_end_date": "2026-02-02T00:00:00Z",
        "price": 12.5,
        "tax": 1.14,
        "commission": 2.5,
        "cover_amount": null,
        "policy_type": "event_ticket_protection",
        "policy_code": "ETP-1",
        "policy_version": "1",
        "confirmed_at": "2026-01-02T03:04:05Z",
        "cancelled_at": null,
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-01-02T03:04:05Z"
    }))
}

/// A page of `bookings` as `list_bookings` answers it: the only page.
pub fn booking_list(bookings: Vec<Booking>) -> BookingList {
    let total = bookings.len();
    typed(json!({
        "data": bookings,
        "links": {"first": "https://example.com/bookings?page=1", "last": "https://example.com/bookings?page=1", "prev": null, "next": null},
        "meta": {"current_page": 1, "from": 1, "last_page": 1, "links": [], "path": "https://example.com/bookings", "per_page": 10, "to": total, "total": total}
    }))
}

/// `booking` as the body of a booking operation's success.
pub fn booking_response(booking: Booking) -> BookingResponse {
    typed(json!({ "data": booking }))
}

/// A booking under construction; [`build`](Self::build) makes it.
#[derive(Clone, Debug)]
pub struct BookingFixture(Value);

impl BookingFixture {
    /// Its id (default `BK-1`).
    pub fn id(mut self, id: &str) -> Self {
        self.0["id"] = json!(id);
        self
    }

    /// Its status (default `CONFIRMED`).
    pub fn status(mut self, status: &str) -> Self {
        self.0["status"] = json!(status);
        self
    }

    /// Its price and currency (default 12.5 AUD).
    pub fn price(mut self, price: f64, currency: &str) -> Self {
        self.0["price"] = json!(price);
        self.0["currency"] = json!(currency);
        self
    }

    /// Its policies, replacing the default one.
    pub fn policies(mut self, policies: impl IntoIterator<Item = PolicyFixture>) -> Self {
        self.0["policies"] = Value::Array(policies.into_iter().map(|p| p.0).collect());
        self
    }

    /// The booking.
    pub fn build(self) -> Booking {
        typed(self.0)
    }
}

/// A policy under construction, for [`BookingFixture::policies`] or
/// [`build`](Self::build).
#[derive(Clone, Debug)]
pub struct PolicyFixture(Value);

impl PolicyFixture {
    /// Its id (default `POL-1`).
    pub fn id(mut self, id: &str) -> Self {
        self.0["id"] = json!(id);
        self
    }

    /// Its status (default `ACTIVE`).
    pub fn status(mut self, status: &str) -> Self {
        self.0["status"] = json!(status);
        self
    }

    /// Its price (default 12.5).
    pub fn price(mut self, price: f64) -> Self {
        self.0["price"] = json!(price);
        self
    }

    /// The policy.
    pub fn build(self) -> Policy {
        typed(self.0)
    }
}

/// `value` as the generated type; the fixtures are written to fit it.
fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the fixtures fit the generated types")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::checker::{Compiled, check};
    use crate::drift::findings::Kind;

    /// What the drift checker finds in `body` as `operation`'s 200 answer,
    /// other than the fields the fixture leaves out.
    fn misfits(operation: &str, body: &impl serde::Serialize) -> Vec<String> {
        let spec = serde_json::from_str(crate::spec::SPEC_JSON).unwrap();
        let compiled = Compiled::from_spec(&spec);
        let body = serde_json::to_vec(body).unwrap();
        check(&compiled, operation, 200, &body)
            .into_iter()
            .filter(|f| !matches!(f.kind, Kind::Observed | Kind::Absent))
            .map(|f| {
                format!(
                    "{} {}: expected {}, seen {}",
                    f.kind, f.pointer, f.expected, f.seen
                )
            })
            .collect()
    }

    #[test]
    fn every_fixture_fits_the_spec_as_each_operation_answers_it() {
        let changed = booking()
            .id("BK-7")
            .status("PENDING_CANCELLATION")
            .price(99.0, "USD")
            .policies([
                policy().id("POL-7").status("CANCELLED").price(3.25),
                policy(),
            ])
            .build();
        let list = booking_list(vec![booking().build(), changed.clone()]);
        assert_eq!(misfits("list_bookings", &list), Vec::<String>::new());
        for operation in [
            "cancel_booking_policies",
            "modify_booking",
            "modify_booking_preview",
            "cancel_booking_confirm_preview",
        ] {
            let response = booking_response(changed.clone());
            assert_eq!(
                misfits(operation, &response),
                Vec::<String>::new(),
                "{operation}"
            );
        }
        // The checker does find a misfit: a price that is not a number.
        let mut wrong = serde_json::to_value(booking_response(booking().build())).unwrap();
        wrong["data"]["price"] = json!("twelve");
        assert_eq!(misfits("modify_booking", &wrong).len(), 1, "{wrong}");
    }

    #[test]
    fn the_builders_set_what_they_name() {
        let booking = booking()
            .id("BK-9")
            .status("CANCELLED")
            .policies([policy().id("P-1"), policy().id("P-2")])
            .build();
        assert_eq!(booking.id.as_deref(), Some("BK-9"));
        assert_eq!(booking.status.as_deref(), Some("CANCELLED"));
        let ids: Vec<_> = booking
            .policies
            .iter()
            .filter_map(|p| p.id.as_deref())
            .collect();
        assert_eq!(ids, ["P-1", "P-2"]);
    }
}
