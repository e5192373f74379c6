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
//! - Secrets: `secrets` (no secret or token in any `Debug`, `Display` or
//!   error, whatever a server echoes; redirects never carry the token).
//! - Hostile peers and careless callers: `leaks` (the boundaries an
//!   outside probe found open: path segments, a forged replay marker, a
//!   blank key, a base URL's query), `boundaries` (path values, absurd
//!   lifetimes, bodies cut short, replays, deadlines, pages that link
//!   back), `hostile` (what a broken or hostile server sends, what a
//!   careless caller passes), `config` (plain http refused, the spec's
//!   defaults).
//! - What a platform and the maintainers see: `platform` (headers, the
//!   request hook, spans and metrics), `drift` (drift records from real
//!   answers).
//! - The testing kit as dependents use it: `mock`, `fake` (and the
//!   checkout example's model, taught to it), `prism` (the client against
//!   answers generated from the spec).
//! - `support/`: a client on a mock server, the token mock, fixtures, and
//!   `support::scripted`, a loopback server that misbehaves on cue, and
//!   `support::process`, a test in a process of its own.

mod auth;
mod boundaries;
/// The checkout example's model of two endpoints the pages lack, taught to
/// the fake (the example's own, not the vendor's documentation).
#[path = "../../examples/checkout/model.rs"]
mod checkout_model;
mod config;
mod drift;
mod errors;
mod fake;
mod handles;
mod hostile;
mod leaks;
mod mock;
mod operations;
mod paginate;
mod platform;
mod prism;
mod raw;
mod retry;
mod secrets;
mod soak;
mod support;
mod surface;
mod tolerant;
