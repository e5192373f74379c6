//! The errors a caller sees: [`Error`], what every operation returns, told
//! apart by [`ErrorKind`] and asked what happened without matching text
//! (status, the decoded [`ApiError`], the body, `Retry-After`, `CF-RAY`,
//! the [`TokenError`]); and [`TokenError`] for a failed access-token
//! request. Neither ever holds the client secret or an access token: error
//! answers are redacted before they get here (`redact.rs`).

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::body::{BodyTooLarge, find_cause};
use crate::types::ApiError;

/// The most characters of a body that `Display` shows.
const EXCERPT_CHARS: usize = 200;

/// What kind of failure an [`Error`] is: what a service maps to its own
/// answer. New kinds may come; match with a wildcard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Refused before anything was sent: a path value that would name
    /// another resource, a control character, a blank idempotency key, a
    /// required parameter missing, or a `links.next` the bookings stream
    /// will not follow.
    InvalidRequest,
    /// No access token could be had; [`Error::token_error`] says why.
    Token,
    /// No answer within the attempt's timeout or the call's deadline.
    Timeout,
    /// The request could not be sent or its answer not read (connection
    /// refused or dropped, a body cut short), after retries.
    Transport,
    /// The answer's body was larger than the client's cap;
    /// [`Error::body_too_large`] has the details.
    BodyTooLarge,
    /// The API answered a status that is not the call's success (4xx, 5xx,
    /// a redirect the client does not follow, or a 2xx other than the one
    /// the spec or a raw call's
    /// [`success_status`](crate::RawRequest::success_status) gives):
    /// [`Error::status`], [`Error::api_error`] where the body is one,
    /// [`Error::body`].
    Status,
    /// The API answered success with a body that is not what the spec
    /// says; [`Error::body`] has it.
    InvalidBody,
}

/// The error every operation returns.
///
/// ```no_run
/// use xone::ErrorKind;
/// # async fn run(client: xone::Client) {
/// match client.list_bookings().partner_id("p-1").send().await {
///     Ok(page) => println!("{} bookings", page.data.len()),
///     Err(e) if e.kind() == ErrorKind::Status && e.status().map(|s| s.as_u16()) == Some(429) => {
///         println!("slow down for {:?}", e.retry_after());
///     }
///     Err(e) => println!("{e} (cf-ray {:?})", e.cf_ray()),
/// }
/// # }
/// ```
pub struct Error {
    operation: &'static str,
    kind: ErrorKind,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<Bytes>,
    api_error: Option<ApiError>,
    message: Option<String>,
    source: Option<Cause>,
    attempts: u32,
    retry_budget_spent: bool,
}

/// What an [`Error`] came from.
enum Cause {
    Token(TokenError),
    Http(reqwest::Error),
    Decode(DecodeError),
}

/// Why a body did not decode, told by where and what kind of problem it
/// was, never by the value: serde's own message quotes the value it could
/// not use (`invalid type: string "Bearer ..."`), and that value may be a
/// customer's data or a secret a server echoed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DecodeError {
    /// serde's message with any value taken out.
    detail: String,
    line: usize,
    column: usize,
}

impl From<&serde_json::Error> for DecodeError {
    fn from(error: &serde_json::Error) -> Self {
        DecodeError {
            detail: value_free(error),
            line: error.line(),
            column: error.column(),
        }
    }
}

/// serde's message for `error` with the value it quotes taken out: what
/// was found (its kind only) and what was expected (which the types say,
/// never the body). Messages that hold no value (JSON syntax, a missing
/// field, the crate's own "is not a timestamp") are kept; any other is
/// replaced by a plain description, since its text is not known to be
/// value-free.
fn value_free(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let message = error.to_string();
    // serde_json appends the place; it is given separately.
    let message = match message.rfind(" at line ") {
        Some(at) if error.line() > 0 => &message[..at],
        _ => message.as_str(),
    };
    if error.classify() != Category::Data {
        return message.to_string();
    }
    // The expected part follows the value, so the last ", expected " is
    // the type's own, whatever the value holds.
    let expected = message
        .rsplit_once(", expected ")
        .map(|(_, expected)| format!(", expected {expected}"))
        .unwrap_or_default();
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // `string "..."`, `integer `5``, `floating point `1.5``, `map`.
            let kind = rest.split([' ', ',', '`', '"']).next().unwrap_or_default();
            return format!("{prefix}{kind}{expected}");
        }
    }
    for prefix in ["unknown variant", "unknown field"] {
        if message.starts_with(prefix) {
            return format!("{prefix}{expected}");
        }
    }
    let kept = [
        "missing field",
        "duplicate field",
        "invalid length",
        "is not ",
    ];
    if kept.iter().any(|k| message.starts_with(k)) {
        return message.to_string();
    }
    "a value the expected type does not accept".to_string()
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.detail, self.line, self.column
        )
    }
}

