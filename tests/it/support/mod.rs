//! Shared test helpers: a client pointed at a mock server, a token endpoint
//! mock, and the fixtures; `scripted`, a loopback server that misbehaves on
//! cue; `process`, a test run in a process of its own.

pub mod process;
pub mod scripted;

use std::time::Duration;

use httpmock::prelude::*;
use httpmock::{Mock, MockServer};
use serde_json::{Value, json};
use xone::{Client, Credentials, Error, RetryPolicy, types};

pub const CLIENT_ID: &str = "client-id-1";
pub const SECRET: &str = "very-secret-value-9f2c";
pub const TOKEN: &str = "access-token-7e41";
pub const TOKEN_PATH: &str = "/api/oauth/token";

/// Retries fast enough for tests, same rules as the default.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("a valid configuration")
}

pub fn builder(server: &MockServer) -> xone::ClientBuilder {
    builder_for(&server.base_url())
}

/// A client for an API (and its token endpoint) at `base_url`, with fast
/// retries.
pub fn builder_for(base_url: &str) -> xone::ClientBuilder {
    Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .base_url(base_url)
        .token_url(format!("{base_url}{TOKEN_PATH}"))
        .retry(fast_retries())
        .timeout(Duration::from_secs(5))
}

/// The token endpoint, answering `token` valid for `expires_in` seconds,
/// and only to the right client-credentials request.
pub fn token_mock_with<'a>(server: &'a MockServer, token: &str, expires_in: u64) -> Mock<'a> {
    server.mock(|when, then| {
        when.method(POST).path(TOKEN_PATH).json_body(json!({
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
        }));
        then.status(200).json_body(json!({
            "token_type": "Bearer",
            "expires_in": expires_in,
            "access_token": token,
        }));
    })
}

pub fn token_mock(server: &MockServer) -> Mock<'_> {
    token_mock_with(server, TOKEN, 3600)
}

pub fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture exists"))
        .expect("fixture is JSON")
}

pub fn booking_envelope() -> Value {
    json!({ "data": fixture("booking.json") })
}

/// A partner id that needs escaping in a path: a slash, a space and a percent.
pub const AWKWARD_PARTNER: &str = "acme/eu 100%";
/// How it must appear on the wire.
pub const AWKWARD_PARTNER_ENCODED: &str = "acme%2Feu%20100%25";

/// A list body with no bookings.
pub const EMPTY_PAGE: &str = r#"{"data":[]}"#;

/// `list_bookings` for partner `p1`, its answer dropped.
pub async fn list(client: &Client) -> Result<(), Error> {
    client
        .list_bookings()
        .partner_id("p1")
        .send()
        .await
        .map(|_| ())
}

/// `modify_booking` of `bk-1` for partner `p1` with [`modify_request`],
/// with the key the client gives it.
pub async fn modify(client: &Client) -> Result<xone::ResponseValue<types::BookingResponse>, Error> {
    client
        .modify_booking()
        .partner_id("p1")
        .booking_id("bk-1")
        .body(modify_request())
        .send()
        .await
}

/// A valid modification: rename the insured of `pol-1`, from a start date.
pub fn modify_request() -> types::ModifyBookingRequest {
    serde_json::from_value(json!({
        "policies": [{
            "id": "pol-1",
            "policy_start_date": "2026-03-01T10:00:00Z",
            "update_fields": {"insured": [{"first_name": "Grace", "last_name": "Hopper"}]}
        }]
    }))
    .unwrap()
}

/// The message of a call refused before anything was sent; panics with the
/// error if it was not that.
pub fn refusal(err: &Error) -> String {
    assert_eq!(err.kind(), xone::ErrorKind::InvalidRequest, "{err:?}");
    err.to_string()
}

