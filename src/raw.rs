//! A raw authenticated request, for an endpoint the vendor's pages do not
//! document yet: [`Client::request`] sends it through the same hooks as
//! every generated operation (token, idempotency key, retries, deadline,
//! body size cap, redaction, drift watch) and answers with the same
//! [`Error`]. Only a path on the API's own base URL can be asked for, so
//! the token never leaves the API's host, and it is checked as the typed
//! operations check their path values.

use std::collections::BTreeMap;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::idempotency::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAY};
use crate::retry::Replay;
use crate::{Client, Error};

/// The operation name a raw request has in errors and logs.
const OPERATION: &str = "request";

/// A request being built by [`Client::request`].
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    body: Option<Result<Vec<u8>, String>>,
    key: Option<String>,
}

impl Client {
    /// An authenticated request to `path` on the API (`/api/partners/p-1/...`),
    /// for an endpoint the generated client does not have yet:
    ///
    /// ```no_run
    /// # async fn run(client: xone::Client) -> Result<(), xone::Error> {
    /// let offer = client
    ///     .request(xone::Method::GET, "/api/partners/p-1/offers/OF-1")
    ///     .send::<serde_json::Value>()
    ///     .await?
    ///     .into_inner();
    /// # let _ = offer;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// `path` is relative to the base URL and must start with `/`; a path
    /// with a scheme or host (`//`), a `\`, a query or fragment, an empty,
    /// `.` or `..` segment (in any encoding), or a control character is
    /// refused before anything is sent, and so is a segment that decodes to
    /// one holding `/` or `\` (`..%2F..%2Fadmin`, `%2e%2e%5c`): a gateway
    /// that decodes before it normalises would read it as several segments.
    /// Segments are sent as given: percent-encode what they hold.
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            path: path.into(),
            body: None,
            key: None,
        }
    }
}

impl RawRequest<'_> {
    /// Sends `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// The idempotency key (default: a fresh UUID v4 for POST, PATCH and
    /// DELETE, the same on every attempt, as for the typed operations).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sends the request and decodes a success's JSON body as `T`.
    ///
    /// A keyed call (a POST, PATCH or DELETE always is) answered `409
    /// Conflict` with a body that decodes as `T` and is not the API's
    /// error shape (no top-level `message`, `errors` or `error`) is the
    /// API's replay of the key's stored success, as for the typed
    /// operations: it is returned as a success with status `200 OK` (the
    /// first answer's own status is not known) and marked as a replay
    /// ([`ResponseExt::is_idempotent_replay`](crate::ResponseExt::is_idempotent_replay)).
    /// Any other 409 is an error of kind `Status`.
    pub async fn send<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        crate::call::run(OPERATION, async move {
            let stored = |body: &[u8]| serde_json::from_slice::<T>(body).is_ok();
            let bytes = self.send_generated(stored).await?;
            let (status, headers) = (bytes.status(), bytes.headers().clone());
            let body = bytes.into_inner();
            match serde_json::from_slice(&body) {
                Ok(value) => Ok(ResponseValue::new(value, status, headers)),
                // Through the call's record, so that the body is redacted
                // and the answer's status and headers kept, as for the
                // typed operations.
                Err(e) => Err(progenitor_client::Error::InvalidResponsePayload(body, e)),
            }
        })
        .await
    }

    /// Sends the request and gives a success's body as it came.
    ///
    /// A keyed call answered `409 Conflict` with a JSON object or array
    /// that is not the API's error shape is the replay of its stored
    /// success (as [`send`](Self::send) with `T = serde_json::Value`): a
    /// success with status `200 OK`, marked as a replay. Any other 409
    /// (an error shape, an empty body, text) is an error of kind `Status`.
    pub async fn send_bytes(self) -> Result<ResponseValue<Bytes>, Error> {
        let any_json = |body: &[u8]| serde_json::from_slice::<IgnoredAny>(body).is_ok();
        crate::call::run(OPERATION, self.send_generated(any_json)).await
    }

    /// The request through the generated operations' hooks, with their
    /// error type. `stored` says whether a 409's body to a keyed call is
    /// the success this call expects (beside not being an error shape).
    async fn send_generated(
        self,
        stored: impl Fn(&[u8]) -> bool,
    ) -> Result<ResponseValue<Bytes>, progenitor_client::Error<()>> {
        use progenitor_client::Error as P;
        let url = target(self.client.inner().base_url(), &self.path).map_err(P::InvalidRequest)?;
        let mut request = self
            .client
            .client()
            .request(self.method, url)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(body) = self.body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.map_err(P::InvalidRequest)?);
        }
        if let Some(key) = self.key {
            let key = HeaderValue::try_from(key).map_err(|_| {
                P::InvalidRequest("the idempotency key is not a valid header value".into())
            })?;
            request = request.header(IDEMPOTENCY_KEY, key);
        }
        let mut request = request.build()?;
        let info = OperationInfo {
            operation_id: OPERATION,
        };
        self.client.pre(&mut request, &info).await?;
        let keyed = Replay::of(
            request.method(),
            request.headers().contains_key(IDEMPOTENCY_KEY),
        ) == Replay::Keyed;
        let response = self.client.exec(request, &info).await?;
        let status = response.status();
        if status.is_success() || (keyed && status == StatusCode::CONFLICT) {
            let mut headers = response.headers().clone();
            // Read whole already (`runtime.rs`): this takes it from memory.
            let body = response.bytes().await.map_err(P::ResponseBodyError)?;
            if status.is_success() {
                return Ok(ResponseValue::new(body, status, headers));
            }
            if is_stored_success(&body, stored) {
                headers.insert(IDEMPOTENT_REPLAY, HeaderValue::from_static("409"));
                tracing::info!(
                    operation = OPERATION,
                    "409: the API replayed the stored success of this idempotency key"
                );
                return Ok(ResponseValue::new(body, StatusCode::OK, headers));
            }
            return Err(P::UnexpectedResponse(rebuilt(status, headers, body)));
        }
        Err(P::UnexpectedResponse(response))
    }
}

