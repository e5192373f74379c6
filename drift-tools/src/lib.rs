//! Drift watch's checker driven against a spec of the caller's, and the
//! checker it replaced, for this repository's tests and benches only: the
//! xtask's `cargo xtask drift` test (answers checked against the committed
//! spec and against one merged with proposed overlay actions), the
//! compiled-against-reference property test, and the client bench's
//! "before" of drift checking. Nothing here ships in `xone`.
//!
//! The compiled checker is xone's own source: `src/drift/checker.rs` and
//! `src/drift/findings.rs` are compiled into this crate as modules of its
//! own (`#[path]`), so what is checked here is byte for byte what drift
//! watch runs, with no test-only entry point in the published crate. The
//! reference checker (`reference.rs`: the whole answer parsed into a
//! `Value`, then walked against schemas looked up by name) lives only here.

#![allow(rustdoc::private_intra_doc_links, rustdoc::broken_intra_doc_links)]

use serde_json::Value;

#[path = "../../src/drift/checker.rs"]
#[allow(dead_code, missing_docs)]
mod checker;
#[path = "../../src/drift/findings.rs"]
#[allow(dead_code, missing_docs)]
mod findings;
mod reference;

/// The formats `findings.rs` parses with, named where it looks for them
/// (`crate::Timestamp`, `crate::Money`).
use xone::{Money, Timestamp};

use checker::{Compiled, check};
use findings::Finding;
pub use findings::Kind;
use reference::Schemas;

/// The spec `xone` embeds: its build script compiles `spec/openapi.yaml`
/// into the crate, and this reads the same file.
fn embedded_spec() -> Value {
    serde_norway::from_str(include_str!("../../spec/openapi.yaml"))
        .expect("spec/openapi.yaml is the spec xone's build read")
}

/// What one check found: `(pointer, kind, expected, seen)` per finding,
/// sorted, counts left out.
pub type Found = Vec<(String, Kind, String, String)>;

fn shown(findings: Vec<Finding>) -> Found {
    findings
        .into_iter()
        .map(|f| (f.pointer, f.kind, f.expected, f.seen))
        .collect()
}

fn counted(findings: Vec<Finding>) -> Vec<(Found, u64)> {
    findings
        .into_iter()
        .map(|f| {
            let count = f.count;
            (vec![(f.pointer, f.kind, f.expected, f.seen)], count)
        })
        .collect()
}

/// The compiled checker, as drift watch runs it.
pub struct Checker(Compiled);

impl Checker {
    /// Compiled from xone's embedded spec.
    pub fn embedded() -> Self {
        Self::from_spec(&embedded_spec())
    }

    /// Compiled from `spec`, an OpenAPI document as JSON.
    pub fn from_spec(spec: &Value) -> Self {
        Self(Compiled::from_spec(spec))
    }

    /// Checks one answer.
    pub fn check(&self, operation: &str, status: u16, body: &[u8]) -> Found {
        shown(check(&self.0, operation, status, body))
    }

    /// Checks one answer and returns the findings with their counts.
    pub fn check_counted(&self, operation: &str, status: u16, body: &[u8]) -> Vec<(Found, u64)> {
        counted(check(&self.0, operation, status, body))
    }
}

/// The checker drift watch had before the compiled one (a `Value` walked
/// against schemas looked up by name), kept as the reference.
pub struct Reference(Schemas);

impl Reference {
    /// Over xone's embedded spec.
    pub fn embedded() -> Self {
        Self::from_spec(&embedded_spec())
    }

    /// Over `spec`, an OpenAPI document as JSON.
    pub fn from_spec(spec: &Value) -> Self {
        Self(Schemas::from_spec(spec))
    }

    /// Checks one answer.
    pub fn check(&self, operation: &str, status: u16, body: &[u8]) -> Found {
        shown(reference::check(&self.0, operation, status, body))
    }

    /// Checks one answer and returns the findings with their counts.
    pub fn check_counted(&self, operation: &str, status: u16, body: &[u8]) -> Vec<(Found, u64)> {
        counted(reference::check(&self.0, operation, status, body))
    }
}

/// What drift watch would record for `body` checked against `spec`.
pub fn check_against_spec(spec: &Value, operation: &str, status: u16, body: &[u8]) -> Found {
    Checker::from_spec(spec).check(operation, status, body)
}
#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::checker::{Compiled, check};
    use super::findings::Kind;
    use super::reference::{self, Schemas};

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
}
