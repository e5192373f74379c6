//! Client benchmarks, against an in-process loopback server (no network):
//!
//! - overhead: `list_bookings` with a 100-booking page through the full
//!   `xone::Client` (token cache, hooks, retry layer, typed decode) against raw
//!   `reqwest` with a fixed `Authorization` header plus `serde_json` into the
//!   same type, the client again with drift watch on, and again as a
//!   platform runs it (a request hook, trace-context propagation, metrics
//!   on an OpenTelemetry SDK meter);
//! - decode: a 1,000-booking page into the generated type against
//!   `serde_json::Value`;
//! - the token cache's hot path with 8 tasks contending;
//! - a test's setup: starting a fake XONE and one call through it (token
//!   and `list_bookings`), against an httpmock server with the token and
//!   `list_bookings` mocked and the same call;
//! - drift checking one 100-booking answer: the call without drift watch,
//!   the reference checker (the one drift watch had before), the compiled
//!   checker, and the `jsonschema` crate validating the same answer against
//!   the same response schema.
//!
//! `cargo bench --bench client`. Variants are interleaved (see
//! `dev_support::interleave`); BENCHMARKS.md records a run.
//!
//! `XONE_BENCH_ONLY=decode` runs only the decode rows (to compare two builds
//! in turns), `XONE_BENCH_ONLY=fake` only the test setup rows,
//! `XONE_BENCH_ONLY=overhead` only the overhead rows. For instruction counts, `XONE_BENCH_ONLY=xone|raw XONE_BENCH_CALLS=N`
//! makes N overhead calls of one variant and nothing else (`platform` and
//! `drift` too), to run under
//! `valgrind --tool=callgrind` (see BENCHMARKS.md); `XONE_BENCH_ONLY=
//! check-reference|check-compiled|check-jsonschema` makes N checks of the
//! answer the same way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dev_support::interleave::{interleave, show};
use dev_support::wire;
use tokio::io::BufReader;
use tokio::net::TcpListener;
use xone::types::BookingList;
use xone::{Client, Credentials, DriftLog};

const TOKEN_PATH: &str = "/api/oauth/token";

fn page(bookings: usize) -> String {
    let booking: serde_json::Value =
        serde_json::from_str(include_str!("../tests/fixtures/booking.json")).expect("fixture");
    let data: Vec<serde_json::Value> = (0..bookings)
        .map(|i| {
            let mut b = booking.clone();
            b["id"] = serde_json::json!(format!("bk-{i}"));
            b
        })
        .collect();
    serde_json::json!({"data": data, "links": {"next": null}, "meta": {"total": bookings}})
        .to_string()
}

/// Answers every request on a connection with a fixed response: the token
/// for the token path, the page otherwise. Keep-alive, like the real API.
async fn serve(page: Arc<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let token = br#"{"token_type":"Bearer","expires_in":3600,"access_token":"bench-token"}"#;
    let token = Arc::new(wire::response(200, &[], token));
    let page = Arc::new(wire::response(200, &[], &page));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (token, page) = (token.clone(), page.clone());
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                while let Some(request) = wire::read_request(&mut reader).await {
                    let response = if request.path == TOKEN_PATH {
                        &token
                    } else {
                        &page
                    };
                    if !wire::write(&mut write, response).await {
                        return;
                    }
                }
            });
        }
    });
    base
}

