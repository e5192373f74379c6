//! Drift watch: where the real API's answers differ from the spec.
//!
//! The spec is a guess from one sample per endpoint; the API answers
//! thousands of times a day. A client built with
//! [`ClientBuilder::drift`](crate::ClientBuilder::drift) checks every answer
//! it reads (success or documented error) against the operation's response
//! schema, compiled into the crate from `spec/openapi.yaml`, and records what
//! differs: fields the schema lacks, fields it has that never come, types,
//! unexpected nulls, formats and enum values that do not fit, undocumented
//! statuses, bodies that are not JSON. `cargo xtask drift` turns the records
//! of many services into a report and into overlay actions for review.
//!
//! Checking means parsing the body a second time, which costs about as much
//! as the call's own decoding. So it happens on a thread of its own, fed
//! through a bounded queue: the call hands over the body (a reference-counted
//! buffer, no copy) and returns; a body that finds the queue full is not
//! checked and is counted ([`DriftLog::unchecked`]).
//!
//! Records hold shapes and JSON pointers, never values: the bodies are
//! insurance customers' names, emails and addresses. Memory is bounded
//! whatever the traffic; recording never changes a call's result and never
//! panics. Without a `DriftLog` nothing here runs.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::spec::SPEC_JSON;

/// Distinct findings kept by default; new ones past it are counted, not kept.
const DEFAULT_MAX_RECORDS: usize = 1_000;

/// How deep a body is checked; deeper parts are not looked at.
const MAX_DEPTH: usize = 48;

/// Answers waiting to be checked; one more is counted as unchecked.
const QUEUE: usize = 64;

/// The longest [`DriftLog::records`] waits for the queue to empty.
const SETTLE: Duration = Duration::from_secs(60);

/// What a record says differed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A response was checked: `count` says how many (the denominator of
    /// the others). Its pointer is the body's root.
    Observed,
    /// A field the schema does not declare.
    UnknownField,
    /// A field the schema declares was not in the response.
    Absent,
    /// A value of another JSON type than the schema's.
    TypeMismatch,
    /// `null` where the schema does not allow it.
    UnexpectedNull,
    /// A string that does not fit the schema's `format` (or pattern).
    Format,
    /// A value not among the schema's `enum` (the value is not recorded).
    Enum,
    /// A status the operation does not document.
    UndocumentedStatus,
    /// A body that is not JSON at all.
    Undecodable,
}

impl Kind {
    /// The kebab-case name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Observed => "observed",
            Kind::UnknownField => "unknown-field",
            Kind::Absent => "absent",
            Kind::TypeMismatch => "type-mismatch",
            Kind::UnexpectedNull => "unexpected-null",
            Kind::Format => "format",
            Kind::Enum => "enum",
            Kind::UndocumentedStatus => "undocumented-status",
            Kind::Undecodable => "undecodable",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, aggregated over every response that showed it. Array items
/// appear in `pointer` as `*`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftRecord {
    /// The operationId.
    pub operation: String,
    /// The response's status.
    pub status: u16,
    /// Where in the body (RFC 6901, array items as `*`).
    pub pointer: String,
    /// What differed.
    pub kind: Kind,
    /// What the spec says there (`integer`, `non-null string`,
    /// `format date-time`, `documented statuses 200, 401`, ...).
    pub expected: String,
    /// The JSON type seen (`null`, `boolean`, `integer`, `number`, `string`,
    /// `array`, `object`), or what was wrong with it; several joined by `|`.
    pub seen_type: String,
    /// How many times.
    pub count: u64,
    /// First time, RFC 3339.
    pub first_seen: String,
    /// Last time, RFC 3339.
    pub last_seen: String,
}

/// Collects drift records for one or more clients (clone it freely: clones
/// share the records). Bounded: at most [`DriftLog::with_max_records`]
/// distinct findings are kept, and findings past that are counted in
/// [`DriftLog::dropped`].
///
/// ```
/// use xone::{Client, Credentials, DriftLog};
///
/// let drift = DriftLog::new();
/// let client = Client::builder(Credentials::new("id", "secret"))
///     .drift(drift.clone())
///     .build()
///     .unwrap();
/// // ... calls ...
/// let mut file = Vec::new();
/// drift.flush_jsonl(&mut file).unwrap(); // or drift.flush(|record| ...)
/// # let _ = client;
/// ```
#[derive(Clone)]
pub struct DriftLog {
    inner: Arc<Inner>,
}

