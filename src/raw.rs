//! A raw authenticated request, for an endpoint the vendor's pages do not
//! document yet (a checkout's quote and confirm): [`Client::request`]
//! sends it through the same hooks as every generated operation (token,
//! idempotency key, retries, deadline, body size cap, redaction, drift
//! watch) and answers with the same [`Error`]. The caller names it, gives
//! its query and headers, and says which status is its success and
//! whether a 409 may be a replay. Only a path on the API's own base URL
//! can be asked for, so the token never leaves the API's host, and it is
//! checked as the typed operations check their path values.

use std::collections::BTreeMap;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::idempotency::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAY};
use crate::path::ApiPath;
use crate::retry::Replay;
use crate::runtime::{CallTarget, Watch};
use crate::{Client, Error};

/// The name a raw request has in errors, spans and drift records unless
/// [`RawRequest::operation`] gives it one.
const UNNAMED: &str = "request";

/// A request being built by [`Client::request`].
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    path: ApiPath,
    name: &'static str,
    /// Form-encoded pairs, `&`-joined.
    query: String,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    key: Option<String>,
    success: Option<StatusCode>,
    replay_on_conflict: bool,
    /// The first thing found wrong while building: the request is refused
    /// with it when sent, and nothing is sent.
    problem: Option<String>,
}

impl Client {
    /// An authenticated request to `path` on the API, for an endpoint the
    /// generated client does not have (yet): it goes through the same
    /// hooks as every generated operation (token, idempotency key, retries,
    /// deadline, body cap, redaction, drift watch) and fails with the same
    /// [`Error`].
    ///
    /// ```no_run
    /// # async fn run(client: xone::Client) -> Result<(), xone::Error> {
    /// let partner = "p-1";
    /// let quote = client
    ///     .request(xone::Method::POST, xone::path!("/api/partners/{}/quotes", partner))
    ///     .operation("create_quote")
    ///     .query(&[("lang", "en")])
    ///     .header("x-tenant", "acme")
    ///     .json(&serde_json::json!({"offers": []}))
    ///     .success_status(xone::StatusCode::CREATED)
    ///     .send::<serde_json::Value>()
    ///     .await?
    ///     .into_inner();
    /// # let _ = quote;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// `path` is relative to the base URL: best made with
    /// [`path!`](crate::path!), which encodes each value as the typed
    /// operations encode theirs and keeps the template for drift records.
    /// A path given as text must start with `/` and have its segments
    /// encoded already. Either way, a path with a scheme or host (`//`), a
    /// `\`, a `?` or `#` (give a query with [`query`](RawRequest::query)),
    /// an empty, `.` or `..` segment (in any encoding), or a control
    /// character is refused before anything is sent, and so is a segment
    /// that decodes to one holding `/` or `\` (`..%2F..%2Fadmin`,
    /// `%2e%2e%5c`, a value `a/b`): a gateway that decodes before it
    /// normalises would read it as several segments.
    pub fn request(&self, method: Method, path: impl Into<ApiPath>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            path: path.into(),
            name: UNNAMED,
            query: String::new(),
            headers: HeaderMap::new(),
            body: None,
            key: None,
            success: None,
            replay_on_conflict: true,
            problem: None,
        }
    }
}

