//! Normalizations: the repairs that turn the vendor's sloppy single-endpoint
//! documents into something a generator accepts. Each is a plain function
//! over a document that returns how many places it changed, so the merge
//! report can show the count and a test can pin it.

use serde_json::{Map, Value, json};

use crate::naming::{snake_case, template_names};
use crate::openapi::{self, METHODS};

/// A normalization, in the order the merge applies and reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fix {
    /// A fragment's top-level `security` moved onto its operations.
    SecurityToOperation,
    /// An operationId derived from the summary, or from method and path.
    OperationId,
    /// A `{name}` in a path declared as a required path parameter.
    PathParameter,
    /// A response header without a typed schema dropped.
    UntypedHeader,
    /// A hop-by-hop, CDN or server header from the captured response dropped.
    TransportHeader,
    /// A non-standard string `format` (`color`, `style`) dropped.
    UnknownFormat,
    /// An inline schema replaced by a `$ref` to its named type.
    NamedType,
    /// An error body pointed at the one error schema.
    ErrorSchema,
    /// `nullable: true` without a type made a schema that accepts anything.
    UntypedNullable,
    /// An operation's required scopes added to its description.
    ScopesInDescription,
}

impl Fix {
    /// Every normalization, in report order.
    pub const ALL: [Fix; 10] = [
        Fix::SecurityToOperation,
        Fix::OperationId,
        Fix::PathParameter,
        Fix::UntypedHeader,
        Fix::TransportHeader,
        Fix::UnknownFormat,
        Fix::NamedType,
        Fix::ErrorSchema,
        Fix::UntypedNullable,
        Fix::ScopesInDescription,
    ];

    /// What the report calls it.
    pub fn label(self) -> &'static str {
        match self {
            Fix::SecurityToOperation => "security moved onto operations",
            Fix::OperationId => "operationIds derived",
            Fix::PathParameter => "path parameters declared",
            Fix::UntypedHeader => "untyped response headers dropped",
            Fix::TransportHeader => "transport and CDN response headers dropped",
            Fix::UnknownFormat => "non-standard formats dropped",
            Fix::NamedType => "inline schemas replaced by named types",
            Fix::ErrorSchema => "error bodies pointed at one error schema",
            Fix::UntypedNullable => "untyped `nullable` schemas made any-value",
            Fix::ScopesInDescription => "required scopes added to descriptions",
        }
    }
}

/// Moves a document's top-level `security` onto each of its operations that
/// has none of its own, and removes it from the top level: after the merge
/// every page's requirement must still apply to that page's operations only.
pub fn security_to_operations(doc: &mut Value) -> usize {
    let Some(security) = doc.as_object_mut().and_then(|d| d.remove("security")) else {
        return 0;
    };
    let mut count = 0;
    for_each_operation_mut(doc, |_, _, op| {
        if !op.contains_key("security") {
            op.insert("security".into(), security.clone());
            count += 1;
        }
    });
    count
}

/// Gives every operation without an `operationId` one: the summary in
/// snake_case, else the method and path. Returns the `(path, method, id)` of
/// each id derived here, so that the merge can tell them from the vendor's.
pub fn operation_ids(doc: &mut Value) -> Vec<(String, String, String)> {
    let mut derived = Vec::new();
    for_each_operation_mut(doc, |path, method, op| {
        if op.get("operationId").and_then(Value::as_str).is_some() {
            return;
        }
        let id = op
            .get("summary")
            .and_then(Value::as_str)
            .map(snake_case)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id_from_route(method, path));
        op.insert("operationId".into(), Value::String(id.clone()));
        derived.push((path.to_string(), method.to_string(), id));
    });
    derived
}

/// An operationId from method and path alone (`get_api_things_thing_id`):
/// distinct for distinct operations, and stable while the route is.
pub fn id_from_route(method: &str, path: &str) -> String {
    snake_case(&format!("{method} {path}"))
}

/// Declares every `{name}` in a path as a required path parameter (a string)
/// where neither the operation nor its path item declares it, and marks a
/// declared one `required`, as OpenAPI demands of path parameters. `$ref`
/// parameters are resolved to see their name and location.
pub fn path_parameters(doc: &mut Value) -> usize {
    // `$ref` parameters resolve against the document's own components; a
    // copy of just those keeps the borrow checker happy without copying
    // the whole document.
    let parameters = doc
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(Value::Null);
    path_parameters_resolving(doc, parameters)
}

