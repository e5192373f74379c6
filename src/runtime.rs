//! The state behind every generated call, reached through progenitor's
//! `ClientHooks`: `pre` gets the shared access token (within the call's
//! deadline) and sets an idempotency key; `exec` sends the request with
//! retries, reads each answer's body inside the retry loop (so a body cut
//! short is retried too), replays once with a fresh token after a 401, and
//! turns the API's `409` replay of a keyed call into the success it stores
//! (the keys and the replay are `idempotency.rs`'s).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderMap};
use reqwest::{Request, Response, ResponseBuilderExt, StatusCode, Url};
use tokio::time::Instant;

use crate::Client;
use crate::auth::{Bearer, TokenCache};
use crate::body;
use crate::drift::DriftLog;
use crate::error::TokenError;
use crate::hook::{self, Hook};
use crate::idempotency::{self, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAY};
use crate::redact::Redactor;
use crate::response;
use crate::retry::{self, Outcome, Replay, RetryPolicy, deadline_after, retry_after};
use crate::retry_budget::{Ended, RetryBudget};

/// What the runtime knows of a call beyond its request: its name, its
/// route template, and what drift watch checks its answers against.
#[derive(Clone, Debug)]
pub(crate) struct CallTarget {
    pub(crate) operation: &'static str,
    /// The route template, where it is known (never the path's ids).
    pub(crate) template: Option<&'static str>,
    pub(crate) watch: Watch,
}

impl CallTarget {
    /// The spec's operation `id`.
    pub(crate) fn operation(id: &'static str) -> Self {
        CallTarget {
            operation: id,
            template: crate::route::path_template(id),
            watch: Watch::Operation(id),
        }
    }
}

/// What drift watch checks a call's answers against.
#[derive(Clone, Debug)]
pub(crate) enum Watch {
    /// The spec's operation of this id.
    Operation(&'static str),
    /// An endpoint the spec lacks (a raw call): its name, and its method
    /// and path template (`POST /api/partners/{}/quotes`) or method alone.
    Lacking {
        name: &'static str,
        endpoint: String,
    },
}

/// Shared by a client and all its clones: one token cache, one policy.
/// A handle with other per-call settings ([`Client::with_retry`],
/// [`Client::with_timeout`]) gets a runtime of its own that shares the
/// token cache (and, through the HTTP client, the connection pool).
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
}

/// A client's settings for its calls, as the builder checked them (a
/// handle changes its copy).
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) base_url: Url,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) max_body_size: u64,
    pub(crate) drift: Option<DriftLog>,
    pub(crate) partner_id: Option<String>,
    /// Sent with every request that does not set them itself.
    pub(crate) headers: HeaderMap,
    pub(crate) hook: Option<Hook>,
    /// OpenTelemetry instruments and whether to propagate the context.
    #[cfg(feature = "opentelemetry")]
    pub(crate) otel: Option<(Arc<crate::otel::Metrics>, bool)>,
}

#[derive(Clone)]
struct Shared {
    tokens: Arc<TokenCache>,
    /// The client's retry budget, shared by its handles; made from the
    /// policy it was built with.
    budget: Option<Arc<RetryBudget>>,
    settings: Settings,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("tokens", &self.shared.tokens)
            .field("retry", &self.shared.settings.retry)
            .field("timeout", &self.shared.settings.timeout)
            .field("max_body_size", &self.shared.settings.max_body_size)
            .finish_non_exhaustive()
    }
}

impl Runtime {
    pub(crate) fn new(tokens: TokenCache, settings: Settings) -> Self {
        let budget = settings
            .retry
            .retry_budget()
            .map(|size| Arc::new(RetryBudget::new(size)));
        Self {
            shared: Arc::new(Shared {
                tokens: Arc::new(tokens),
                budget,
                settings,
            }),
        }
    }

    /// The client's OpenTelemetry instruments.
    #[cfg(feature = "opentelemetry")]
    pub(crate) fn metrics(&self) -> Option<&crate::otel::Metrics> {
        self.shared
            .settings
            .otel
            .as_ref()
            .map(|(metrics, _)| metrics.as_ref())
    }

    /// This runtime with another retry policy, sharing its token cache.
    pub(crate) fn with_retry(&self, retry: RetryPolicy) -> Self {
        self.changed(|shared| shared.settings.retry = retry)
    }

    /// This runtime with another timeout per attempt, sharing its token
    /// cache.
    pub(crate) fn with_timeout(&self, timeout: Duration) -> Self {
        self.changed(|shared| shared.settings.timeout = timeout)
    }

    /// This runtime with `name: value` sent on every request (replacing a
    /// default of the same name), sharing its token cache.
    pub(crate) fn with_header(
        &self,
        name: reqwest::header::HeaderName,
        value: reqwest::header::HeaderValue,
    ) -> Self {
        self.changed(|shared| {
            shared.settings.headers.insert(name, value);
        })
    }