fn main() {
    // xone's default `rustls` feature gives reqwest no crypto provider of its
    // own (xone passes ring to its client); the raw client needs one too.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Only the decode rows: for comparing builds of two commits, run one
    // after the other in turns.
    if std::env::var("XONE_BENCH_ONLY").as_deref() == Ok("decode") {
        decode();
        return;
    }
    if std::env::var("XONE_BENCH_ONLY").as_deref() == Ok("fake") {
        test_setup(&runtime);
        return;
    }
    if std::env::var("XONE_BENCH_ONLY").as_deref() == Ok("overhead") {
        println!("| benchmark | variant | median | p10 | p90 |");
        println!("|---|---|---|---|---|");
        overhead(&runtime);
        return;
    }
    if let Ok(only) = std::env::var("XONE_BENCH_ONLY") {
        let calls = std::env::var("XONE_BENCH_CALLS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(100);
        single_variant(&runtime, &only, calls);
        return;
    }
    println!("| benchmark | variant | median | p10 | p90 |");
    println!("|---|---|---|---|---|");
    overhead(&runtime);
    drift_check(&runtime);
    decode();
    token_hot_path(&runtime);
    test_setup(&runtime);
}

/// The three ways to check one answer against the spec, prepared outside
/// the timed loops: the compiled checker (drift watch's), the reference
/// (drift watch's before), and a `jsonschema` validator of the operation's
/// response schema (OpenAPI's `nullable` written as JSON Schema's `null`
/// type), which needs the answer as a `Value` first.
struct Checks {
    body: Vec<u8>,
    compiled: drift_tools::Checker,
    reference: drift_tools::Reference,
    validator: jsonschema::Validator,
}

impl Checks {
    fn new() -> Self {
        let spec: serde_json::Value =
            serde_norway::from_str(include_str!("../spec/openapi.yaml")).expect("the spec");
        let mut schema = serde_json::json!({
            "$ref": "#/components/schemas/BookingList",
            "components": spec["components"].clone(),
        });
        nullable_as_json_schema(&mut schema);
        let validator = jsonschema::validator_for(&schema).expect("a valid schema");
        let body = page(100).into_bytes();
        let checks = Self {
            compiled: drift_tools::Checker::embedded(),
            reference: drift_tools::Reference::embedded(),
            validator,
            body,
        };
        // All three agree that the page fits (counters aside).
        let findings = |found: Vec<(String, drift_tools::Kind, String, String)>| {
            found
                .into_iter()
                .filter(|f| f.1 != drift_tools::Kind::Observed && f.1 != drift_tools::Kind::Absent)
                .count()
        };
        assert_eq!(
            findings(checks.compiled.check("list_bookings", 200, &checks.body)),
            0
        );
        assert_eq!(
            findings(checks.reference.check("list_bookings", 200, &checks.body)),
            0
        );
        assert_eq!(checks.jsonschema(), 0, "the page fits the JSON Schema");
        checks
    }

    fn compiled(&self) -> usize {
        self.compiled.check("list_bookings", 200, &self.body).len()
    }

    fn reference(&self) -> usize {
        self.reference.check("list_bookings", 200, &self.body).len()
    }

    /// Every error, as drift watch reports every finding.
    fn jsonschema(&self) -> usize {
        let value: serde_json::Value = serde_json::from_slice(&self.body).unwrap();
        self.validator.iter_errors(&value).count()
    }
}

/// `{"type": T, "nullable": true}` as `{"type": [T, "null"]}`.
fn nullable_as_json_schema(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.remove("nullable") == Some(serde_json::Value::Bool(true))
                && let Some(serde_json::Value::String(ty)) = map.get("type").cloned()
            {
                map.insert("type".into(), serde_json::json!([ty, "null"]));
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "enum" {
                    nullable_as_json_schema(child);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(nullable_as_json_schema),
        _ => {}
    }
}

fn drift_check(runtime: &tokio::runtime::Runtime) {
    let bench = Overhead::new(runtime);
    runtime.block_on(bench.warm_up());
    let checks = Checks::new();
    let samples = interleave(4, 200, |variant| {
        let start = Instant::now();
        match variant {
            0 => runtime.block_on(bench.full_call()),
            1 => drop(std::hint::black_box(checks.reference())),
            2 => drop(std::hint::black_box(checks.compiled())),
            _ => drop(std::hint::black_box(checks.jsonschema())),
        }
        start.elapsed()
    });
    let name = "drift check, 100-booking answer";
    row(name, "the call, drift watch off", &samples, 0);
    row(name, "reference checker (before)", &samples, 1);
    row(name, "compiled checker", &samples, 2);
    row(name, "jsonschema (parse + validate)", &samples, 3);
    println!(
        "\ncompiled / call: {:.3}; reference / call: {:.3}; compiled / jsonschema: {:.3} (medians)\n",
        samples.ratio(2, 0),
        samples.ratio(1, 0),
        samples.ratio(2, 3)
    );
}

fn row(name: &str, variant: &str, samples: &dev_support::interleave::Samples, i: usize) {
    println!(
        "| {name} | {variant} | {} | {} | {} |",
        show(samples.median(i)),
        show(samples.percentile(i, 10)),
        show(samples.percentile(i, 90))
    );
}

/// The two ways to list bookings that the overhead benchmark compares.
struct Overhead {
    client: Client,
    /// The same client with drift watch on.
    drifting: Client,
    /// The same client as a platform would run it: a request hook adding a
    /// header, trace-context propagation, and metrics on an OpenTelemetry
    /// SDK meter provider (exported once an hour: never, in a bench).
    platform: Client,
    /// Holds the platform client's meter provider for the bench's life.
    _provider: opentelemetry_sdk::metrics::SdkMeterProvider,
    raw: reqwest::Client,
    url: String,
}

impl Overhead {
    fn new(runtime: &tokio::runtime::Runtime) -> Self {
        let base = runtime.block_on(serve(Arc::new(page(100).into_bytes())));
        let builder = || {
            Client::builder(Credentials::new("bench", "bench-secret"))
                .base_url(&base)
                .token_url(format!("{base}{TOKEN_PATH}"))
        };
        let client = builder().build().unwrap();
        let drifting = builder().drift(DriftLog::new()).build().unwrap();
        let provider = opentelemetry_sdk::metrics::SdkMeterProvider::builder()
            .with_reader(
                opentelemetry_sdk::metrics::PeriodicReader::builder(
                    opentelemetry_sdk::metrics::InMemoryMetricExporter::default(),
                )
                .with_interval(Duration::from_secs(3600))
                .build(),
            )
            .build();
        let platform = builder()
            .meter(opentelemetry::metrics::MeterProvider::meter(
                &provider, "bench",
            ))
            .propagate_trace_context()
            .on_request(|request| {
                let _ = request.insert_header("x-tenant", "bench");
            })
            .build()
            .unwrap();
        let raw = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let url = format!("{base}/api/partners/p1/bookings");
        Self {
            client,
            drifting,
            platform,
            _provider: provider,
            raw,
            url,
        }
    }

    async fn full_call(&self) {
        Self::call(&self.client).await
    }

    async fn drift_call(&self) {
        Self::call(&self.drifting).await
    }

    async fn platform_call(&self) {
        Self::call(&self.platform).await
    }

    async fn call(client: &Client) {
        let page = client
            .list_bookings()
            .partner_id("p1")
            .send()
            .await
            .unwrap();
        assert_eq!(page.data.len(), 100);
    }

    async fn raw_call(&self) {
        let bytes = self
            .raw
            .get(&self.url)
            .header("authorization", "Bearer bench-token")
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let page: BookingList = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(page.data.len(), 100);
    }

    /// The token, both connection pools, the allocator.
    async fn warm_up(&self) {
        for _ in 0..50 {
            self.full_call().await;
            self.drift_call().await;
            self.raw_call().await;
            self.platform_call().await;
        }
    }
}

fn single_variant(runtime: &tokio::runtime::Runtime, only: &str, calls: u32) {
    if let Some(check) = only.strip_prefix("check-") {
        let checks = Checks::new();
        for _ in 0..calls {
            std::hint::black_box(match check {
                "reference" => checks.reference(),
                "compiled" => checks.compiled(),
                "jsonschema" => checks.jsonschema(),
                other => panic!("XONE_BENCH_ONLY=check-{other}: reference, compiled or jsonschema"),
            });
        }
        return;
    }
    let bench = Overhead::new(runtime);
    runtime.block_on(async {
        bench.warm_up().await;
        for _ in 0..calls {
            match only {
                "xone" => bench.full_call().await,
                "drift" => bench.drift_call().await,
                "raw" => bench.raw_call().await,
                "platform" => bench.platform_call().await,
                other => panic!("XONE_BENCH_ONLY is xone, drift, platform or raw, not {other}"),
            }
        }
    });
}

fn overhead(runtime: &tokio::runtime::Runtime) {
    const CALLS_PER_SAMPLE: u32 = 20;
    let bench = Overhead::new(runtime);
    runtime.block_on(bench.warm_up());
    let samples = interleave(4, 200, |variant| {
        runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..CALLS_PER_SAMPLE {
                match variant {
                    0 => bench.full_call().await,
                    1 => bench.raw_call().await,
                    2 => bench.drift_call().await,
                    _ => bench.platform_call().await,
                }
            }
            start.elapsed() / CALLS_PER_SAMPLE
        })
    });
    row(
        "list_bookings, 100 bookings, per call",
        "xone::Client",
        &samples,
        0,
    );
    row(
        "list_bookings, 100 bookings, per call",
        "raw reqwest + serde_json",
        &samples,
        1,
    );
    row(
        "list_bookings, 100 bookings, per call",
        "xone::Client with drift watch",
        &samples,
        2,
    );
    row(
        "list_bookings, 100 bookings, per call",
        "xone::Client with hook, propagation and metrics",
        &samples,
        3,
    );
    println!(
        "\noverhead ratio (xone / raw, medians): {:.3}",
        samples.ratio(0, 1)
    );
    println!("drift watch on / off (medians): {:.3}", samples.ratio(2, 0));
    println!(
        "hook, propagation and metrics on / off (medians): {:.3}\n",
        samples.ratio(3, 0)
    );
}

