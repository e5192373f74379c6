#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

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
/// Drift checking against a spec of the caller's, for the xtask's tests and
/// the benches: not part of the API.
#[cfg(feature = "drift-tools")]
#[doc(hidden)]
pub use drift::tools as drift_tools;
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