    /// A copy of the settings with `change` made; the token cache and the
    /// drift log stay shared (both are behind `Arc`s).
    fn changed(&self, change: impl FnOnce(&mut Shared)) -> Self {
        let mut shared = Shared::clone(&self.shared);
        change(&mut shared);
        Self {
            shared: Arc::new(shared),
        }
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.shared.settings.retry
    }

    pub(crate) fn partner_id(&self) -> Option<&str> {
        self.shared.settings.partner_id.as_deref()
    }

    pub(crate) fn base_url(&self) -> &Url {
        &self.shared.settings.base_url
    }

    pub(crate) fn token_url(&self) -> &Url {
        self.shared.tokens.url()
    }

    /// A token for a call that must end by `deadline`.
    pub(crate) async fn bearer_by(&self, deadline: Instant) -> Result<Bearer, TokenError> {
        // A deadline already past is past: tokio's timer fires on the next
        // millisecond tick, in which a loopback token request can finish.
        let in_time = if Instant::now() >= deadline {
            Err(())
        } else {
            tokio::time::timeout_at(deadline, self.shared.tokens.bearer())
                .await
                .map_err(drop)
        };
        match in_time {
            Ok(result) => result,
            Err(()) => Err(TokenError::Transport {
                url: self.token_url().to_string(),
                message: format!(
                    "no access token within the call's deadline of {:?}",
                    self.shared.settings.retry.deadline()
                ),
                timeout: true,
            }),
        }
    }

    /// A token now, within one deadline of the policy.
    pub(crate) async fn bearer(&self) -> Result<Bearer, TokenError> {
        self.bearer_by(deadline_after(
            Instant::now(),
            self.shared.settings.retry.deadline(),
        ))
        .await
    }

    /// Sends `request` until it ends by `deadline`, retrying as the policy
    /// allows (through [`retry::drive`]), replaying once with a new token
    /// after a 401. Returns the last answer, its body read in full, or the
    /// last transport error.
    async fn execute(
        &self,
        http: &reqwest::Client,
        request: Request,
        target: &CallTarget,
        deadline: Instant,
    ) -> reqwest::Result<Response> {
        let operation = target.operation;
        let replay = Replay::of(
            request.method(),
            request.headers().contains_key(IDEMPOTENCY_KEY),
        );
        let mut call = ApiCall {
            runtime: self,
            http,
            request: Some(request),
            reauthenticated: false,
            replay,
            target,
            deadline,
            sent: 0,
        };
        // A handle whose policy has no budget spends none.
        let budget = self
            .shared
            .settings
            .retry
            .retry_budget()
            .and(self.shared.budget.as_deref());
        let policy = &self.shared.settings.retry;
        let mut result = retry::drive(policy, deadline, operation, budget, &mut call).await;
        crate::call::attempted(call.sent);
        if call.sent > 1 {
            tracing::Span::current().record("http.request.resend_count", call.sent - 1);
            // A success says how many requests it took, as an error does.
            if let Ok(response) = &mut result {
                response
                    .headers_mut()
                    .insert(response::ATTEMPTS, call.sent.into());
            }
        }
        result
    }
}

/// One request's point of `http.client.request.duration`, and a replay
/// if its answer was one.
#[cfg(feature = "opentelemetry")]
fn measure(
    metrics: &crate::otel::Metrics,
    target: &CallTarget,
    request: &Request,
    sent: Instant,
    result: &reqwest::Result<Response>,
) {
    let url = request.url();
    let outcome = match result {
        Ok(response) => {
            // The status on the wire: a typed call's replay was read as
            // its success already, but it came as a 409.
            if response.headers().contains_key(IDEMPOTENT_REPLAY) {
                metrics.replay(target.operation);
                Ok(StatusCode::CONFLICT.as_u16())
            } else {
                Ok(response.status().as_u16())
            }
        }
        Err(error) => Err(crate::otel::failure(error)),
    };
    metrics.request(&crate::otel::Sent {
        method: request.method().as_str(),
        address: url.host_str(),
        port: url.port_or_known_default(),
        template: target.template,
        outcome,
        seconds: sent.elapsed().as_secs_f64(),
    });
}

/// The attempts of one API call.
struct ApiCall<'a> {
    runtime: &'a Runtime,
    http: &'a reqwest::Client,
    /// Taken only by a request that cannot be sent twice.
    request: Option<Request>,
    /// Whether the call already replayed after a 401.
    reauthenticated: bool,
    replay: Replay,
    target: &'a CallTarget,
    deadline: Instant,
    /// Requests sent so far (a replay after a 401 counts).
    sent: u32,
}

