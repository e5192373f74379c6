//! `cargo xtask drift`: what many services' drift records (JSON Lines from
//! `xone::DriftLog`) say about the spec. Records are merged across files,
//! each finding is placed in the spec (the named schema or operation it is
//! about), and the actionable ones become proposed Overlay 1.0 actions
//! (widen a type, allow null, add a property, drop a format, document a
//! status), each with a comment giving its counts, for review.

mod run;

pub use run::{Args, Format, run};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Source, SpecError};
use crate::naming::plural;
use crate::openapi;

/// One record as `xone::DriftLog` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The operationId.
    pub operation: String,
    /// The response status.
    pub status: u16,
    /// Where in the body, array items as `*`.
    pub pointer: String,
    /// `type-mismatch`, `unexpected-null`, ...
    pub kind: String,
    /// What the spec expected.
    pub expected: String,
    /// The JSON types seen, joined by `|`.
    pub seen_type: String,
    /// How many times.
    pub count: u64,
    /// RFC 3339.
    pub first_seen: String,
    /// RFC 3339.
    pub last_seen: String,
}

/// Reads JSON Lines; an unreadable line is an error naming the file and line.
pub fn parse_records(file: &str, text: &str) -> Result<Vec<Record>, SpecError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| SpecError::Config {
                at: Source::new(file, i + 1),
                message: format!("not a drift record: {e}"),
            })
        })
        .collect()
}

/// Records of many files as one: counts added, seen types united, the
/// earliest first and the latest last sighting.
pub fn merge_records(records: impl IntoIterator<Item = Record>) -> Vec<Record> {
    let mut merged: BTreeMap<(String, u16, String, String), Record> = BTreeMap::new();
    for record in records {
        let key = (
            record.operation.clone(),
            record.status,
            record.pointer.clone(),
            record.kind.clone(),
        );
        match merged.get_mut(&key) {
            None => {
                merged.insert(key, record);
            }
            Some(kept) => {
                kept.count += record.count;
                let seen: BTreeSet<&str> = kept
                    .seen_type
                    .split('|')
                    .chain(record.seen_type.split('|'))
                    .filter(|s| !s.is_empty())
                    .collect();
                kept.seen_type = seen.into_iter().collect::<Vec<_>>().join("|");
                if record.first_seen < kept.first_seen {
                    kept.first_seen = record.first_seen;
                }
                if record.last_seen > kept.last_seen {
                    kept.last_seen = record.last_seen;
                }
            }
        }
    }
    merged.into_values().collect()
}

/// A finding placed in the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The merged record.
    pub record: Record,
    /// Responses of that operation and status that were checked.
    pub observed: u64,
    /// Where in the spec, for a person (`components.schemas.Policy.tax`).
    pub place: String,
    /// What the spec says there.
    pub spec_says: String,
    /// The overlay actions that would make the spec agree, if any.
    pub actions: Vec<Action>,
}

/// One proposed overlay action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// JSONPath.
    pub target: String,
    /// `None`: remove the target.
    pub update: Option<Value>,
}

/// Every finding of `records` (merged) against `spec`, most frequent first;
/// the `observed` and `absent` records are folded into the others' counts
/// and the report.
pub fn findings(spec: &Value, records: &[Record]) -> Vec<Finding> {
    let observed: BTreeMap<(&str, u16), u64> = records
        .iter()
        .filter(|r| r.kind == "observed")
        .map(|r| ((r.operation.as_str(), r.status), r.count))
        .collect();
    let mut out = Vec::new();
    for record in records.iter().filter(|r| r.kind != "observed") {
        let responses = observed
            .get(&(record.operation.as_str(), record.status))
            .copied()
            .unwrap_or(0);
        // A field absent from some answers is what optional means; one
        // absent from every answer is worth a look.
        if record.kind == "absent" && record.count < responses {
            continue;
        }
        out.push(place(spec, record, responses));
    }
    out.sort_by(|a, b| {
        b.record
            .count
            .cmp(&a.record.count)
            .then_with(|| a.record.operation.cmp(&b.record.operation))
            .then_with(|| a.record.pointer.cmp(&b.record.pointer))
    });
    out
}

