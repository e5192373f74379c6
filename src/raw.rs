//! A raw authenticated request, for an endpoint the vendor's pages do not
//! document yet: [`Client::request`] sends it through the same hooks as
//! every generated operation (token, idempotency key, retries, deadline,
//! body size cap, redaction, drift watch) and answers with the same
//! [`Error`]. Only a path on the API's own base URL can be asked for, so
//! the token never leaves the API's host, and it is checked as the typed
//! operations check their path values.

use bytes::Bytes;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::idempotency::IDEMPOTENCY_KEY;
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
    /// refused before anything is sent. Segments are sent as given:
    /// percent-encode what they hold.
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
    pub async fn send<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        let bytes = self.send_bytes().await?;
        let (status, headers) = (bytes.status(), bytes.headers().clone());
        match serde_json::from_slice(&bytes) {
            Ok(value) => Ok(ResponseValue::new(value, status, headers)),
            Err(e) => Err(Error::answer(
                OPERATION,
                status,
                headers,
                bytes.into_inner(),
                None,
                Some(e),
            )),
        }
    }

    /// Sends the request and gives a success's body as it came.
    pub async fn send_bytes(self) -> Result<ResponseValue<Bytes>, Error> {
        crate::call::run(OPERATION, self.send_generated()).await
    }

    /// The request through the generated operations' hooks, with their
    /// error type.
    async fn send_generated(self) -> Result<ResponseValue<Bytes>, progenitor_client::Error<()>> {
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
        let response = self.client.exec(request, &info).await?;
        if !response.status().is_success() {
            return Err(P::UnexpectedResponse(response));
        }
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await.map_err(P::ResponseBodyError)?;
        Ok(ResponseValue::new(body, status, headers))
    }
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
            target(&base, "/api/partners/p%2F1/offers")
                .unwrap()
                .as_str(),
            "https://api.example/gw/api/partners/p%2F1/offers"
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
        ] {
            let err = target(&base, bad).unwrap_err();
            assert!(err.contains("nothing was sent"), "{bad:?}: {err}");
        }
    }
}
