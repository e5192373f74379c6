//! What a test names and reads of the fake: the spec's operations, to aim
//! a fault at (the enum is generated from the spec by build.rs, so a new
//! page's operation is there with no edit), and the record of each request
//! the fake received.

include!(concat!(env!("OUT_DIR"), "/fake_operation.rs"));

impl Operation {
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
