//! Drift watch through the client: every kind of record from real answers,
//! results unchanged, no value in any record, memory bounded.

use httpmock::prelude::*;
use serde_json::{Value, json};
use xone::DriftKind as Kind;
use xone::{DriftLog, DriftRecord, Error};

use crate::support::*;

const PATH: &str = "/api/partners/p1/bookings";

async fn server_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start_async().await;
    token_mock(&server);
    server.mock(|when, then| {
        when.method(GET).path(PATH);
        then.status(status)
            .header("content-type", "application/json")
            .body(body);
    });
    server
}

/// `list_bookings` through a client recording into `log`.
async fn list_with_drift(
    server: &MockServer,
    log: &DriftLog,
) -> Result<xone::ResponseValue<xone::types::BookingList>, Error> {
    let client = builder(server).drift(log.clone()).build().unwrap();
    client.list_bookings().partner_id("p1").send().await
}

/// `(pointer, kind, expected, seen)` of every record but the counters.
fn findings(log: &DriftLog) -> Vec<(String, Kind, String, String)> {
    let mut found: Vec<_> = log
        .records()
        .into_iter()
        .filter(|r| r.kind != Kind::Observed && r.kind != Kind::Absent)
        .map(|r| (r.pointer, r.kind, r.expected, r.seen_type))
        .collect();
    found.sort();
    found
}

fn drifted_page() -> Value {
    json!({
        "data": [{
            "id": "bk-1",
            "status": "CONFIRMED",
            "loyalty_tier": "gold",
            "is_instant_booking": "yes",
            "currency": null,
            "created_at": "not a time",
            "policies": [{"id": "pol-1", "price": 12.5, "tax": "1.15"}]
        }],
        "meta": {"current_page": 1.5}
    })
}

#[tokio::test]
async fn a_drifted_answer_is_recorded_where_it_differs_and_still_returned() {
    let server = server_answering(200, &drifted_page().to_string()).await;
    let log = DriftLog::new();
    // `created_at` is no time at all: the call fails to decode as it would
    // without drift watch, and the record says why.
    let err = list_with_drift(&server, &log).await.unwrap_err();
    assert_eq!(err.kind(), xone::ErrorKind::InvalidBody, "{err:?}");

    let s = |x: &str| x.to_string();
    assert_eq!(
        findings(&log),
        vec![
            (
                s("/data/*/created_at"),
                Kind::Format,
                s("format date-time"),
                s("not a date-time")
            ),
            (
                s("/data/*/currency"),
                Kind::UnexpectedNull,
                s("non-null string"),
                s("null")
            ),
            (
                s("/data/*/is_instant_booking"),
                Kind::TypeMismatch,
                s("boolean"),
                s("string")
            ),
            (
                s("/data/*/loyalty_tier"),
                Kind::UnknownField,
                s("not in the schema"),
                s("string")
            ),
            (
                s("/data/*/policies/*/tax"),
                Kind::TypeMismatch,
                s("number"),
                s("string")
            ),
            (
                s("/meta/current_page"),
                Kind::TypeMismatch,
                s("integer"),
                s("number")
            ),
        ]
    );
    let observed: Vec<DriftRecord> = log
        .records()
        .into_iter()
        .filter(|r| r.kind == Kind::Observed)
        .collect();
    assert_eq!(observed.len(), 1);
    assert_eq!(
        (
            observed[0].operation.as_str(),
            observed[0].status,
            observed[0].count
        ),
        ("list_bookings", 200, 1)
    );
    // A field the spec declares and the answer left out.
    assert!(
        log.records()
            .iter()
            .any(|r| r.kind == Kind::Absent && r.pointer == "/data/*/provider_reference")
    );
}

#[tokio::test]
async fn undocumented_statuses_and_bodies_that_are_not_json_are_recorded() {
    let log = DriftLog::new();
    let server = server_answering(409, r#"{"message":"conflict"}"#).await;
    let err = list_with_drift(&server, &log).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err:?}");

    let server = server_answering(200, "<html>upstream timeout</html>").await;
    let err = list_with_drift(&server, &log).await.unwrap_err();
    assert_eq!(err.kind(), xone::ErrorKind::InvalidBody, "{err:?}");

    let s = |x: &str| x.to_string();
    assert_eq!(
        findings(&log),
        vec![
            (
                s(""),
                Kind::UndocumentedStatus,
                s("documented statuses 200, 401"),
                s("object")
            ),
            (
                s(""),
                Kind::Undecodable,
                s("JSON"),
                s("not JSON (Syntax error at line 1 column 1)")
            ),
        ]
    );
}

#[tokio::test]
async fn recording_never_changes_a_calls_result() {
    for (status, body) in [
        (200, drifted_page().to_string()),
        (
            200,
            json!({"data": [{"id": "bk-1", "price": 3}]}).to_string(),
        ),
        (
            401,
            r#"{"message":"Unauthenticated.","extra":1}"#.to_string(),
        ),
        (500, "not json".to_string()),
    ] {
        let server = server_answering(status, &body).await;
        let off = client(&server)
            .list_bookings()
            .partner_id("p1")
            .send()
            .await;
        let on = list_with_drift(&server, &DriftLog::new()).await;
        assert_eq!(outcome(off).await, outcome(on).await, "{status} {body}");
    }
}

