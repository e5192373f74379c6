//! What a successful response says beyond its body.

use progenitor_client::ResponseValue;
use reqwest::header::HeaderName;

/// The header the client adds to a response that replays an earlier success
/// (see [`ResponseExt::is_idempotent_replay`]); the API never sends it.
pub const IDEMPOTENT_REPLAY: HeaderName = HeaderName::from_static("x-xone-idempotent-replay");

/// Facts about a response that are not in its body.
pub trait ResponseExt {
    /// Whether the API answered with the stored result of an earlier call
    /// with the same `x-idempotency-key` and body instead of doing it again.
    ///
    /// The API sends such a replay as `409 Conflict` with the first call's
    /// body, and says to treat it as a success; the client returns it as the
    /// operation's success (status included) and marks it with the
    /// [`IDEMPOTENT_REPLAY`] header, which this reads. A retry of a call whose
    /// first answer was lost is one; so is a repeat with a key of your own.
    fn is_idempotent_replay(&self) -> bool;
}

impl<T> ResponseExt for ResponseValue<T> {
    fn is_idempotent_replay(&self) -> bool {
        self.headers().contains_key(IDEMPOTENT_REPLAY)
    }
}