impl std::error::Error for DecodeError {}

impl Error {
    pub(crate) fn new(operation: &'static str, kind: ErrorKind) -> Self {
        Error {
            operation,
            kind,
            status: None,
            headers: None,
            body: None,
            api_error: None,
            message: None,
            attempts: 0,
            retry_budget_spent: false,
            source: None,
        }
    }

    pub(crate) fn invalid_request(operation: &'static str, message: String) -> Self {
        Error {
            message: Some(message),
            ..Error::new(operation, ErrorKind::InvalidRequest)
        }
    }

    pub(crate) fn token(operation: &'static str, error: TokenError) -> Self {
        let kind = if matches!(error, TokenError::Transport { timeout: true, .. }) {
            ErrorKind::Timeout
        } else {
            ErrorKind::Token
        };
        Error {
            source: Some(Cause::Token(error)),
            ..Error::new(operation, kind)
        }
    }

    pub(crate) fn http(operation: &'static str, error: reqwest::Error) -> Self {
        let kind = if find_cause::<BodyTooLarge>(&error).is_some() {
            ErrorKind::BodyTooLarge
        } else if error.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Transport
        };
        Error {
            status: error.status(),
            source: Some(Cause::Http(error)),
            ..Error::new(operation, kind)
        }
    }

    /// An answer that is not the operation's success (kind `Status`): its
    /// status, headers and body (redacted already).
    pub(crate) fn answer(
        operation: &'static str,
        (status, headers, body): (StatusCode, HeaderMap, Bytes),
    ) -> Self {
        Error {
            status: Some(status),
            headers: Some(headers),
            body: Some(body),
            ..Error::new(operation, ErrorKind::Status)
        }
    }

    /// This answer's body as the API's error, where it is one.
    pub(crate) fn with_api_error(mut self, api_error: Option<ApiError>) -> Self {
        self.api_error = api_error;
        self
    }

    /// This answer was a success whose body did not decode: kind
    /// `InvalidBody`, with why.
    pub(crate) fn undecodable(mut self, decoding: &serde_json::Error) -> Self {
        self.kind = ErrorKind::InvalidBody;
        self.source = Some(Cause::Decode(decoding.into()));
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// How many requests the call sent before it failed: 0 when it was
    /// refused before sending (or got no token), 1 when it was not
    /// retried, more after retries (a replay with a fresh token after a
    /// `401` counts too).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the call would have been retried but the client's retry
    /// budget was spent ([`RetryPolicy::with_retry_budget`](crate::RetryPolicy::with_retry_budget)):
    /// the API is failing many calls at once.
    pub fn retry_budget_spent(&self) -> bool {
        self.retry_budget_spent
    }

    pub(crate) fn with_attempts(mut self, attempts: u32, budget_spent: bool) -> Self {
        self.attempts = attempts;
        self.retry_budget_spent = budget_spent;
        self
    }

    /// The operation that failed (`modify_booking`, ...).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The API's status, where it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The answer's body decoded as the API's error, where it is one: always
    /// for a documented error status (401, 422) whose body is JSON; for
    /// another status (409, 429, 5xx) where the body holds one of
    /// `ApiError`'s fields.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.api_error.as_ref()
    }

    /// The message the API gave, from [`api_error`](Self::api_error).
    pub fn api_message(&self) -> Option<&str> {
        self.api_error.as_ref()?.message.as_deref()
    }

    /// The answer's body as it came (within the client's body size cap,
    /// secrets redacted), where there was an answer.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The answer's headers, where there was an answer.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers.as_ref()
    }

    /// The wait the API asked for in `Retry-After` (whole seconds or an
    /// HTTP date), parsed as the client's retries parse it.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::retry_after(self.headers.as_ref()?, SystemTime::now())
    }

    /// Cloudflare's id of the exchange (`CF-RAY`): quote it to the vendor's
    /// support.
    pub fn cf_ray(&self) -> Option<&str> {
        crate::response::cf_ray(self.headers.as_ref()?)
    }

    /// Why no access token could be had, where that is why the call failed.
    pub fn token_error(&self) -> Option<&TokenError> {
        match &self.source {
            Some(Cause::Token(error)) => Some(error),
            _ => None,
        }
    }

    /// Whether no answer came in time (of the API or the token endpoint).
    pub fn is_timeout(&self) -> bool {
        self.kind == ErrorKind::Timeout
    }

    /// The body size cap the answer passed, if that is why the call failed.
    pub fn body_too_large(&self) -> Option<&BodyTooLarge> {
        match &self.source {
            Some(Cause::Http(error)) => find_cause(error),
            _ => None,
        }
    }

    /// Whether the answer passed the client's body size cap.
    pub fn is_body_too_large(&self) -> bool {
        self.kind == ErrorKind::BodyTooLarge
    }

    /// The start of the body, as text, for `Display`.
    fn excerpt(&self) -> Option<String> {
        let body = self.body.as_deref()?;
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
        if excerpt.len() < text.len() {
            excerpt.push_str("...");
        }
        Some(excerpt)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.what_happened(f)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if self.retry_budget_spent {
            write!(f, " (not retried: the client's retry budget is spent)")?;
        }
        Ok(())
    }
}