impl RawRequest<'_> {
    /// Keeps the first problem found while building.
    fn refuse(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// The call's name in errors ([`Error::operation`]), tracing spans and
    /// drift records (default `request`): a literal such as
    /// `"create_quote"`, of ASCII letters, digits, `_`, `-` and `.` (at
    /// most 64), so that it can never carry a customer's value. The spec's
    /// operationIds are taken: a raw call may use one only for that
    /// operation's own method and path.
    pub fn operation(mut self, name: &'static str) -> Self {
        let fits = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if fits {
            self.name = name;
        } else {
            self.refuse(format!(
                "`{}` cannot name an operation (ASCII letters, digits, `_`, `-`, `.`; at most 64): nothing was sent",
                name.escape_debug()
            ));
        }
        self
    }

    /// Adds `query` to the URL's query string, form-encoded by the crate
    /// (`&[("page", "2")]`, a struct, a map: what `serde_urlencoded`
    /// takes). Every reserved character of a value is percent-encoded; a
    /// key or value holding a control character is refused, as a path
    /// value is. Called again, it appends.
    pub fn query<Q: Serialize + ?Sized>(mut self, query: &Q) -> Self {
        match serde_urlencoded::to_string(query) {
            Ok(encoded) => match control_in_query(&encoded) {
                Some(why) => self.refuse(why),
                None if encoded.is_empty() => {}
                None => {
                    if !self.query.is_empty() {
                        self.query.push('&');
                    }
                    self.query.push_str(&encoded);
                }
            },
            Err(e) => self.refuse(format!(
                "the query is not a list of names and values ({e}): nothing was sent"
            )),
        }
        self
    }

    /// Adds a header to this request (`x-tenant`, `traceparent`, ...). A
    /// header the client owns is refused (`Authorization`, `Host`,
    /// `x-idempotency-key`: use [`idempotency_key`](Self::idempotency_key),
    /// `Content-Type`, `Accept`, `Content-Length`, `Transfer-Encoding`, ...),
    /// as is a value with a control character; the error names the header,
    /// never its value. Called again with one name, it adds another value.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match crate::headers::checked(name.as_ref(), value.as_ref()) {
            Ok((name, value)) => {
                self.headers.append(name, value);
            }
            Err(why) => self.refuse(why),
        }
        self
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.refuse(format!("the body does not serialize as JSON: {e}")),
        }
        self
    }

    /// The idempotency key (default: a fresh UUID v4 for POST, PATCH and
    /// DELETE, the same on every attempt, as for the typed operations).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The one status this endpoint answers a success with (`201 Created`
    /// for a create), as a typed operation has the spec's: any other
    /// status, a `200` too, is then an error of kind
    /// [`Status`](crate::ErrorKind::Status), and a replayed success comes
    /// back with this status. Default: any 2xx is a success, and a replay
    /// reads as `200 OK`.
    pub fn success_status(mut self, status: StatusCode) -> Self {
        if status.is_success() {
            self.success = Some(status);
        } else {
            self.refuse(format!(
                "{status} cannot be a success status (a success is 2xx): nothing was sent"
            ));
        }
        self
    }

    /// Whether a `409 Conflict` to a keyed call (a POST, PATCH or DELETE
    /// always is) may be the API's replay of the key's stored success
    /// (default: yes, as for the typed operations). With `false`, every
    /// 409 is an error of kind [`Status`](crate::ErrorKind::Status), for
    /// an endpoint whose 409 means something else.
    pub fn replay_on_conflict(mut self, replay: bool) -> Self {
        self.replay_on_conflict = replay;
        self
    }

    /// Sends the request and decodes a success's JSON body as `T`.
    ///
    /// A keyed call answered `409 Conflict` with a body that decodes as `T`
    /// and is not the API's error shape (no top-level `message`, `errors`
    /// or `error`) is the API's replay of the key's stored success, as for
    /// the typed operations: it is returned as a success with the status
    /// of [`success_status`](Self::success_status) (`200 OK` if none was
    /// given: the first answer's own status is not known) and marked as a
    /// replay ([`ResponseExt::is_idempotent_replay`](crate::ResponseExt::is_idempotent_replay)).
    /// Any other 409 is an error of kind `Status`; so is every 409 with
    /// [`replay_on_conflict(false)`](Self::replay_on_conflict).
    pub async fn send<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        crate::call::run(self.name, async move {
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
    /// success (as [`send`](Self::send) with `T = serde_json::Value`).
    /// Any other 409 (an error shape, an empty body, text) is an error of
    /// kind `Status`.
    pub async fn send_bytes(self) -> Result<ResponseValue<Bytes>, Error> {
        let any_json = |body: &[u8]| serde_json::from_slice::<IgnoredAny>(body).is_ok();
        crate::call::run(self.name, self.send_generated(any_json)).await
    }

    /// The request through the generated operations' hooks, with their
    /// error type. `stored` says whether a 409's body to a keyed call is
    /// the success this call expects (beside not being an error shape).
    async fn send_generated(
        self,
        stored: impl Fn(&[u8]) -> bool,
    ) -> Result<ResponseValue<Bytes>, progenitor_client::Error<()>> {
        use progenitor_client::Error as P;
        if let Some(problem) = self.problem {
            return Err(P::InvalidRequest(problem));
        }
        let path = self
            .path
            .as_encoded()
            .map_err(|why| P::InvalidRequest(why.into()))?;
        let mut url = target(self.client.inner().base_url(), path).map_err(P::InvalidRequest)?;
        let target = targeted(self.name, &self.method, path, self.path.template())
            .map_err(P::InvalidRequest)?;
        if !self.query.is_empty() {
            url.set_query(Some(&self.query));
        }
        let mut request = self
            .client
            .client()
            .request(self.method, url)
            .headers(self.headers)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(body) = self.body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        if let Some(key) = self.key {
            let key = HeaderValue::try_from(key).map_err(|_| {
                P::InvalidRequest("the idempotency key is not a valid header value".into())
            })?;
            request = request.header(IDEMPOTENCY_KEY, key);
        }
        let mut request = request.build()?;
        let info = OperationInfo {
            operation_id: self.name,
        };
        self.client.pre(&mut request, &info).await?;
        let keyed = Replay::of(
            request.method(),
            request.headers().contains_key(IDEMPOTENCY_KEY),
        ) == Replay::Keyed;
        let response = self.client.exec_target(request, &target).await?;
        let status = response.status();
        let success = self.success.map_or(status.is_success(), |s| status == s);
        let may_replay = keyed && self.replay_on_conflict && status == StatusCode::CONFLICT;
        if !success && !may_replay {
            return Err(P::UnexpectedResponse(response));
        }
        let mut headers = response.headers().clone();
        // Read whole already (`runtime.rs`): this takes it from memory.
        let body = response.bytes().await.map_err(P::ResponseBodyError)?;
        if success {
            return Ok(ResponseValue::new(body, status, headers));
        }
        if is_stored_success(&body, stored) {
            headers.insert(IDEMPOTENT_REPLAY, HeaderValue::from_static("409"));
            #[cfg(feature = "opentelemetry")]
            if let Some(metrics) = self.client.inner().metrics() {
                metrics.replay(self.name);
            }
            tracing::info!(
                operation = self.name,
                "409: the API replayed the stored success of this idempotency key"
            );
            let status = self.success.unwrap_or(StatusCode::OK);
            return Ok(ResponseValue::new(body, status, headers));
        }
        Err(P::UnexpectedResponse(rebuilt(status, headers, body)))
    }
}

/// A raw call as the runtime knows it: its name, its route template (the
/// spec's operation's, or its `path!`'s), and what drift watch checks its
/// answers against: the spec's operation for its method and path if there
/// is one, else the endpoint under the call's name. A name that is one of
/// the spec's operationIds belongs to that operation alone.
fn targeted(
    name: &'static str,
    method: &Method,
    path: &str,
    template: Option<&'static str>,
) -> Result<CallTarget, String> {
    let found = crate::route::operation_at(method.as_str(), path);
    if let Some(taken) = crate::route::path_template(name)
        && found != Some(name)
    {
        return Err(format!(
            "`{name}` is the spec's operation at {taken}: a raw call to another endpoint needs a name of its own; nothing was sent"
        ));
    }
    let watch = match found {
        Some(id) => Watch::Operation(id),
        None => Watch::Lacking {
            name,
            endpoint: match template {
                Some(template) => format!("{method} {template}"),
                // The path itself may hold a customer's ids.
                None => {
                    format!("{method} (path made without xone::path!: its template is not known)")
                }
            },
        },
    };
    Ok(CallTarget {
        operation: name,
        template: found.and_then(crate::route::path_template).or(template),
        watch,
    })
}

/// Why a form-encoded query cannot be sent, if it cannot: a name or value
/// with a control character.
fn control_in_query(encoded: &str) -> Option<String> {
    for pair in encoded.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        let name = decode(name);
        if let Some(control) = name
            .chars()
            .chain(decode(value).chars())
            .find(|c| c.is_control())
        {
            return Some(format!(
                "query parameter `{}` holds the control character {control:?}: nothing was sent",
                name.escape_debug()
            ));
        }
    }
    None
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
    checked_path(path)?;
    let refuse = |why: &str| Err(format!("path `{path}` {why}: nothing was sent"));
    let url = Url::parse(&format!("{}{path}", base.as_str().trim_end_matches('/')))
        .map_err(|e| format!("path `{path}` makes no URL: {e}"))?;
    // What the checks promise, checked on the result itself.
    let prefix = base.path().trim_end_matches('/');
    if url.origin() != base.origin() || !url.path().starts_with(prefix) {
        return refuse("leaves the API's base URL");
    }
    Ok(url)
}

/// Why the client refuses to send `path` (relative to the base URL), if
/// it does; the raw mocks refuse the same paths.
pub(crate) fn checked_path(path: &str) -> Result<(), String> {
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
    Ok(())
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