/// As [`path_parameters`], for a document whose `components` are elsewhere:
/// `$ref` parameters resolve against `parameters` (the components' own).
pub fn path_parameters_resolving(doc: &mut Value, parameters: Value) -> usize {
    let snapshot = json!({"components": {"parameters": parameters}});
    let mut count = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for (path, item) in paths.iter_mut() {
        let names = template_names(path);
        if names.is_empty() {
            continue;
        }
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        count += require_path_params(&snapshot, item.get_mut("parameters"));
        let item_declared = declared_path_params(&snapshot, item.get("parameters"));
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            count += require_path_params(&snapshot, op.get_mut("parameters"));
            let op_declared = declared_path_params(&snapshot, op.get("parameters"));
            let missing: Vec<&String> = names
                .iter()
                .filter(|n| !item_declared.contains(n) && !op_declared.contains(n))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let params = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(vec![]));
            if let Some(params) = params.as_array_mut() {
                for name in missing {
                    params.push(json!({
                        "name": name,
                        "in": "path",
                        "required": true,
                        "schema": {"type": "string"}
                    }));
                    count += 1;
                }
            }
        }
    }
    count
}

fn declared_path_params(doc: &Value, params: Option<&Value>) -> Vec<String> {
    params
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| openapi::resolve_deep(doc, p))
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(String::from))
        .collect()
}

fn require_path_params(doc: &Value, params: Option<&mut Value>) -> usize {
    let mut count = 0;
    for param in params.and_then(Value::as_array_mut).into_iter().flatten() {
        // A `$ref` parameter is fixed where it is defined, not here.
        if param.get("$ref").is_some() {
            continue;
        }
        let resolved = openapi::resolve_deep(doc, param);
        if resolved.get("in").and_then(Value::as_str) == Some("path")
            && resolved.get("required") != Some(&Value::Bool(true))
            && let Some(p) = param.as_object_mut()
        {
            p.insert("required".into(), Value::Bool(true));
            count += 1;
        }
    }
    count
}

/// Drops response headers whose schema has no `type` (the vendor exports
/// `{"deprecated": false}` for `Date`, `CF-RAY`, ...); typed ones stay.
pub fn drop_untyped_headers(doc: &mut Value) -> usize {
    let mut count = 0;
    let mut fix = |response: &mut Map<String, Value>| {
        let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) else {
            return;
        };
        let before = headers.len();
        headers.retain(|_, header| {
            header.get("$ref").is_some()
                || header.get("content").is_some()
                || header
                    .get("schema")
                    .is_some_and(|s| s.get("type").is_some() || s.get("$ref").is_some())
        });
        count += before - headers.len();
        if headers.is_empty() {
            response.remove("headers");
        }
    };
    for_each_operation_mut(doc, |_, _, op| {
        for response in responses_mut(op) {
            fix(response);
        }
    });
    if let Some(responses) = doc
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        for response in responses.values_mut().filter_map(Value::as_object_mut) {
            fix(response);
        }
    }
    count
}

/// Response headers that describe one captured exchange, not the API: the
/// connection (hop-by-hop, RFC 9110 section 7.6.1), the encoding and length
/// of that body, the CDN and the server in front of the API, caching and
/// browser-security policy. A mock built from a spec that declares them
/// sends them with made-up values (`Transfer-Encoding: <random words>`), and
/// no caller can act on them. Names compare without case.
const TRANSPORT_HEADERS: [&str; 30] = [
    // Hop-by-hop.
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    // This body, this exchange.
    "content-encoding",
    "content-length",
    "content-type",
    "date",
    "age",
    "via",
    "server",
    "server-timing",
    "vary",
    "cache-control",
    "expires",
    "pragma",
    "set-cookie",
    "alt-svc",
    // Cloudflare.
    "cf-ray",
    "cf-cache-status",
    "cf-team",
    "nel",
    "report-to",
    // Browser security policy.
    "strict-transport-security",
    "x-content-type-options",
    "x-xss-protection",
    "x-frame-options",
];