impl Error {
    /// `Display` without the attempts.
    fn what_happened(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.operation)?;
        match (&self.kind, &self.source) {
            (ErrorKind::InvalidRequest, _) => {
                write!(
                    f,
                    ": not sent: {}",
                    self.message.as_deref().unwrap_or("invalid")
                )
            }
            (_, Some(Cause::Token(error))) => write!(f, ": no access token: {error}"),
            (ErrorKind::Status | ErrorKind::InvalidBody, _) => {
                if let Some(status) = self.status {
                    write!(f, " answered {status}")?;
                }
                if let Some(Cause::Decode(error)) = &self.source {
                    write!(f, " with a body that does not decode ({error})")?;
                }
                match (self.api_message(), self.excerpt()) {
                    (Some(message), _) => write!(f, ": {message}")?,
                    (None, Some(excerpt)) => write!(f, ": {excerpt}")?,
                    (None, None) => {}
                }
                if let Some(ray) = self.cf_ray() {
                    write!(f, " (cf-ray {ray})")?;
                }
                Ok(())
            }
            (_, Some(Cause::Http(error))) => write!(f, " failed: {}", error_chain(error)),
            (kind, _) => write!(f, " failed: {kind:?}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Error");
        out.field("operation", &self.operation)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("attempts", &self.attempts);
        if self.retry_budget_spent {
            out.field("retry_budget_spent", &true);
        }
        if let Some(message) = &self.message {
            out.field("message", message);
        }
        if let Some(api_error) = &self.api_error {
            out.field("api_error", api_error);
        }
        if let Some(body) = &self.body {
            out.field("body", &String::from_utf8_lossy(body));
        }
        if let Some(headers) = &self.headers {
            out.field("headers", headers);
        }
        match &self.source {
            Some(Cause::Token(error)) => out.field("token_error", error),
            Some(Cause::Http(error)) => out.field("source", error),
            Some(Cause::Decode(error)) => out.field("source", &format_args!("{error}")),
            None => &mut out,
        };
        out.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Some(Cause::Token(error)) => Some(error),
            Some(Cause::Http(error)) => Some(error),
            Some(Cause::Decode(error)) => Some(error),
            None => None,
        }
    }
}

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
                crate::retry::Replay::Idempotent.retryable(*status)
            }
            TokenError::InvalidResponse { .. } | TokenError::BodyTooLarge { .. } => false,
        }
    }
}

/// An error's message with its causes, as one line.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoding_error_says_where_and_what_kind_never_the_value() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            data: Vec<String>,
            kind: Option<Kind>,
        }
        #[derive(Debug, serde::Deserialize)]
        enum Kind {
            A,
        }
        // A value that even imitates the message's own ", expected ".
        let secret = "tok-SECRET, expected a trap";
        for (body, shown) in [
            (
                serde_json::json!({"data": secret}),
                "invalid type: string, expected a sequence at line 1 column 37",
            ),
            (
                serde_json::json!({"data": [], "kind": secret}),
                "unknown variant, expected `A` at line 1 column 47",
            ),
            (
                serde_json::json!({"data": [1.5]}),
                "invalid type: floating, expected a string at line 1 column 12",
            ),
            (
                serde_json::json!({}),
                "missing field `data` at line 1 column 2",
            ),
        ] {
            let error = serde_json::from_slice::<Page>(body.to_string().as_bytes()).unwrap_err();
            let decode = DecodeError::from(&error);
            assert_eq!(decode.to_string(), shown, "{body}");
            assert!(!decode.to_string().contains("SECRET"));
        }
    }

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
