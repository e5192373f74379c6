//! The token endpoint, mocked: what the generated helpers of `xone::mock`
//! cannot offer, since the spec documents the endpoint as its OAuth2
//! scheme, not as an operation. A dependent's test starts its fake API with
//! one line instead of the token JSON by hand.

use std::time::Duration;

use httpmock::{Method, Mock, MockServer, When};
use serde_json::json;

use crate::fault::Fault;

/// What the mocked token endpoint answers to a client-credentials request:
/// a [`Fault`]'s status, headers, body and delay, sent as the typed mocks
/// send a fault.
#[derive(Clone, Debug)]
pub struct TokenAnswer(Fault);

impl TokenAnswer {
    /// `access_token`, a Bearer token valid for an hour.
    pub fn token(access_token: &str) -> Self {
        TokenAnswer::json(
            200,
            json!({"token_type": "Bearer", "expires_in": 3600, "access_token": access_token}),
        )
    }

    fn json(status: u16, body: serde_json::Value) -> Self {
        TokenAnswer(Fault::json(status, &body))
    }

    /// The token's lifetime in seconds: the client fetches a new one ahead
    /// of it, so a short one tests a token expiring mid-test.
    pub fn expires_in(mut self, seconds: u64) -> Self {
        if let Ok(mut body) = serde_json::from_slice::<serde_json::Value>(&self.0.body) {
            body["expires_in"] = json!(seconds);
            self.0.body = serde_json::to_vec(&body).expect("a JSON value serializes");
        }
        self
    }

    /// Any answer a [`Fault`] describes: a `503` with `Retry-After`, a
    /// gateway's HTML, a `429` (its delay included). As on every httpmock
    /// answer, [`Fault::cut_short`] is the fake XONE's alone.
    pub fn fault(fault: Fault) -> Self {
        TokenAnswer(fault)
    }

    /// A refusal of the credentials: `401` with OAuth2's `invalid_client`
    /// error (RFC 6749, 5.2; the vendor's pages do not document this body).
    pub fn refused() -> Self {
        TokenAnswer::json(
            401,
            json!({"error": "invalid_client", "error_description": "Client authentication failed."}),
        )
    }

    /// The answer after `delay`: longer than the client's timeout, a token
    /// endpoint that does not answer in time.
    pub fn delay(self, delay: Duration) -> Self {
        TokenAnswer(self.0.delay(delay))
    }
}

/// The token endpoint on an [`httpmock::MockServer`].
pub trait TokenMockExt {
    /// Mocks the token endpoint (`POST` to the spec's token path, a
    /// client-credentials grant) with `answer`. Point the client at it
    /// with `.token_url(server.url(xone::mock::TOKEN_PATH))`.
    fn token_endpoint(&self, answer: TokenAnswer) -> Mock<'_>;

    /// Mocks the token endpoint with `answers` in order, the last repeating
    /// (a `503`, then a token), as a [`Script`](crate::mock::Script) does;
    /// the script keeps each token request, its `client_secret` redacted.
    fn token_script(&self, answers: &super::script::Script) -> Mock<'_>;
}

impl From<TokenAnswer> for super::script::Answer {
    /// The token answer as one of a script's (without its delay).
    fn from(answer: TokenAnswer) -> Self {
        super::script::Answer::from(answer.0)
    }
}

/// The token endpoint's requests: `POST` to the spec's token path, a
/// client-credentials grant.
fn token_request(when: When) -> When {
    when.method(Method::POST)
        .path(crate::mock::TOKEN_PATH)
        .json_body_includes(r#"{"grant_type":"client_credentials"}"#)
}

impl TokenMockExt for MockServer {
    fn token_endpoint(&self, answer: TokenAnswer) -> Mock<'_> {
        self.mock(|when, then| {
            token_request(when);
            super::fault::ThenFaultExt::fault(then, answer.0);
        })
    }

    fn token_script(&self, answers: &super::script::Script) -> Mock<'_> {
        self.mock(|when, then| {
            token_request(when);
            super::script::ThenScriptExt::script(then, answers);
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_mocked_path_is_the_spec_token_urls() {
        let url = reqwest::Url::parse(crate::DEFAULT_TOKEN_URL).unwrap();
        assert_eq!(url.path(), crate::mock::TOKEN_PATH);
    }
}