struct Inner {
    schemas: OnceLock<Schemas>,
    state: Mutex<State>,
    /// Signalled whenever the checker finishes an answer.
    settled: Condvar,
    max_records: usize,
    /// The checker thread's queue, started on the first answer.
    queue: OnceLock<SyncSender<Job>>,
    /// Check one answer in this many (1: every answer).
    one_in: std::sync::atomic::AtomicU64,
    /// Answers seen, to pick every `one_in`-th.
    seen: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
struct State {
    records: BTreeMap<Key, DriftRecord>,
    dropped: u64,
    unchecked: u64,
    /// Answers queued and not yet checked.
    pending: usize,
}

/// One answer to check.
struct Job {
    operation: String,
    status: u16,
    body: Bytes,
}

type Key = (String, u16, String, Kind);

impl fmt::Debug for DriftLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("DriftLog")
            .field("records", &state.records.len())
            .field("dropped", &state.dropped)
            .field("unchecked", &state.unchecked)
            .field("max_records", &self.inner.max_records)
            .finish()
    }
}

impl Default for DriftLog {
    fn default() -> Self {
        Self::new()
    }
}

impl DriftLog {
    /// An empty log that keeps up to 1,000 distinct findings.
    pub fn new() -> Self {
        Self::with_max_records(DEFAULT_MAX_RECORDS)
    }

    /// An empty log that keeps up to `max` distinct findings.
    pub fn with_max_records(max: usize) -> Self {
        Self {
            inner: Arc::new(Inner {
                schemas: OnceLock::new(),
                state: Mutex::new(State::default()),
                settled: Condvar::new(),
                max_records: max,
                queue: OnceLock::new(),
                one_in: std::sync::atomic::AtomicU64::new(1),
                seen: std::sync::atomic::AtomicU64::new(0),
            }),
        }
    }

    /// Checks only one answer in `n` (at least 1; default every answer),
    /// for services whose traffic makes checking every answer too dear: a
    /// check costs a few times the CPU of the call's own decoding (see
    /// BENCHMARKS.md), on the checker's thread. Counts then describe the
    /// answers checked.
    pub fn check_one_in(&self, n: u64) -> &Self {
        self.inner
            .one_in
            .store(n.max(1), std::sync::atomic::Ordering::Relaxed);
        self
    }

