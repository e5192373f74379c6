//! One operation call, seen whole: every generated `send()` runs its
//! progenitor body inside [`run`] (patched in by `build/codegen.rs`), which
//! keeps a record of the call in a task-local slot while it runs. The hooks
//! (`runtime.rs`) write into it what progenitor's error cannot carry: the
//! typed [`TokenError`] of a failed token request, and the last answer's
//! status, headers and body (read whole, redacted). [`run`] then turns
//! progenitor's error into the crate's [`Error`] with all of it. The
//! record also carries the call's deadline from the `pre` hook to `exec`,
//! since progenitor hands its hooks nothing but the request. This is the
//! one side channel progenitor forces; nothing else travels this way.

use std::cell::RefCell;
use std::sync::Arc;

use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use tokio::time::Instant;
use tracing::Instrument;
use tracing::field::Empty;

use crate::error::{Error, TokenError};
use crate::redact::Redactor;
use crate::types::ApiError;

/// What the hooks saw of one call.
#[derive(Default)]
struct Record {
    token_error: Option<TokenError>,
    /// The last answer: status, headers (redacted), and the body of an
    /// error answer (redacted; a success's body is progenitor's to decode).
    answer: Option<(StatusCode, HeaderMap, Bytes)>,
    /// What to redact from the last answer, for a success's body that
    /// does not decode.
    redactor: Option<Arc<Redactor>>,
    /// Requests sent (a replay after a 401 counts).
    attempts: u32,
    /// A retry was not made because the client's retry budget was spent.
    budget_spent: bool,
    /// When the call must end, set by the `pre` hook for `exec` (progenitor
    /// passes its hooks nothing but the request).
    deadline: Option<Instant>,
}

tokio::task_local! {
    static RECORD: RefCell<Record>;
}

/// Notes when the call must end (called by the `pre` hook, which starts
/// the call's clock).
pub(crate) fn set_deadline(deadline: Instant) {
    let _ = RECORD.try_with(|record| record.borrow_mut().deadline = Some(deadline));
}

/// When the call must end, as the `pre` hook set it; `None` outside a call
/// or before its `pre` hook ran.
pub(crate) fn deadline() -> Option<Instant> {
    RECORD
        .try_with(|record| record.borrow().deadline)
        .ok()
        .flatten()
}

/// Notes why the call got no token (called by the `pre` hook).
pub(crate) fn token_failed(error: &TokenError) {
    let _ = RECORD.try_with(|record| record.borrow_mut().token_error = Some(error.clone()));
}

/// Notes how many requests the call sent.
pub(crate) fn attempted(requests: u32) {
    let _ = RECORD.try_with(|record| record.borrow_mut().attempts = requests);
}

/// Notes that the call was not retried for want of retry budget.
pub(crate) fn retry_budget_spent() {
    let _ = RECORD.try_with(|record| record.borrow_mut().budget_spent = true);
}

/// Notes the answer the call ends with (called for each answer read; the
/// last one wins), and what to redact from it. A success's body is not
/// kept: progenitor decodes it, and hands it back only if that fails.
pub(crate) fn answered(
    status: StatusCode,
    headers: &HeaderMap,
    body: &Bytes,
    redactor: &Arc<Redactor>,
) {
    let _ = RECORD.try_with(|record| {
        let mut record = record.borrow_mut();
        let body = if status.is_success() {
            Bytes::new()
        } else {
            body.clone()
        };
        record.answer = Some((status, headers.clone(), body));
        record.redactor = Some(redactor.clone());
    });
}

/// The documented error body an operation's generated error holds:
/// [`ApiError`], or nothing where the spec documents no error body.
pub(crate) trait DocumentedError {
    fn into_api_error(self) -> Option<ApiError>;
}

impl DocumentedError for ApiError {
    fn into_api_error(self) -> Option<ApiError> {
        Some(self)
    }
}

impl DocumentedError for () {
    fn into_api_error(self) -> Option<ApiError> {
        None
    }
}

