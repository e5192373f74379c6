//! The state behind every generated call, reached through progenitor's
//! `ClientHooks`: `pre` attaches the shared access token, an idempotency key
//! and the user agent; `exec` sends the request with retries and replays it
//! once with a fresh token after a 401.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Request, Response, StatusCode, Url};
use tokio::time::Instant;
use tracing::Instrument;

use crate::Client;
use crate::auth::TokenCache;
use crate::config::Credentials;
use crate::error::TokenError;
use crate::retry::{Replay, RetryPolicy, retry_after};

/// The header the API deduplicates non-idempotent calls by.
pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("x-idempotency-key");

/// Shared by a client and all its clones: one token cache, one policy.
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
}

struct Shared {
    tokens: TokenCache,
    base_url: Url,
    retry: RetryPolicy,
    timeout: Duration,
    user_agent: HeaderValue,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("tokens", &self.shared.tokens)
            .field("retry", &self.shared.retry)
            .field("timeout", &self.shared.timeout)
            .finish_non_exhaustive()
    }
}

impl Runtime {
    pub(crate) fn new(
        http: reqwest::Client,
        base_url: Url,
        token_url: Url,
        credentials: Credentials,
        retry: RetryPolicy,
        timeout: Duration,
        user_agent: HeaderValue,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                tokens: TokenCache::new(http, token_url, credentials, timeout),
                base_url,
                retry,
                timeout,
                user_agent,
            }),
        }
    }

    pub(crate) fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    /// Sends `request`, retrying as the policy allows, replaying once with a
    /// new token after a 401. Returns the last response or transport error.
    async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: Request,
        operation: &'static str,
    ) -> reqwest::Result<Response> {
        let shared = &self.shared;
        let replay = Replay::of(
            request.method(),
            request.headers().contains_key(IDEMPOTENCY_KEY),
        );
        if request.timeout().is_none() {
            *request.timeout_mut() = Some(shared.timeout);
        }
        let started = Instant::now();
        let mut attempt = 1;
        let mut reauthenticated = false;
        loop {
            // A streaming body cannot be sent twice: one attempt only.
            let Some(this_attempt) = request.try_clone() else {
                return http.execute(request).await;
            };
            let sent = Instant::now();
            let result = http.execute(this_attempt).await;
            let latency_ms = sent.elapsed().as_millis() as u64;
            match &result {
                Ok(response) => {
                    tracing::debug!(
                        operation,
                        attempt,
                        status = response.status().as_u16(),
                        latency_ms,
                        "response"
                    )
                }
                Err(error) => {
                    tracing::debug!(operation, attempt, latency_ms, error = %error, "transport error")
                }
            }

            if let Ok(response) = &result
                && response.status() == StatusCode::UNAUTHORIZED
                && !reauthenticated
            {
                reauthenticated = true;
                if let Some(rejected) = request.headers().get(AUTHORIZATION) {
                    shared.tokens.invalidate(rejected);
                }
                match shared.tokens.bearer().await {
                    Ok(token) => {
                        request.headers_mut().insert(AUTHORIZATION, token.header);
                        continue;
                    }
                    // The caller gets the API's 401; its next call retries
                    // the token and reports that failure in full.
                    Err(error) => {
                        tracing::warn!(operation, %error, "token refresh after 401 failed");
                        return result;
                    }
                }
            }

            let retryable = match &result {
                Ok(response) => replay.retries_status(response.status()),
                Err(error) => replay.retries_error(error),
            };
            if !retryable || attempt >= shared.retry.max_attempts() {
                return result;
            }
            let asked = result
                .as_ref()
                .ok()
                .and_then(|r| retry_after(r.headers(), SystemTime::now()));
            let delay = shared.retry.delay(attempt, asked);
            if started.elapsed() + delay > shared.retry.deadline() {
                return result;
            }
            tracing::debug!(
                operation,
                attempt,
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

impl ClientHooks<Runtime> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let runtime = self.inner();
        let token = runtime
            .shared
            .tokens
            .bearer()
            .await
            .map_err(TokenError::into_client_error)?;
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, token.header);
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, runtime.shared.user_agent.clone());
        }
        // One key per call, set before the first attempt, so that every
        // retry of this call carries the same one.
        if Replay::of(request.method(), true) == Replay::Keyed
            && !request.headers().contains_key(IDEMPOTENCY_KEY)
        {
            let key = HeaderValue::try_from(uuid::Uuid::new_v4().to_string())
                .expect("a UUID is a valid header value");
            request.headers_mut().insert(IDEMPOTENCY_KEY, key);
        }
        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let span = tracing::info_span!(
            "xone.call",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
        );
        let started = Instant::now();
        let result = self
            .inner()
            .execute(self.client(), request, info.operation_id)
            .instrument(span.clone())
            .await;
        let _entered = span.enter();
        match &result {
            Ok(response) => tracing::info!(
                status = response.status().as_u16(),
                latency_ms = started.elapsed().as_millis() as u64,
                "xone call"
            ),
            Err(error) => tracing::info!(
                error = %error,
                latency_ms = started.elapsed().as_millis() as u64,
                "xone call failed"
            ),
        }
        result
    }
}

impl Client {
    /// Gets an access token now (or checks the cached one), so that a
    /// service can fail fast at start-up on bad credentials, with the typed
    /// [`TokenError`] rather than the text an operation carries.
    pub async fn authenticate(&self) -> Result<(), TokenError> {
        self.inner().shared.tokens.bearer().await.map(|_| ())
    }

    /// The token endpoint this client uses.
    pub fn token_url(&self) -> &str {
        self.inner().shared.tokens.url().as_str()
    }
}
