//! Idempotency keys, in one place: the header the API deduplicates
//! non-idempotent calls by, the key a call gets when its caller gave none,
//! and the API's `409 Conflict` replay of a keyed call, which the client
//! turns back into the success it stores, marked with
//! [`IDEMPOTENT_REPLAY`].

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Request, StatusCode};

use crate::retry::Replay;
use crate::spec;

/// The header the API deduplicates non-idempotent calls by.
pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("x-idempotency-key");

/// The header the client adds to a response that replays an earlier success
/// (see [`ResponseExt::is_idempotent_replay`](crate::ResponseExt::is_idempotent_replay));
/// the API never sends it.
pub const IDEMPOTENT_REPLAY: HeaderName = HeaderName::from_static("x-xone-idempotent-replay");

/// Refuses a caller's key that is empty or only white space: the API
/// would dedupe every call carrying it as one. Checked before anything is
/// sent, like a key with a control character (which the header itself
/// refuses).
pub(crate) fn check_key(request: &Request) -> Result<(), String> {
    match request.headers().get(IDEMPOTENCY_KEY) {
        Some(key) if key.as_bytes().iter().all(u8::is_ascii_whitespace) => Err(format!(
            "the idempotency key {:?} is empty or only white space: nothing was sent",
            String::from_utf8_lossy(key.as_bytes())
        )),
        _ => Ok(()),
    }
}

/// Gives a POST, PATCH or DELETE without a key of its caller's a fresh UUID
/// v4: set once, before the first attempt, so that every retry of the call
/// carries the same one.
pub(crate) fn ensure_key(request: &mut Request) {
    if Replay::of(request.method(), true) == Replay::Keyed
        && !request.headers().contains_key(IDEMPOTENCY_KEY)
    {
        let key = HeaderValue::try_from(uuid::Uuid::new_v4().to_string())
            .expect("a UUID is a valid header value");
        request.headers_mut().insert(IDEMPOTENCY_KEY, key);
    }
}

/// The API answers a repeat of a keyed call with `409 Conflict` and the
/// first call's stored body, to be handled "as if it would be a successful
/// response" (XCover docs, Idempotency Keys): such an answer becomes the
/// operation's success status, marked with [`IDEMPOTENT_REPLAY`]. A 409
/// whose body is an error (`message` or `errors` at the top) reports a real
/// conflict and stays. Returns the status to answer with.
pub(crate) fn replayed(
    replay: Replay,
    operation: &str,
    status: StatusCode,
    headers: &mut HeaderMap,
    body: &[u8],
) -> StatusCode {
    if replay == Replay::Keyed
        && status == StatusCode::CONFLICT
        && !is_error_body(body)
        && let Some(success) = spec::success_status(operation)
    {
        headers.insert(IDEMPOTENT_REPLAY, HeaderValue::from_static("409"));
        tracing::info!(
            operation,
            "409: the API replayed the stored success of this idempotency key"
        );
        return StatusCode::from_u16(success).expect("the spec's statuses are valid");
    }
    status
}

fn is_error_body(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.as_object()
                .map(|o| o.contains_key("message") || o.contains_key("errors"))
        })
        .unwrap_or(false)
}