impl retry::Attempts for ApiCall<'_> {
    type Output = reqwest::Result<Response>;

    fn ended(output: &Self::Output) -> Ended {
        match output {
            Ok(response) if response.status().is_success() => Ended::Success,
            Err(error) if error.is_timeout() => Ended::Timeout,
            _ => Ended::Other,
        }
    }

    fn retrying(&mut self, _output: &Self::Output) {
        #[cfg(feature = "opentelemetry")]
        if let Some(metrics) = self.runtime.metrics() {
            let reason = match _output {
                Ok(response) => response.status().as_str().to_string(),
                Err(error) => crate::otel::failure(error).into(),
            };
            metrics.retry(self.target.operation, reason);
        }
    }

    /// One attempt of the call, with the replay after a first 401 inside it.
    async fn attempt(&mut self, attempt: u32) -> Outcome<Self::Output> {
        let (runtime, target) = (self.runtime, self.target);
        let shared = &runtime.shared;
        let (operation, deadline) = (target.operation, self.deadline);
        loop {
            let request = self
                .request
                .as_mut()
                .expect("a call's request stays until it ends");
            let left = deadline.saturating_duration_since(Instant::now());
            // An attempt gets its own timeout or what is left of the call's.
            *request.timeout_mut() = Some(shared.settings.timeout.min(left));
            // A streaming body cannot be sent twice: one attempt only.
            self.sent += 1;
            let hooked = |request: &mut Request| {
                #[cfg(feature = "opentelemetry")]
                if let Some((_, true)) = &shared.settings.otel {
                    crate::otel::inject_context(request.headers_mut());
                }
                if let Some(hook) = &shared.settings.hook {
                    let method = request.method().clone();
                    let headers = request.headers_mut();
                    hook::run(hook, &method, operation, target.template, attempt, headers);
                }
            };
            let Some(mut this_attempt) = request.try_clone() else {
                let mut request = self.request.take().expect("checked above");
                hooked(&mut request);
                return Outcome::Done(self.http.execute(request).await);
            };
            hooked(&mut this_attempt);
            let sent = Instant::now();
            let result = match self.http.execute(this_attempt).await {
                Ok(response) => {
                    let redactor = shared.tokens.redactor(request.headers().get(AUTHORIZATION));
                    let reading = Reading {
                        replay: self.replay,
                        target,
                        settings: &shared.settings,
                    };
                    reading.read_whole(response, &redactor).await
                }
                Err(error) => Err(error),
            };
            log_attempt(operation, attempt, sent, &result);
            #[cfg(feature = "opentelemetry")]
            if let Some(metrics) = runtime.metrics() {
                measure(metrics, target, request, sent, &result);
            }

            if let Ok(response) = &result
                && response.status() == StatusCode::UNAUTHORIZED
                && !self.reauthenticated
            {
                self.reauthenticated = true;
                if let Some(rejected) = request.headers().get(AUTHORIZATION) {
                    shared.tokens.invalidate(rejected);
                }
                match self.runtime.bearer_by(deadline).await {
                    Ok(token) => {
                        request.headers_mut().insert(AUTHORIZATION, token.header);
                        continue;
                    }
                    // The caller gets the API's 401; its next call retries
                    // the token and reports that failure in full.
                    Err(error) => {
                        tracing::warn!(operation, %error, "token refresh after 401 failed");
                        return Outcome::Done(result);
                    }
                }
            }

            let retryable = match &result {
                Ok(response) => shared
                    .settings
                    .retry
                    .retries_status(self.replay, response.status()),
                Err(error) => self.replay.retries_error(error),
            };
            if !retryable {
                return Outcome::Done(result);
            }
            let asked = result.as_ref().ok().and_then(|r| {
                retry_after(r.headers(), SystemTime::now()).or_else(|| {
                    // The key's first call is still in progress: give it
                    // the time a call takes, not a failed call's backoff.
                    (r.status() == StatusCode::LOCKED).then(|| shared.settings.retry.locked_wait())
                })
            });
            return Outcome::Again(result, asked);
        }
    }
}

/// What reading one answer needs from its call: the replay rule, the
/// call's target (its operation, and what drift watch checks the answer
/// against), and the client's settings (the body cap, the drift log).
struct Reading<'a> {
    replay: Replay,
    target: &'a CallTarget,
    settings: &'a Settings,
}

