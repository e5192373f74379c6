//! The crate's one integration test binary (one link step for all areas).
//!
//! What each file pins, by the behaviour a service relies on:
//!
//! - The calls themselves: `operations` (every operation's method, path,
//!   body and decoded answer), `surface` (exactly the spec's operations),
//!   `errors` (every documented error body, nothing the server said lost),
//!   `tolerant` (answers the one-sample spec never showed), `paginate`,
//!   `raw` (endpoints the pages lack, through the same machinery),
//!   `handles` (per-call timeout, retry policy and headers).
//! - The token and retries: `auth` (one shared token, refreshed, failures
//!   that do not stick), `retry` (what is retried, how often, with which
//!   key), `soak` (many calls under faults).
//! - Secrets and hostile peers: `hygiene` (no secret in any `Debug` or
//!   `Display`, plain http refused), `leaks` (five boundaries an outside
//!   probe found leaking), `boundaries` (redirects, path values, absurd
//!   lifetimes, bodies cut short), `hostile` (what a broken or hostile
//!   server sends, what a careless caller passes).
//! - What a platform and the maintainers see: `platform` (headers, the
//!   request hook, spans and metrics), `drift` (drift records from real
//!   answers).
//! - The testing kit as dependents use it: `mock`, `fake` (and the
//!   checkout example's model, taught to it), `prism` (the client against
//!   answers generated from the spec).
//! - `support/`: a client on a mock server, the token mock, fixtures, and
//!   `support::scripted`, a loopback server that misbehaves on cue.

mod auth;
mod boundaries;
/// The checkout example's model of two endpoints the pages lack, taught to
/// the fake (the example's own, not the vendor's documentation).
#[path = "../../examples/checkout/model.rs"]
mod checkout_model;
mod drift;
mod errors;
mod fake;
mod handles;
mod hostile;
mod hygiene;
mod leaks;
mod mock;
mod operations;
mod paginate;
mod platform;
mod prism;
mod raw;
mod retry;
mod soak;
mod support;
mod surface;
mod tolerant;
