//! What a response says beyond its body: whether it replays an earlier
//! call, the API's rate limit, and the request id the vendor's support asks
//! for.

use progenitor_client::ResponseValue;
use reqwest::header::{HeaderMap, HeaderName};

use crate::idempotency::IDEMPOTENT_REPLAY;

/// The client's own header on a success: how many requests the call sent
/// (set by the client, never taken from a server).
pub(crate) const ATTEMPTS: HeaderName = HeaderName::from_static("x-xone-attempts");

/// The header Cloudflare puts on every answer: what the vendor's support
/// asks for to trace a request.
const CF_RAY: HeaderName = HeaderName::from_static("cf-ray");

/// The `CF-RAY` of an answer, for [`ResponseExt::cf_ray`] and the client's logs.
pub(crate) fn cf_ray(headers: &HeaderMap) -> Option<&str> {
    headers.get(CF_RAY)?.to_str().ok()
}

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

    /// The API's rate limit as of this response (`X-Ratelimit-Limit` and
    /// `X-Ratelimit-Remaining`), if it sent both as whole numbers.
    fn rate_limit(&self) -> Option<RateLimit>;

    /// Cloudflare's id of this exchange (`CF-RAY`): quote it to the vendor's
    /// support to trace a request.
    fn cf_ray(&self) -> Option<&str>;

    /// How many requests the call sent to get this answer: 1, or more after
    /// retries (a replay with a fresh token after a `401` counts), as
    /// [`Error::attempts`](crate::Error::attempts) says of a failure.
    fn attempts(&self) -> u32;
}

/// The API's request budget, from its `X-Ratelimit-*` headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: u64,
    /// Requests left in it.
    pub remaining: u64,
}

impl<T> ResponseExt for ResponseValue<T> {
    fn is_idempotent_replay(&self) -> bool {
        self.headers().contains_key(IDEMPOTENT_REPLAY)
    }

    fn rate_limit(&self) -> Option<RateLimit> {
        let number = |name: &str| -> Option<u64> {
            self.headers().get(name)?.to_str().ok()?.trim().parse().ok()
        };
        Some(RateLimit {
            limit: number("x-ratelimit-limit")?,
            remaining: number("x-ratelimit-remaining")?,
        })
    }

    fn cf_ray(&self) -> Option<&str> {
        cf_ray(self.headers())
    }

    fn attempts(&self) -> u32 {
        self.headers()
            .get(ATTEMPTS)
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(1)
    }
}