/// Whether a 409's `body` to a keyed raw call is the stored success: JSON
/// that is not the API's error shape, and what the caller expects.
fn is_stored_success(body: &[u8], stored: impl Fn(&[u8]) -> bool) -> bool {
    const ERROR_FIELDS: [&str; 3] = ["message", "errors", "error"];
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if !matches!(first, Some(b'{' | b'[')) {
        return false;
    }
    let error_shape = serde_json::from_slice::<BTreeMap<String, IgnoredAny>>(body)
        .is_ok_and(|top| ERROR_FIELDS.iter().any(|f| top.contains_key(*f)));
    !error_shape && stored(body)
}

/// An answer already read, as a response again (for the error path).
fn rebuilt(status: StatusCode, headers: HeaderMap, body: Bytes) -> reqwest::Response {
    let mut answer = http::Response::new(body);
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    reqwest::Response::from(answer)
}

/// `path` on `base`, or why not.
fn target(base: &Url, path: &str) -> Result<Url, String> {
    let refuse = |why: &str| Err(format!("path `{path}` {why}: nothing was sent"));
    if !path.starts_with('/') || path.starts_with("//") {
        return refuse("is not a path on the API (it must start with one `/`)");
    }
    if path.contains(['\\', '?', '#']) {
        return refuse("holds a `\\`, `?` or `#`");
    }
    for segment in path[1..].split('/') {
        crate::path::checked("path", segment).map_err(|why| format!("path `{path}`: {why}"))?;
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        if decoded.contains(['/', '\\']) {
            return refuse(&format!(
                "has the segment `{segment}`, which decodes to `{decoded}`: a `/` or `\\` in it would split it into other segments on a server that decodes before it normalises"
            ));
        }
    }
    let url = Url::parse(&format!("{}{path}", base.as_str().trim_end_matches('/')))
        .map_err(|e| format!("path `{path}` makes no URL: {e}"))?;
    // What the checks above promise, checked on the result itself.
    let prefix = base.path().trim_end_matches('/');
    if url.origin() != base.origin() || !url.path().starts_with(prefix) {
        return refuse("leaves the API's base URL");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_under_the_base_url_is_a_target() {
        let base = Url::parse("https://api.example/gw/").unwrap();
        assert_eq!(
            target(&base, "/api/partners/p%201/offers")
                .unwrap()
                .as_str(),
            "https://api.example/gw/api/partners/p%201/offers"
        );
        for bad in [
            "api/x",
            "//evil.example/x",
            "https://evil.example/x",
            "/a/../b",
            "/a/%2e%2E/b",
            "/a//b",
            "/a/",
            "/a\\b",
            "/a?x=1",
            "/a#f",
            "/a/%0d%0a",
            "/a/\n",
            "",
            // Encoded separators: one round of decoding makes more segments.
            "/a/..%2F..%2Fadmin",
            "/a/%2e%2e%2f",
            "/a/..%5C",
            "/a/%2e%2e%5c",
            "/a/%2F..",
            "/a/.%2F",
            "/a/p%2F1",
        ] {
            let err = target(&base, bad).unwrap_err();
            assert!(err.contains("nothing was sent"), "{bad:?}: {err}");
        }
    }
}
