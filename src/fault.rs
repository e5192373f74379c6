//! Answers a service must handle that the spec does not document: 429
//! with `Retry-After`, 5xx, the API's 409 replay of a stored success, 423,
//! a delay, a body that is not JSON. One value for both testing tools: an
//! httpmock answer (`then.fault(..)`, feature `mock`) and the
//! fake XONE's next answer (`fake.fail_next(..)`, feature `fake`).

use std::time::Duration;

use serde::Serialize;

/// One answer outside the spec's documented statuses.
#[derive(Clone)]
pub struct Fault {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) delay: Option<Duration>,
    /// Send half the body under a `Content-Length` of the whole (the fake
    /// only: httpmock cannot).
    pub(crate) cut_short: bool,
}

impl std::fmt::Debug for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body as the text it is, not a list of bytes.
        f.debug_struct("Fault")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("delay", &self.delay)
            .field("cut_short", &self.cut_short)
            .finish()
    }
}

impl Fault {
    /// `status` with an error body in the API's shape (`{"message": ..}`,
    /// the status's reason as the message).
    pub fn status(status: u16) -> Self {
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        Fault {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(&serde_json::json!({ "message": reason }))
                .expect("a JSON value serializes"),
            delay: None,
            cut_short: false,
        }
    }

    /// `status` with `body` as JSON, whatever its shape: a `409` whose body
    /// is a conflict, not a replay; an error shape the spec does not give.
    pub fn json<T: Serialize>(status: u16, body: &T) -> Self {
        Fault {
            body: serde_json::to_vec(body).expect("the body serializes"),
            ..Fault::status(status)
        }
    }

    /// The API's answer to a repeat of a keyed call already done: `409`
    /// with the first call's stored `success` body (XCover docs,
    /// Idempotency Keys), which the client returns as the success.
    pub fn replay_of<T: Serialize>(success: &T) -> Self {
        Fault {
            body: serde_json::to_vec(success).expect("the success serializes"),
            ..Fault::status(409)
        }
    }

    /// `423 Locked`: a repeat while the first call with its key is still in
    /// progress, which the client retries.
    pub fn locked() -> Self {
        Fault::status(423)
    }

    /// With `Retry-After: seconds`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.headers
            .push(("retry-after".into(), seconds.to_string()));
        self
    }

    /// With `text` as an HTML body instead of JSON, as a gateway answers.
    pub fn not_json(mut self, text: &str) -> Self {
        self.headers = vec![("content-type".into(), "text/html".into())];
        self.body = text.as_bytes().to_vec();
        self
    }

    /// Sent cut short: `Content-Length` promises the whole body, half of it
    /// comes (its JSON ends mid-value), and the connection closes, so the
    /// client sees a transport error and may retry. The fake XONE only:
    /// httpmock's server will not send fewer bytes than it announces (an
    /// httpmock answer of this fault panics saying so).
    pub fn cut_short(mut self) -> Self {
        self.cut_short = true;
        self
    }

    /// Answered after `delay`.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}