fn decode() {
    let body = page(1000).into_bytes();
    let samples = interleave(2, 100, |variant| {
        let start = Instant::now();
        if variant == 0 {
            let page: BookingList = serde_json::from_slice(&body).unwrap();
            std::hint::black_box(page);
        } else {
            let page: serde_json::Value = serde_json::from_slice(&body).unwrap();
            std::hint::black_box(page);
        }
        start.elapsed()
    });
    row(
        "decode 1,000 bookings",
        "generated BookingList",
        &samples,
        0,
    );
    row("decode 1,000 bookings", "serde_json::Value", &samples, 1);
    println!(
        "\ndecode ratio (typed / Value, medians): {:.3}\n",
        samples.ratio(0, 1)
    );
}

fn token_hot_path(runtime: &tokio::runtime::Runtime) {
    const TASKS: u32 = 8;
    const CALLS: u32 = 10_000;
    let base = runtime.block_on(serve(Arc::new(page(1).into_bytes())));
    let client = Client::builder(Credentials::new("bench", "bench-secret"))
        .base_url(&base)
        .token_url(format!("{base}{TOKEN_PATH}"))
        .build()
        .unwrap();
    runtime.block_on(client.authenticate()).unwrap();
    let samples = interleave(1, 30, |_| {
        runtime.block_on(async {
            let start = Instant::now();
            let tasks: Vec<_> = (0..TASKS)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move {
                        for _ in 0..CALLS {
                            client.authenticate().await.unwrap();
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
            start.elapsed() / (TASKS * CALLS)
        })
    });
    row(
        "valid token from the cache, 8 tasks contending, per call",
        "",
        &samples,
        0,
    );
}

/// What a dependent's test pays before its first assertion: a fake XONE
/// started and one `list_bookings` through a fresh client (token request
/// included), against an httpmock server with the token endpoint and
/// `list_bookings` mocked and the same call. Each sample starts from
/// nothing and drops everything, as one test would.
fn test_setup(runtime: &tokio::runtime::Runtime) {
    use xone::mock::{MockServerExt, TOKEN_PATH as MOCK_TOKEN_PATH, TokenAnswer, TokenMockExt};
    let list = xone::fixtures::booking_list(vec![xone::fixtures::booking().build()]);
    let samples = interleave(2, 200, |variant| {
        runtime.block_on(async {
            let start = Instant::now();
            if variant == 0 {
                let fake = xone::fake::FakeXone::start().await;
                let page = fake
                    .client()
                    .list_bookings()
                    .partner_id(fake.partner_id())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(page.data.len(), 1);
            } else {
                let server = httpmock::MockServer::start_async().await;
                server.token_endpoint(TokenAnswer::token("t"));
                server.list_bookings(|when, then| {
                    when.partner_id("partner-1");
                    then.ok(&list);
                });
                let client = Client::builder(Credentials::new("id", "secret"))
                    .base_url(server.base_url())
                    .token_url(server.url(MOCK_TOKEN_PATH))
                    .build()
                    .unwrap();
                let page = client
                    .list_bookings()
                    .partner_id("partner-1")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(page.data.len(), 1);
            }
            start.elapsed()
        })
    });
    row(
        "a test's setup and first call (token, list_bookings)",
        "FakeXone::start",
        &samples,
        0,
    );
    row(
        "a test's setup and first call (token, list_bookings)",
        "httpmock, two mocks",
        &samples,
        1,
    );
    println!(
        "\nsetup ratio (fake / httpmock, medians): {:.3}\n",
        samples.ratio(0, 1)
    );
}