/// The kind of a raw call's record on an endpoint the spec has no
/// operation for.
const LACKING: &str = "undocumented-endpoint";

/// A lacking endpoint's `METHOD template`, from its record's `expected`.
fn endpoint_of(record: &Record) -> &str {
    record
        .expected
        .strip_prefix("an operation for ")
        .unwrap_or(&record.expected)
}

/// The endpoints the spec lacks, one a line: the call's name, its method
/// and template, and each status with its count.
fn lacking(findings: &[Finding]) -> Vec<String> {
    let mut endpoints: BTreeMap<(&str, &str), Vec<(u16, u64)>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.record.kind == LACKING) {
        endpoints
            .entry((f.record.operation.as_str(), endpoint_of(&f.record)))
            .or_default()
            .push((f.record.status, f.record.count));
    }
    endpoints
        .into_iter()
        .map(|((name, endpoint), mut statuses)| {
            statuses.sort_unstable();
            let statuses: Vec<String> = statuses
                .iter()
                .map(|(status, count)| format!("{status} \u{d7}{count}"))
                .collect();
            format!("`{name}`: {endpoint} (answered {})", statuses.join(", "))
        })
        .collect()
}

/// What to do about an endpoint the spec lacks.
const LACKING_ADVICE: &str = "services call these through `Client::request`: find each one's page on the vendor's docs site, add it to spec/sources.toml (or let `cargo xtask pull --discover --add` find it), then `cargo xtask pull` and `cargo xtask merge`";

/// Where in the spec a body pointer of an operation's response is.
struct Located {
    /// JSONPath of the schema.
    path: String,
    schema: Value,
}

fn place(spec: &Value, record: &Record, observed: u64) -> Finding {
    let operation = openapi::operations(spec)
        .into_iter()
        .find(|(_, _, op)| op["operationId"].as_str() == Some(record.operation.as_str()));
    let mut finding = Finding {
        record: record.clone(),
        observed,
        place: format!("operation {}", record.operation),
        spec_says: record.expected.clone(),
        actions: Vec::new(),
    };
    if record.kind == LACKING {
        finding.place = endpoint_of(record).to_string();
        finding.spec_says = "no operation: an endpoint the vendor's pages lack".into();
        return finding;
    }
    let Some((path, method, op)) = operation else {
        finding.spec_says = "no such operation in this spec".into();
        return finding;
    };
    let op_path = format!("$.paths[{}].{method}", quote(&path));
    if record.kind == "undocumented-status" {
        finding.place = format!("{} {path} {}", method.to_ascii_uppercase(), record.status);
        finding.actions = document_status(spec, op, &op_path, record);
        return finding;
    }
    let tokens: Vec<String> = record
        .pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let target_tokens = if record.kind == "unknown-field" {
        &tokens[..tokens.len().saturating_sub(1)]
    } else {
        &tokens[..]
    };
    let Some(located) = locate(spec, op, &op_path, record.status, target_tokens) else {
        finding.spec_says = "no schema there".into();
        return finding;
    };
    finding.place = readable(&located.path);
    finding.spec_says = describe(&located.schema);
    finding.actions = match record.kind.as_str() {
        "type-mismatch" => widen(&located, record),
        "unexpected-null" => vec![Action {
            target: located.path.clone(),
            update: Some(json!({"nullable": true})),
        }],
        "unknown-field" => {
            let name = tokens.last().cloned().unwrap_or_default();
            finding.place = format!("{}.{name}", readable(&located.path));
            finding.spec_says = "no such property".into();
            vec![Action {
                target: located.path.clone(),
                update: Some(json!({"properties": {name: schema_of(&record.seen_type)}})),
            }]
        }
        // The client reads these as they are (xone::Timestamp): the spec's
        // "RFC 3339" is loose, not wrong enough to drop the format.
        "format"
            if record
                .seen_type
                .split('|')
                .all(|s| s.starts_with("date-time with")) =>
        {
            Vec::new()
        }
        "format" => {
            let mut actions = vec![Action {
                target: format!("{}.format", located.path),
                update: None,
            }];
            if located.schema.get("pattern").is_some() {
                actions.push(Action {
                    target: format!("{}.pattern", located.path),
                    update: None,
                });
            }
            actions
        }
        // Values are never recorded, so there is nothing to add to an enum;
        // absent fields, undecodable bodies: for a person to judge.
        _ => Vec::new(),
    };
    finding
}

