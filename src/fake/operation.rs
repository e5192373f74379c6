//! What a test names and reads of the fake: the spec's operations, to aim
//! a fault at, and the record of each request the fake received.

/// One operation of the spec, to aim an injected fault at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `list_bookings`: `GET /api/partners/{partner_id}/bookings`.
    ListBookings,
    /// `modify_booking_preview`: `PATCH .../bookings/{booking_id}/preview`.
    ModifyBookingPreview,
    /// `modify_booking`: `PATCH .../bookings/{booking_id}`.
    ModifyBooking,
    /// `cancel_booking_policies`: `DELETE .../bookings/{booking_id}`.
    CancelBookingPolicies,
    /// `cancel_booking_confirm_preview`:
    /// `POST .../bookings/{booking_id}/cancellations/{cancellation_id}`.
    CancelBookingConfirmPreview,
    /// `opt_out_offer`: `POST /api/partners/{partner_id}/offers/{offer_id}/opt-out`.
    OptOutOffer,
}

impl Operation {
    /// Every operation of the spec.
    pub const ALL: [Operation; 6] = [
        Operation::ListBookings,
        Operation::ModifyBookingPreview,
        Operation::ModifyBooking,
        Operation::CancelBookingPolicies,
        Operation::CancelBookingConfirmPreview,
        Operation::OptOutOffer,
    ];

    /// Its operationId in the spec, the name of its method on [`Client`](crate::Client).
    pub fn id(self) -> &'static str {
        match self {
            Operation::ListBookings => "list_bookings",
            Operation::ModifyBookingPreview => "modify_booking_preview",
            Operation::ModifyBooking => "modify_booking",
            Operation::CancelBookingPolicies => "cancel_booking_policies",
            Operation::CancelBookingConfirmPreview => "cancel_booking_confirm_preview",
            Operation::OptOutOffer => "opt_out_offer",
        }
    }

    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Operation::ALL.into_iter().find(|op| op.id() == id)
    }
}

/// One request the fake received, for assertions.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeenRequest {
    /// The operation it reached; `None` for the token endpoint and for
    /// paths and methods that are no operation.
    pub operation: Option<Operation>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// Its `x-idempotency-key`, if it had one.
    pub idempotency_key: Option<String>,
    /// The status answered; `None` where the answer was lost on purpose
    /// ([`FakeXone::lose_next_answer`](super::FakeXone::lose_next_answer)). An answer cut short
    /// ([`FakeXone::cut_next_answer_short`](super::FakeXone::cut_next_answer_short)) has the status it began with.
    pub status: Option<u16>,
}