    /// The findings so far, most frequent first (once the answers already
    /// handed over are checked).
    pub fn records(&self) -> Vec<DriftRecord> {
        let mut records: Vec<DriftRecord> = self.settled().records.values().cloned().collect();
        records.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| key_of(a).cmp(&key_of(b)))
        });
        records
    }

    /// Findings not kept because the log was full.
    pub fn dropped(&self) -> u64 {
        self.settled().dropped
    }

    /// Answers not checked because the checker was behind (its queue holds
    /// 64), or could not be started.
    pub fn unchecked(&self) -> u64 {
        self.settled().unchecked
    }

    /// Hands every finding so far to `sink` and forgets them (the drop count
    /// too), so that the next flush has only what came since.
    pub fn flush(&self, mut sink: impl FnMut(DriftRecord)) {
        let records = {
            let mut state = self.settled();
            state.dropped = 0;
            state.unchecked = 0;
            std::mem::take(&mut state.records)
        };
        for record in records.into_values() {
            sink(record);
        }
    }

    /// [`flush`](Self::flush) as JSON Lines (one record a line), the input
    /// of `cargo xtask drift`. Returns how many were written.
    pub fn flush_jsonl(&self, mut out: impl Write) -> std::io::Result<usize> {
        let mut written = 0;
        let mut failure = None;
        self.flush(|record| {
            if failure.is_some() {
                return;
            }
            let line = serde_json::to_string(&record).expect("a record serializes");
            match writeln!(out, "{line}") {
                Ok(()) => written += 1,
                Err(e) => failure = Some(e),
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }

    /// Hands one answer of `operation` to the checker and returns at once.
    /// Never panics, never fails, never waits: a full queue counts the
    /// answer as unchecked.
    pub(crate) fn observe(&self, operation: &str, status: u16, body: &Bytes) {
        let nth = self
            .inner
            .seen
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !nth.is_multiple_of(self.inner.one_in.load(std::sync::atomic::Ordering::Relaxed)) {
            return;
        }
        let queue = self.inner.queue.get_or_init(|| start_checker(&self.inner));
        self.state().pending += 1;
        let job = Job {
            operation: operation.to_string(),
            status,
            body: body.clone(),
        };
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = queue.try_send(job) {
            let mut state = self.state();
            state.pending -= 1;
            state.unchecked += 1;
            self.inner.settled.notify_all();
        }
    }

    /// Checks one answer against the compiled spec and records it.
    fn check_and_record(&self, job: &Job) {
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let schemas = self.inner.schemas.get_or_init(Schemas::compiled);
            check(schemas, &job.operation, job.status, &job.body)
        }));
        if let Ok(findings) = checked {
            self.record(&job.operation, job.status, findings);
        }
    }

    /// Records one answer checked against `spec` (an OpenAPI document as
    /// JSON) instead of the compiled one: for tools and tests that hold a
    /// spec of their own.
    #[doc(hidden)]
    pub fn record_against(&self, spec: &Value, operation: &str, status: u16, body: &[u8]) {
        let findings = check(&Schemas::from_spec(spec), operation, status, body);
        self.record(operation, status, findings);
    }

    fn record(&self, operation: &str, status: u16, findings: Vec<Finding>) {
        let now = now_rfc3339();
        let mut state = self.state();
        for finding in findings {
            let key = (operation.to_string(), status, finding.pointer, finding.kind);
            if let Some(record) = state.records.get_mut(&key) {
                record.count += finding.count;
                record.last_seen.clone_from(&now);
                unite(&mut record.seen_type, &finding.seen);
                continue;
            }
            if state.records.len() >= self.inner.max_records {
                state.dropped += 1;
                continue;
            }
            let record = DriftRecord {
                operation: key.0.clone(),
                status,
                pointer: key.2.clone(),
                kind: finding.kind,
                expected: finding.expected,
                seen_type: finding.seen,
                count: finding.count,
                first_seen: now.clone(),
                last_seen: now.clone(),
            };
            state.records.insert(key, record);
        }
    }

    /// The state once every queued answer is checked (or after a generous
    /// wait, should the checker be stuck).
    fn settled(&self) -> std::sync::MutexGuard<'_, State> {
        let mut state = self.state();
        let give_up = std::time::Instant::now() + SETTLE;
        while state.pending > 0 {
            let left = give_up.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            state = match self.inner.settled.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        state
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update leaves the state consistent: a panic elsewhere while
        // it was held does not make it unusable.
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Starts the checker thread. It holds the log weakly: when the last
/// `DriftLog` goes, the queue's sender goes with it and the thread ends.
fn start_checker(inner: &Arc<Inner>) -> SyncSender<Job> {
    let (sender, receiver) = sync_channel(QUEUE);
    let log = Arc::downgrade(inner);
    let started = std::thread::Builder::new()
        .name("xone-drift".into())
        .spawn(move || check_queue(&receiver, &log));
    // Without a thread the receiver is gone and every answer is counted
    // as unchecked.
    let _ = started;
    sender
}

fn check_queue(receiver: &Receiver<Job>, log: &Weak<Inner>) {
    for job in receiver {
        let Some(inner) = log.upgrade() else {
            return;
        };
        let log = DriftLog { inner };
        log.check_and_record(&job);
        log.state().pending -= 1;
        log.inner.settled.notify_all();
    }
}

fn key_of(record: &DriftRecord) -> (&str, u16, &str, Kind) {
    (
        &record.operation,
        record.status,
        &record.pointer,
        record.kind,
    )
}

fn now_rfc3339() -> String {
    chrono::DateTime::<chrono::Utc>::from(SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Checks `body`, an answer of `operation` with `status`, against the
/// response schemas of `spec` (an OpenAPI document as JSON). What the client
/// records, for tools and tests that hold a spec of their own.
#[doc(hidden)]
pub fn check_against_spec(
    spec: &Value,
    operation: &str,
    status: u16,
    body: &[u8],
) -> Vec<(String, Kind, String, String)> {
    check(&Schemas::from_spec(spec), operation, status, body)
        .into_iter()
        .map(|f| (f.pointer, f.kind, f.expected, f.seen))
        .collect()
}

/// One difference in one response, with how often it occurred there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    pointer: String,
    kind: Kind,
    expected: String,
    seen: String,
    count: u64,
}

/// The findings of one answer, each distinct (kind, pointer) once with its
/// count: a page of 100 bookings repeats every difference 100 times, and a
/// key is only allocated the first time.
#[derive(Default)]
struct Tally {
    found: std::collections::HashMap<Kind, std::collections::HashMap<String, Finding>>,
}

impl Tally {
    fn add(&mut self, pointer: &str, kind: Kind, expected: impl FnOnce() -> String, seen: &str) {
        let by_pointer = self.found.entry(kind).or_default();
        match by_pointer.get_mut(pointer) {
            Some(finding) => {
                finding.count += 1;
                unite(&mut finding.seen, seen);
            }
            None => {
                by_pointer.insert(
                    pointer.to_string(),
                    Finding {
                        pointer: pointer.to_string(),
                        kind,
                        expected: expected(),
                        seen: seen.to_string(),
                        count: 1,
                    },
                );
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.found.values().all(|m| m.is_empty())
    }

    /// Adds another tally's findings: counts added, seen types united.
    fn extend(&mut self, other: Tally) {
        for finding in other.into_findings() {
            let by_pointer = self.found.entry(finding.kind).or_default();
            match by_pointer.get_mut(&finding.pointer) {
                Some(kept) => {
                    kept.count += finding.count;
                    unite(&mut kept.seen, &finding.seen);
                }
                None => {
                    by_pointer.insert(finding.pointer.clone(), finding);
                }
            }
        }
    }

    fn into_findings(self) -> Vec<Finding> {
        let mut findings: Vec<Finding> = self
            .found
            .into_values()
            .flat_map(|m| m.into_values())
            .collect();
        findings.sort_by(|a, b| (&a.pointer, a.kind).cmp(&(&b.pointer, b.kind)));
        findings
    }
}

/// Adds the seen types in `more` (`a` or `a|b`) to `kept`, which stays
/// sorted with each once; nothing is allocated when none is new.
fn unite(kept: &mut String, more: &str) {
    if more.split('|').all(|m| kept.split('|').any(|k| k == m)) {
        return;
    }
    let mut all: Vec<&str> = kept.split('|').chain(more.split('|')).collect();
    all.sort_unstable();
    all.dedup();
    *kept = all.join("|");
}

/// The response schemas of every operation, and the components they refer to.
struct Schemas {
    /// operationId -> status (or `default`, `4XX`) -> body schema (`None`:
    /// documented without a JSON body).
    operations: BTreeMap<String, BTreeMap<String, Option<Value>>>,
    components: Value,
}

impl Schemas {
    fn compiled() -> Self {
        let spec: Value = serde_json::from_str(SPEC_JSON).unwrap_or(Value::Null);
        Self::from_spec(&spec)
    }

    fn from_spec(spec: &Value) -> Self {
        let mut operations = BTreeMap::new();
        for item in spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for operation in item.as_object().into_iter().flat_map(|i| i.values()) {
                let Some(id) = operation["operationId"].as_str() else {
                    continue;
                };
                let responses = operation["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, response)| {
                        let schema = response["content"]
                            .as_object()
                            .and_then(|c| {
                                c.iter()
                                    .find(|(media, _)| media.contains("json"))
                                    .map(|(_, m)| m["schema"].clone())
                            })
                            .filter(|s| !s.is_null());
                        (status.clone(), schema)
                    })
                    .collect();
                operations.insert(id.to_string(), responses);
            }
        }
        Self {
            operations,
            components: spec["components"].clone(),
        }
    }

    fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..MAX_DEPTH {
            let Some(reference) = schema["$ref"].as_str() else {
                return schema;
            };
            let Some(path) = reference.strip_prefix("#/components/") else {
                return schema;
            };
            let mut target = &self.components;
            for token in path.split('/') {
                target = &target[token.replace("~1", "/").replace("~0", "~")];
            }
            schema = target;
        }
        schema
    }
}

fn check(schemas: &Schemas, operation: &str, status: u16, body: &[u8]) -> Vec<Finding> {
    let mut findings = Tally::default();
    let Some(responses) = schemas.operations.get(operation) else {
        return Vec::new();
    };
    let class = format!("{}XX", status / 100);
    let documented = responses
        .get(&status.to_string())
        .or_else(|| responses.get(&class))
        .or_else(|| responses.get("default"));
    let Some(schema) = documented else {
        let listed: Vec<&str> = responses.keys().map(String::as_str).collect();
        let seen = body_type(body);
        findings.add(
            "",
            Kind::UndocumentedStatus,
            || format!("documented statuses {}", listed.join(", ")),
            &seen,
        );
        // An HTML error page from a proxy is worth knowing apart from an
        // undocumented JSON error: the API documents only JSON bodies.
        if seen == NOT_JSON {
            findings.add("", Kind::Undecodable, || "JSON".into(), NOT_JSON);
        }
        return findings.into_findings();
    };
    findings.add("", Kind::Observed, String::new, "");
    let Some(schema) = schema else {
        return findings.into_findings();
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        findings.add("", Kind::Undecodable, || "a JSON body".into(), "empty body");
        return findings.into_findings();
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value) => walk(
            schemas,
            schema,
            &value,
            &mut String::new(),
            0,
            &mut findings,
        ),
        Err(e) => {
            // The error's category and place, never its text: serde quotes values.
            let seen = format!(
                "not JSON ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            );
            findings.add("", Kind::Undecodable, || "JSON".into(), &seen);
        }
    }
    findings.into_findings()
}

/// What [`body_type`] says of a body that does not parse as JSON.
const NOT_JSON: &str = "not JSON";

fn body_type(body: &[u8]) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        return "empty body".into();
    }
    serde_json::from_slice::<Value>(body)
        .map(|v| json_type(&v).to_string())
        .unwrap_or_else(|_| NOT_JSON.into())
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Appends `/token` to a JSON pointer, escaped as RFC 6901 says.
fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