/// Every span field and event field logged on this thread while the guard
/// of [`capture_tracing`] lives, as `name=value` text.
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl Captured {
    /// Everything logged so far, one entry a field.
    pub fn fields(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

thread_local! {
    /// The capture of this thread's test, if it asked for one.
    static CAPTURE: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
    /// The spans entered on this thread, innermost last, by id.
    static ENTERED: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Each span's metadata, by id.
    static NAMES: std::cell::RefCell<std::collections::HashMap<u64, &'static tracing::Metadata<'static>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The process's one subscriber: it records into the capture of the
/// thread an event happens on, and is off on every other thread. (A
/// subscriber set per thread misses callsites whose interest another test
/// thread cached first; one global subscriber does not.)
struct ByThread;

fn record_on_this_thread(record: impl FnOnce(&mut dyn tracing::field::Visit)) {
    struct Fields(Vec<String>);
    impl tracing::field::Visit for Fields {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            self.0.push(format!("{}={value:?}", field.name()));
        }
    }
    CAPTURE.with(|capture| {
        if let Some(captured) = &*capture.borrow() {
            let mut fields = Fields(Vec::new());
            record(&mut fields);
            captured.0.lock().unwrap().extend(fields.0);
        }
    });
}

impl tracing::Subscriber for ByThread {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        CAPTURE.with(|capture| capture.borrow().is_some())
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        record_on_this_thread(|visit| span.record(visit));
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Where it sits: `span=NAME parent=NAME` (the explicit parent, or
        // the span entered on this thread when it was made).
        let parent = span
            .parent()
            .map(|p| p.into_u64())
            .or_else(|| ENTERED.with(|e| e.borrow().last().copied()));
        let name = span.metadata().name();
        NAMES.with(|names| {
            let mut names = names.borrow_mut();
            names.insert(id, span.metadata());
            let parent = parent
                .and_then(|p| names.get(&p).map(|m| m.name()))
                .unwrap_or("none");
            CAPTURE.with(|capture| {
                if let Some(captured) = &*capture.borrow() {
                    captured
                        .0
                        .lock()
                        .unwrap()
                        .push(format!("span={name} parent={parent}"));
                }
            });
        });
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        record_on_this_thread(|visit| values.record(visit));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        record_on_this_thread(|visit| event.record(visit));
    }

    /// The innermost span entered on this thread, so that
    /// `Span::current().record(..)` reaches the capture.
    fn current_span(&self) -> tracing_core::span::Current {
        let current = ENTERED.with(|e| e.borrow().last().copied());
        let metadata = current.and_then(|id| NAMES.with(|n| n.borrow().get(&id).copied()));
        match (current, metadata) {
            (Some(id), Some(metadata)) => {
                tracing_core::span::Current::new(tracing::span::Id::from_u64(id), metadata)
            }
            _ => tracing_core::span::Current::none(),
        }
    }

    fn enter(&self, span: &tracing::span::Id) {
        ENTERED.with(|e| e.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &tracing::span::Id) {
        ENTERED.with(|e| {
            let mut entered = e.borrow_mut();
            if let Some(at) = entered.iter().rposition(|id| *id == span.into_u64()) {
                entered.remove(at);
            }
        });
    }
}

/// Ends a thread's capture when dropped.
pub struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURE.with(|capture| capture.borrow_mut().take());
    }
}

/// Captures what is logged on this thread (a `#[tokio::test]` runs its
/// tasks on it) until the guard drops.
pub fn capture_tracing() -> (Captured, CaptureGuard) {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(ByThread).expect("no other global subscriber");
    });
    let captured = Captured::default();
    CAPTURE.with(|capture| *capture.borrow_mut() = Some(captured.clone()));
    (captured, CaptureGuard(()))
}

/// A client of the loopback server `server` that misbehaves on cue.
pub fn scripted_client(server: &scripted::ScriptedServer) -> Client {
    builder_for(&server.base_url).build().unwrap()
}

/// Fails unless `shown` holds neither the client secret nor the token.
pub fn assert_clean(shown: &str) {
    assert!(!shown.contains(SECRET), "secret leaked: {shown}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
}

/// A client for `server` with `retry`.
pub fn scripted_client_with(server: &scripted::ScriptedServer, retry: RetryPolicy) -> Client {
    builder_for(&server.base_url).retry(retry).build().unwrap()
}

/// `opt_out_offer` of `off-1` for partner `p1`, with `key` if given.
pub async fn opt_out(client: &Client, key: Option<&str>) -> Result<(), Error> {
    let mut call = client
        .opt_out_offer()
        .partner_id("p1")
        .offer_id("off-1")
        .body(types::OptOutOfferBody { customer: None });
    if let Some(key) = key {
        call = call.idempotency_key(key);
    }
    call.send().await.map(|_| ())
}
