//! The checker drift watch had before the compiled one: the whole answer
//! parsed into a `serde_json::Value`, then walked against the schemas looked
//! up by name at every node. Kept here, out of the published crate, as the
//! reference the compiled checker must agree with (the tests in `lib.rs` and a
//! property test in `tests/it/drift.rs` compare them) and as the "before"
//! of the drift benchmark.

use std::collections::BTreeMap;

use serde_json::Value;

use super::findings::{
    Finding, Kind, MAX_DEPTH, NOT_JSON, Tally, body_type, format_problem, json_type, push_token,
};

/// The response schemas of every operation, and the components they refer to.
pub(crate) struct Schemas {
    /// operationId -> status (or `default`, `4XX`) -> body schema (`None`:
    /// documented without a JSON body).
    operations: BTreeMap<String, BTreeMap<String, Option<Value>>>,
    components: Value,
}

impl Schemas {
    pub(crate) fn from_spec(spec: &Value) -> Self {
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

pub(crate) fn check(schemas: &Schemas, operation: &str, status: u16, body: &[u8]) -> Vec<Finding> {
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
