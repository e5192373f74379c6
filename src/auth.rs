//! OAuth2 client credentials: the [`Credentials`], and one cached access
//! token shared by every clone of a [`Client`](crate::Client) and every task,
//! refreshed ahead of expiry. Single flight: however many calls find the
//! cache cold, one token request is made (retried as the client's
//! [`RetryPolicy`] allows) and they all wait on it; if it fails they all get
//! its error and the next call tries again.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderValue, LOCATION};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::time::Instant;

use crate::body;
use crate::error::{TokenError, error_chain};
use crate::redact::Redactor;
use crate::retry::{self, Outcome, RetryPolicy, deadline_after, retry_after};
use crate::runtime::Settings;

/// The longest a token is kept, whatever `expires_in` claims: a server that
/// says "forever" gets its token refreshed daily, and no lifetime can
/// overflow the clock.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// OAuth2 client credentials. `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credentials {
    client_id: String,
    client_secret: SecretString,
}

impl Credentials {
    /// Credentials from the XCover partner dashboard.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }

    /// The client id (not a secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub(crate) fn secret(&self) -> &SecretString {
        &self.client_secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// A token as the API wants it: the whole `Authorization` header value,
/// marked sensitive so that `Debug` of a header map never shows it.
#[derive(Clone)]
pub(crate) struct Bearer {
    pub(crate) header: HeaderValue,
    refresh_at: Instant,
    /// The token and the client secret in every form a server may echo
    /// them in: built once per token, not once per answer.
    redactor: Arc<Redactor>,
}

/// One token request in flight, as every waiting call sees it.
type Fetch = Shared<BoxFuture<'static, Result<Bearer, TokenError>>>;

enum Slot {
    Empty,
    Ready(Bearer),
    /// A token request runs on a task of its own; `generation` tells it
    /// apart from a later one when it stores its result.
    Fetching {
        generation: u64,
        fetch: Fetch,
    },
}

/// The shared token cache of one client and its clones.
pub(crate) struct TokenCache {
    endpoint: Arc<Endpoint>,
    /// Shared with the task of the token request in flight, which stores
    /// its own result whether or not anyone still waits for it.
    slot: Arc<Mutex<SlotState>>,
}

/// The slot, and the number of the last token request started.
struct SlotState {
    slot: Slot,
    generation: u64,
}

/// Everything one token request needs, shared with the requests in flight.
struct Endpoint {
    /// The client's HTTP client: no redirects, the client's user agent.
    http: reqwest::Client,
    url: Url,
    credentials: Credentials,
    /// The time one attempt may take.
    timeout: Duration,
    /// The most bytes a token answer may have.
    max_body_size: u64,
    retry: RetryPolicy,
    /// Where token requests are counted (feature `opentelemetry`).
    #[cfg(feature = "opentelemetry")]
    metrics: std::sync::OnceLock<Arc<crate::otel::Metrics>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("url", &self.endpoint.url.as_str())
            .field("client_id", &self.endpoint.credentials.client_id())
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// A cache for the token endpoint at `url`, whose requests follow the
    /// client's settings as the builder made them (timeout, body cap,
    /// retries): a handle's own settings change its calls, not the token
    /// requests it shares.
    pub(crate) fn new(
        http: reqwest::Client,
        url: Url,
        credentials: Credentials,
        settings: &Settings,
    ) -> Self {
        Self {
            endpoint: Arc::new(Endpoint {
                http,
                url,
                credentials,
                timeout: settings.timeout,
                max_body_size: settings.max_body_size,
                retry: settings.retry.clone(),
                #[cfg(feature = "opentelemetry")]
                metrics: std::sync::OnceLock::new(),
            }),
            slot: Arc::new(Mutex::new(SlotState {
                slot: Slot::Empty,
                generation: 0,
            })),
        }
    }

    pub(crate) fn url(&self) -> &Url {
        &self.endpoint.url
    }