/// Runs one generated call and gives its error the crate's shape, inside
/// the call's span: `xone.call`, named by its operation, with the fields
/// of OpenTelemetry's HTTP client conventions, filled in as they are known
/// (the method, template and server by `exec`, the status and resends
/// after the attempts, `error.type` here). Its token request, when it
/// starts one, runs inside it too.
pub(crate) async fn run<T, E: DocumentedError>(
    operation: &'static str,
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<ResponseValue<T>, Error> {
    let span = tracing::info_span!(
        "xone.call",
        otel.name = operation,
        otel.kind = "client",
        operation,
        http.request.method = Empty,
        url.template = Empty,
        server.address = Empty,
        server.port = Empty,
        http.response.status_code = Empty,
        http.request.resend_count = Empty,
        error.type = Empty,
    );
    // On the heap: the generated call's future is large, and a caller may
    // poll on a small stack.
    let call = Box::pin(call);
    let (result, record) = RECORD
        .scope(RefCell::new(Record::default()), async {
            let result = call.await;
            (result, RECORD.with(|record| record.take()))
        })
        .instrument(span.clone())
        .await;
    match result {
        Ok(value) => Ok(value),
        Err(error) => {
            let (attempts, budget_spent) = (record.attempts, record.budget_spent);
            let error = Box::pin(convert(operation, error, record)).await;
            span.record("error.type", error_type(&error).as_ref());
            Err(error.with_attempts(attempts, budget_spent))
        }
    }
}

/// An error's `error.type`, as OpenTelemetry's HTTP conventions have it:
/// the status code for an answer of 400 or more, else the kind of failure.
fn error_type(error: &Error) -> std::borrow::Cow<'static, str> {
    use crate::ErrorKind as K;
    match (error.kind(), error.status()) {
        (K::Status, Some(status)) if status.as_u16() >= 400 => status.as_str().to_string().into(),
        (K::Status, _) => "unexpected_status".into(),
        (K::InvalidRequest, _) => "invalid_request".into(),
        (K::Token, _) => "token".into(),
        (K::Timeout, _) => "timeout".into(),
        (K::Transport, _) => "transport".into(),
        (K::BodyTooLarge, _) => "body_too_large".into(),
        (K::InvalidBody, _) => "invalid_body".into(),
    }
}

async fn convert<E: DocumentedError>(
    operation: &'static str,
    error: progenitor_client::Error<E>,
    record: Record,
) -> Error {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(message) => Error::invalid_request(operation, message),
        P::Custom(message) => match record.token_error {
            Some(token) => Error::token(operation, token),
            None => Error::invalid_request(operation, message),
        },
        P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
            Error::http(operation, e)
        }
        P::ErrorResponse(value) => {
            let status = value.status();
            let headers = value.headers().clone();
            let body = match record.answer {
                Some((seen, _, body)) if seen == status => body,
                _ => Bytes::new(),
            };
            Error::answer(operation, (status, headers, body))
                .with_api_error(value.into_inner().into_api_error())
        }
        P::InvalidResponsePayload(body, decoding) => {
            let (status, headers) = match record.answer {
                Some((status, headers, _)) => (status, headers),
                None => (StatusCode::OK, HeaderMap::new()),
            };
            let body = success_redacted(record.redactor.as_deref(), status, body);
            let error = Error::answer(operation, (status, headers, body));
            // A documented error status whose body is not JSON: the status
            // is what the caller maps, the body kept; not a decoding fault.
            if status.is_success() {
                error.undecodable(&decoding)
            } else {
                error
            }
        }
        P::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            // Read whole already (`runtime.rs`): this takes it from memory.
            let body = response.bytes().await.unwrap_or_default();
            // A 2xx that is not the call's success (a raw call's declared one).
            let body = success_redacted(record.redactor.as_deref(), status, body);
            let api_error = as_api_error(&body);
            Error::answer(operation, (status, headers, body)).with_api_error(api_error)
        }
    }
}

/// `body` with the exchange's secrets redacted if it is a success's: an
/// error answer's body was redacted on its way in (`runtime.rs`), a
/// success's only now that it reaches an error.
fn success_redacted(redactor: Option<&Redactor>, status: StatusCode, body: Bytes) -> Bytes {
    match redactor
        .filter(|_| status.is_success())
        .and_then(|r| r.body(&body))
    {
        Some(redacted) => Bytes::from(redacted),
        None => body,
    }
}

/// `body` as an [`ApiError`] where it is one: it decodes, and holds one of
/// the fields the spec gives an error (every field of the type is
/// optional, so any object would decode).
fn as_api_error(body: &[u8]) -> Option<ApiError> {
    crate::documented::decoded(body, crate::spec::API_ERROR_FIELDS)
}
