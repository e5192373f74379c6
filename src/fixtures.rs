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

use crate::types::{ApiError, Booking, BookingList, BookingResponse, Cancellation, Policy};

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

/// A cancellation of `POL-1` (`CAN-1`, a refund of 12.50 AUD), not yet
/// confirmed, for [`BookingFixture::cancellations`] or
/// [`build`](CancellationFixture::build).
pub fn cancellation() -> CancellationFixture {
    CancellationFixture(json!({
        "id": "CAN-1",
        "provider_reference": "ORDER-1",
        "created_at": "2026-01-03T00:00:00Z",
        "updated_at": "2026-01-03T00:00:00Z",
        "deleted_at": null,
        "total_refund": 12.5,
        "total_refund_formatted": "12.50 AUD",
        "policies": [{"id": "POL-1", "refund_value": 12.5, "adjustment_fee": 0}]
    }))
}

/// An error body with `message`, as the API answers a `401` or any error
/// without field errors.
pub fn api_error(message: &str) -> ApiError {
    typed(json!({ "message": message }))
}

/// A `422` body: `message`, and the same message for `field` (Laravel's
/// validation errors, keyed by the field's dotted path).
pub fn validation_error(field: &str, message: &str) -> ApiError {
    typed(json!({ "message": message, "errors": { field: [message] } }))
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

    /// Its cancellations (default none).
    pub fn cancellations(
        mut self,
        cancellations: impl IntoIterator<Item = CancellationFixture>,
    ) -> Self {
        self.0["cancellations"] = Value::Array(cancellations.into_iter().map(|c| c.0).collect());
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

/// A cancellation under construction; [`build`](Self::build) makes it.
#[derive(Clone, Debug)]
pub struct CancellationFixture(Value);

impl CancellationFixture {
    /// Its id (default `CAN-1`).
    pub fn id(mut self, id: &str) -> Self {
        self.0["id"] = json!(id);
        self
    }

    /// The policies it cancels, each refunded `refund` (default `POL-1`,
    /// 12.5), and the total refund.
    pub fn policies(mut self, ids: &[&str], refund: f64) -> Self {
        self.0["policies"] = ids
            .iter()
            .map(|id| json!({"id": id, "refund_value": refund, "adjustment_fee": 0}))
            .collect();
        let total = refund * ids.len() as f64;
        self.0["total_refund"] = json!(total);
        self.0["total_refund_formatted"] = json!(format!("{total:.2} AUD"));
        self
    }

    /// Confirmed at `at` (RFC 3339); the default is not yet confirmed.
    pub fn confirmed_at(mut self, at: &str) -> Self {
        self.0["confirmed_at"] = json!(at);
        self
    }

    /// The cancellation.
    pub fn build(self) -> Cancellation {
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
        misfits_at(operation, 200, body)
    }

    /// The same for the answer `status`.
    fn misfits_at(operation: &str, status: u16, body: &impl serde::Serialize) -> Vec<String> {
        let spec = serde_json::from_str(crate::spec::SPEC_JSON).unwrap();
        let compiled = Compiled::from_spec(&spec);
        let body = serde_json::to_vec(body).unwrap();
        check(&compiled, operation, status, &body)
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
            .cancellations([
                cancellation()
                    .id("CAN-7")
                    .policies(&["POL-7"], 3.25)
                    .confirmed_at("2026-01-04T00:00:00Z"),
                cancellation(),
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
        // The error bodies, under each status that documents one.
        for (operation, status) in [
            ("list_bookings", 401),
            ("opt_out_offer", 401),
            ("modify_booking", 401),
            ("modify_booking", 422),
            ("cancel_booking_policies", 422),
            ("cancel_booking_confirm_preview", 422),
            ("modify_booking_preview", 422),
        ] {
            for body in [
                api_error("Unauthenticated."),
                validation_error("policies.0.id", "The selected policy is invalid."),
            ] {
                assert_eq!(
                    misfits_at(operation, status, &body),
                    Vec::<String>::new(),
                    "{operation} {status}"
                );
            }
        }
        assert_eq!(
            misfits_at("modify_booking", 422, &json!({"message": 4})).len(),
            1
        );
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
