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

/// What a fault is aimed at: an [`Operation`] of the spec, or an endpoint
/// taught to the fake ([`FakeXoneBuilder::route`](super::FakeXoneBuilder::route))
/// by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target(&'static str);

impl Target {
    /// The token endpoint: `fake.fail_next(Target::TOKEN, Fault::status(503))`
    /// answers the next token request with the fault (a cut-short one
    /// too); `lose_next_answer`, `cut_next_answer_short` and `slow_next`
    /// apply to it as to an operation.
    pub const TOKEN: Target = Target("token");

    /// The operationId or the taught route's name.
    pub fn name(self) -> &'static str {
        self.0
    }
}

impl From<Operation> for Target {
    fn from(operation: Operation) -> Self {
        Target(operation.id())
    }
}

impl From<&'static str> for Target {
    /// A taught route, by the name it was taught with.
    fn from(name: &'static str) -> Self {
        Target(name)
    }
}

/// One request the fake received, for assertions: what a service sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeenRequest {
    /// The spec's operation it reached; `None` for the token endpoint, a
    /// taught route, and paths and methods that are no operation.
    pub operation: Option<Operation>,
    /// The taught route it reached, by name
    /// ([`FakeXoneBuilder::route`](super::FakeXoneBuilder::route)).
    pub route: Option<&'static str>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The query as sent, if there was one.
    pub query: Option<String>,
    /// Its `x-idempotency-key`, if it had one.
    pub idempotency_key: Option<String>,
    /// Its headers as sent, names lowercase, in order; the token's value
    /// is `Bearer [redacted]`.
    pub headers: Vec<(String, String)>,
    /// Its body as JSON; `None` for no body, one that is not JSON, or one
    /// refused before it was read (no valid token, too large).
    pub body: Option<serde_json::Value>,
    /// The status answered; `None` where the answer was lost on purpose
    /// ([`FakeXone::lose_next_answer`](super::FakeXone::lose_next_answer)). An answer cut short
    /// ([`FakeXone::cut_next_answer_short`](super::FakeXone::cut_next_answer_short)) has the status it began with.
    pub status: Option<u16>,
}

impl SeenRequest {
    /// The value of the header `name` (any case), if the request had one.
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::logged_headers::find(&self.headers, name)
    }
}
