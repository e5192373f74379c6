//! The one way a [`Client`] is made: [`ClientBuilder`] checks the URLs
//! (https, or http to loopback only), builds the HTTP client (no redirects,
//! the client's user agent, the TLS backend the features chose) and
//! assembles the token cache, the runtime and the generated client. The
//! generated constructors are private (see `build/codegen.rs`).

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::auth::{Credentials, TokenCache};
use crate::body::DEFAULT_MAX_BODY_SIZE;
use crate::drift::DriftLog;
use crate::runtime::{Runtime, Settings};
use crate::{Client, DEFAULT_BASE_URL, DEFAULT_TOKEN_URL, RetryPolicy};

/// Why a [`Client`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A URL does not parse or cannot be a base.
    #[error("{name} `{url}` is not a valid URL: {reason}")]
    InvalidUrl {
        /// Which setting (`base URL`, `token URL`).
        name: &'static str,
        /// The value given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// Plain `http://` to a host that is not this machine would send the
    /// secret and tokens in the clear.
    #[error("{name} `{url}` uses http:// to a host other than loopback; use https://")]
    InsecureUrl {
        /// Which setting.
        name: &'static str,
        /// The value given.
        url: String,
    },
    /// A required environment variable is not set.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// An environment variable is set, but to nothing usable.
    #[error("environment variable {name} {reason}")]
    InvalidEnv {
        /// The variable.
        name: &'static str,
        /// What is wrong with it (empty, only white space, not UTF-8).
        reason: &'static str,
    },
    /// The user agent is not a valid header value.
    #[error("user agent `{0}` is not a valid header value")]
    InvalidUserAgent(String),
    /// A header a caller asked to send is one the client owns, or its
    /// name or value is not valid (the message names the header, never
    /// its value).
    #[error("{0}")]
    InvalidHeader(String),
    /// The HTTP client could not be built (for example, no TLS backend).
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
    /// The TLS configuration could not be built (for example, the platform's
    /// certificate verifier is unavailable).
    #[error("cannot set up TLS: {0}")]
    Tls(String),
}

/// Configures a [`Client`]; made by [`Client::builder`].
#[derive(Debug)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    token_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    max_body_size: u64,
    drift: Option<DriftLog>,
    partner_id: Option<String>,
    headers: Vec<(String, String)>,
    hook: crate::hook::HookSlot,
    #[cfg(feature = "opentelemetry")]
    meter: Option<opentelemetry::metrics::Meter>,
    #[cfg(feature = "opentelemetry")]
    propagate: bool,
}