    /// Counts this cache's token requests on `metrics` from now on.
    #[cfg(feature = "opentelemetry")]
    pub(crate) fn count_fetches(&self, metrics: Arc<crate::otel::Metrics>) {
        let _ = self.endpoint.metrics.set(metrics);
    }

    /// The client secret, for redacting what a server echoes.
    pub(crate) fn secret(&self) -> &SecretString {
        self.endpoint.credentials.secret()
    }

    /// A valid token, from the cache or from one shared token request.
    ///
    /// The request runs on a task of its own (as hyper runs a connection),
    /// not inside the call that started it: a caller dropped halfway (an
    /// axum handler whose client hung up) leaves the request running, and
    /// its token is cached for the calls that come later. Were it polled
    /// only by its callers, a dropped one would leave a request nobody
    /// drives, whose timeout keeps running, for the next call to find
    /// expired.
    pub(crate) async fn bearer(&self) -> Result<Bearer, TokenError> {
        let fetch = {
            let mut state = lock(&self.slot);
            match &state.slot {
                Slot::Ready(token) if Instant::now() < token.refresh_at => {
                    return Ok(token.clone());
                }
                // A request in flight, or one that has ended and not yet
                // stored its result: wait on it, unless it failed (its
                // error went to its own waiters), then start anew.
                Slot::Fetching { fetch, .. } if !matches!(fetch.peek(), Some(Err(_))) => {
                    fetch.clone()
                }
                _ => {
                    state.generation += 1;
                    let generation = state.generation;
                    let fetch = spawn_fetch(self.endpoint.clone(), self.slot.clone(), generation);
                    state.slot = Slot::Fetching {
                        generation,
                        fetch: fetch.clone(),
                    };
                    fetch
                }
            }
        };
        fetch.await
    }

    /// What to redact from an answer to a request that carried
    /// `authorization`: the cached token's redactor when that is the token
    /// sent (the usual case, nothing built), else one made for it.
    pub(crate) fn redactor(&self, authorization: Option<&HeaderValue>) -> Arc<Redactor> {
        if let Some(sent) = authorization
            && let Slot::Ready(token) = &lock(&self.slot).slot
            && token.header == *sent
        {
            return token.redactor.clone();
        }
        let token = authorization
            .and_then(|value| value.to_str().ok())
            .map(|value| value.strip_prefix("Bearer ").unwrap_or(value));
        Arc::new(Redactor::new(
            token.into_iter().chain([self.secret().expose_secret()]),
        ))
    }

    /// Forgets `rejected` if it is still the cached token, so that the next
    /// call fetches a new one; a token another call already replaced stays.
    pub(crate) fn invalidate(&self, rejected: &HeaderValue) {
        let mut state = lock(&self.slot);
        if let Slot::Ready(token) = &state.slot
            && token.header == *rejected
        {
            state.slot = Slot::Empty;
        }
    }
}

fn lock(slot: &Mutex<SlotState>) -> std::sync::MutexGuard<'_, SlotState> {
    // The slot is always left consistent, so a panic elsewhere while it
    // was held does not make it unusable.
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts token request number `generation` on a task of its own; the task
/// stores the result in `slot` (a token, or an empty slot after an error)
/// if no later request replaced it meanwhile. A task that cannot finish
/// (a panic, or its runtime shut down) is an error for its waiters, and
/// the next call starts anew.
fn spawn_fetch(endpoint: Arc<Endpoint>, slot: Arc<Mutex<SlotState>>, generation: u64) -> Fetch {
    let url = endpoint.url.to_string();
    // Inside the span of the call that started it, if a call did.
    let span = tracing::info_span!("xone.token", url.full = %endpoint.url);
    let task = tokio::spawn(tracing::Instrument::instrument(
        async move {
            let result = fetch_with_retries(endpoint).await;
            let mut state = lock(&slot);
            if matches!(&state.slot, Slot::Fetching { generation: g, .. } if *g == generation) {
                state.slot = match &result {
                    Ok(token) => Slot::Ready(token.clone()),
                    Err(_) => Slot::Empty,
                };
            }
            result
        },
        span,
    ));
    async move {
        task.await.unwrap_or_else(|joined| {
            let reason = if joined.is_panic() {
                "handling the token response failed unexpectedly"
            } else {
                "the token request's task was stopped (its runtime shut down)"
            };
            Err(TokenError::Transport {
                url,
                message: reason.into(),
                timeout: false,
            })
        })
    }
    .boxed()
    .shared()
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    expires_in: u64,
    #[serde(default)]
    token_type: Option<String>,
}

async fn fetch_with_retries(endpoint: Arc<Endpoint>) -> Result<Bearer, TokenError> {
    let policy = &endpoint.retry;
    let deadline = deadline_after(Instant::now(), policy.deadline());
    // The token request spends no retry budget: it is one request for
    // every call of the client, not one per call.
    let result = retry::drive(
        policy,
        deadline,
        "token",
        None,
        &mut TokenRequest(&endpoint),
    )
    .await;
    #[cfg(feature = "opentelemetry")]
    if let Some(metrics) = endpoint.metrics.get() {
        metrics.token_fetch(match &result {
            Ok(_) => "ok",
            Err(error) if error.is_transient() => "transient_error",
            Err(_) => "error",
        });
    }
    result
}

/// The attempts of one token request.
struct TokenRequest<'a>(&'a Endpoint);