fn walk(
    schemas: &Schemas,
    schema: &Value,
    value: &Value,
    pointer: &mut String,
    depth: usize,
    out: &mut Tally,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = schemas.resolve(schema);
    if let Some(branches) = schema["allOf"].as_array() {
        for branch in branches {
            walk(schemas, branch, value, pointer, depth + 1, out);
        }
        return;
    }
    for union in ["anyOf", "oneOf"] {
        if let Some(branches) = schema[union].as_array() {
            // Fits if any branch fits; otherwise report against the first.
            let mut first = None;
            for branch in branches {
                let mut found = Tally::default();
                walk(schemas, branch, value, pointer, depth + 1, &mut found);
                if found.is_empty() {
                    return;
                }
                first.get_or_insert(found);
            }
            if let Some(first) = first {
                out.extend(first);
            }
            return;
        }
    }
    let Some(expected) = schema["type"].as_str() else {
        // An untyped schema accepts anything.
        return;
    };
    let seen = json_type(value);
    if value.is_null() {
        if schema["nullable"] != Value::Bool(true) {
            out.add(
                pointer,
                Kind::UnexpectedNull,
                || format!("non-null {expected}"),
                "null",
            );
        }
        return;
    }
    let fits = match expected {
        "integer" => seen == "integer",
        "number" => seen == "integer" || seen == "number",
        other => other == seen,
    };
    if !fits {
        out.add(pointer, Kind::TypeMismatch, || expected.to_string(), seen);
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        out.add(
            pointer,
            Kind::Enum,
            || format!("one of {} values", allowed.len()),
            seen,
        );
    }
    if let (Value::String(text), Some(format)) = (value, schema["format"].as_str())
        && let Some(problem) = format_problem(format, text)
    {
        out.add(
            pointer,
            Kind::Format,
            || format!("format {format}"),
            problem,
        );
    }
    match value {
        Value::Array(items) => {
            let len = pointer.len();
            pointer.push_str("/*");
            for item in items {
                walk(schemas, &schema["items"], item, pointer, depth + 1, out);
            }
            pointer.truncate(len);
        }
        Value::Object(fields) => {
            let declared = schema["properties"].as_object();
            let additional = &schema["additionalProperties"];
            for (name, field) in fields {
                let len = pointer.len();
                push_token(pointer, name);
                match declared.and_then(|d| d.get(name)) {
                    Some(field_schema) => {
                        walk(schemas, field_schema, field, pointer, depth + 1, out)
                    }
                    None if additional.is_object() => {
                        walk(schemas, additional, field, pointer, depth + 1, out)
                    }
                    None if additional == &Value::Bool(true) || declared.is_none() => {}
                    None => out.add(
                        pointer,
                        Kind::UnknownField,
                        || "not in the schema".into(),
                        json_type(field),
                    ),
                }
                pointer.truncate(len);
            }
            for (name, field_schema) in declared.into_iter().flatten() {
                if !fields.contains_key(name) {
                    let field_schema = schemas.resolve(field_schema);
                    let len = pointer.len();
                    push_token(pointer, name);
                    out.add(
                        pointer,
                        Kind::Absent,
                        || field_schema["type"].as_str().unwrap_or("any").into(),
                        "absent",
                    );
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// What is wrong with `text` for `format`, if the client can tell.
fn format_problem(format: &str, text: &str) -> Option<&'static str> {
    match format {
        "date-time" => match text.parse::<crate::Timestamp>() {
            Ok(t) if t.offset().is_some() && text.as_bytes().get(10) == Some(&b'T') => None,
            Ok(t) if t.offset().is_none() => Some("date-time without offset"),
            Ok(_) => Some("date-time with a space for T"),
            Err(_) => Some("not a date-time"),
        },
        "uri" => reqwest::Url::parse(text).is_err().then_some("not a URI"),
        "email" => (!text.contains('@')).then_some("not an email address"),
        "decimal" => text
            .parse::<crate::Money>()
            .is_err()
            .then_some("not a decimal"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec() -> Value {
        json!({
            "paths": {"/x": {"get": {"operationId": "get_x", "responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}},
                "401": {"content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}},
                "204": {"description": "no body"}
            }}}},
            "components": {"schemas": {"X": {"type": "object", "properties": {
                "count": {"type": "integer"},
                "price": {"type": "number", "format": "decimal"},
                "at": {"type": "string", "format": "date-time"},
                "link": {"type": "string", "format": "uri", "nullable": true},
                "status": {"type": "string", "enum": ["A", "B"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
                "any": {}
            }}}}
        })
    }

    fn findings(status: u16, body: &Value) -> Vec<(String, Kind, String, String)> {
        let mut found = check_against_spec(&spec(), "get_x", status, body.to_string().as_bytes());
        found.retain(|f| f.1 != Kind::Observed && f.1 != Kind::Absent);
        found
    }

    #[test]
    fn a_body_that_fits_has_no_findings() {
        let body = json!({"count": 1, "price": 2.5, "at": "2026-01-01T00:00:00Z", "link": null,
                          "status": "A", "tags": ["t"], "meta": {"k": 1}, "any": {"x": [1]}});
        assert_eq!(findings(200, &body), vec![]);
    }

    #[test]
    fn every_kind_of_difference_is_found_where_it_is() {
        let body = json!({
            "count": 1.5, "price": "2.50", "at": "2026-01-01 00:00:00", "link": "::",
            "status": "C", "tags": ["t", 7], "meta": {"k": "v"}, "extra": {"a": 1},
            "any": null
        });
        let mut found = findings(200, &body);
        found.sort();
        let expected = vec![
            (
                "/at",
                Kind::Format,
                "format date-time",
                "date-time without offset",
            ),
            ("/count", Kind::TypeMismatch, "integer", "number"),
            ("/extra", Kind::UnknownField, "not in the schema", "object"),
            ("/link", Kind::Format, "format uri", "not a URI"),
            ("/meta/k", Kind::TypeMismatch, "integer", "string"),
            ("/price", Kind::TypeMismatch, "number", "string"),
            ("/status", Kind::Enum, "one of 2 values", "string"),
            ("/tags/*", Kind::TypeMismatch, "string", "integer"),
        ];
        let got: Vec<(&str, Kind, &str, &str)> = found
            .iter()
            .map(|(p, k, e, s)| (p.as_str(), *k, e.as_str(), s.as_str()))
            .collect();
        assert_eq!(got, expected);
        let nulls = findings(200, &json!({"count": null}));
        assert_eq!(
            nulls,
            [(
                "/count".into(),
                Kind::UnexpectedNull,
                "non-null integer".into(),
                "null".into()
            )]
        );
    }

    #[test]
    fn statuses_and_bodies_the_spec_does_not_know() {
        let found = check_against_spec(&spec(), "get_x", 409, br#"{"message":"x"}"#);
        assert_eq!(
            found,
            [(
                String::new(),
                Kind::UndocumentedStatus,
                "documented statuses 200, 204, 401".into(),
                "object".into()
            )]
        );
        let found = check_against_spec(&spec(), "get_x", 200, b"<html>ada@example.com</html>");
        assert_eq!(found[1].1, Kind::Undecodable);
        assert!(!found[1].3.contains("ada"), "{found:?}");
        // A documented status without a body: only counted.
        let found = check_against_spec(&spec(), "get_x", 204, b"");
        assert_eq!(
            found,
            [(String::new(), Kind::Observed, String::new(), String::new())]
        );
    }

    #[test]
    fn absent_fields_are_counted_against_observed_responses() {
        let found = check_against_spec(&spec(), "get_x", 200, br#"{"count": 1}"#);
        let mut absent: Vec<&str> = found
            .iter()
            .filter(|f| f.1 == Kind::Absent)
            .map(|f| f.0.as_str())
            .collect();
        absent.sort_unstable();
        assert_eq!(
            absent,
            [
                "/any", "/at", "/link", "/meta", "/price", "/status", "/tags"
            ]
        );
        assert_eq!(found.iter().filter(|f| f.1 == Kind::Observed).count(), 1);
    }

    #[test]
    fn a_million_unknown_field_names_stay_within_the_bound() {
        const RESPONSES: usize = 10;
        const FIELDS: usize = 100_000;
        let log = DriftLog::with_max_records(500);
        for response in 0..RESPONSES {
            let mut body = String::from(r#"{"data":[{"#);
            for field in 0..FIELDS {
                if field > 0 {
                    body.push(',');
                }
                body.push_str(&format!(r#""f{response}_{field}":1"#));
            }
            body.push_str("}]}");
            // The compiled spec, as a client with drift watch checks it.
            log.observe("list_bookings", 200, &Bytes::from(body));
        }
        let records = log.records();
        // Never more than the bound, however many names came ...
        assert_eq!(records.len(), 500);
        // ... every name past it counted as dropped ...
        assert!(
            log.dropped() >= (RESPONSES * FIELDS - 500) as u64,
            "{}",
            log.dropped()
        );
        // ... and what was kept first goes on counting.
        let observed = records.iter().find(|r| r.kind == Kind::Observed).unwrap();
        assert_eq!(observed.count, RESPONSES as u64);
    }

    #[test]
    fn one_answer_in_n_is_checked() {
        let log = DriftLog::new();
        log.check_one_in(3);
        for _ in 0..7 {
            log.observe("list_bookings", 200, &Bytes::from_static(br#"{"data":[]}"#));
        }
        let observed = log
            .records()
            .into_iter()
            .find(|r| r.kind == Kind::Observed)
            .unwrap();
        // The 1st, 4th and 7th.
        assert_eq!(observed.count, 3);
    }

    #[test]
    fn the_log_aggregates_bounds_and_flushes() {
        let log = DriftLog::with_max_records(3);
        for _ in 0..5 {
            log.record(
                "get_x",
                200,
                vec![Finding {
                    pointer: "/a".into(),
                    kind: Kind::TypeMismatch,
                    expected: "integer".into(),
                    seen: "number".into(),
                    count: 1,
                }],
            );
        }
        log.record(
            "get_x",
            200,
            vec![Finding {
                pointer: "/a".into(),
                kind: Kind::TypeMismatch,
                expected: "integer".into(),
                seen: "string".into(),
                count: 1,
            }],
        );
        for name in ["b", "c", "d", "e"] {
            log.record(
                "get_x",
                200,
                vec![Finding {
                    pointer: format!("/{name}"),
                    kind: Kind::UnknownField,
                    expected: String::new(),
                    seen: "string".into(),
                    count: 1,
                }],
            );
        }
        let records = log.records();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].count, 6);
        assert_eq!(records[0].seen_type, "number|string");
        assert_eq!(log.dropped(), 2);
        let mut out = Vec::new();
        assert_eq!(log.flush_jsonl(&mut out).unwrap(), 3);
        let first: DriftRecord =
            serde_json::from_slice(out.split(|b| *b == b'\n').next().unwrap()).unwrap();
        assert_eq!(first.kind, Kind::TypeMismatch);
        assert!(log.records().is_empty());
        assert_eq!(log.dropped(), 0);
    }
}
