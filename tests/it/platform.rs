//! What a platform sees of and adds to the client's calls: headers for
//! every request or one handle, the request hook on each attempt, and the
//! call's span with OpenTelemetry's HTTP client fields, never an id.

use std::sync::{Arc, Mutex};

use xone::{ConfigError, Credentials, Method};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

#[tokio::test]
async fn default_and_handle_headers_reach_every_request_and_a_call_overrides_them() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, EMPTY_PAGE), Reply::json(200, "{}")]).await;
    let client = builder_for(&server.base_url)
        .default_header("x-tenant", "acme")
        .build()
        .unwrap();
    let handle = client.with_header("x-correlation-id", "c-1").unwrap();
    list(&handle).await.unwrap();
    client
        .request(Method::GET, "/api/partners/p-1/quotes")
        .header("x-tenant", "other")
        .send_bytes()
        .await
        .unwrap();
    let seen = server.api_requests();
    assert_eq!(seen[0].headers["x-tenant"], "acme");
    assert_eq!(seen[0].headers["x-correlation-id"], "c-1");
    assert_eq!(seen[1].headers["x-tenant"], "other", "the call's own wins");
    assert!(
        !seen[1].headers.contains_key("x-correlation-id"),
        "only the handle's"
    );
    let token = &server.token_requests()[0];
    assert!(
        !token.headers.contains_key("x-tenant"),
        "not sent to the token endpoint"
    );
}

#[test]
fn a_header_the_client_owns_is_refused_by_the_builder_and_the_handle() {
    let builder = || xone::Client::builder(Credentials::new("id", "secret"));
    for (name, value) in [
        ("Authorization", "Bearer mine"),
        ("x-idempotency-key", "k"),
        ("Host", "evil.example"),
        ("x-tenant", "a\r\nX-Evil: 1"),
    ] {
        let err = builder().default_header(name, value).build().unwrap_err();
        assert!(matches!(err, ConfigError::InvalidHeader(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains(&name.to_ascii_lowercase()), "{text}");
        assert!(!text.contains("mine") && !text.contains("Evil"), "{text}");
        let client = builder().build().unwrap();
        assert!(client.with_header(name, value).is_err(), "{name}");
    }
}

#[tokio::test]
async fn the_request_hook_sees_each_attempt_and_adds_headers_but_not_owned_ones_or_the_token() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let seen_by_hook = Arc::new(Mutex::new(Vec::new()));
    let log = seen_by_hook.clone();
    let client = builder_for(&server.base_url)
        .on_request(move |request| {
            let owned = request.insert_header("authorization", "Bearer forged");
            log.lock().unwrap().push((
                request.method().to_string(),
                request.operation(),
                request.url_template(),
                request.attempt(),
                request.header("authorization").is_some(),
                owned.is_err(),
            ));
            let signature = format!("sig-{}", request.attempt());
            request.insert_header("x-signature", &signature).unwrap();
        })
        .build()
        .unwrap();
    list(&client).await.unwrap();
    let template = Some("/api/partners/{partner_id}/bookings");
    assert_eq!(
        *seen_by_hook.lock().unwrap(),
        [
            ("GET".into(), "list_bookings", template, 1, false, true),
            ("GET".into(), "list_bookings", template, 2, false, true),
        ]
    );
    let sent = server.api_requests();
    assert_eq!(sent[0].headers["x-signature"], "sig-1");
    assert_eq!(
        sent[1].headers["x-signature"], "sig-2",
        "each attempt signed anew"
    );
    for request in &sent {
        assert_eq!(request.headers["authorization"], bearer());
    }
}

#[tokio::test]
async fn the_call_span_follows_the_http_client_conventions_and_holds_no_id() {
    let (captured, _guard) = capture_tracing();
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
        Reply::status(404),
    ])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();
    let call = || client.list_bookings().partner_id("p-secret-9").send();
    call().await.unwrap();
    let fields = captured.fields();
    for expected in [
        "span=xone.call parent=none",
        "otel.name=\"list_bookings\"",
        "otel.kind=\"client\"",
        "operation=\"list_bookings\"",
        "http.request.method=\"GET\"",
        "url.template=\"/api/partners/{partner_id}/bookings\"",
        "server.address=\"127.0.0.1\"",
        "http.response.status_code=200",
        "http.request.resend_count=1",
        // The call's first token request runs inside its span.
        "span=xone.token parent=xone.call",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} in {fields:#?}"
        );
    }
    call().await.unwrap_err();
    let fields = captured.fields();
    assert!(
        fields.iter().any(|f| f == "error.type=\"404\""),
        "{fields:#?}"
    );
    let logged = fields.join("\n");
    assert!(
        !logged.contains("p-secret-9"),
        "no id in any field: {logged}"
    );
    assert!(
        !logged.contains(TOKEN) && !logged.contains(SECRET),
        "{logged}"
    );
}

/// A meter provider whose points a test reads back, and its exporter.
fn in_memory_metrics() -> (
    opentelemetry_sdk::metrics::SdkMeterProvider,
    opentelemetry_sdk::metrics::InMemoryMetricExporter,
) {
    use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};
    let exporter = InMemoryMetricExporter::default();
    let provider = SdkMeterProvider::builder()
        .with_reader(PeriodicReader::builder(exporter.clone()).build())
        .build();
    (provider, exporter)
}

