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
//! Checking means reading the body a second time: one pass over its bytes,
//! driven by the schemas compiled once (about 0.9 times the instructions of
//! the call itself on a 100-booking page). So it happens on threads of its
//! own (one per core, at most four), fed through a bounded queue: the call
//! hands over the body (a reference-counted buffer, no copy) and returns; a
//! body that finds the queue full is not checked and is counted
//! ([`DriftLog::unchecked`]).
//!
//! Records hold shapes and JSON pointers, never values: the bodies are
//! insurance customers' names, emails and addresses. Memory is bounded
//! whatever the traffic; recording never changes a call's result and never
//! panics. Without a `DriftLog` nothing here runs.
//!
//! The log, its queue and records are `log.rs`'s; the checker, compiled
//! from the spec once and driven over an answer's bytes in one pass, is
//! `checker.rs`'s; what both count is `findings.rs`'s.

pub(crate) mod checker;
pub(crate) mod findings;
mod log;

pub use findings::Kind;
pub use log::{DriftLog, DriftRecord};

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::findings::Finding;
    use super::*;

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