/// Drops the transport, CDN and server headers above from every response; the API's own headers
/// (`X-Ratelimit-Limit`, `X-Ratelimit-Remaining`) stay.
pub fn drop_transport_headers(doc: &mut Value) -> usize {
    let mut count = 0;
    for_each_operation_mut(doc, |_, _, op| {
        for response in responses_mut(op) {
            let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) else {
                continue;
            };
            let before = headers.len();
            headers
                .retain(|name, _| !TRANSPORT_HEADERS.contains(&name.to_ascii_lowercase().as_str()));
            count += before - headers.len();
            if headers.is_empty() {
                response.remove("headers");
            }
        }
    });
    count
}

/// Formats that JSON Schema or the OpenAPI Format Registry define; others
/// (the vendor's `color` on a postcode, `style` on HTML) are dropped.
const STANDARD_FORMATS: [&str; 44] = [
    // OpenAPI 3.0 and its format registry.
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "double-int",
    "float",
    "double",
    "decimal",
    "decimal128",
    "byte",
    "binary",
    "base64url",
    "char",
    "password",
    "html",
    "commonmark",
    "media-range",
    "http-date",
    // JSON Schema.
    "date",
    "date-time",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "uuid",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    // Widespread in generated specs (schemars, dropshot).
    "uint",
    "int",
    "ip",
];

/// Drops `format`s that no standard defines (the vendor's `color` on a
/// postcode, `style` on HTML); standard ones stay.
pub fn drop_unknown_formats(doc: &mut Value) -> usize {
    let mut count = 0;
    openapi::visit_objects_mut(doc, &mut |schema| {
        let unknown = schema
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|f| !STANDARD_FORMATS.contains(&f));
        if unknown && schema.get("type").is_some_and(Value::is_string) {
            schema.remove("format");
            count += 1;
        }
    });
    count
}

/// `{"nullable": true}` with no type means "a value was null in the sample":
/// OpenAPI 3.0 ignores `nullable` without a `type`, and a generator would
/// reject null. The schema becomes one that accepts any value, null included.
pub fn untyped_nullable(doc: &mut Value) -> usize {
    let mut count = 0;
    openapi::visit_objects_mut(doc, &mut |schema| {
        let untyped = ["type", "$ref", "allOf", "oneOf", "anyOf", "not"]
            .iter()
            .all(|k| !schema.contains_key(*k));
        if untyped && schema.get("nullable") == Some(&Value::Bool(true)) {
            schema.remove("nullable");
            count += 1;
        }
    });
    count
}

/// Adds each operation's required OAuth scopes to its description, so that
/// the generated method's documentation says which scope a caller needs.
pub fn scopes_in_descriptions(doc: &mut Value) -> usize {
    let mut count = 0;
    for_each_operation_mut(doc, |_, _, op| {
        let Some(requirements) = op.get("security").and_then(Value::as_array) else {
            return;
        };
        let alternatives: Vec<Vec<String>> = requirements
            .iter()
            .filter_map(Value::as_object)
            .map(|req| {
                req.values()
                    .filter_map(Value::as_array)
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
            })
            .filter(|scopes| !scopes.is_empty())
            .collect();
        let line = match alternatives.as_slice() {
            [] => return,
            [one] if one.len() == 1 => format!("Required scope: {}.", one[0]),
            [one] => format!("Required scopes: {}.", one.join(", ")),
            many => format!(
                "Required scopes, any one of: {}.",
                many.iter()
                    .map(|s| s.join(" and "))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        let description = match op.get("description").and_then(Value::as_str) {
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{line}", d.trim_end()),
            _ => line,
        };
        op.insert("description".into(), Value::String(description));
        count += 1;
    });
    count
}

/// Calls `f(path, method, operation)` for every operation.
pub fn for_each_operation_mut(
    doc: &mut Value,
    mut f: impl FnMut(&str, &str, &mut Map<String, Value>),
) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                f(path, method, op);
            }
        }
    }
}

