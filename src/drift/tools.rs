//! Drift checking against a spec of the caller's, for the xtask's tests
//! and this crate's benches and tests only: behind the non-default
//! `drift-tools` feature, hidden from the docs, no part of the API.

use serde_json::Value;

use super::checker::{Compiled, check};
use super::findings::{Finding, Kind};
use super::log::DriftLog;
use super::reference::{self, Schemas};
use crate::spec::SPEC_JSON;

/// What one check found: `(pointer, kind, expected, seen)` per finding,
/// sorted, counts left out.
pub type Found = Vec<(String, Kind, String, String)>;

fn shown(findings: Vec<Finding>) -> Found {
    findings
        .into_iter()
        .map(|f| (f.pointer, f.kind, f.expected, f.seen))
        .collect()
}

/// The compiled checker, as drift watch runs it.
pub struct Checker(Compiled);

impl Checker {
    /// Compiled from the crate's embedded spec.
    pub fn embedded() -> Self {
        Self(Compiled::from_spec(
            &serde_json::from_str(SPEC_JSON).unwrap_or_default(),
        ))
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
    /// Over the crate's embedded spec.
    pub fn embedded() -> Self {
        Self(Schemas::from_spec(
            &serde_json::from_str(SPEC_JSON).unwrap_or_default(),
        ))
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

fn counted(findings: Vec<Finding>) -> Vec<(Found, u64)> {
    findings
        .into_iter()
        .map(|f| {
            let count = f.count;
            (vec![(f.pointer, f.kind, f.expected, f.seen)], count)
        })
        .collect()
}

/// What the client records for `body` checked against `spec`.
pub fn check_against_spec(spec: &Value, operation: &str, status: u16, body: &[u8]) -> Found {
    Checker::from_spec(spec).check(operation, status, body)
}

/// Records into `log` one answer checked against `spec` instead of the
/// embedded one.
pub fn record_against(log: &DriftLog, spec: &Value, operation: &str, status: u16, body: &[u8]) {
    log.record(
        operation,
        status,
        check(&Compiled::from_spec(spec), operation, status, body),
    );
}
