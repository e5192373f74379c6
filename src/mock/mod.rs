//! Typed [`httpmock`] helpers for testing code that depends on this crate,
//! generated from the same spec as the client.
//!
//! `server.list_bookings(|when, then| ...)` mocks one operation with typed
//! parameters and responses; `into_inner()` gives the raw `When`/`Then` to
//! deviate from the spec on purpose.
//!
//! ```
//! use xone::mock::httpmock::MockServer;
//! use xone::mock::MockServerExt;
//! use xone::types::{BookingList, ApiError};
//!
//! let server = MockServer::start();
//! let mock = server.list_bookings(|when, then| {
//!     when.partner_id("partner/1");
//!     then.ok(&BookingList::builder().try_into().unwrap());
//! });
//! # let _ = mock;
//! ```
//!
//! The hand-written part: [`Fault`]s on any answer (`fault.rs`), endpoints
//! the spec lacks (`raw.rs`), scripts of answers and expectations checked
//! on drop (`script.rs`), and the token endpoint (`token.rs`).

mod fault;
mod raw;
mod script;
mod token;

/// The helpers progenitor generates from the spec (`build/patches.rs`
/// adds `idempotency_key`, `fault` and `script` to them).
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_imports)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mock.rs"));
}

/// What only this crate implements: the supertrait that seals
/// `MockServerExt` (`build/patches.rs`), public in a private module so that
/// no other crate can name it.
mod sealing {
    pub trait Sealed {}
    impl Sealed for httpmock::MockServer {}
}
pub(crate) use sealing::Sealed;

/// The httpmock these helpers are built with (0.9), so that a
/// dependent's `MockServer` is always the one they extend.
pub use ::httpmock;

pub use crate::fault::Fault;
pub use fault::ThenFaultExt;
pub use generated::*;
pub use raw::{RawMockExt, RawThen, RawWhen};
pub use script::{Answer, Expected, MockExpectExt, Received, Script, ThenScriptExt};
pub use token::{TokenAnswer, TokenMockExt};

/// The token endpoint's path, from the spec's token URL.
pub const TOKEN_PATH: &str = "/api/oauth/token";