impl ClientBuilder {
    pub(crate) fn new(credentials: Credentials) -> Self {
        ClientBuilder {
            credentials,
            base_url: DEFAULT_BASE_URL.into(),
            token_url: DEFAULT_TOKEN_URL.into(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("xone-rust/", env!("CARGO_PKG_VERSION")).into(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            drift: None,
            partner_id: None,
            headers: Vec::new(),
            hook: crate::hook::HookSlot::default(),
            #[cfg(feature = "opentelemetry")]
            meter: None,
            #[cfg(feature = "opentelemetry")]
            propagate: false,
        }
    }

    /// A builder from `XONE_CLIENT_ID` and `XONE_CLIENT_SECRET`, with
    /// `XONE_BASE_URL` and `XONE_TOKEN_URL` overriding the defaults and
    /// `XONE_PARTNER_ID` giving [`Client::partner_id`], if set; every other
    /// setting can still be changed before [`build`](Self::build):
    ///
    /// ```no_run
    /// # fn run() -> Result<(), xone::ConfigError> {
    /// let client = xone::ClientBuilder::from_env()?
    ///     .timeout(std::time::Duration::from_secs(10))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A variable that is set but empty or only white space is an error that
    /// names it, never a silent default (nor credentials of spaces).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(std::env::var_os)
    }

    /// [`ClientBuilder::from_env`] over any source of variables.
    fn from_lookup(
        lookup: impl Fn(&'static str) -> Option<std::ffi::OsString>,
    ) -> Result<Self, ConfigError> {
        let var = |name: &'static str| -> Result<Option<String>, ConfigError> {
            let Some(value) = lookup(name) else {
                return Ok(None);
            };
            let value = value.into_string().map_err(|_| ConfigError::InvalidEnv {
                name,
                reason: "is not valid UTF-8",
            })?;
            if value.trim().is_empty() {
                return Err(ConfigError::InvalidEnv {
                    name,
                    reason: if value.is_empty() {
                        "is set but empty"
                    } else {
                        "is only white space"
                    },
                });
            }
            Ok(Some(value))
        };
        let id = var("XONE_CLIENT_ID")?.ok_or(ConfigError::MissingEnv("XONE_CLIENT_ID"))?;
        let secret =
            var("XONE_CLIENT_SECRET")?.ok_or(ConfigError::MissingEnv("XONE_CLIENT_SECRET"))?;
        let mut builder = Self::new(Credentials::new(id, secret));
        // Checked here too, so that a bad value is named by its variable.
        if let Some(url) = var("XONE_BASE_URL")? {
            checked_url(Setting::Base, "XONE_BASE_URL", url.trim())?;
            builder = builder.base_url(url.trim());
        }
        if let Some(url) = var("XONE_TOKEN_URL")? {
            checked_url(Setting::Token, "XONE_TOKEN_URL", url.trim())?;
            builder = builder.token_url(url.trim());
        }
        if let Some(partner) = var("XONE_PARTNER_ID")? {
            builder = builder.partner_id(partner.trim());
        }
        Ok(builder)
    }

    /// The partner this client acts for, as the XCover dashboard names it
    /// (default: none; `XONE_PARTNER_ID` with [`from_env`](Self::from_env)):
    /// kept for [`Client::partner_id`], so that callers need not carry it
    /// beside the client. Operations still take it as their `partner_id`.
    pub fn partner_id(mut self, partner_id: impl Into<String>) -> Self {
        self.partner_id = Some(partner_id.into());
        self
    }

    /// The API's base URL (default: the spec's server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The OAuth2 token endpoint (default: the spec's `tokenUrl`).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// The time one attempt of one request may take, token requests
    /// included (default 30 s; the vendor advises at least 10 s for bookings).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed requests are retried (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` sent with every request, token requests included
    /// (default `xone-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The most bytes one answer's body may have, success or error, token
    /// answers included (default [`DEFAULT_MAX_BODY_SIZE`], 8 MiB). It is
    /// enforced while the body is read, whatever `Content-Length` says or
    /// omits: past it the call fails with a [`BodyTooLarge`](crate::BodyTooLarge)
    /// behind its error ([`Error::body_too_large`](crate::Error::body_too_large)),
    /// the connection is dropped, and at most about this much was held.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Checks every answer against the spec and records where it differs
    /// (see [`DriftLog`]); off by default, and free when off. A call's
    /// result never depends on it.
    pub fn drift(mut self, log: DriftLog) -> Self {
        self.drift = Some(log);
        self
    }

    /// A header sent with every request of the client (`x-tenant`, a
    /// correlation id), unless the call sets it itself (a raw call's
    /// [`header`](crate::RawRequest::header), a handle's
    /// [`with_header`](Client::with_header)). A header the client owns
    /// (`Authorization`, `Host`, `x-idempotency-key`, `Content-Type`,
    /// `Accept`, `Content-Length`, `Transfer-Encoding`, ...) or a value with
    /// a control character makes [`build`](Self::build) fail with
    /// [`ConfigError::InvalidHeader`], naming the header, never the value.
    /// Token requests do not carry it: they go to the token endpoint.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A hook called on every attempt of every API request just before it
    /// is sent, to add what a platform needs per request: the current
    /// trace's `traceparent`, a signature, a tenant header. It sees the
    /// method, the operation, the route template (never the ids) and the
    /// headers (not the token), and adds headers through the same check as
    /// [`default_header`](Self::default_header); the client's own checks
    /// (the body cap, redaction, https only, no redirects) stay. Keep it
    /// quick: it runs on the request's task.
    ///
    /// ```
    /// let client = xone::Client::builder(xone::Credentials::new("id", "secret"))
    ///     .on_request(|request| {
    ///         let _ = request.insert_header("x-tenant", "acme");
    ///     })
    ///     .build()
    ///     .unwrap();
    /// # let _ = client;
    /// ```
    pub fn on_request(
        mut self,
        hook: impl Fn(&mut crate::hook::OutgoingRequest<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.hook = crate::hook::HookSlot(Some(std::sync::Arc::new(hook)));
        self
    }

    /// The OpenTelemetry meter the client's instruments are made on
    /// (feature `opentelemetry`; default: the global meter provider's
    /// `xone` meter, which records nothing until the service installs an
    /// SDK): `http.client.request.duration` per request sent, with the
    /// semantic conventions' attributes, and the counters
    /// `xone.client.retries` (by `operation` and `reason`),
    /// `xone.client.idempotent_replays` and `xone.client.token_fetches`.
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    pub fn meter(mut self, meter: opentelemetry::metrics::Meter) -> Self {
        self.meter = Some(meter);
        self
    }

    /// Sends the current OpenTelemetry context (`traceparent`,
    /// `tracestate`) with every attempt of every API request, through the
    /// globally installed propagator (feature `opentelemetry`); before the
    /// [`on_request`](Self::on_request) hook, which may replace it.
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    pub fn propagate_trace_context(mut self) -> Self {
        self.propagate = true;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = checked_url(Setting::Base, "base URL", &self.base_url)?;
        let token_url = checked_url(Setting::Token, "token URL", &self.token_url)?;
        let user_agent = HeaderValue::try_from(self.user_agent.as_str())
            .map_err(|_| ConfigError::InvalidUserAgent(self.user_agent.clone()))?;
        let http = http_client(user_agent, self.connect_timeout, self.timeout)?;
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &self.headers {
            let (name, value) =
                crate::headers::checked(name, value).map_err(ConfigError::InvalidHeader)?;
            headers.append(name, value);
        }
        #[cfg(feature = "opentelemetry")]
        let otel = {
            let meter = self
                .meter
                .unwrap_or_else(|| opentelemetry::global::meter("xone"));
            let metrics = std::sync::Arc::new(crate::otel::Metrics::new(&meter));
            Some((metrics, self.propagate))
        };
        let settings = Settings {
            #[cfg(feature = "opentelemetry")]
            otel,
            base_url: base_url.clone(),
            retry: self.retry,
            timeout: self.timeout,
            max_body_size: self.max_body_size,
            drift: self.drift,
            partner_id: self.partner_id,
            headers,
            hook: self.hook.0,
        };
        let tokens = TokenCache::new(http.clone(), token_url, self.credentials, &settings);
        #[cfg(feature = "opentelemetry")]
        if let Some((metrics, _)) = &settings.otel {
            tokens.count_fetches(metrics.clone());
        }
        let runtime = Runtime::new(tokens, settings);
        let base = base_url.as_str().trim_end_matches('/');
        Ok(Client::new_with_client(base, http, runtime))
    }
}

/// The HTTP client every request of a client goes through.
///
/// Redirects are never followed: a token request's body holds the client
/// secret and every API request a bearer token, and a redirect would carry
/// them to wherever the `Location` points (another origin, or plain http).
/// A 3xx reaches the caller as the answer it is.
fn http_client(
    user_agent: HeaderValue,
    connect_timeout: Duration,
    timeout: Duration,
) -> Result<reqwest::Client, ConfigError> {
    let builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .connect_timeout(connect_timeout)
        .timeout(timeout);
    #[cfg(feature = "rustls")]
    let builder = builder.tls_backend_preconfigured(rustls_with_ring()?);
    builder.build().map_err(ConfigError::Http)
}

/// rustls on the `ring` provider with the platform's certificate verifier:
/// what reqwest's own rustls setup does, on a provider that builds in
/// seconds, without installing a process-wide default behind the
/// application's back.
#[cfg(feature = "rustls")]
fn rustls_with_ring() -> Result<rustls::ClientConfig, ConfigError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    // rustls 0.23.3x deprecates the ring provider for lacking
    // post-quantum key exchange: ring is this feature's choice for its
    // build time, and `rustls-aws-lc` is the way to post-quantum. Without
    // the allow, a dependent that resolves a newer rustls than our lock
    // sees a warning from this crate.
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConfigError::Tls(e.to_string()))?
        .with_platform_verifier()
        .map_err(|e| ConfigError::Tls(e.to_string()))?
        .with_no_client_auth())
}