/// The inline response objects of an operation.
pub fn responses_mut(op: &mut Map<String, Value>) -> Vec<&mut Map<String, Value>> {
    op.get_mut("responses")
        .and_then(Value::as_object_mut)
        .map(|r| r.values_mut().filter_map(Value::as_object_mut).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/tests/fixtures/normalize/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    #[test]
    fn operation_ids_come_from_summary_then_method_and_path() {
        let mut doc = fixture("missing-operation-ids.json");
        assert_eq!(operation_ids(&mut doc).len(), 2);
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "list_bookings");
        assert_eq!(doc["paths"]["/a"]["post"]["operationId"], "post_a");
        assert_eq!(doc["paths"]["/a"]["put"]["operationId"], "keep_me");
    }

    #[test]
    fn undeclared_path_parameters_are_declared_and_declared_ones_respected() {
        let mut doc = fixture("path-parameters.json");
        // {partner_id} is missing on get, declared by $ref on put (not
        // counted), declared at path-item level for the second path.
        assert_eq!(path_parameters(&mut doc), 2);
        let get = &doc["paths"]["/p/{partner_id}/b/{booking_id}"]["get"]["parameters"];
        let names: Vec<_> = get
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].clone())
            .collect();
        assert_eq!(names, ["booking_id", "partner_id"]);
        assert_eq!(get[1]["required"], true);
        assert_eq!(get[1]["schema"]["type"], "string");
        assert_eq!(
            doc["paths"]["/p/{partner_id}/b/{booking_id}"]["put"]["parameters"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert!(doc["paths"]["/q/{id}"]["get"].get("parameters").is_none());
    }

    #[test]
    fn transport_headers_are_dropped_whatever_their_case_and_the_apis_kept() {
        let mut doc = fixture("transport-headers.json");
        assert_eq!(drop_transport_headers(&mut doc), 8);
        let responses = &doc["paths"]["/a"]["get"]["responses"];
        let kept: Vec<&String> = responses["200"]["headers"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(kept, ["X-Ratelimit-Limit", "X-Ratelimit-Remaining"]);
        assert!(responses["401"].get("headers").is_none());
    }

    #[test]
    fn untyped_headers_are_dropped_and_typed_ones_kept() {
        let mut doc = fixture("response-headers.json");
        assert_eq!(drop_untyped_headers(&mut doc), 2);
        let ok = &doc["paths"]["/a"]["get"]["responses"]["200"];
        let kept: Vec<_> = ok["headers"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(kept, ["X-Ratelimit-Limit"]);
        assert!(
            doc["paths"]["/a"]["get"]["responses"]["401"]
                .get("headers")
                .is_none()
        );
    }

    #[test]
    fn unknown_formats_are_dropped_and_standard_ones_kept() {
        let mut doc = fixture("formats.json");
        assert_eq!(drop_unknown_formats(&mut doc), 2);
        let props = &doc["components"]["schemas"]["P"]["properties"];
        assert!(props["postcode"].get("format").is_none());
        assert!(props["html"].get("format").is_none());
        assert_eq!(props["email"]["format"], "email");
        assert_eq!(props["at"]["format"], "date-time");
        // An example that happens to look like a schema is data: untouched.
        assert_eq!(props["at"]["example"]["format"], "color");
    }

    #[test]
    fn untyped_nullable_accepts_any_value() {
        let mut doc = fixture("formats.json");
        assert_eq!(untyped_nullable(&mut doc), 1);
        let props = &doc["components"]["schemas"]["P"]["properties"];
        assert_eq!(props["header"], json!({}));
        assert_eq!(props["typed"], json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn security_moves_onto_operations_and_scopes_reach_descriptions() {
        let mut doc = fixture("security.json");
        assert_eq!(security_to_operations(&mut doc), 1);
        assert!(doc.get("security").is_none());
        assert_eq!(
            doc["paths"]["/a"]["get"]["security"],
            json!([{"Oauth": ["bookings:view"]}])
        );
        // The operation's own requirement wins.
        assert_eq!(
            doc["paths"]["/a"]["post"]["security"],
            json!([{"Oauth": ["a:b", "c:d"]}])
        );
        assert_eq!(scopes_in_descriptions(&mut doc), 2);
        assert_eq!(
            doc["paths"]["/a"]["get"]["description"],
            "Lists.\n\nRequired scope: `bookings:view`."
        );
        assert_eq!(
            doc["paths"]["/a"]["post"]["description"],
            "Required scopes: `a:b`, `c:d`."
        );
    }
}