impl retry::Attempts for TokenRequest<'_> {
    type Output = Result<Bearer, TokenError>;

    async fn attempt(&mut self, _: u32) -> Outcome<Self::Output> {
        let (result, asked) = request_token(self.0).await;
        match &result {
            // Asking for a token twice is harmless: retried like a GET.
            Err(error) if error.is_transient() => Outcome::Again(result, asked),
            _ => Outcome::Done(result),
        }
    }
}

/// One token request; with the wait a `Retry-After` asked for, if any.
async fn request_token(endpoint: &Endpoint) -> (Result<Bearer, TokenError>, Option<Duration>) {
    let credentials = &endpoint.credentials;
    let body = serde_json::json!({
        "grant_type": "client_credentials",
        "client_id": credentials.client_id(),
        "client_secret": credentials.secret().expose_secret(),
    });
    let shown_url = endpoint.url.to_string();
    let transport = |e: reqwest::Error| TokenError::Transport {
        url: shown_url.clone(),
        timeout: e.is_timeout(),
        message: error_chain(&e),
    };
    let started = Instant::now();
    let response = match endpoint
        .http
        .post(endpoint.url.clone())
        .header(ACCEPT, "application/json")
        .json(&body)
        .timeout(endpoint.timeout)
        .send()
        .await
    {
        Ok(response) => response,
        Err(e) => return (Err(transport(e)), None),
    };
    let status = response.status();
    let asked = retry_after(response.headers(), SystemTime::now());
    let location = response.headers().get(LOCATION).cloned();
    let bytes = match body::read_capped(response, endpoint.max_body_size, "token").await {
        Ok((_, bytes)) => bytes,
        Err(e) => {
            let error = match body::find_too_large(&e) {
                Some(too_large) => TokenError::BodyTooLarge {
                    url: shown_url,
                    status,
                    limit: too_large.limit(),
                },
                None => transport(e),
            };
            return (Err(error), None);
        }
    };
    tracing::debug!(target: "xone::auth", operation = "token", %status, elapsed_ms = started.elapsed().as_millis() as u64, "token request");
    if status.is_redirection() {
        // The request body holds the secret: it goes to the configured
        // token URL and nowhere else.
        let to = location
            .as_ref()
            .and_then(|l| l.to_str().ok())
            .unwrap_or("(no location)");
        let message = format!(
            "redirect to {to} not followed: the client secret is only sent to the configured token URL"
        );
        return (
            Err(TokenError::Rejected {
                url: shown_url,
                status,
                message,
            }),
            None,
        );
    }
    if !status.is_success() {
        let message = server_message(&bytes, credentials.secret().expose_secret());
        return (
            Err(TokenError::Rejected {
                url: shown_url,
                status,
                message,
            }),
            asked,
        );
    }
    let secret = credentials.secret().expose_secret();
    (
        decode_token(&bytes, &shown_url, status, started, secret),
        None,
    )
}

