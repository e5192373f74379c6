//! Semantic diff of two OpenAPI documents, through two lenses: the wire
//! contract (would a request or response valid before stop being valid?)
//! and the generated Rust crate (would code written against the old crate
//! stop compiling, or start failing at run time?). `$ref`s are resolved, so a
//! schema moved into `components` is not a change; each change names its
//! operation and the JSON pointer (through references) where it happens.
//!
//! The rule ids follow oasdiff's where one exists.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::openapi::{self, escape_token};

/// How much a change matters, through one lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing that worked stops working.
    Info,
    /// Something may stop working, depending on use.
    Warning,
    /// Something that worked stops working.
    Breaking,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule, in kebab-case.
    pub id: &'static str,
    /// The worse of the two lenses.
    pub level: Level,
    /// For the wire contract.
    pub wire: Level,
    /// For Rust code using the generated crate.
    pub rust: Level,
    /// `METHOD /path`, or empty for document-wide changes.
    pub operation: String,
    /// JSON pointer where it happens (through `$ref`s, from the operation).
    pub path: String,
    /// What changed, for a human.
    pub message: String,
}

/// The version bump the changes call for, from the Rust lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing callers can see.
    Patch,
    /// Additions, or changes that break only some uses.
    Minor,
    /// Code written against the old crate breaks.
    Major,
}

impl Semver {
    /// The bump for a set of changes: any Rust-breaking change is major; any
    /// other change minor; none patch.
    pub fn of(changes: &[Change]) -> Self {
        if changes.iter().any(|c| c.rust == Level::Breaking) {
            Semver::Major
        } else if changes.is_empty() {
            Semver::Patch
        } else {
            Semver::Minor
        }
    }

    fn label(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

use Level::{Breaking as B, Info as I, Warning as W};

/// Every rule: id, wire level, Rust level. The Rust lens of the generated
/// crate: operations are methods named by operationId, parameters are
/// builder methods, bodies are structs with public fields (`Option<T>` when
/// not required or nullable), enums are exhaustive Rust enums.
pub const RULES: [(&str, Level, Level); 40] = [
    ("endpoint-added", I, I),
    ("api-removed-without-deprecation", B, B),
    // The method is renamed: every caller stops compiling.
    ("api-operation-id-changed", I, B),
    // The URL is the same; the builder method is renamed.
    ("request-path-param-renamed", I, B),
    ("new-required-request-parameter", B, B),
    // Builder style: a new optional parameter is a new builder method.
    ("new-optional-request-parameter", I, I),
    ("request-parameter-removed", W, B),
    ("request-parameter-became-required", B, B),
    ("request-parameter-became-optional", I, I),
    ("request-parameter-type-changed", B, B),
    ("request-body-added", W, B),
    ("request-body-removed", W, B),
    ("request-body-became-required", B, B),
    ("new-required-request-property", B, B),
    // A new public field: struct literals must name it (builders need not).
    ("new-optional-request-property", I, W),
    ("request-property-removed", W, B),
    ("request-property-became-required", B, B),
    // `T` becomes `Option<T>`.
    ("request-property-became-optional", I, B),
    ("request-property-type-changed", B, B),
    // The Rust type may change (`String` to `DateTime`).
    ("request-property-format-changed", W, B),
    ("request-property-became-nullable", I, B),
    ("request-property-became-not-nullable", B, B),
    // A new variant of an exhaustive enum.
    ("request-property-enum-value-added", I, B),
    ("request-property-enum-value-removed", B, B),
    ("response-success-status-removed", B, B),
    // A new public field breaks only code that builds these structs (mocks).
    ("response-optional-property-added", I, W),
    ("response-required-property-added", I, W),
    ("response-optional-property-removed", W, B),
    ("response-required-property-removed", B, B),
    // `Option<T>` becomes `T`.
    ("response-property-became-required", I, B),
    ("response-property-became-optional", B, B),
    ("response-property-type-changed", B, B),
    ("response-property-format-changed", W, B),
    // Old code decoding a null into `T` fails at run time.
    ("response-property-became-nullable", B, B),
    ("response-property-became-not-nullable", I, B),
    // Old code fails to decode the new value at run time.
    ("response-property-enum-value-added", W, B),
    ("response-property-enum-value-removed", I, B),
    // A token without the new scope is refused.
    ("api-security-scope-added", B, B),
    ("api-security-scope-removed", I, I),
    // The crate's default base URL follows the spec.
    ("api-server-changed", B, I),
];

fn rule(id: &'static str) -> (Level, Level) {
    RULES
        .iter()
        .find(|(rule, _, _)| *rule == id)
        .map(|(_, wire, rust)| (*wire, *rust))
        .unwrap_or_else(|| panic!("rule {id} is in RULES"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    changes: Vec<Change>,
}

/// All changes from `old` to `new`, most severe first.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
    };
    differ.servers();
    differ.operations();
    let mut changes = differ.changes;
    changes.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then_with(|| a.operation.cmp(&b.operation))
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.id.cmp(b.id))
    });
    changes.dedup();
    changes
}

