//! OpenTelemetry metrics and trace propagation (feature `opentelemetry`),
//! through the `opentelemetry` API crate, so that whatever SDK and
//! exporter the service installs receives them:
//!
//! - `http.client.request.duration` (seconds), one point per request sent
//!   (each attempt is one), with the semantic conventions' attributes:
//!   `http.request.method`, `server.address`, `server.port`,
//!   `url.template`, `http.response.status_code` or `error.type`;
//! - `xone.client.retries`, retries made, by `operation` and `reason` (the
//!   status, `timeout` or `transport`);
//! - `xone.client.idempotent_replays`, keyed calls whose answer was the
//!   API's replay of a stored success, by `operation`;
//! - `xone.client.token_fetches`, token requests, by `outcome` (`ok` or
//!   the error's kind).
//!
//! With [`ClientBuilder::propagate_trace_context`](crate::ClientBuilder::propagate_trace_context),
//! every attempt carries the current OpenTelemetry context (`traceparent`,
//! `tracestate`) through the globally installed propagator.

use std::collections::HashMap;

use opentelemetry::metrics::{Counter, Histogram, Meter};
use opentelemetry::propagation::Injector;
use opentelemetry::{Context, KeyValue};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The instruments of one client.
pub(crate) struct Metrics {
    duration: Histogram<f64>,
    retries: Counter<u64>,
    replays: Counter<u64>,
    token_fetches: Counter<u64>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

/// One request's facts, for its duration point.
pub(crate) struct Sent<'a> {
    pub(crate) method: &'a str,
    pub(crate) address: Option<&'a str>,
    pub(crate) port: Option<u16>,
    pub(crate) template: Option<&'static str>,
    /// The status, or the `error.type` of a request that got no answer.
    pub(crate) outcome: Result<u16, &'static str>,
    pub(crate) seconds: f64,
}

impl Metrics {
    /// The instruments, made on `meter`.
    pub(crate) fn new(meter: &Meter) -> Self {
        Metrics {
            duration: meter
                .f64_histogram("http.client.request.duration")
                .with_unit("s")
                .with_description("Duration of HTTP client requests.")
                .with_boundaries(vec![
                    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
                ])
                .build(),
            retries: meter
                .u64_counter("xone.client.retries")
                .with_description("Retries made, by operation and reason.")
                .build(),
            replays: meter
                .u64_counter("xone.client.idempotent_replays")
                .with_description("Keyed calls answered with the replay of a stored success.")
                .build(),
            token_fetches: meter
                .u64_counter("xone.client.token_fetches")
                .with_description("Access token requests, by outcome.")
                .build(),
        }
    }

    /// One request sent and answered (or failed).
    pub(crate) fn request(&self, sent: &Sent<'_>) {
        let mut attributes = vec![KeyValue::new(
            "http.request.method",
            sent.method.to_string(),
        )];
        if let Some(address) = sent.address {
            attributes.push(KeyValue::new("server.address", address.to_string()));
        }
        if let Some(port) = sent.port {
            attributes.push(KeyValue::new("server.port", i64::from(port)));
        }
        if let Some(template) = sent.template {
            attributes.push(KeyValue::new("url.template", template));
        }
        match sent.outcome {
            Ok(status) => {
                attributes.push(KeyValue::new(
                    "http.response.status_code",
                    i64::from(status),
                ));
                if status >= 400 {
                    attributes.push(KeyValue::new("error.type", status.to_string()));
                }
            }
            Err(kind) => attributes.push(KeyValue::new("error.type", kind)),
        }
        self.duration.record(sent.seconds, &attributes);
    }

    /// A retry of `operation` after `reason`.
    pub(crate) fn retry(&self, operation: &'static str, reason: String) {
        self.retries.add(
            1,
            &[
                KeyValue::new("operation", operation),
                KeyValue::new("reason", reason),
            ],
        );
    }

    /// A keyed call of `operation` answered with its stored success.
    pub(crate) fn replay(&self, operation: &'static str) {
        self.replays
            .add(1, &[KeyValue::new("operation", operation)]);
    }

    /// A token request ended with `outcome`.
    pub(crate) fn token_fetch(&self, outcome: &'static str) {
        self.token_fetches
            .add(1, &[KeyValue::new("outcome", outcome)]);
    }
}

/// The `error.type` of a request that got no answer: `timeout` or
/// `transport`.
pub(crate) fn failure(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else {
        "transport"
    }
}

/// Adds the current OpenTelemetry context to `headers` through the global
/// propagator (W3C `traceparent` with the SDK's usual one). A header the
/// client owns is never written.
pub(crate) fn inject_context(headers: &mut HeaderMap) {
    struct Fields(HashMap<String, String>);
    impl Injector for Fields {
        fn set(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
    }
    let mut fields = Fields(HashMap::new());
    let context = Context::current();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut fields);
    });
    for (name, value) in fields.0 {
        if crate::headers::OWNED.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            headers.insert(name, value);
        }
    }
}