/// What a call returned, down to the body, without the `Date` header that
/// differs between two calls a second apart.
async fn outcome(result: Result<xone::ResponseValue<xone::types::BookingList>, Error>) -> String {
    match result {
        Ok(response) => format!("Ok({:?})", response.into_inner()),
        Err(error) => format!(
            "{:?}({:?} {:?} {:?})",
            error.kind(),
            error.status(),
            error.api_error(),
            error.body().map(String::from_utf8_lossy)
        ),
    }
}

#[tokio::test]
async fn no_value_from_a_body_reaches_a_record() {
    let email = "ada.lovelace@example.com";
    let secret = "sk_live_5b1c7e0a9f";
    let body = json!({"data": [{
        "id": secret,
        "policyholder": {"email": email, "first_name": ["Ada"], "national_id": secret},
        "price": email,
        "status": {"nested": secret}
    }]});
    let server = server_answering(200, &body.to_string()).await;
    let log = DriftLog::new();
    let _ = list_with_drift(&server, &log).await;
    assert!(!findings(&log).is_empty());
    let mut jsonl = Vec::new();
    log.clone().flush_jsonl(&mut jsonl).unwrap();
    let written = String::from_utf8(jsonl).unwrap();
    assert!(
        written.contains("/data/*/policyholder/national_id"),
        "{written}"
    );
    for value in [email, secret, "Ada", "Lovelace"] {
        assert!(
            !written.contains(value),
            "{value} reached a record: {written}"
        );
        assert!(!format!("{log:?}").contains(value));
    }
}

mod compiled_checker {
    //! The compiled checker against the reference (the checker it replaced),
    //! on generated answers: every finding, pointer, expectation, seen type
    //! and count the same.

