//! The crate's one integration test binary (one link step for all areas).
//!
//! What each file pins, by the behaviour a service relies on:
//!
//! - The calls themselves: `operations` (every operation's method, path,
//!   body and decoded answer), `surface` (exactly the spec's operations),
//!   `errors` (every documented error body, nothing the server said lost),
//!   `tolerant` (answers the one-sample spec never showed), `paginate`
//!   (pages in order; pages that link back or away), `raw` (endpoints the
//!   pages lack, through the same machinery), `handles` (per-call timeout,
//!   retry policy and headers).
//! - The token: `auth` (one shared token, refreshed, failures that do not
//!   stick, absurd lifetimes, a flaky or refusing endpoint, expiry under
//!   load).
//! - Retries and idempotency: `retry` (what is retried, how often, the
//!   budget, bodies cut short, deadlines), `idempotency` (one key for every
//!   attempt, blank keys refused, 409 replays, a replay marker only the
//!   client sets), `soak` (many calls under faults).
//! - Secrets: `secrets` (no secret or token in any `Debug`, `Display` or
//!   error, whatever a server echoes; redirects never carry the token).
//! - Malformed answers: `malformed` (the size cap, trickles, absurd
//!   `Retry-After`s, deep nesting, bodies that are not JSON, framing).
//! - URLs and paths: `paths` (a path value stays in its segment, control
//!   characters refused, the base URL's prefix, query and fragment).
//! - Configuration: `config` (plain http refused, the spec's defaults, the
//!   `XONE_*` variables).
//! - What a platform and the maintainers see: `platform` (headers, the
//!   request hook, spans and metrics), `drift` (drift records from real
//!   answers).
//! - The testing kit as dependents use it: `mock` (typed mocks, exact to
//!   the id), `fake` (and the checkout example's model, taught to it),
//!   `prism` (the client against answers generated from the spec).
//! - `support/`: a client on a mock server, the token mock, fixtures, and
//!   `support::scripted`, a loopback server that misbehaves on cue, and
//!   `support::process`, a test in a process of its own.

mod auth;
/// The checkout example's model of two endpoints the pages lack, taught to
/// the fake (the example's own, not the vendor's documentation).
#[path = "../../examples/checkout/model.rs"]
mod checkout_model;
mod config;
mod drift;
mod errors;
mod fake;
mod handles;
mod idempotency;
mod malformed;
mod mock;
mod operations;
mod paginate;
mod paths;
mod platform;
mod prism;
mod raw;
mod retry;
mod secrets;
mod soak;
mod support;
mod surface;
mod tolerant;
