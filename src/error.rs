//! The errors a caller sees: the generated client's [`Error`], whose
//! documented error body is always [`ApiError`](crate::types::ApiError), and
//! [`TokenError`] for a failed access-token request. Neither ever holds the
//! client secret or an access token.

use reqwest::StatusCode;

/// The error every operation returns.
///
/// - [`Error::ErrorResponse`](progenitor_client::Error::ErrorResponse): a
///   documented error (401, 422, ...) decoded into
///   [`ApiError`](crate::types::ApiError), with status and headers.
/// - [`Error::UnexpectedResponse`](progenitor_client::Error::UnexpectedResponse):
///   a status the spec does not document; the response (status, body) is kept.
/// - [`Error::InvalidResponsePayload`](progenitor_client::Error::InvalidResponsePayload):
///   a documented status whose body did not decode; the raw bytes are kept.
/// - [`Error::CommunicationError`](progenitor_client::Error::CommunicationError):
///   the request could not be sent or its response read, after retries.
/// - [`Error::Custom`](progenitor_client::Error::Custom): no access token could
///   be had. The text is a [`TokenError`]'s; call
///   [`Client::authenticate`](crate::Client::authenticate) for the typed error.
pub type Error = progenitor_client::Error<crate::types::ApiError>;

/// Why no access token could be had from the OAuth2 token endpoint.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TokenError {
    /// The token endpoint answered with an error status (401 for bad
    /// credentials). `message` is what the server said.
    #[error("token request to {url} was refused with {status}: {message}")]
    Rejected {
        /// The token endpoint.
        url: String,
        /// Its status.
        status: StatusCode,
        /// The server's message (or the start of its body), secret removed.
        message: String,
    },
    /// The token endpoint answered 2xx with something that is not a token.
    #[error("token endpoint {url} answered {status} with no usable token: {reason}")]
    InvalidResponse {
        /// The token endpoint.
        url: String,
        /// Its status.
        status: StatusCode,
        /// What is wrong with the body. The body itself is not kept: it may
        /// hold a token.
        reason: String,
    },
    /// The token endpoint's answer was larger than the client's body size
    /// cap; it was not read further.
    #[error(
        "token endpoint {url} answered {status} with a body larger than the cap of {limit} bytes"
    )]
    BodyTooLarge {
        /// The token endpoint.
        url: String,
        /// Its status.
        status: StatusCode,
        /// The cap in bytes.
        limit: u64,
    },
    /// The request could not be sent, or no answer came in time.
    #[error("token request to {url} failed: {message}")]
    Transport {
        /// The token endpoint.
        url: String,
        /// The transport error, with its causes.
        message: String,
        /// Whether it was a timeout.
        timeout: bool,
    },
}

impl TokenError {
    /// The token endpoint's status, where it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            TokenError::Rejected { status, .. }
            | TokenError::InvalidResponse { status, .. }
            | TokenError::BodyTooLarge { status, .. } => Some(*status),
            TokenError::Transport { .. } => None,
        }
    }

    /// Whether asking again may succeed: no answer, or an answer that says
    /// "later". Asking for a token twice is harmless, so the token request
    /// retries what a GET does (`retry.rs` has the one table). Refusals and
    /// redirects are final.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            TokenError::Transport { .. } => true,
            TokenError::Rejected { status, .. } => {
                crate::retry::Replay::Idempotent.retries_status(*status)
            }
            TokenError::InvalidResponse { .. } | TokenError::BodyTooLarge { .. } => false,
        }
    }

    /// Converts into the error an operation returns.
    pub(crate) fn into_client_error<E>(self) -> progenitor_client::Error<E> {
        progenitor_client::Error::Custom(self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_request_retries_what_a_get_retries() {
        let rejected = |status: u16| TokenError::Rejected {
            url: "https://x/token".into(),
            status: StatusCode::from_u16(status).unwrap(),
            message: String::new(),
        };
        let retried: Vec<u16> = [
            400, 401, 403, 404, 408, 409, 422, 423, 429, 500, 502, 503, 504,
        ]
        .into_iter()
        .filter(|s| rejected(*s).is_transient())
        .collect();
        assert_eq!(retried, [408, 423, 429, 500, 502, 503, 504]);
        let transport = TokenError::Transport {
            url: "u".into(),
            message: "m".into(),
            timeout: true,
        };
        assert!(transport.is_transient());
    }
}
