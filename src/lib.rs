#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Module map, for a reader following one operation from the generated
// `send()` to the caller's `Result` (the crate's docs are the README, for
// dependents; this is for maintainers). In call order:
//
// - `config.rs`: `ClientBuilder`, the one way in; checks the URLs and
//   builds the settings every call shares. `client.rs`: what the
//   hand-written layer adds to the generated `Client` (`from_env`,
//   handles with another retry policy, timeout or header, `bookings`).
// - `generated` (below, from `build.rs`): one builder per operation; its
//   `send()` is wrapped by `call.rs`, whose `run` opens the `xone.call`
//   span, keeps the call's record (progenitor's error type cannot carry
//   ours) and turns the outcome into the crate's `Error` (`error.rs`).
// - `runtime.rs`: progenitor's hooks. `pre` gets the access token
//   (`auth.rs`, a shared cache; `xone.token` span) and the idempotency
//   key (`idempotency.rs`); `exec` sends with retries (`retry.rs`, when
//   and how long; `retry_budget.rs`, how many a client may spend), runs
//   the platform's hook on every attempt (`hook.rs`, through the
//   owned-header check of `headers.rs`), reads each body within its cap
//   (`body.rs`), replays once after a 401, and turns a keyed 409 replay
//   into its stored success.
// - After the answer: secrets out before anything decodes (`redact.rs`),
//   the body as a documented type or not (`documented.rs`), what the
//   response says beyond its body (`response.rs`), and the answer checked
//   against the spec (`drift/`, with `route.rs` naming the operation of a
//   path as sent).
// - Beside the typed calls: `raw.rs` (endpoints the pages lack, with
//   `path.rs` encoding path parameters), `paginate.rs` (every page as one
//   stream), `money.rs` and `timestamp.rs` (the API's amounts and times
//   as sent), `otel.rs` (metrics and trace propagation).
// - For services' tests (features `mock`, `fake`): `mock/` (httpmock
//   mocks, token answers, scripts), `fake/` (an in-process XONE),
//   `fault.rs` (answers the spec does not document), `fixtures.rs`,
//   `logged_headers.rs` (request logs without the token).

mod auth;
mod body;
mod call;
mod client;
mod config;
mod documented;
mod drift;
mod error;
#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;
#[cfg(any(feature = "mock", feature = "fake"))]
mod fault;
#[cfg(any(feature = "mock", feature = "fake"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "mock", feature = "fake"))))]
pub mod fixtures;
mod headers;
mod hook;
mod idempotency;
#[cfg(any(feature = "mock", feature = "fake"))]
mod logged_headers;
mod money;
#[cfg(feature = "opentelemetry")]
mod otel;
mod paginate;
mod path;
mod raw;
mod redact;
mod response;
mod retry;
mod retry_budget;
mod route;
mod runtime;
mod timestamp;

/// The client progenitor generates from `spec/openapi.yaml` in `build.rs`:
/// one builder method per operation on [`Client`], the request and response
/// [`types`], and the per-operation [`builder`]s. Its constructors are
/// private: [`Client::builder`] is the way in.
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_imports, dead_code)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

/// Facts read from the spec at build time: default URLs, success statuses,
/// and each operation's method, path and example bodies.
mod spec {
    include!(concat!(env!("OUT_DIR"), "/spec.rs"));
    // Only the fake reads the operations' list and examples.
    #[cfg_attr(not(feature = "fake"), allow(dead_code))]
    mod operations {
        include!(concat!(env!("OUT_DIR"), "/operations.rs"));
    }
    #[cfg_attr(not(feature = "fake"), allow(unused_imports))]
    pub(crate) use operations::{OPERATIONS, OperationFacts};
}

pub use auth::Credentials;
pub use body::{BodyTooLarge, DEFAULT_MAX_BODY_SIZE};
pub use config::{ClientBuilder, ConfigError};
pub use drift::{DriftLog, DriftRecord, Kind as DriftKind};
pub use error::{Error, ErrorKind, TokenError};
/// A success: its body ([`into_inner`](ResponseValue::into_inner), or
/// `Deref`), status and headers ([`ResponseExt`] reads the rest). progenitor's
/// type; its own docs speak of progenitor's error, not [`Error`].
#[doc(no_inline)]
pub use generated::ResponseValue;
pub use generated::{Client, ClientInfo, builder, prelude, types};
pub use hook::OutgoingRequest;
pub use idempotency::IDEMPOTENT_REPLAY;
pub use money::{Money, MoneyParseError};
pub use path::ApiPath;
pub use raw::RawRequest;
/// The HTTP method of a [`Client::request`], re-exported so that a caller
/// needs no reqwest of its own.
pub use reqwest::Method;
/// An HTTP status, for [`RawRequest::success_status`], re-exported so that a
/// caller needs no reqwest of its own.
pub use reqwest::StatusCode;
pub use response::{RateLimit, ResponseExt};
pub use retry::{DEFAULT_RETRY_BUDGET, RetryPolicy};
pub use spec::{DEFAULT_BASE_URL, DEFAULT_TOKEN_URL};
pub use timestamp::{Timestamp, TimestampParseError};

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