/// Follows `tokens` (property names, `*` for items) from the response
/// schema of `status`, through `$ref`s.
fn locate(
    spec: &Value,
    op: &Value,
    op_path: &str,
    status: u16,
    tokens: &[String],
) -> Option<Located> {
    let responses = op["responses"].as_object()?;
    let class = format!("{}XX", status / 100);
    let code = [status.to_string(), class, "default".into()]
        .into_iter()
        .find(|c| responses.contains_key(c))?;
    let content = responses[&code]["content"].as_object()?;
    let (media, media_object) = content.iter().find(|(m, _)| m.contains("json"))?;
    let mut path = format!(
        "{op_path}.responses[{}].content[{}].schema",
        quote(&code),
        quote(media)
    );
    let mut schema = media_object["schema"].clone();
    for token in tokens {
        (path, schema) = follow(spec, path, schema);
        (path, schema) = if token == "*" {
            (format!("{path}.items"), schema["items"].clone())
        } else if schema["properties"].get(token).is_some() {
            (
                format!("{path}.properties{}", member(token)),
                schema["properties"][token].clone(),
            )
        } else if schema["additionalProperties"].is_object() {
            (
                format!("{path}.additionalProperties"),
                schema["additionalProperties"].clone(),
            )
        } else {
            return None;
        };
    }
    let (path, schema) = follow(spec, path, schema);
    Some(Located { path, schema })
}

/// Through `$ref`s to the named schema.
fn follow(spec: &Value, mut path: String, mut schema: Value) -> (String, Value) {
    for _ in 0..32 {
        let Some(reference) = schema["$ref"].as_str().map(str::to_string) else {
            break;
        };
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            break;
        };
        path = format!("$.components.schemas{}", member(name));
        schema = spec["components"]["schemas"][name].clone();
    }
    (path, schema)
}

fn widen(located: &Located, record: &Record) -> Vec<Action> {
    let expected = located.schema["type"].as_str().unwrap_or("");
    let seen: BTreeSet<&str> = record.seen_type.split('|').collect();
    if expected == "integer" && seen.iter().all(|s| *s == "integer" || *s == "number") {
        return vec![Action {
            target: located.path.clone(),
            update: Some(json!({"type": "number"})),
        }];
    }
    // OpenAPI 3.0 has no list of types: the schema becomes "what it was, or
    // what was seen".
    let mut was = json!({"type": expected});
    for key in ["format", "pattern", "enum"] {
        if let Some(v) = located.schema.get(key) {
            was[key] = v.clone();
        }
    }
    let mut branches = vec![was];
    branches.extend(
        seen.iter()
            .filter(|s| **s != expected && **s != "null")
            .map(|s| schema_of(s)),
    );
    let mut actions: Vec<Action> = ["type", "format", "pattern", "enum"]
        .into_iter()
        .filter(|key| located.schema.get(*key).is_some())
        .map(|key| Action {
            target: format!("{}.{key}", located.path),
            update: None,
        })
        .collect();
    actions.push(Action {
        target: located.path.clone(),
        update: Some(json!({"anyOf": branches})),
    });
    actions
}

