//! Idempotency keys, in one place: the header the API deduplicates
//! non-idempotent calls by, the key a call gets when its caller gave none,
//! and the API's `409 Conflict` replay of a keyed call, which the client
//! turns back into the success it stores, marked with
//! [`IDEMPOTENT_REPLAY`].

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Request, StatusCode};
use serde::de::DeserializeOwned;

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
/// operation's success status, marked with [`IDEMPOTENT_REPLAY`]. Only a
/// body that is the stored success counts (`spec::is_stored_success`): any
/// other 409 (another error shape, `{}`, HTML, JSON cut short) reports a
/// real conflict and stays a 409 with its body. Returns the status to
/// answer with.
pub(crate) fn replayed(
    replay: Replay,
    operation: &str,
    status: StatusCode,
    headers: &mut HeaderMap,
    body: &[u8],
) -> StatusCode {
    if replay == Replay::Keyed
        && status == StatusCode::CONFLICT
        && spec::is_stored_success(operation, body)
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

/// Whether `body` decodes as `T` and holds one of `fields` (see
/// [`documented::decoded`](crate::documented::decoded)).
pub(crate) fn is_stored<T: DeserializeOwned>(body: &[u8], fields: &[&str]) -> bool {
    crate::documented::decoded::<T>(body, fields).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Stored {
        data: Option<Inner>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        id: Option<String>,
    }

    #[test]
    fn only_a_body_of_the_success_type_with_one_of_its_fields_is_stored() {
        assert!(is_stored::<Stored>(br#"{"data":{"id":"bk-1"}}"#, &["data"]));
        assert!(is_stored::<Stored>(br#"{"data":null,"x":1}"#, &["data"]));
        for body in [
            &br#"{"error":"Duplicate request"}"#[..],
            b"{}",
            b"[]",
            b"<html>",
            br#"{"data":{"id":42}}"#,
            br#"{"data":"#,
            b"",
        ] {
            assert!(!is_stored::<Stored>(body, &["data"]), "{body:?}");
        }
    }
}