fn decode_token(
    bytes: &[u8],
    url: &str,
    status: reqwest::StatusCode,
    requested_at: Instant,
    client_secret: &str,
) -> Result<Bearer, TokenError> {
    let invalid = |reason: String| TokenError::InvalidResponse {
        url: url.to_string(),
        status,
        reason,
    };
    let token: TokenResponse = serde_json::from_slice(bytes).map_err(|e| {
        // serde's message can quote a field's value, which may be the
        // token: keep only the kind of problem and where it was.
        invalid(format!(
            "not a token response ({:?} error at line {} column {}); expected {{\"access_token\", \"expires_in\"}}",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    if let Some(kind) = &token.token_type
        && !kind.eq_ignore_ascii_case("bearer")
    {
        return Err(invalid(format!("token_type is {kind:?}, not Bearer")));
    }
    let mut header =
        HeaderValue::try_from(format!("Bearer {}", token.access_token.expose_secret()))
            .map_err(|_| invalid("the access token is not a valid header value".into()))?;
    header.set_sensitive(true);
    let lifetime = Duration::from_secs(token.expires_in).min(MAX_TOKEN_LIFETIME);
    // Refresh ahead of expiry: a tenth of the lifetime early, at most a
    // minute, so a call never leaves with a token about to lapse.
    let margin = (lifetime / 10).min(Duration::from_secs(60));
    let redactor = Redactor::new([token.access_token.expose_secret(), client_secret]);
    Ok(Bearer {
        header,
        refresh_at: requested_at + lifetime.saturating_sub(margin),
        redactor: Arc::new(redactor),
    })
}

/// The server's own words from an error body: its `message`,
/// `error_description` or `error` field, else the start of the body. The
/// secret, should the server echo it in any form, is redacted from the
/// whole body first, so that no cut leaves part of it.
fn server_message(body: &[u8], secret: &str) -> String {
    let redacted = Redactor::new([secret]).body(body);
    let body = redacted.as_deref().unwrap_or(body);
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = json.as_ref().and_then(|v| {
        ["message", "error_description", "error"]
            .iter()
            .find_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_string))
    });
    field.unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body);
        let text: String = text.chars().take(200).collect();
        if text.trim().is_empty() {
            "(empty body)".into()
        } else {
            text
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_debug_hides_the_secret() {
        let shown = format!("{:?}", Credentials::new("id-1", "s3cret"));
        assert_eq!(
            shown,
            r#"Credentials { client_id: "id-1", client_secret: "[redacted]" }"#
        );
    }

    #[tokio::test]
    async fn any_lifetime_is_clamped_never_overflowing_the_clock() {
        let now = Instant::now();
        for expires_in in [0, 1, 3600, i64::MAX as u64, u64::MAX] {
            let body = format!(r#"{{"access_token":"t","expires_in":{expires_in}}}"#);
            let token = decode_token(
                body.as_bytes(),
                "https://x/token",
                reqwest::StatusCode::OK,
                now,
                "s",
            )
            .unwrap();
            assert!(token.refresh_at >= now);
            assert!(token.refresh_at <= now + MAX_TOKEN_LIFETIME, "{expires_in}");
        }
    }

    #[test]
    fn server_message_prefers_the_message_field_and_hides_the_secret() {
        assert_eq!(
            server_message(br#"{"message":"bad s3cret"}"#, "s3cret"),
            "bad [redacted]"
        );
        assert_eq!(
            server_message(br#"{"error":"invalid_client"}"#, "x"),
            "invalid_client"
        );
        assert_eq!(server_message(b"", "x"), "(empty body)");
        assert_eq!(server_message(b"<html>oops", "x"), "<html>oops");
    }
}