fn document_status(spec: &Value, op: &Value, op_path: &str, record: &Record) -> Vec<Action> {
    let status = record.status.to_string();
    let mut response = json!({"description": format!("{} (seen from the API; not in the vendor's docs)", record.status)});
    let has_json_body =
        !record.seen_type.contains("empty body") && !record.seen_type.contains("not JSON");
    if has_json_body {
        let schema = if record.status >= 400 {
            // The one error schema every documented error decodes into.
            op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(code, _)| code.starts_with('4') || code.starts_with('5'))
                .find_map(|(_, r)| {
                    r["content"]["application/json"]["schema"]
                        .as_object()
                        .cloned()
                })
                .map(Value::Object)
                .or_else(|| {
                    spec["components"]["schemas"]
                        .get("ApiError")
                        .map(|_| json!({"$ref": "#/components/schemas/ApiError"}))
                })
        } else {
            op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(code, _)| code.starts_with('2'))
                .find_map(|(_, r)| {
                    r["content"]["application/json"]["schema"]
                        .as_object()
                        .cloned()
                })
                .map(Value::Object)
        };
        if let Some(schema) = schema {
            response["content"] = json!({"application/json": {"schema": schema}});
        }
    }
    vec![Action {
        target: format!("{op_path}.responses"),
        update: Some(json!({ status: response })),
    }]
}

fn schema_of(seen: &str) -> Value {
    let types: Vec<&str> = seen.split('|').filter(|s| *s != "null").collect();
    let nullable = seen.split('|').any(|s| s == "null");
    let mut schema = match types.as_slice() {
        [] => json!({}),
        ["integer"] => json!({"type": "integer"}),
        [one] => json!({"type": one}),
        many if many.iter().all(|t| *t == "integer" || *t == "number") => json!({"type": "number"}),
        _ => json!({}),
    };
    if nullable && schema.get("type").is_some() {
        schema["nullable"] = json!(true);
    }
    schema
}

fn describe(schema: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = schema["type"].as_str() {
        parts.push(kind.to_string());
    } else if schema.get("anyOf").is_some() || schema.get("oneOf").is_some() {
        parts.push("one of several types".into());
    } else {
        parts.push("any value".into());
    }
    if let Some(format) = schema["format"].as_str() {
        parts.push(format!("format {format}"));
    }
    if schema["nullable"] == Value::Bool(true) {
        parts.push("nullable".into());
    }
    parts.join(", ")
}

fn quote(key: &str) -> String {
    format!("'{}'", key.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn member(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!(".{key}")
    } else {
        format!("[{}]", quote(key))
    }
}

/// `$.components.schemas.Policy.properties.tax` as
/// `components.schemas.Policy.tax`.
fn readable(path: &str) -> String {
    path.trim_start_matches("$.")
        .replace(".properties.", ".")
        .replace(".properties[", "[")
}

/// A record's pointer, or `(body)` for the body itself.
fn shown_pointer(record: &Record) -> &str {
    if record.pointer.is_empty() {
        "(body)"
    } else {
        &record.pointer
    }
}

fn seen_text(finding: &Finding) -> String {
    let record = &finding.record;
    let of = if finding.observed > 0 {
        format!(" in {} responses", finding.observed)
    } else {
        String::new()
    };
    format!(
        "{} seen {} time{}{of} ({} to {})",
        record.seen_type,
        record.count,
        if record.count == 1 { "" } else { "s" },
        record.first_seen,
        record.last_seen
    )
}

/// The report, one finding a paragraph.
pub fn text(findings: &[Finding], files: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} from {}",
        plural(findings.len(), "finding"),
        plural(files, "record file")
    );
    for f in findings {
        let r = &f.record;
        let _ = writeln!(
            out,
            "\n{} {} {}: {}\n  spec: {} ({})\n  seen: {}",
            r.operation,
            r.status,
            shown_pointer(r),
            r.kind,
            f.spec_says,
            f.place,
            seen_text(f)
        );
        if f.actions.is_empty() {
            let _ = writeln!(out, "  proposal: none (for a person to judge)");
        }
    }
    let endpoints = lacking(findings);
    if !endpoints.is_empty() {
        let _ = writeln!(out, "\nEndpoints the spec lacks: {LACKING_ADVICE}.");
        for line in endpoints {
            let _ = writeln!(out, "  {}", line.replace('`', ""));
        }
    }
    out
}

