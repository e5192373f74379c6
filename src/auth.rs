//! OAuth2 client credentials: one cached access token shared by every clone
//! of a [`Client`](crate::Client) and every task, refreshed ahead of expiry.
//! Single flight: however many calls find the cache cold, one token request
//! is made and they all wait on it; if it fails they all get its error and the
//! next call tries again.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::time::Instant;

use crate::config::Credentials;
use crate::error::TokenError;

/// A token as the API wants it: the whole `Authorization` header value,
/// marked sensitive so that `Debug` of a header map never shows it.
#[derive(Clone)]
pub(crate) struct Bearer {
    pub(crate) header: HeaderValue,
    refresh_at: Instant,
}

type Fetch = Shared<BoxFuture<'static, Result<Bearer, TokenError>>>;

enum Slot {
    Empty,
    Ready(Bearer),
    Fetching(Fetch),
}

/// The shared token cache of one client and its clones.
pub(crate) struct TokenCache {
    http: reqwest::Client,
    url: Url,
    credentials: Arc<Credentials>,
    timeout: Duration,
    slot: Mutex<Slot>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("url", &self.url.as_str())
            .field("client_id", &self.credentials.client_id())
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(
        http: reqwest::Client,
        url: Url,
        credentials: Credentials,
        timeout: Duration,
    ) -> Self {
        Self {
            http,
            url,
            credentials: Arc::new(credentials),
            timeout,
            slot: Mutex::new(Slot::Empty),
        }
    }

    pub(crate) fn url(&self) -> &Url {
        &self.url
    }

    /// A valid token, from the cache or from one shared token request.
    pub(crate) async fn bearer(&self) -> Result<Bearer, TokenError> {
        let fetch = {
            let mut slot = self.lock();
            match &*slot {
                Slot::Ready(token) if Instant::now() < token.refresh_at => {
                    return Ok(token.clone());
                }
                // A request in flight: wait on it, unless it already ended
                // with an error its own caller did not clear (it was
                // cancelled), in which case this call starts a new one.
                Slot::Fetching(fetch) if !matches!(fetch.peek(), Some(Err(_))) => fetch.clone(),
                _ => {
                    let fetch = request_token(
                        self.http.clone(),
                        self.url.clone(),
                        self.credentials.clone(),
                        self.timeout,
                    )
                    .boxed()
                    .shared();
                    *slot = Slot::Fetching(fetch.clone());
                    fetch
                }
            }
        };
        let result = fetch.clone().await;
        let mut slot = self.lock();
        if let Slot::Fetching(current) = &*slot
            && current.ptr_eq(&fetch)
        {
            *slot = match &result {
                Ok(token) => Slot::Ready(token.clone()),
                Err(_) => Slot::Empty,
            };
        }
        result
    }

    /// Forgets `rejected` if it is still the cached token, so that the next
    /// call fetches a new one; a token another call already replaced stays.
    pub(crate) fn invalidate(&self, rejected: &HeaderValue) {
        let mut slot = self.lock();
        if let Slot::Ready(token) = &*slot
            && token.header == *rejected
        {
            *slot = Slot::Empty;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        // The slot is always left consistent, so a panic elsewhere while it
        // was held does not make it unusable.
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    expires_in: u64,
    #[serde(default)]
    token_type: Option<String>,
}

async fn request_token(
    http: reqwest::Client,
    url: Url,
    credentials: Arc<Credentials>,
    timeout: Duration,
) -> Result<Bearer, TokenError> {
    let body = serde_json::json!({
        "grant_type": "client_credentials",
        "client_id": credentials.client_id(),
        "client_secret": credentials.secret().expose_secret(),
    });
    let shown_url = url.to_string();
    let transport = |e: reqwest::Error| TokenError::Transport {
        url: shown_url.clone(),
        timeout: e.is_timeout(),
        message: error_chain(&e),
    };
    let started = Instant::now();
    let response = http
        .post(url.clone())
        .header(ACCEPT, "application/json")
        .json(&body)
        .timeout(timeout)
        .send()
        .await
        .map_err(transport)?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(transport)?;
    tracing::debug!(target: "xone::auth", %status, elapsed_ms = started.elapsed().as_millis() as u64, "token request");
    if !status.is_success() {
        return Err(TokenError::Rejected {
            url: shown_url,
            status,
            message: server_message(&bytes, credentials.secret().expose_secret()),
        });
    }
    let invalid = |reason: String| TokenError::InvalidResponse {
        url: url.to_string(),
        status,
        reason,
    };
    let token: TokenResponse = serde_json::from_slice(&bytes).map_err(|e| {
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
    let lifetime = Duration::from_secs(token.expires_in);
    // Refresh ahead of expiry: a tenth of the lifetime early, at most a
    // minute, so a call never leaves with a token about to lapse.
    let margin = (lifetime / 10).min(Duration::from_secs(60));
    Ok(Bearer {
        header,
        refresh_at: started + lifetime.saturating_sub(margin),
    })
}

/// The server's own words from an error body: its `message`,
/// `error_description` or `error` field, else the start of the body; with the
/// secret removed should the server echo it.
fn server_message(body: &[u8], secret: &str) -> String {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = json.as_ref().and_then(|v| {
        ["message", "error_description", "error"]
            .iter()
            .find_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_string))
    });
    let mut message = field.unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body);
        let text: String = text.chars().take(200).collect();
        if text.trim().is_empty() {
            "(empty body)".into()
        } else {
            text
        }
    });
    if !secret.is_empty() {
        message = message.replace(secret, "[redacted]");
    }
    message
}

/// An error's message with its causes, as one line.
fn error_chain(error: &dyn std::error::Error) -> String {
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