/// Which URL a setting is: what each may hold differs.
#[derive(Clone, Copy, PartialEq)]
enum Setting {
    /// The start of every request target: no query or fragment, which
    /// would be glued into every path (`/gw?tenant=eu/api/...`).
    Base,
    /// The whole token endpoint: a query is sent as given; a fragment
    /// never is, so one can only be a mistake.
    Token,
}

fn checked_url(setting: Setting, name: &'static str, url: &str) -> Result<Url, ConfigError> {
    let invalid = |reason: String| ConfigError::InvalidUrl {
        name,
        url: url.into(),
        reason,
    };
    let parsed = Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if let (Setting::Base, Some(query)) = (setting, parsed.query()) {
        return Err(invalid(format!(
            "it has a query (`?{query}`), which would be glued into every path"
        )));
    }
    if let Some(fragment) = parsed.fragment() {
        return Err(invalid(format!(
            "it has a fragment (`#{fragment}`), which is never sent"
        )));
    }
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => Err(ConfigError::InsecureUrl {
            name,
            url: url.into(),
        }),
        other => Err(invalid(format!("scheme `{other}` is not http or https"))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host_str() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&'static str, &str)]) -> Result<ClientBuilder, ConfigError> {
        let vars: Vec<(&'static str, String)> =
            vars.iter().map(|(k, v)| (*k, v.to_string())).collect();
        ClientBuilder::from_lookup(|name| {
            vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.into())
        })
    }

    #[test]
    fn empty_or_blank_variables_are_errors_that_name_them() {
        let id = ("XONE_CLIENT_ID", "id");
        let secret = ("XONE_CLIENT_SECRET", "s");
        for (vars, expected) in [
            (
                vec![secret],
                "environment variable XONE_CLIENT_ID is not set",
            ),
            (
                vec![("XONE_CLIENT_ID", ""), secret],
                "environment variable XONE_CLIENT_ID is set but empty",
            ),
            (
                vec![id, ("XONE_CLIENT_SECRET", " \t\n")],
                "environment variable XONE_CLIENT_SECRET is only white space",
            ),
            (
                vec![id, secret, ("XONE_BASE_URL", "  ")],
                "environment variable XONE_BASE_URL is only white space",
            ),
            (
                vec![id, secret, ("XONE_TOKEN_URL", "")],
                "environment variable XONE_TOKEN_URL is set but empty",
            ),
        ] {
            let err = from(&vars).unwrap_err().to_string();
            assert_eq!(err, expected);
        }
        let builder = from(&[id, secret, ("XONE_BASE_URL", " https://x.example/p ")]).unwrap();
        assert_eq!(builder.base_url, "https://x.example/p");
    }

    #[test]
    fn plain_http_is_refused_unless_loopback() {
        let base = |url| checked_url(Setting::Base, "base URL", url);
        assert!(base("http://127.0.0.1:8080").is_ok());
        assert!(base("http://localhost").is_ok());
        assert!(base("http://[::1]:1").is_ok());
        assert!(base("https://api.xone.xcover.com").is_ok());
        let err = checked_url(
            Setting::Token,
            "token URL",
            "http://api.xone.xcover.com/api/oauth/token",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "token URL `http://api.xone.xcover.com/api/oauth/token` uses http:// to a host other than loopback; use https://"
        );
        assert!(matches!(
            base("ftp://x"),
            Err(ConfigError::InvalidUrl { .. })
        ));
    }
}