    use drift_tools::{Checker, Reference};
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use crate::support::fixture;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (-1e6f64..1e6).prop_map(|n| json!(n)),
            "[a-zA-Z0-9 :.@/-]{0,12}".prop_map(Value::String),
            Just(json!("2026-03-01T10:00:00Z")),
            Just(json!("2026-03-01 10:00:00")),
            Just(json!("https://example.com/x")),
            Just(json!("12.50")),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Every pointer into `value`, objects' and arrays' members.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let p = format!("{at}/{k}");
                    out.push(p.clone());
                    pointers(v, p, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push(p.clone());
                    pointers(v, p, out);
                }
            }
            _ => {}
        }
    }

    /// A page of two real bookings with one place replaced, one removed and
    /// one field added: the drift a real answer could show.
    fn drifted_page() -> impl Strategy<Value = Value> {
        let page = json!({"data": [fixture("booking.json"), fixture("booking.json")], "meta": {"current_page": 1}});
        let mut places = Vec::new();
        pointers(&page, String::new(), &mut places);
        let places = std::sync::Arc::new(places);
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            json_value(),
            json_value(),
            "[a-z_]{1,8}",
        )
            .prop_map(move |(replace, remove, new, extra, name)| {
                let mut page = page.clone();
                if let Some(slot) = page.pointer_mut(&places[replace.index(places.len())]) {
                    *slot = new;
                }
                let removed = &places[remove.index(places.len())];
                if let Some((parent, key)) = removed.rsplit_once('/')
                    && let Some(Value::Object(map)) = page.pointer_mut(parent)
                {
                    map.remove(key);
                }
                if let Some(Value::Object(booking)) = page.pointer_mut("/data/0") {
                    booking.insert(name, extra);
                }
                page
            })
    }

    fn same_findings(operation: &str, status: u16, body: &[u8]) -> Result<(), TestCaseError> {
        thread_local! {
            static CHECKERS: (Checker, Reference) = (Checker::embedded(), Reference::embedded());
        }
        CHECKERS.with(|(compiled, reference)| {
            let mut new = compiled.check_counted(operation, status, body);
            let mut old = reference.check_counted(operation, status, body);
            new.sort();
            old.sort();
            prop_assert_eq!(new, old, "{}", String::from_utf8_lossy(body));
            Ok(())
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn a_drifted_page_gets_the_reference_findings(page in drifted_page()) {
            same_findings("list_bookings", 200, page.to_string().as_bytes())?;
        }

        #[test]
        fn any_answer_to_any_status_gets_the_reference_findings(
            body in json_value(),
            operation in prop::sample::select(&["list_bookings", "modify_booking", "cancel_booking_policies", "opt_out_offer"][..]),
            status in prop::sample::select(&[200u16, 401, 409, 422, 500][..]),
        ) {
            same_findings(operation, status, body.to_string().as_bytes())?;
        }

        #[test]
        fn bytes_that_are_barely_json_get_the_reference_findings(body in "[\\[\\]{}\":,0-9a-z ]{0,40}") {
            same_findings("list_bookings", 200, body.as_bytes())?;
        }
    }
}

/// A body whose one booking has `fields` fields the spec does not declare.
fn unknown_fields(fields: usize) -> String {
    let mut body = String::from(r#"{"data":[{"id":"bk-1""#);
    for i in 0..fields {
        body.push_str(&format!(r#","u{i}":1"#));
    }
    body.push_str("}]}");
    body
}

/// A log holding the findings of one answer with 62 unknown fields.
async fn log_with_findings() -> DriftLog {
    let server = server_answering(200, &unknown_fields(62)).await;
    let log = DriftLog::new();
    list_with_drift(&server, &log).await.unwrap();
    log
}

/// A writer that accepts `left` writes, then fails every one; it keeps
/// what each write call was given.
struct Writer {
    left: usize,
    calls: Vec<Vec<u8>>,
}

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("disk full"));
        }
        self.left -= 1;
        self.calls.push(buf.to_vec());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_flush_that_fails_part_way_keeps_every_unwritten_record_for_the_next() {
    let log = log_with_findings().await;
    let all = log.records();
    assert!(all.len() > 62, "{} records", all.len());
    let mut failing = Writer {
        left: 5,
        calls: Vec::new(),
    };
    let err = log.flush_jsonl(&mut failing).unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    assert_eq!(failing.calls.len(), 5);

    let mut rest = Vec::new();
    let written = log.flush_jsonl(&mut rest).unwrap();
    assert_eq!(written, all.len() - 5, "every record not written before");
    let mut seen: Vec<DriftRecord> = failing
        .calls
        .iter()
        .chain(std::iter::once(&rest))
        .flat_map(|chunk| {
            String::from_utf8(chunk.clone())
                .unwrap()
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .map(|line| serde_json::from_str(&line).unwrap())
        .collect();
    let key = |r: &DriftRecord| (r.operation.clone(), r.status, r.pointer.clone(), r.kind);
    seen.sort_by_key(key);
    let mut all = all;
    all.sort_by_key(key);
    assert_eq!(
        seen, all,
        "each record written exactly once over the two flushes"
    );
    assert!(log.records().is_empty());
}

#[tokio::test]
async fn each_drift_record_goes_out_as_one_whole_line_in_one_write() {
    let log = log_with_findings().await;
    let mut out = Writer {
        left: usize::MAX,
        calls: Vec::new(),
    };
    let written = log.flush_jsonl(&mut out).unwrap();
    assert_eq!(out.calls.len(), written, "one write a record");
    for call in &out.calls {
        assert_eq!(call.iter().filter(|b| **b == b'\n').count(), 1);
        assert_eq!(call.last(), Some(&b'\n'));
        serde_json::from_slice::<DriftRecord>(call).unwrap();
    }
}

/// An answer with a million distinct unknown fields: drift watch keeps its
/// bound on records, and its memory for the answer stays within a few
/// times the body (run in a process of its own; see `malformed.rs`).
#[test]
#[cfg(target_os = "linux")]
fn a_million_distinct_findings_in_one_answer_cost_a_bounded_memory() {
    let out = crate::support::process::in_own_process("drift::memory_probe_million_fields", &[]);
    let number = |label: &str| -> u64 {
        out.lines()
            .find_map(|l| l.strip_prefix(label))
            .and_then(|n| n.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no {label} in:\n{out}"))
    };
    let (grew, body, dropped) = (number("peak grew by "), number("body "), number("dropped "));
    assert!(
        grew < 8 * body,
        "peak grew by {grew} bytes for a body of {body}:\n{out}"
    );
    assert!(
        dropped > 900_000,
        "what the tally could not keep is counted: {dropped}"
    );
}

#[test]
#[ignore = "run by a_million_distinct_findings_in_one_answer_cost_a_bounded_memory"]
#[cfg(target_os = "linux")]
fn memory_probe_million_fields() {
    use crate::support::scripted::{Reply, ScriptedServer};
    if !crate::support::process::is_probe() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body = unknown_fields(1_000_000);
        let server =
            ScriptedServer::start(vec![Reply::json(200, EMPTY_PAGE), Reply::json(200, &body)])
                .await;
        let log = DriftLog::new();
        let client = builder_for(&server.base_url)
            .max_body_size(64 * 1024 * 1024)
            .drift(log.clone())
            .build()
            .unwrap();
        // Warm up: the client, the token and the checker are in place.
        list(&client).await.unwrap();
        log.records();
        let before = crate::support::process::peak_rss();
        list(&client).await.unwrap();
        let records = log.records();
        let grew = crate::support::process::peak_rss().saturating_sub(before);
        assert!(records.len() <= 1_000);
        println!("\npeak grew by {grew} bytes");
        println!("body {} bytes", body.len());
        println!("dropped {} findings", log.dropped());
    });
}
