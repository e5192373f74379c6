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
#[cfg(any(test, feature = "drift-tools"))]
mod reference;
#[cfg(feature = "drift-tools")]
pub mod tools;

pub use findings::Kind;
pub use log::{DriftLog, DriftRecord};

/// How deep a body is checked; deeper parts are not looked at.
const MAX_DEPTH: usize = 48;

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use serde_json::{Value, json};

    use super::checker::{Compiled, check};
    use super::findings::Finding;
    use super::reference::{self, Schemas};
    use super::*;

    /// The compiled checker's findings, asserted equal, counts included,
    /// to the reference checker's.
    fn check_against_spec(
        spec: &Value,
        operation: &str,
        status: u16,
        body: &[u8],
    ) -> Vec<(String, Kind, String, String)> {
        let compiled = check(&Compiled::from_spec(spec), operation, status, body);
        let reference = reference::check(&Schemas::from_spec(spec), operation, status, body);
        assert_eq!(compiled, reference, "{}", String::from_utf8_lossy(body));
        compiled
            .into_iter()
            .map(|f| (f.pointer, f.kind, f.expected, f.seen))
            .collect()
    }

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
    fn an_object_of_more_than_128_declared_properties_is_checked_as_the_reference_does() {
        let properties: serde_json::Map<String, Value> = (0..200)
            .map(|i| (format!("p{i}"), json!({"type": "integer"})))
            .collect();
        let spec = json!({
            "paths": {"/w": {"get": {"operationId": "get_w", "responses": {
                "200": {"content": {"application/json": {"schema": {"type": "object", "properties": properties}}}}
            }}}}
        });
        let body: serde_json::Map<String, Value> = (0..200)
            .step_by(3)
            .map(|i| {
                (
                    format!("p{i}"),
                    if i % 2 == 0 { json!(1) } else { json!("x") },
                )
            })
            .collect();
        let found = check_against_spec(
            &spec,
            "get_w",
            200,
            Value::Object(body).to_string().as_bytes(),
        );
        let absent = found.iter().filter(|f| f.1 == Kind::Absent).count();
        assert_eq!(absent, 200 - 67);
        assert!(
            found
                .iter()
                .any(|f| f.0 == "/p3" && f.1 == Kind::TypeMismatch)
        );
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
