//! What a check finds in one answer, whichever checker found it: the
//! findings, tallied per (kind, pointer) with their counts, and the helpers
//! both checkers name things with (JSON types, pointers, formats).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How deep a body is checked; deeper parts are not looked at. Here, with
/// what both checkers count, so that the reference checker of the
/// `drift-tools` dev crate, which compiles this file too, imports the same
/// bound.
pub(crate) const MAX_DEPTH: usize = 48;

/// What a record says differed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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
    /// An answer to a raw call ([`Client::request`](crate::Client::request))
    /// on an endpoint the spec has no operation for: the record's
    /// `operation` is the call's name, its `expected` the method and path
    /// template, its `seen_type` the body's JSON type.
    UndocumentedEndpoint,
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
            Kind::UndocumentedEndpoint => "undocumented-endpoint",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference in one response, with how often it occurred there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) pointer: String,
    pub(crate) kind: Kind,
    pub(crate) expected: String,
    pub(crate) seen: String,
    pub(crate) count: u64,
}

/// The most distinct findings one answer's tally keeps; past it, new ones
/// are counted in [`Tally::dropped`]. An answer with a million distinct
/// unknown fields would otherwise hold a finding (several strings) for
/// each, hundreds of MiB, while the log keeps only its first 1,000 records
/// anyway.
pub(crate) const MAX_FINDINGS_PER_ANSWER: usize = 1_000;

/// The findings of one answer, each distinct (kind, pointer) once with its
/// count: a page of 100 bookings repeats every difference 100 times, and a
/// key is only allocated the first time. At most
/// [`MAX_FINDINGS_PER_ANSWER`] distinct ones.
#[derive(Default)]
pub(crate) struct Tally {
    // FxHash: the keys are the answer's pointers, not an attacker's choice
    // of hash-flooding input worth SipHash's cost on every field.
    found: rustc_hash::FxHashMap<Kind, rustc_hash::FxHashMap<String, Finding>>,
    /// Distinct findings kept.
    distinct: usize,
    /// Distinct findings not kept because the tally was full.
    dropped: u64,
}

impl Tally {
    pub(crate) fn add(
        &mut self,
        pointer: &str,
        kind: Kind,
        expected: impl FnOnce() -> String,
        seen: &str,
    ) {
        self.add_times(pointer, kind, expected, seen, 1);
    }

    /// [`Tally::add`] of `times` occurrences at once.
    pub(crate) fn add_times(
        &mut self,
        pointer: &str,
        kind: Kind,
        expected: impl FnOnce() -> String,
        seen: &str,
        times: u64,
    ) {
        let by_pointer = self.found.entry(kind).or_default();
        match by_pointer.get_mut(pointer) {
            Some(finding) => {
                finding.count += times;
                unite(&mut finding.seen, seen);
            }
            None if self.distinct >= MAX_FINDINGS_PER_ANSWER => self.dropped += 1,
            None => {
                self.distinct += 1;
                by_pointer.insert(
                    pointer.to_string(),
                    Finding {
                        pointer: pointer.to_string(),
                        kind,
                        expected: expected(),
                        seen: seen.to_string(),
                        count: times,
                    },
                );
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.found.values().all(|m| m.is_empty())
    }

    /// Distinct findings not kept because the tally was full.
    pub(crate) fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Adds another tally's findings: counts added, seen types united.
    pub(crate) fn extend(&mut self, other: Tally) {
        self.dropped += other.dropped;
        for finding in other.into_findings() {
            let by_pointer = self.found.entry(finding.kind).or_default();
            match by_pointer.get_mut(&finding.pointer) {
                Some(kept) => {
                    kept.count += finding.count;
                    unite(&mut kept.seen, &finding.seen);
                }
                None if self.distinct >= MAX_FINDINGS_PER_ANSWER => self.dropped += 1,
                None => {
                    self.distinct += 1;
                    by_pointer.insert(finding.pointer.clone(), finding);
                }
            }
        }
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
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
pub(crate) fn unite(kept: &mut String, more: &str) {
    if kept == more || more.split('|').all(|m| kept.split('|').any(|k| k == m)) {
        return;
    }
    let mut all: Vec<&str> = kept.split('|').chain(more.split('|')).collect();
    all.sort_unstable();
    all.dedup();
    *kept = all.join("|");
}

/// What [`body_type`] says of a body that does not parse as JSON.
pub(crate) const NOT_JSON: &str = "not JSON";

pub(crate) fn body_type(body: &[u8]) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        return "empty body".into();
    }
    serde_json::from_slice::<Value>(body)
        .map(|v| json_type(&v).to_string())
        .unwrap_or_else(|_| NOT_JSON.into())
}

pub(crate) fn json_type(value: &Value) -> &'static str {
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
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

/// What is wrong with `text` for `format`, if the client can tell.
pub(crate) fn format_problem(format: &str, text: &str) -> Option<&'static str> {
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
