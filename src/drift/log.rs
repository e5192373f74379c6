//! The drift log: what a check found, aggregated into bounded records; the
//! queue that hands answers to the checker's thread; and the records' JSON
//! Lines. What a check finds is `checker.rs`'s.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use serde::{Deserialize, Serialize};

use super::checker::{Compiled, check_counted};
use super::findings::{Finding, Kind, unite};
use crate::spec::SPEC_JSON;

/// Distinct findings kept by default; new ones past it are counted, not kept.
const DEFAULT_MAX_RECORDS: usize = 1_000;

/// Answers waiting to be checked; one more is counted as unchecked.
const QUEUE: usize = 1024;

/// The bytes of the answers waiting to be checked, at most: an answer that
/// would pass it is counted as unchecked, so that a burst of large answers
/// holds no more than this.
const QUEUED_BYTES: usize = 32 * 1024 * 1024;

/// The longest [`DriftLog::records`] waits for the queue to empty.
const SETTLE: Duration = Duration::from_secs(60);

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
    /// The spec's response schemas, compiled on the first check.
    schemas: OnceLock<Compiled>,
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
    /// Their bodies' bytes.
    pending_bytes: usize,
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
    /// check of a 100-booking page costs about 0.9 times the instructions
    /// of the call that read it (see BENCHMARKS.md), on the checker
    /// threads. Counts then describe the answers checked.
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

    /// Answers not checked because the checkers were behind (their queue
    /// holds 1,024 answers or 32 MiB of them), or could not be started.
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
    ///
    /// Each record goes out as one whole line in one `write_all`, so that
    /// logs appending to one file (opened with `append`) never interleave
    /// within a line. A write that fails ends the flush with its error and
    /// loses nothing: the record it was writing and every one after it stay
    /// in the log (merged with what came meanwhile) for the next flush.
    pub fn flush_jsonl(&self, mut out: impl Write) -> std::io::Result<usize> {
        let (records, dropped, unchecked) = {
            let mut state = self.settled();
            let records = std::mem::take(&mut state.records);
            (records, state.dropped, state.unchecked)
        };
        let mut records = records.into_iter();
        let mut written = 0;
        let mut line = Vec::new();
        while let Some((key, record)) = records.next() {
            line.clear();
            serde_json::to_writer(&mut line, &record).expect("a record serializes");
            line.push(b'\n');
            if let Err(e) = out.write_all(&line) {
                self.put_back(std::iter::once((key, record)).chain(records));
                return Err(e);
            }
            written += 1;
        }
        // The counts flushed are forgotten; what came while writing stays.
        let mut state = self.state();
        state.dropped = state.dropped.saturating_sub(dropped);
        state.unchecked = state.unchecked.saturating_sub(unchecked);
        Ok(written)
    }

    /// Returns records a flush could not write, merged with any of the
    /// same finding recorded since; the bound on distinct records holds.
    fn put_back(&self, unwritten: impl Iterator<Item = (Key, DriftRecord)>) {
        let mut state = self.state();
        for (key, record) in unwritten {
            if let Some(kept) = state.records.get_mut(&key) {
                kept.count += record.count;
                unite(&mut kept.seen_type, &record.seen_type);
                if record.first_seen < kept.first_seen {
                    kept.first_seen = record.first_seen;
                }
                continue;
            }
            if state.records.len() >= self.inner.max_records {
                state.dropped += 1;
                continue;
            }
            state.records.insert(key, record);
        }
    }

    /// Hands one answer of `operation` to the checker and returns at once.
    /// Never panics, never fails, never waits: a full queue (1,024 answers
    /// or 32 MiB of them) counts the answer as unchecked.
    pub(crate) fn observe(&self, operation: &str, status: u16, body: &Bytes) {
        let nth = self
            .inner
            .seen
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !nth.is_multiple_of(self.inner.one_in.load(std::sync::atomic::Ordering::Relaxed)) {
            return;
        }
        let queue = self.inner.queue.get_or_init(|| start_checker(&self.inner));
        {
            let mut state = self.state();
            if state.pending_bytes + body.len() > QUEUED_BYTES {
                state.unchecked += 1;
                return;
            }
            state.pending += 1;
            state.pending_bytes += body.len();
        }
        let job = Job {
            operation: operation.to_string(),
            status,
            body: body.clone(),
        };
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = queue.try_send(job) {
            let mut state = self.state();
            state.pending -= 1;
            state.pending_bytes -= body.len();
            state.unchecked += 1;
            self.inner.settled.notify_all();
        }
    }

    /// Records one answer to a raw call on an endpoint the spec lacks: one
    /// record per name, endpoint and status, counted (nothing to check it
    /// against, so no queue).
    pub(crate) fn observe_lacking(&self, name: &str, endpoint: &str, status: u16, body: &Bytes) {
        let finding = Finding {
            pointer: String::new(),
            kind: Kind::UndocumentedEndpoint,
            expected: format!("an operation for {endpoint}"),
            seen: shape(body).to_string(),
            count: 1,
        };
        self.record(name, status, vec![finding]);
    }

    /// Checks one answer against the compiled spec and records it.
    fn check_and_record(&self, job: &Job) {
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let schemas = self.inner.schemas.get_or_init(|| {
                Compiled::from_spec(&serde_json::from_str(SPEC_JSON).unwrap_or_default())
            });
            check_counted(schemas, &job.operation, job.status, &job.body)
        }));
        if let Ok(tally) = checked {
            let dropped = tally.dropped();
            self.record(&job.operation, job.status, tally.into_findings());
            // What the answer's own tally could not keep counts as the
            // log's own drops do.
            self.state().dropped += dropped;
        }
    }

    pub(crate) fn record(&self, operation: &str, status: u16, findings: Vec<Finding>) {
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

/// The most checker threads: one per core, so that a service whose calls
/// keep every core busy is not checked by one core alone.
const MAX_CHECKERS: usize = 4;

/// Starts the checker threads, one per core (at most [`MAX_CHECKERS`]),
/// sharing one queue. They hold the log weakly: when the last `DriftLog`
/// goes, the queue's sender goes with it and the threads end.
fn start_checker(inner: &Arc<Inner>) -> SyncSender<Job> {
    let (sender, receiver) = sync_channel(QUEUE);
    let receiver = Arc::new(Mutex::new(receiver));
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_CHECKERS);
    for n in 0..threads {
        let (receiver, log) = (receiver.clone(), Arc::downgrade(inner));
        // A thread that cannot be started leaves the others; with none, the
        // receiver is gone and every answer is counted as unchecked.
        let _ = std::thread::Builder::new()
            .name(format!("xone-drift-{n}"))
            .spawn(move || check_queue(&receiver, &log));
    }
    sender
}

fn check_queue(receiver: &Mutex<Receiver<Job>>, log: &Weak<Inner>) {
    loop {
        // The lock is held only while waiting for the next answer.
        let job = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = job else {
            return;
        };
        let Some(inner) = log.upgrade() else {
            return;
        };
        let log = DriftLog { inner };
        log.check_and_record(&job);
        let mut state = log.state();
        state.pending -= 1;
        state.pending_bytes -= job.body.len();
        drop(state);
        log.inner.settled.notify_all();
    }
}

/// The JSON type of a body, read without building it (on the caller's
/// task, so no `Value` of a large body): `empty body`, `not JSON`, or the
/// type of its top-level value.
fn shape(body: &[u8]) -> &'static str {
    let Some(first) = body.iter().find(|b| !b.is_ascii_whitespace()) else {
        return "empty body";
    };
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        return super::findings::NOT_JSON;
    }
    match first {
        b'{' => "object",
        b'[' => "array",
        b'"' => "string",
        b't' | b'f' => "boolean",
        b'n' => "null",
        _ if body.contains(&b'.') || body.contains(&b'e') || body.contains(&b'E') => "number",
        _ => "integer",
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
