//! The request hook: what a platform adds to every request a client sends
//! (the current trace's `traceparent`, a signature, a tenant header),
//! called once per attempt just before it is sent, so that a retry is
//! signed anew. It sees the method, the operation, the route template
//! (never the ids in the path) and the headers, and can add headers, but
//! only through the same check as every caller's header: a header the
//! client owns (its token, its idempotency key, what frames the message)
//! cannot be set, and it cannot read the token. The crate's checks stay
//! where they are: the body cap, redaction, https only, no redirects.

use std::sync::Arc;

use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, PROXY_AUTHORIZATION};

use crate::config::ConfigError;

/// A request hook ([`ClientBuilder::on_request`](crate::ClientBuilder::on_request)).
pub(crate) type Hook = Arc<dyn Fn(&mut OutgoingRequest<'_>) + Send + Sync>;

/// The builder's hook, if any (shown in `Debug` as whether it is set).
#[derive(Clone, Default)]
pub(crate) struct HookSlot(pub(crate) Option<Hook>);

impl std::fmt::Debug for HookSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "set" } else { "none" })
    }
}

/// One attempt of a request, as the request hook sees it.
pub struct OutgoingRequest<'a> {
    pub(crate) method: &'a Method,
    pub(crate) operation: &'static str,
    pub(crate) template: Option<&'static str>,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
}

impl std::fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("OutgoingRequest")
            .field("method", self.method)
            .field("operation", &self.operation)
            .field("url_template", &self.template)
            .field("attempt", &self.attempt)
            .field("header_names", &names)
            .finish()
    }
}

impl OutgoingRequest<'_> {
    /// `GET`, `POST`, ...
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The operation (`list_bookings`, or a raw call's name).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The route template (`/api/partners/{partner_id}/bookings`), where
    /// it is known: always for the spec's operations, for a raw call made
    /// with [`path!`](crate::path!). Never the path with its ids.
    pub fn url_template(&self) -> Option<&'static str> {
        self.template
    }

    /// Which attempt of the call this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The value of the header `name`, if the request has one; the
    /// client's token is not shown (`Authorization` is `None`).
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        let name = name.to_ascii_lowercase();
        if name == AUTHORIZATION.as_str() || name == PROXY_AUTHORIZATION.as_str() {
            return None;
        }
        self.headers.get(name.as_str())
    }

    /// Sets the header `name` (replacing a value it had). A header the
    /// client owns, or a value with a control character, is refused, and
    /// the request goes on without it.
    pub fn insert_header(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        let (name, value) =
            crate::headers::checked(name, value).map_err(ConfigError::InvalidHeader)?;
        self.headers.insert(name, value);
        Ok(())
    }
}

/// Runs `hook` on one attempt's headers.
pub(crate) fn run(
    hook: &Hook,
    method: &Method,
    operation: &'static str,
    template: Option<&'static str>,
    attempt: u32,
    headers: &mut HeaderMap,
) {
    let mut outgoing = OutgoingRequest {
        method,
        operation,
        template,
        attempt,
        headers,
    };
    hook(&mut outgoing);
}