/// Every data point of the instrument `name` exported so far, as (its
/// attributes as `key=value` text, sorted; its count or sum).
fn points(
    exporter: &opentelemetry_sdk::metrics::InMemoryMetricExporter,
    name: &str,
) -> Vec<(Vec<String>, u64)> {
    use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
    let text = |attributes: &mut dyn Iterator<Item = &opentelemetry::KeyValue>| {
        let mut all: Vec<String> = attributes
            .map(|kv| format!("{}={}", kv.key, kv.value))
            .collect();
        all.sort();
        all
    };
    let mut out = Vec::new();
    for resource in exporter.get_finished_metrics().unwrap() {
        for scope in resource.scope_metrics() {
            for metric in scope.metrics().filter(|m| m.name() == name) {
                match metric.data() {
                    AggregatedMetrics::F64(MetricData::Histogram(h)) => {
                        for p in h.data_points() {
                            out.push((text(&mut p.attributes()), p.count()));
                        }
                    }
                    AggregatedMetrics::U64(MetricData::Sum(s)) => {
                        for p in s.data_points() {
                            out.push((text(&mut p.attributes()), p.value()));
                        }
                    }
                    other => panic!("{name}: unexpected data {other:?}"),
                }
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn opentelemetry_metrics_record_each_request_its_retries_replays_and_token_fetches() {
    use opentelemetry::metrics::MeterProvider;
    let (provider, exporter) = in_memory_metrics();
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::json(200, EMPTY_PAGE),
        Reply::Drop,
        Reply::json(409, r#"{"id":"QT-1"}"#),
    ])
    .await;
    let client = builder_for(&server.base_url)
        .meter(provider.meter("xone-test"))
        .build()
        .unwrap();
    list(&client).await.unwrap();
    let replayed = client
        .request(Method::POST, xone::path!("/api/partners/{}/quotes", "p-1"))
        .operation("create_quote")
        .send::<serde_json::Value>()
        .await
        .unwrap();
    assert!(xone::ResponseExt::is_idempotent_replay(&replayed));
    provider.force_flush().unwrap();

    let port = server.base_url.rsplit(':').next().unwrap().to_string();
    let request = |method: &str, template: &str, end: &[&str]| {
        let mut attributes = vec![
            format!("http.request.method={method}"),
            "server.address=127.0.0.1".to_string(),
            format!("server.port={port}"),
            format!("url.template={template}"),
        ];
        attributes.extend(end.iter().map(|s| s.to_string()));
        attributes.sort();
        attributes
    };
    let bookings = "/api/partners/{partner_id}/bookings";
    let quotes = "/api/partners/{}/quotes";
    assert_eq!(points(&exporter, "http.client.request.duration"), {
        let mut expected = vec![
            (
                request("GET", bookings, &["http.response.status_code=200"]),
                1,
            ),
            (
                request(
                    "GET",
                    bookings,
                    &["error.type=503", "http.response.status_code=503"],
                ),
                1,
            ),
            (request("POST", quotes, &["error.type=transport"]), 1),
            // A replay is counted with the status it came with, and in
            // `xone.client.idempotent_replays`.
            (
                request(
                    "POST",
                    quotes,
                    &["http.response.status_code=409", "error.type=409"],
                ),
                1,
            ),
        ];
        expected.sort();
        expected
    });
    assert_eq!(
        points(&exporter, "xone.client.retries"),
        [
            (
                vec!["operation=create_quote".into(), "reason=transport".into()],
                1
            ),
            (
                vec!["operation=list_bookings".into(), "reason=503".into()],
                1
            ),
        ]
    );
    assert_eq!(
        points(&exporter, "xone.client.idempotent_replays"),
        [(vec!["operation=create_quote".into()], 1)]
    );
    assert_eq!(
        points(&exporter, "xone.client.token_fetches"),
        [(vec!["outcome=ok".into()], 1)]
    );
}

#[tokio::test]
async fn the_current_trace_context_reaches_the_server_on_every_attempt() {
    use opentelemetry::trace::{
        SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState,
    };
    opentelemetry::global::set_text_map_propagator(
        opentelemetry_sdk::propagation::TraceContextPropagator::new(),
    );
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, EMPTY_PAGE)]).await;
    let client = builder_for(&server.base_url)
        .propagate_trace_context()
        .build()
        .unwrap();
    let trace = TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap();
    let parent = SpanContext::new(
        trace,
        SpanId::from_hex("00f067aa0ba902b7").unwrap(),
        TraceFlags::SAMPLED,
        true,
        TraceState::default(),
    );
    let context = opentelemetry::Context::current().with_remote_span_context(parent);
    {
        let _attached = context.attach();
        list(&client).await.unwrap();
    }
    let sent = server.api_requests();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(
            request.headers["traceparent"],
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        );
    }
    assert!(
        !server.token_requests()[0]
            .headers
            .contains_key("traceparent")
    );
}

#[tokio::test]
async fn a_typed_replay_is_measured_with_the_status_it_came_with() {
    use opentelemetry::metrics::MeterProvider;
    let (provider, exporter) = in_memory_metrics();
    let server = ScriptedServer::start(vec![
        Reply::Drop,
        Reply::json(409, &crate::support::booking_envelope().to_string()),
    ])
    .await;
    let client = builder_for(&server.base_url)
        .meter(provider.meter("xone-test"))
        .build()
        .unwrap();
    let answer = modify(&client).await.unwrap();
    assert!(xone::ResponseExt::is_idempotent_replay(&answer));
    provider.force_flush().unwrap();
    let statuses: Vec<String> = points(&exporter, "http.client.request.duration")
        .into_iter()
        .flat_map(|(attributes, _)| attributes)
        .filter(|a| a.starts_with("http.response.status_code") || a.starts_with("error.type"))
        .collect();
    assert_eq!(
        statuses,
        // Sorted by their attributes: the replay's point, then the lost one's.
        [
            "error.type=409",
            "http.response.status_code=409",
            "error.type=transport"
        ]
    );
    assert_eq!(
        points(&exporter, "xone.client.idempotent_replays"),
        [(vec!["operation=modify_booking".into()], 1)]
    );
}