impl Reading<'_> {
    /// `response` with its body read to the end, so that a connection that drops
    /// mid-body is a transport error inside the retry loop, not a decoding
    /// error after it. Status, version, headers and URL are kept. A body over
    /// `limit` bytes is not read further (see [`crate::body`]).
    /// A keyed call's `409` replay becomes its success
    /// ([`idempotency::replayed`]).
    ///
    /// With drift watch on, the body is checked here, once per answer read.
    ///
    /// An answer's own [`IDEMPOTENT_REPLAY`](crate::IDEMPOTENT_REPLAY) header
    /// is dropped: the marker is the client's alone. Every answer has the
    /// exchange's secrets redacted from its headers, and an error answer from
    /// its body too, before anything decodes or shows it (see
    /// [`crate::redact`]); a success's body is redacted only if it reaches an
    /// error (`call.rs`).
    async fn read_whole(
        self,
        response: Response,
        redactor: &Arc<Redactor>,
    ) -> reqwest::Result<Response> {
        let Reading {
            replay,
            target,
            settings,
        } = self;
        let operation = target.operation;
        let url = response.url().clone();
        let (parts, mut body) =
            body::read_capped(response, settings.max_body_size, operation).await?;
        let (status, version, mut headers) = (parts.status, parts.version, parts.headers);
        headers.remove(IDEMPOTENT_REPLAY);
        headers.remove(response::ATTEMPTS);
        let status = idempotency::replayed(replay, operation, status, &mut headers, &body);
        match (&settings.drift, &target.watch) {
            (Some(log), Watch::Operation(id)) => log.observe(id, status.as_u16(), &body),
            (Some(log), Watch::Lacking { name, endpoint }) => {
                log.observe_lacking(name, endpoint, status.as_u16(), &body)
            }
            (None, _) => {}
        }
        redactor.headers(&mut headers);
        if !status.is_success()
            && let Some(redacted) = redactor.body(&body)
        {
            body = redacted.into();
        }
        crate::call::answered(status, &headers, &body, redactor);
        let mut whole = http::Response::builder()
            .status(status)
            .version(version)
            .url(url)
            .body(body)
            .expect("status and version came from a response");
        *whole.headers_mut() = headers;
        Ok(Response::from(whole))
    }
}

fn log_attempt(
    operation: &'static str,
    attempt: u32,
    sent: Instant,
    result: &reqwest::Result<Response>,
) {
    let latency_ms = sent.elapsed().as_millis() as u64;
    match result {
        Ok(response) => {
            let cf_ray = response::cf_ray(response.headers()).unwrap_or("");
            tracing::debug!(
                operation,
                attempt,
                status = response.status().as_u16(),
                latency_ms,
                cf_ray,
                "response"
            )
        }
        Err(error) => {
            tracing::debug!(operation, attempt, latency_ms, error = %error, "transport error")
        }
    }
}

impl ClientHooks<Runtime> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        idempotency::check_key(request).map_err(progenitor_client::Error::InvalidRequest)?;
        let runtime = self.inner();
        let deadline = deadline_after(Instant::now(), runtime.shared.settings.retry.deadline());
        let token = runtime.bearer_by(deadline).await.map_err(|error| {
            // progenitor's error holds text only: the typed error goes
            // through the call's record (`call.rs`).
            crate::call::token_failed(&error);
            progenitor_client::Error::Custom(error.to_string())
        })?;
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, token.header);
        // The client's and the handle's headers, unless the call set its own.
        for name in runtime.shared.settings.headers.keys() {
            if !headers.contains_key(name) {
                for value in runtime.shared.settings.headers.get_all(name) {
                    headers.append(name, value.clone());
                }
            }
        }
        idempotency::ensure_key(request);
        crate::call::set_deadline(deadline);
        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let target = CallTarget::operation(info.operation_id);
        self.exec_target(request, &target).await
    }
}

impl Client {
    /// The `exec` hook's work, for a call `target` names (a raw call names
    /// its own): sends it through [`Runtime::execute`] and records on the
    /// call's span (opened by `call::run`) what OpenTelemetry's HTTP client
    /// conventions ask for.
    pub(crate) async fn exec_target(
        &self,
        request: Request,
        target: &CallTarget,
    ) -> reqwest::Result<Response> {
        let deadline = crate::call::deadline().unwrap_or_else(|| {
            deadline_after(
                Instant::now(),
                self.inner().shared.settings.retry.deadline(),
            )
        });
        let span = tracing::Span::current();
        span.record("http.request.method", request.method().as_str());
        if let Some(template) = target.template {
            span.record("url.template", template);
        }
        if let Some(host) = request.url().host_str() {
            span.record("server.address", host);
        }
        if let Some(port) = request.url().port_or_known_default() {
            span.record("server.port", port);
        }
        let started = Instant::now();
        let result = self
            .inner()
            .execute(self.client(), request, target, deadline)
            .await;
        let latency_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(response) => {
                let status = response.status().as_u16();
                span.record("http.response.status_code", status);
                tracing::info!(
                    operation = target.operation,
                    http.response.status_code = status,
                    latency_ms,
                    "xone call"
                )
            }
            Err(error) => tracing::info!(
                operation = target.operation,
                error = %error,
                latency_ms,
                "xone call failed"
            ),
        }
        result
    }
}