/// `/things/{id}` and `/things/{thing_id}` are one path on the wire.
fn wire_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

impl Differ<'_> {
    fn push(&mut self, id: &'static str, operation: &str, path: &str, message: String) {
        let (wire, rust) = rule(id);
        self.changes.push(Change {
            id,
            level: wire.max(rust),
            wire,
            rust,
            operation: operation.to_string(),
            path: path.to_string(),
            message,
        });
    }

    fn servers(&mut self) {
        let urls = |doc: &Value| -> BTreeSet<String> {
            doc.get("servers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("url").and_then(Value::as_str).map(String::from))
                .collect()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        if old != new {
            let show = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
            self.push(
                "api-server-changed",
                "",
                "/servers",
                format!("servers changed from [{}] to [{}]", show(&old), show(&new)),
            );
        }
    }

    fn operations(&mut self) {
        let index = |doc: &Value| -> BTreeMap<(String, String), (String, Value)> {
            openapi::operations(doc)
                .into_iter()
                .map(|(path, method, op)| ((wire_path(&path), method), (path, op.clone())))
                .collect()
        };
        let (old, new) = (index(self.old), index(self.new));
        for ((_, method), (path, _)) in old.iter().filter(|(k, _)| !new.contains_key(*k)) {
            let name = format!("{} {path}", method.to_ascii_uppercase());
            self.push(
                "api-removed-without-deprecation",
                &name,
                &openapi::operation_pointer(path, method),
                format!("`{name}` was removed"),
            );
        }
        for ((_, method), (path, _)) in new.iter().filter(|(k, _)| !old.contains_key(*k)) {
            let name = format!("{} {path}", method.to_ascii_uppercase());
            self.push(
                "endpoint-added",
                &name,
                &openapi::operation_pointer(path, method),
                format!("`{name}` was added"),
            );
        }
        for (key, (old_path, old_op)) in &old {
            if let Some((new_path, new_op)) = new.get(key) {
                self.operation(&key.1, old_path, old_op, new_path, new_op);
            }
        }
    }

    fn operation(
        &mut self,
        method: &str,
        old_path: &str,
        old: &Value,
        new_path: &str,
        new: &Value,
    ) {
        let name = format!("{} {new_path}", method.to_ascii_uppercase());
        let at = openapi::operation_pointer(new_path, method);
        let (old_id, new_id) = (old.get("operationId"), new.get("operationId"));
        if old_id != new_id {
            let show =
                |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("(none)").to_string();
            self.push(
                "api-operation-id-changed",
                &name,
                &format!("{at}/operationId"),
                format!(
                    "operationId `{}` became `{}`: the method `{}` is renamed",
                    show(old_id),
                    show(new_id),
                    show(old_id)
                ),
            );
        }
        let (old_names, new_names) = (
            crate::normalize::template_names(old_path),
            crate::normalize::template_names(new_path),
        );
        for (o, n) in old_names.iter().zip(&new_names).filter(|(o, n)| o != n) {
            self.push(
                "request-path-param-renamed",
                &name,
                &at,
                format!("path parameter `{o}` became `{n}`: the builder method `{o}` is renamed"),
            );
        }
        self.parameters(&name, &at, old, new, &old_names, &new_names);
        self.request_body(&name, &at, old, new);
        self.responses(&name, &at, old, new);
        self.security(&name, &at, old, new);
    }

    /// Parameters by location and name; path parameters by position, since
    /// a rename is reported on its own.
    fn parameters(
        &mut self,
        name: &str,
        at: &str,
        old: &Value,
        new: &Value,
        old_path_names: &[String],
        new_path_names: &[String],
    ) {
        let params =
            |doc: &Value, op: &Value, path_names: &[String]| -> BTreeMap<(String, String), Value> {
                op.get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|p| openapi::resolve_deep(doc, p).clone())
                    .filter_map(|p| {
                        let location = p.get("in")?.as_str()?.to_string();
                        let mut key = p.get("name")?.as_str()?.to_string();
                        if location == "path"
                            && let Some(i) = path_names.iter().position(|n| *n == key)
                        {
                            key = format!("#{i}");
                        }
                        Some(((location, key.to_ascii_lowercase()), p))
                    })
                    .collect()
            };
        let (old_params, new_params) = (
            params(self.old, old, old_path_names),
            params(self.new, new, new_path_names),
        );
        let shown = |p: &Value| {
            format!(
                "{} parameter `{}`",
                p["in"].as_str().unwrap_or("?"),
                p["name"].as_str().unwrap_or("?")
            )
        };
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        for (key, p) in &new_params {
            let here = format!("{at}/parameters");
            match old_params.get(key) {
                None if required(p) => self.push(
                    "new-required-request-parameter",
                    name,
                    &here,
                    format!("new required {}", shown(p)),
                ),
                None => self.push(
                    "new-optional-request-parameter",
                    name,
                    &here,
                    format!("new optional {}", shown(p)),
                ),
                Some(old_p) => {
                    if !required(old_p) && required(p) {
                        self.push(
                            "request-parameter-became-required",
                            name,
                            &here,
                            format!("{} became required", shown(p)),
                        );
                    }
                    if required(old_p) && !required(p) {
                        self.push(
                            "request-parameter-became-optional",
                            name,
                            &here,
                            format!("{} became optional", shown(p)),
                        );
                    }
                    let ty = |p: &Value, doc: &Value| {
                        p.get("schema")
                            .map(|s| openapi::resolve_deep(doc, s))
                            .and_then(|s| s.get("type").cloned())
                    };
                    if ty(old_p, self.old) != ty(p, self.new) {
                        self.push(
                            "request-parameter-type-changed",
                            name,
                            &here,
                            format!("{} changed type", shown(p)),
                        );
                    }
                }
            }
        }
        for (key, p) in &old_params {
            if !new_params.contains_key(key) {
                self.push(
                    "request-parameter-removed",
                    name,
                    &format!("{at}/parameters"),
                    format!("{} was removed", shown(p)),
                );
            }
        }
    }

    fn request_body(&mut self, name: &str, at: &str, old: &Value, new: &Value) {
        let body = |doc: &Value, op: &Value| -> Option<Value> {
            op.get("requestBody")
                .map(|b| openapi::resolve_deep(doc, b).clone())
        };
        let here = format!("{at}/requestBody");
        match (body(self.old, old), body(self.new, new)) {
            (None, Some(_)) => self.push(
                "request-body-added",
                name,
                &here,
                "a request body was added".into(),
            ),
            (Some(_), None) => self.push(
                "request-body-removed",
                name,
                &here,
                "the request body was removed".into(),
            ),
            (Some(o), Some(n)) => {
                let required = |b: &Value| b.get("required") == Some(&Value::Bool(true));
                if !required(&o) && required(&n) {
                    self.push(
                        "request-body-became-required",
                        name,
                        &here,
                        "the request body became required".into(),
                    );
                }
                let schema = |b: &Value| b.pointer("/content/application~1json/schema").cloned();
                if let (Some(os), Some(ns)) = (schema(&o), schema(&n)) {
                    let path = format!("{here}/content/application~1json/schema");
                    self.schema(
                        Direction::Request,
                        name,
                        &path,
                        &os,
                        &ns,
                        &mut BTreeSet::new(),
                    );
                }
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, name: &str, at: &str, old: &Value, new: &Value) {
        let successes = |doc: &Value, op: &Value| -> BTreeMap<String, Value> {
            op.get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(status, _)| status.starts_with('2'))
                .map(|(status, r)| (status.clone(), openapi::resolve_deep(doc, r).clone()))
                .collect()
        };
        let (old_r, new_r) = (successes(self.old, old), successes(self.new, new));
        for (status, o) in &old_r {
            let here = format!("{at}/responses/{}", escape_token(status));
            let Some(n) = new_r.get(status) else {
                self.push(
                    "response-success-status-removed",
                    name,
                    &here,
                    format!("success status {status} was removed"),
                );
                continue;
            };
            let schema = |r: &Value| r.pointer("/content/application~1json/schema").cloned();
            if let (Some(os), Some(ns)) = (schema(o), schema(n)) {
                let path = format!("{here}/content/application~1json/schema");
                self.schema(
                    Direction::Response,
                    name,
                    &path,
                    &os,
                    &ns,
                    &mut BTreeSet::new(),
                );
            }
        }
    }

    fn security(&mut self, name: &str, at: &str, old: &Value, new: &Value) {
        let scopes = |doc: &Value, op: &Value| -> BTreeSet<String> {
            op.get("security")
                .or_else(|| doc.get("security"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .flat_map(|r| r.values())
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        };
        let (o, n) = (scopes(self.old, old), scopes(self.new, new));
        let here = format!("{at}/security");
        for scope in n.difference(&o) {
            self.push(
                "api-security-scope-added",
                name,
                &here,
                format!("now needs scope `{scope}`"),
            );
        }
        for scope in o.difference(&n) {
            self.push(
                "api-security-scope-removed",
                name,
                &here,
                format!("no longer needs scope `{scope}`"),
            );
        }
    }

    /// Compares two schemas at `path`, following `$ref`s; `seen` holds the
    /// reference pairs on the way here, so recursive schemas end.
    fn schema(
        &mut self,
        direction: Direction,
        name: &str,
        path: &str,
        old: &Value,
        new: &Value,
        seen: &mut BTreeSet<(String, String)>,
    ) {
        let refs = (
            old.get("$ref")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            new.get("$ref")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        );
        let via_ref = !refs.0.is_empty() || !refs.1.is_empty();
        if via_ref && !seen.insert(refs.clone()) {
            return;
        }
        let (o, n) = (
            openapi::resolve_deep(self.old, old),
            openapi::resolve_deep(self.new, new),
        );
        let request = direction == Direction::Request;
        let pick = |req: &'static str, resp: &'static str| if request { req } else { resp };
        let field = path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace("~1", "/")
            .replace("~0", "~");

        if o.get("type") != n.get("type") && o.get("type").is_some() && n.get("type").is_some() {
            self.push(
                pick(
                    "request-property-type-changed",
                    "response-property-type-changed",
                ),
                name,
                path,
                format!("`{field}` changed type from {} to {}", o["type"], n["type"]),
            );
        } else {
            if o.get("format") != n.get("format") {
                let show = |v: &Value| {
                    v.get("format")
                        .and_then(Value::as_str)
                        .unwrap_or("none")
                        .to_string()
                };
                self.push(
                    pick(
                        "request-property-format-changed",
                        "response-property-format-changed",
                    ),
                    name,
                    path,
                    format!("`{field}` changed format from {} to {}", show(o), show(n)),
                );
            }
            let nullable = |v: &Value| v.get("nullable") == Some(&Value::Bool(true));
            match (nullable(o), nullable(n)) {
                (false, true) => self.push(
                    pick(
                        "request-property-became-nullable",
                        "response-property-became-nullable",
                    ),
                    name,
                    path,
                    format!("`{field}` became nullable"),
                ),
                (true, false) => self.push(
                    pick(
                        "request-property-became-not-nullable",
                        "response-property-became-not-nullable",
                    ),
                    name,
                    path,
                    format!("`{field}` is no longer nullable"),
                ),
                _ => {}
            }
            self.enums(direction, name, path, &field, o, n);
        }

        let properties = |v: &Value| {
            v.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let required = |v: &Value| -> BTreeSet<String> {
            v.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(String::from))
                .collect()
        };
        let (op, np, or, nr) = (properties(o), properties(n), required(o), required(n));
        for (prop, ns) in &np {
            let here = format!("{path}/properties/{}", escape_token(prop));
            match op.get(prop) {
                None => {
                    let id = match (request, nr.contains(prop)) {
                        (true, true) => "new-required-request-property",
                        (true, false) => "new-optional-request-property",
                        (false, true) => "response-required-property-added",
                        (false, false) => "response-optional-property-added",
                    };
                    self.push(id, name, &here, format!("property `{prop}` was added"));
                }
                Some(os) => {
                    match (or.contains(prop), nr.contains(prop)) {
                        (false, true) => self.push(
                            pick(
                                "request-property-became-required",
                                "response-property-became-required",
                            ),
                            name,
                            &here,
                            format!("property `{prop}` became required"),
                        ),
                        (true, false) => self.push(
                            pick(
                                "request-property-became-optional",
                                "response-property-became-optional",
                            ),
                            name,
                            &here,
                            format!("property `{prop}` became optional"),
                        ),
                        _ => {}
                    }
                    self.schema(direction, name, &here, os, ns, seen);
                }
            }
        }
        for prop in op.keys().filter(|p| !np.contains_key(*p)) {
            let here = format!("{path}/properties/{}", escape_token(prop));
            let id = match (request, or.contains(prop)) {
                (true, _) => "request-property-removed",
                (false, true) => "response-required-property-removed",
                (false, false) => "response-optional-property-removed",
            };
            self.push(id, name, &here, format!("property `{prop}` was removed"));
        }
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.schema(direction, name, &format!("{path}/items"), oi, ni, seen);
        }
        if let (Some(oa @ Value::Object(_)), Some(na @ Value::Object(_))) =
            (o.get("additionalProperties"), n.get("additionalProperties"))
        {
            self.schema(
                direction,
                name,
                &format!("{path}/additionalProperties"),
                oa,
                na,
                seen,
            );
        }
        if via_ref {
            seen.remove(&refs);
        }
    }

    fn enums(
        &mut self,
        direction: Direction,
        name: &str,
        path: &str,
        field: &str,
        o: &Value,
        n: &Value,
    ) {
        let values =
            |v: &Value| -> Option<Vec<Value>> { v.get("enum").and_then(Value::as_array).cloned() };
        let (Some(ov), Some(nv)) = (values(o), values(n)) else {
            return;
        };
        let request = direction == Direction::Request;
        for added in nv.iter().filter(|v| !ov.contains(v)) {
            let id = if request {
                "request-property-enum-value-added"
            } else {
                "response-property-enum-value-added"
            };
            self.push(
                id,
                name,
                path,
                format!("`{field}` accepts new value {added}"),
            );
        }
        for removed in ov.iter().filter(|v| !nv.contains(v)) {
            let id = if request {
                "request-property-enum-value-removed"
            } else {
                "response-property-enum-value-removed"
            };
            self.push(id, name, path, format!("`{field}` lost value {removed}"));
        }
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One block per change, for a terminal.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// `{"changes": [...], "semver": "..."}`, stable for machines.
    Json,
}

/// Renders the changes.
pub fn render(changes: &[Change], output: Output, old: &str, new: &str) -> String {
    let semver = Semver::of(changes);
    match output {
        Output::Json => {
            let doc = serde_json::json!({"changes": changes, "semver": semver});
            let mut out = serde_json::to_string_pretty(&doc).expect("changes serialize");
            out.push('\n');
            out
        }
        Output::Text => {
            let mut out = String::new();
            for c in changes {
                out.push_str(&format!(
                    "{:<8} {} {}\n         {} (wire: {}, rust: {})\n         at {}\n",
                    c.level.label().to_ascii_uppercase(),
                    c.id,
                    if c.operation.is_empty() {
                        "(document)"
                    } else {
                        &c.operation
                    },
                    c.message,
                    c.wire.label(),
                    c.rust.label(),
                    c.path
                ));
            }
            out.push_str(&format!(
                "{}\nsuggested version bump: {}\n",
                summary(changes, old, new),
                semver.label()
            ));
            out
        }
        Output::Markdown => markdown(changes, semver, old, new),
    }
}

fn summary(changes: &[Change], old: &str, new: &str) -> String {
    let count = |f: &dyn Fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    format!(
        "{} changes from {old} to {new}: {} breaking for Rust callers, {} breaking on the wire",
        changes.len(),
        count(&|c| c.rust == Level::Breaking),
        count(&|c| c.wire == Level::Breaking),
    )
}

fn markdown(changes: &[Change], semver: Semver, old: &str, new: &str) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let table = |rows: &[&Change]| {
        let mut out =
            String::from("| Change | Operation | Wire | Rust | Where |\n|---|---|---|---|---|\n");
        for c in rows {
            out.push_str(&format!(
                "| `{}`: {} | {} | {} | {} | `{}` |\n",
                c.id,
                cell(&c.message),
                if c.operation.is_empty() {
                    "—".into()
                } else {
                    format!("`{}`", cell(&c.operation))
                },
                c.wire.label(),
                c.rust.label(),
                cell(&c.path)
            ));
        }
        out
    };
    let verdict = match semver {
        Semver::Major => "⚠️ **breaking**: suggests a **major** version bump",
        Semver::Minor => "suggests a **minor** version bump",
        Semver::Patch => "✅ no API change: a **patch** release at most",
    };
    let mut out = format!(
        "### Spec diff: {verdict}\n\n{}\n",
        summary(changes, old, new)
    );
    let (breaking, rest): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|c| c.level == Level::Breaking);
    if !breaking.is_empty() {
        out.push_str(&format!(
            "\n#### Breaking changes ({})\n\n{}",
            breaking.len(),
            table(&breaking)
        ));
    }
    if !rest.is_empty() {
        out.push_str(&format!(
            "\n<details>\n<summary>Other changes ({})</summary>\n\n{}\n</details>\n",
            rest.len(),
            table(&rest)
        ));
    }
    out
}

/// Whether `changes` reach `threshold` (for `--fail-on`).
pub fn fails(changes: &[Change], threshold: Option<Level>) -> bool {
    threshold.is_some_and(|t| changes.iter().any(|c| c.level >= t))
}

#[cfg(test)]
mod tests {
    // One test per diff rule: a base document, a small change to it, and the
    // change(s) the diff must report with both lenses' levels.

    use serde_json::{Value, json};

    use super::*;

    /// `GET /things/{thing_id}` returns a `Thing`; `PATCH` takes a `ThingUpdate`.
    fn base() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://api.example.com"}],
            "paths": {
                "/things/{thing_id}": {
                    "get": {
                        "operationId": "get_thing",
                        "parameters": [
                            {"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}},
                            {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
                        ],
                        "security": [{"O": ["things:read"]}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
                    },
                    "patch": {
                        "operationId": "update_thing",
                        "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingUpdate"}}}},
                        "responses": {"204": {"description": "done"}}
                    }
                }
            },
            "components": {
                "schemas": {
                    "Thing": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "status": {"type": "string", "enum": ["active", "cancelled"]},
                            "price": {"type": "number"},
                            "created_at": {"type": "string", "format": "date-time"},
                            "note": {"type": "string", "nullable": true},
                            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}
                        }
                    },
                    "Tag": {"type": "object", "properties": {"label": {"type": "string"}, "parent": {"$ref": "#/components/schemas/Tag"}}},
                    "ThingUpdate": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string"},
                            "status": {"type": "string", "enum": ["active", "cancelled"]},
                            "note": {"type": "string"}
                        }
                    }
                }
            }
        })
    }

    /// The changes one edit of the base document makes: (id, operation, wire, rust).
    fn changes(edit: impl FnOnce(&mut Value)) -> Vec<(&'static str, String, Level, Level)> {
        let old = base();
        let mut new = base();
        edit(&mut new);
        diff(&old, &new)
            .into_iter()
            .map(|c| (c.id, c.operation, c.wire, c.rust))
            .collect()
    }

    fn one(
        id: &'static str,
        op: &str,
        wire: Level,
        rust: Level,
    ) -> Vec<(&'static str, String, Level, Level)> {
        vec![(id, op.to_string(), wire, rust)]
    }

    const GET: &str = "GET /things/{thing_id}";
    const PATCH: &str = "PATCH /things/{thing_id}";

    fn thing(v: &mut Value) -> &mut Value {
        &mut v["components"]["schemas"]["Thing"]
    }

    fn update(v: &mut Value) -> &mut Value {
        &mut v["components"]["schemas"]["ThingUpdate"]
    }

    #[test]
    fn the_same_document_has_no_changes() {
        assert_eq!(changes(|_| {}), vec![]);
        assert_eq!(Semver::of(&[]), Semver::Patch);
    }

    #[test]
    fn endpoint_added() {
        let got = changes(|v| {
            v["paths"]["/other"] = json!({"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}})
        });
        assert_eq!(got, one("endpoint-added", "GET /other", I, I));
    }

    #[test]
    fn operation_removed() {
        let got = changes(|v| {
            v["paths"]["/things/{thing_id}"]
                .as_object_mut()
                .unwrap()
                .shift_remove("patch");
        });
        assert_eq!(got, one("api-removed-without-deprecation", PATCH, B, B));
    }

    #[test]
    fn operation_id_changed() {
        let got = changes(|v| {
            v["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing")
        });
        assert_eq!(got, one("api-operation-id-changed", GET, I, B));
    }

    #[test]
    fn path_parameter_renamed() {
        let got = changes(|v| {
            let item = v["paths"]
                .as_object_mut()
                .unwrap()
                .shift_remove("/things/{thing_id}")
                .unwrap();
            let text = item.to_string().replace("\"thing_id\"", "\"id\"");
            v["paths"]["/things/{id}"] = serde_json::from_str(&text).unwrap();
        });
        assert_eq!(
            got,
            vec![
                (
                    "request-path-param-renamed",
                    "GET /things/{id}".to_string(),
                    I,
                    B
                ),
                (
                    "request-path-param-renamed",
                    "PATCH /things/{id}".to_string(),
                    I,
                    B
                ),
            ]
        );
    }

    #[test]
    fn parameter_added_required_and_optional() {
        let got = changes(|v| {
            let params = v["paths"]["/things/{thing_id}"]["get"]["parameters"]
                .as_array_mut()
                .unwrap();
            params.push(json!({"name": "X-Tenant", "in": "header", "required": true, "schema": {"type": "string"}}));
            params.push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}}));
        });
        assert_eq!(
            got,
            vec![
                ("new-required-request-parameter", GET.to_string(), B, B),
                ("new-optional-request-parameter", GET.to_string(), I, I),
            ]
        );
    }

    #[test]
    fn parameter_removed_became_required_and_changed_type() {
        let removed = changes(|v| {
            v["paths"]["/things/{thing_id}"]["get"]["parameters"]
                .as_array_mut()
                .unwrap()
                .remove(1);
        });
        assert_eq!(removed, one("request-parameter-removed", GET, W, B));
        let required = changes(|v| {
            v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["required"] = json!(true)
        });
        assert_eq!(
            required,
            one("request-parameter-became-required", GET, B, B)
        );
        let typed = changes(|v| {
            v["paths"]["/things/{thing_id}"]["get"]["parameters"][1]["schema"]["type"] =
                json!("integer")
        });
        assert_eq!(typed, one("request-parameter-type-changed", GET, B, B));
    }

    #[test]
    fn request_property_added_required_and_optional() {
        let got = changes(|v| {
            update(v)["properties"]["owner"] = json!({"type": "string"});
            update(v)["properties"]["colour"] = json!({"type": "string"});
            update(v)["required"] = json!(["name", "owner"]);
        });
        assert_eq!(
            got,
            vec![
                ("new-required-request-property", PATCH.to_string(), B, B),
                ("new-optional-request-property", PATCH.to_string(), I, W),
            ]
        );
    }

    #[test]
    fn request_property_removed() {
        let got = changes(|v| {
            update(v)["properties"]
                .as_object_mut()
                .unwrap()
                .shift_remove("note");
        });
        assert_eq!(got, one("request-property-removed", PATCH, W, B));
    }

    #[test]
    fn request_property_became_required_or_optional() {
        let required = changes(|v| update(v)["required"] = json!(["name", "status"]));
        assert_eq!(
            required,
            one("request-property-became-required", PATCH, B, B)
        );
        let optional = changes(|v| update(v)["required"] = json!([]));
        assert_eq!(
            optional,
            one("request-property-became-optional", PATCH, I, B)
        );
    }

    #[test]
    fn request_enum_value_added_and_removed() {
        let got =
            changes(|v| update(v)["properties"]["status"]["enum"] = json!(["active", "paused"]));
        assert_eq!(
            got,
            vec![
                ("request-property-enum-value-added", PATCH.to_string(), I, B),
                (
                    "request-property-enum-value-removed",
                    PATCH.to_string(),
                    B,
                    B
                ),
            ]
        );
    }

    #[test]
    fn request_nullable_changes() {
        let nullable = changes(|v| update(v)["properties"]["note"]["nullable"] = json!(true));
        assert_eq!(
            nullable,
            one("request-property-became-nullable", PATCH, I, B)
        );
        let mut with_nullable = base();
        update(&mut with_nullable)["properties"]["note"]["nullable"] = json!(true);
        let got: Vec<_> = diff(&with_nullable, &base())
            .into_iter()
            .map(|c| (c.id, c.wire, c.rust))
            .collect();
        assert_eq!(got, [("request-property-became-not-nullable", B, B)]);
    }

    #[test]
    fn response_property_added_and_removed() {
        let added = changes(|v| {
            thing(v)["properties"]["colour"] = json!({"type": "string"});
            thing(v)["properties"]["owner"] = json!({"type": "string"});
            thing(v)["required"] = json!(["id", "owner"]);
        });
        assert_eq!(
            added,
            vec![
                ("response-optional-property-added", GET.to_string(), I, W),
                ("response-required-property-added", GET.to_string(), I, W),
            ]
        );
        let removed = changes(|v| {
            let props = thing(v)["properties"].as_object_mut().unwrap();
            props.shift_remove("id");
            props.shift_remove("name");
        });
        assert_eq!(
            removed,
            vec![
                ("response-required-property-removed", GET.to_string(), B, B),
                ("response-optional-property-removed", GET.to_string(), W, B),
            ]
        );
    }

    #[test]
    fn response_property_became_required_or_optional() {
        let required = changes(|v| thing(v)["required"] = json!(["id", "name"]));
        assert_eq!(
            required,
            one("response-property-became-required", GET, I, B)
        );
        let optional = changes(|v| thing(v)["required"] = json!([]));
        assert_eq!(
            optional,
            one("response-property-became-optional", GET, B, B)
        );
    }

    #[test]
    fn response_type_and_format_changes() {
        let typed = changes(|v| thing(v)["properties"]["price"]["type"] = json!("string"));
        assert_eq!(typed, one("response-property-type-changed", GET, B, B));
        let format = changes(|v| thing(v)["properties"]["created_at"]["format"] = json!("date"));
        assert_eq!(format, one("response-property-format-changed", GET, W, B));
        let request_format =
            changes(|v| update(v)["properties"]["note"]["format"] = json!("email"));
        assert_eq!(
            request_format,
            one("request-property-format-changed", PATCH, W, B)
        );
        let request_type = changes(|v| update(v)["properties"]["note"]["type"] = json!("integer"));
        assert_eq!(
            request_type,
            one("request-property-type-changed", PATCH, B, B)
        );
    }

    #[test]
    fn response_enum_value_added_and_removed() {
        let got =
            changes(|v| thing(v)["properties"]["status"]["enum"] = json!(["active", "paused"]));
        assert_eq!(
            got,
            vec![
                ("response-property-enum-value-added", GET.to_string(), W, B),
                (
                    "response-property-enum-value-removed",
                    GET.to_string(),
                    I,
                    B
                ),
            ]
        );
    }

    #[test]
    fn response_nullable_changes() {
        let nullable = changes(|v| thing(v)["properties"]["name"]["nullable"] = json!(true));
        assert_eq!(
            nullable,
            one("response-property-became-nullable", GET, B, B)
        );
        let not_nullable = changes(|v| {
            thing(v)["properties"]["note"]
                .as_object_mut()
                .unwrap()
                .shift_remove("nullable");
        });
        assert_eq!(
            not_nullable,
            one("response-property-became-not-nullable", GET, I, B)
        );
    }

    #[test]
    fn changes_inside_recursive_schemas_are_found_and_the_walk_ends() {
        let got = changes(|v| {
            v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer")
        });
        assert_eq!(got, one("response-property-type-changed", GET, B, B));
        let paths: Vec<String> = diff(&base(), &{
            let mut v = base();
            v["components"]["schemas"]["Tag"]["properties"]["label"]["type"] = json!("integer");
            v
        })
        .into_iter()
        .map(|c| c.path)
        .collect();
        assert_eq!(
            paths,
            [
                "/paths/~1things~1{thing_id}/get/responses/200/content/application~1json/schema/properties/tags/items/properties/label"
            ]
        );
    }

    #[test]
    fn security_scopes_added_and_removed() {
        let got = changes(|v| {
            v["paths"]["/things/{thing_id}"]["get"]["security"] = json!([{"O": ["things:admin"]}])
        });
        assert_eq!(
            got,
            vec![
                ("api-security-scope-added", GET.to_string(), B, B),
                ("api-security-scope-removed", GET.to_string(), I, I),
            ]
        );
    }

    #[test]
    fn server_changed() {
        let got = changes(|v| v["servers"] = json!([{"url": "https://api2.example.com"}]));
        assert_eq!(got, vec![("api-server-changed", String::new(), B, I)]);
    }

    #[test]
    fn request_body_added_removed_and_required() {
        let required = changes(|v| {
            v["paths"]["/things/{thing_id}"]["patch"]["requestBody"]["required"] = json!(true)
        });
        assert_eq!(required, one("request-body-became-required", PATCH, B, B));
        let removed = changes(|v| {
            v["paths"]["/things/{thing_id}"]["patch"]
                .as_object_mut()
                .unwrap()
                .shift_remove("requestBody");
        });
        assert_eq!(removed, one("request-body-removed", PATCH, W, B));
    }

    #[test]
    fn success_status_removed() {
        let got = changes(|v| {
            let responses = v["paths"]["/things/{thing_id}"]["patch"]["responses"]
                .as_object_mut()
                .unwrap();
            responses.shift_remove("204");
            responses.insert("202".into(), json!({"description": "accepted"}));
        });
        assert_eq!(got, one("response-success-status-removed", PATCH, B, B));
    }

    #[test]
    fn semver_follows_the_rust_lens() {
        let change = |rust| Change {
            id: "x",
            level: rust,
            wire: Level::Info,
            rust,
            operation: String::new(),
            path: String::new(),
            message: String::new(),
        };
        assert_eq!(Semver::of(&[change(Level::Info)]), Semver::Minor);
        assert_eq!(Semver::of(&[change(Level::Warning)]), Semver::Minor);
        assert_eq!(
            Semver::of(&[change(Level::Info), change(Level::Breaking)]),
            Semver::Major
        );
    }

    #[test]
    fn every_rule_in_the_table_is_distinct() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn markdown_puts_breaking_changes_first_and_folds_the_rest() {
        let mut new = base();
        new["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing");
        new["paths"]["/other"] =
            json!({"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}});
        let changes = diff(&base(), &new);
        let md = render(&changes, Output::Markdown, "old", "new");
        assert!(
            md.starts_with("### Spec diff: ⚠️ **breaking**: suggests a **major** version bump\n"),
            "{md}"
        );
        let breaking = md.find("#### Breaking changes (1)").unwrap();
        let details = md
            .find("<details>\n<summary>Other changes (1)</summary>")
            .unwrap();
        assert!(breaking < details);
        assert!(md[breaking..details].contains("`api-operation-id-changed`"));
        assert!(md[details..].contains("`endpoint-added`"));
    }

    #[test]
    fn json_output_is_the_stable_shape() {
        let mut new = base();
        new["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing");
        let out: Value =
            serde_json::from_str(&render(&diff(&base(), &new), Output::Json, "a", "b")).unwrap();
        assert_eq!(
            out,
            json!({
                "changes": [{
                    "id": "api-operation-id-changed",
                    "level": "breaking",
                    "wire": "info",
                    "rust": "breaking",
                    "operation": GET,
                    "path": "/paths/~1things~1{thing_id}/get/operationId",
                    "message": "operationId `get_thing` became `fetch_thing`: the method `get_thing` is renamed"
                }],
                "semver": "major"
            })
        );
    }
}