/// The report as a pull-request comment.
pub fn markdown(findings: &[Finding], files: usize) -> String {
    let mut out = String::new();
    let proposals = findings.iter().filter(|f| !f.actions.is_empty()).count();
    let _ = writeln!(
        out,
        "### Drift watch: {} from {}, {proposals} with a proposed overlay action\n",
        plural(findings.len(), "finding"),
        plural(files, "record file")
    );
    let _ = writeln!(
        out,
        "| operation | status | where | kind | the spec says | seen | count | proposal |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for f in findings {
        let r = &f.record;
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | {} | {} (`{}`) | {} | {}{} | {} |",
            r.operation,
            r.status,
            shown_pointer(r),
            r.kind,
            f.spec_says,
            f.place,
            r.seen_type,
            r.count,
            if f.observed > 0 {
                format!(" of {} responses", f.observed)
            } else {
                String::new()
            },
            if f.actions.is_empty() { "none" } else { "yes" }
        );
    }
    let endpoints = lacking(findings);
    if !endpoints.is_empty() {
        let _ = writeln!(
            out,
            "\n#### Endpoints the spec lacks\n\nThe {LACKING_ADVICE}.\n"
        );
        for line in endpoints {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// The proposed overlay: a complete Overlay 1.0 document whose actions, each
/// under a comment with its counts, can be appended to spec/overlay.yaml.
pub fn overlay(findings: &[Finding], sources: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Proposed by `cargo xtask drift` from {}.\n# Review each action, append the ones you accept to spec/overlay.yaml\n# (under `actions:`), then run `cargo xtask merge`.",
        sources.join(", ")
    );
    let _ = writeln!(
        out,
        "overlay: 1.0.0\ninfo:\n  title: Drift watch proposals\n  version: 1.0.0\nactions:"
    );
    let mut any = false;
    for f in findings.iter().filter(|f| !f.actions.is_empty()) {
        any = true;
        let r = &f.record;
        let _ = writeln!(
            out,
            "\n  # {} {} {} ({}): the spec says {}; {}.",
            r.operation,
            r.status,
            shown_pointer(r),
            r.kind,
            f.spec_says,
            seen_text(f)
        );
        for action in &f.actions {
            let _ = writeln!(out, "  - target: {}", yaml_scalar(&action.target));
            match &action.update {
                None => {
                    let _ = writeln!(out, "    remove: true");
                }
                Some(update) => {
                    let text = serde_norway::to_string(update).expect("JSON renders as YAML");
                    let _ = writeln!(out, "    update:");
                    for line in text.lines() {
                        let _ = writeln!(out, "      {line}");
                    }
                }
            }
        }
    }
    if !any {
        out = out.replace("actions:", "actions: []");
    }
    out
}

fn yaml_scalar(text: &str) -> String {
    serde_norway::to_string(&text)
        .expect("a string renders")
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(operation: &str, pointer: &str, kind: &str, seen: &str, count: u64) -> Record {
        Record {
            operation: operation.into(),
            status: 200,
            pointer: pointer.into(),
            kind: kind.into(),
            expected: String::new(),
            seen_type: seen.into(),
            count,
            first_seen: "2026-11-01T00:00:00Z".into(),
            last_seen: "2026-11-02T00:00:00Z".into(),
        }
    }

    #[test]
    fn an_endpoint_the_spec_lacks_is_listed_once_with_its_statuses_and_proposes_no_overlay() {
        let spec = json!({"openapi": "3.0.0", "paths": {}});
        let lacking_record = |status: u16, count: u64| Record {
            operation: "create_quote".into(),
            status,
            pointer: String::new(),
            kind: LACKING.into(),
            expected: "an operation for POST /api/partners/{}/quotes".into(),
            seen_type: "object".into(),
            count,
            first_seen: "2026-01-01T00:00:00Z".into(),
            last_seen: "2026-01-02T00:00:00Z".into(),
        };
        let records = merge_records([
            lacking_record(201, 5),
            lacking_record(422, 1),
            lacking_record(201, 2),
        ]);
        let found = findings(&spec, &records);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.actions.is_empty()
            && f.place == "POST /api/partners/{}/quotes"
            && f.spec_says.contains("pages lack")));
        let text = text(&found, 1);
        assert!(
            text.contains("Endpoints the spec lacks")
                && text.contains(
                    "create_quote: POST /api/partners/{}/quotes (answered 201 \u{d7}7, 422 \u{d7}1)"
                ),
            "{text}"
        );
        let markdown = markdown(&found, 1);
        assert!(
            markdown.contains(
                "- `create_quote`: POST /api/partners/{}/quotes (answered 201 \u{d7}7, 422 \u{d7}1)"
            ),
            "{markdown}"
        );
        assert!(!overlay(&found, &[]).contains("create_quote"));
    }

    #[test]
    fn records_of_many_files_merge() {
        let mut a = record("op", "/x", "type-mismatch", "number", 2);
        a.first_seen = "2026-11-05T00:00:00Z".into();
        let mut b = record("op", "/x", "type-mismatch", "string", 3);
        b.last_seen = "2026-11-09T00:00:00Z".into();
        let merged = merge_records([a, b, record("op", "/y", "format", "string", 1)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].count, 5);
        assert_eq!(merged[0].seen_type, "number|string");
        assert_eq!(merged[0].first_seen, "2026-11-01T00:00:00Z");
        assert_eq!(merged[0].last_seen, "2026-11-09T00:00:00Z");
    }

    #[test]
    fn a_bad_line_names_its_file_and_line() {
        let err = parse_records("a.jsonl", "\n{\"operation\": 1}\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.jsonl:2: not a drift record"), "{err}");
    }

    #[test]
    fn findings_are_placed_in_the_named_schema_and_proposed() {
        let spec = json!({
            "paths": {"/b": {"get": {"operationId": "list", "responses": {
                "200": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Booking"}}
                }}}}},
                "401": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
            }}}},
            "components": {"schemas": {
                "Booking": {"type": "object", "properties": {
                    "count": {"type": "integer"},
                    "tax": {"type": "number", "format": "decimal"},
                    "currency": {"type": "string"},
                    "at": {"type": "string", "format": "date-time"}
                }},
                "ApiError": {"type": "object", "properties": {"message": {"type": "string"}}}
            }}
        });
        let mut status = record("list", "", "undocumented-status", "object", 2);
        status.status = 409;
        let records = vec![
            record("list", "", "observed", "", 10),
            record("list", "/data/*/count", "type-mismatch", "number", 4),
            record("list", "/data/*/tax", "type-mismatch", "string", 3),
            record("list", "/data/*/currency", "unexpected-null", "null", 2),
            record("list", "/data/*/tier", "unknown-field", "string", 1),
            record("list", "/data/*/at", "format", "string", 1),
            record("list", "/data/*/at", "absent", "absent", 3),
            status,
        ];
        let found = findings(&spec, &records);
        let summary: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|f| (f.record.pointer.as_str(), f.place.as_str(), f.actions.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("/data/*/count", "components.schemas.Booking.count", 1),
                ("/data/*/tax", "components.schemas.Booking.tax", 3),
                ("", "GET /b 409", 1),
                ("/data/*/currency", "components.schemas.Booking.currency", 1),
                ("/data/*/at", "components.schemas.Booking.at", 1),
                ("/data/*/tier", "components.schemas.Booking.tier", 1),
            ]
        );
        assert_eq!(found[0].actions[0].update, Some(json!({"type": "number"})));
        assert_eq!(found[0].observed, 10);
        // A string where a decimal number was: "number, or what was seen".
        assert_eq!(
            found[1].actions[0].target,
            "$.components.schemas.Booking.properties.tax.type"
        );
        assert_eq!(
            found[1].actions[2].update,
            Some(json!({"anyOf": [{"type": "number", "format": "decimal"}, {"type": "string"}]}))
        );
        assert_eq!(
            found[2].actions[0].update,
            Some(json!({"409": {
                "description": "409 (seen from the API; not in the vendor's docs)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
            }}))
        );
        let proposal = overlay(&found, &["a.jsonl".into()]);
        assert!(proposal.contains("# list 200 /data/*/count (type-mismatch): the spec says integer; number seen 4 times in 10 responses"), "{proposal}");
        crate::merge::overlay::Overlay::parse("proposal.yaml", &proposal).unwrap();
    }
}
