//! Mocks of endpoints the spec lacks, for a service that calls them with
//! [`Client::request`](crate::Client::request): `server.raw(Method::POST,
//! path, |when, then| ...)` matches the method and the path as the client
//! sends it (a [`path!`](crate::path!) is encoded the client's way), and
//! answers with the same vocabulary as the generated mocks: JSON, the API's
//! error body, or a [`Fault`].

use httpmock::{Mock, MockServer, Then, When};
use serde::Serialize;

use super::fault::ThenFaultExt;
use crate::fault::Fault;
use crate::path::ApiPath;
use crate::types::ApiError;

/// `raw` on an httpmock [`MockServer`]: one mock per endpoint the spec
/// lacks.
pub trait RawMockExt {
    /// Mocks `method` on `path` (a [`path!`](crate::path!), or a path with
    /// its segments encoded already, as for
    /// [`Client::request`](crate::Client::request)); `config` adds what
    /// else the request must carry and what the answer is.
    ///
    /// # Panics
    ///
    /// If `path` is one the client would refuse to send (a `..` value, a
    /// value holding `/`, a control character): no request could ever
    /// match it.
    fn raw<F>(&self, method: crate::Method, path: impl Into<ApiPath>, config: F) -> Mock<'_>
    where
        F: FnOnce(RawWhen, RawThen);
}

impl RawMockExt for MockServer {
    fn raw<F>(&self, method: crate::Method, path: impl Into<ApiPath>, config: F) -> Mock<'_>
    where
        F: FnOnce(RawWhen, RawThen),
    {
        let path = path.into();
        let checked = path
            .as_encoded()
            .map_err(str::to_string)
            .and_then(|p| crate::raw::checked_path(p).map(|()| p.to_string()));
        let encoded = match checked {
            Ok(encoded) => encoded,
            Err(why) => panic!("no request can match this raw mock: {why}"),
        };
        let exact = regex::Regex::new(&format!("^{}$", regex::escape(&encoded)))
            .expect("an escaped path is a regex");
        self.mock(|when, then| {
            let when = when.method(method.as_str()).path_matches(exact);
            config(RawWhen(when), RawThen(then));
        })
    }
}

/// What a raw mock's request must carry beyond its method and path.
pub struct RawWhen(When);

impl RawWhen {
    /// A query parameter, as the client's `.query(..)` sends it (matched
    /// decoded).
    pub fn query_param(self, name: &str, value: &str) -> Self {
        RawWhen(self.0.query_param(name, value))
    }

    /// A header, such as one the call adds with `.header(..)`.
    pub fn header(self, name: &str, value: &str) -> Self {
        RawWhen(self.0.header(name, value))
    }

    /// The idempotency key the call sends.
    pub fn idempotency_key(self, key: &str) -> Self {
        RawWhen(
            self.0
                .header(crate::idempotency::IDEMPOTENCY_KEY.as_str(), key),
        )
    }

    /// The JSON body, compared as JSON.
    pub fn json_body(self, body: &impl Serialize) -> Self {
        RawWhen(self.0.json_body_obj(body))
    }

    /// httpmock's own `When`, to match on anything else.
    pub fn into_inner(self) -> When {
        self.0
    }
}

/// A raw mock's answer.
pub struct RawThen(Then);

impl RawThen {
    /// `status` with `body` as JSON.
    pub fn json(self, status: u16, body: &impl Serialize) -> Self {
        RawThen(
            self.0
                .status(status)
                .header("content-type", "application/json")
                .json_body_obj(body),
        )
    }

    /// `status` with no body.
    pub fn status(self, status: u16) -> Self {
        RawThen(self.0.status(status))
    }

    /// `status` with the API's error body.
    pub fn error(self, status: u16, error: &ApiError) -> Self {
        self.json(status, error)
    }

    /// Answers with `fault` (a status, its body and headers, a delay), as
    /// a generated mock's `then.fault(..)` does.
    pub fn fault(self, fault: Fault) -> Self {
        RawThen(self.0.fault(fault))
    }

    /// Answers with `script`'s answers in order, keeping each request
    /// ([`Script`](crate::mock::Script)).
    pub fn script(self, script: &super::script::Script) -> Self {
        RawThen(super::script::ThenScriptExt::script(self.0, script))
    }

    /// httpmock's own `Then`, to answer anything else.
    pub fn into_inner(self) -> Then {
        self.0
    }
}
