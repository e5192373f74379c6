//! Code generation for build.rs, as plain functions over the spec's text so
//! that the xtask can run them too (the merge generates before it writes the
//! client's spec; a spec progenitor rejects must give a message, not a
//! panic): the client, the typed httpmock helpers, and the defaults (server
//! and token URLs) read from the spec. What the crate changes in
//! progenitor's output is `patches.rs`'s, on the syntax tree.

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use serde_json::Value;

#[path = "examples.rs"]
pub mod examples;
#[path = "patches.rs"]
pub mod patches;
use schemars::schema::{InstanceType, SchemaObject, StringValidation};

/// What an amount sent as a string looks like: the merge marks string
/// amounts with it (the xtask uses this constant, through its `generation`
/// module), and this file maps exactly that schema to `crate::Money`.
pub const DECIMAL_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";

/// The three generated files.
pub struct Generated {
    /// The client: `Client`, `types`, `builder`.
    pub client: String,
    /// The `mock` feature's httpmock helpers.
    pub mock: String,
    /// Facts from the spec: `DEFAULT_BASE_URL`, `DEFAULT_TOKEN_URL`, and
    /// `success_status(operation_id)`.
    pub spec: String,
    /// `OPERATIONS`: each operation's id, method, path template and
    /// example bodies, with no path into the crate, so that the crate's
    /// tests can include it too.
    pub operations: String,
    /// The `fake` feature's `Operation` enum, one variant per operation.
    pub fake_operation: String,
    /// For the crate's own tests (`include!`d, never part of the crate):
    /// `call(client, operation_id)`, each operation through its typed
    /// builder with its arguments made from the spec, so that a test can
    /// call every operation with no code written for a new one.
    pub typed_calls: String,
}

/// Generates everything from the spec's YAML text. The error says what is
/// wrong, for a message that names the spec.
pub fn generate(spec_text: &str) -> Result<Generated, String> {
    let spec: openapiv3::OpenAPI = serde_norway::from_str(spec_text)
        .map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))?;
    let client = run_progenitor(|| Generator::new(&settings()).generate_tokens(&spec))?;
    let mock = run_progenitor(|| Generator::new(&settings()).httpmock(&spec, "crate"))?;
    // Before the patches: progenitor's own failures come first, and the
    // patches assume what the facts check.
    let facts = spec_facts(&spec, spec_text)?;
    let mut client = parsed(client, "client")?;
    patches::client(
        &mut client,
        operation_count(&spec),
        path_parameter_count(&spec),
    )?;
    let mut mock = parsed(mock, "mock helpers")?;
    patches::mock(&mut mock)?;
    let as_json: Value = serde_norway::from_str(spec_text).map_err(|e| format!("not YAML: {e}"))?;
    let listed = operations(&as_json);
    Ok(Generated {
        client: format(client)?,
        mock: format(mock)?,
        spec: facts,
        operations: operation_facts(&listed),
        fake_operation: fake_operation(&listed),
        typed_calls: typed_calls(&as_json, &listed),
    })
}

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        // Builder style: a new optional parameter from the vendor adds a
        // builder method instead of breaking every caller's argument list.
        .with_interface(InterfaceStyle::Builder)
        // Auth, retries and idempotency live in `src/runtime.rs`, reached
        // through progenitor's hooks; `Expected` makes forgetting them a
        // compile error rather than a client that sends no token.
        .with_inner_type(
            "crate::runtime::Runtime"
                .parse()
                .expect("a valid Rust path"),
        )
        .with_hooks(HooksMode::Expected)
        // A test asserts on a booking with `assert_eq!`. Not `Eq`: a
        // schema of any JSON value holds numbers.
        .with_derive("PartialEq");
    // The vendor's samples show amounts as integers, fractions and numeric
    // strings, and timestamps with and without an offset: the merge marks
    // amounts `format: decimal`, and both map to types that accept every
    // shape exactly (`src/money.rs`, `src/timestamp.rs`). Matching ignores
    // descriptions, and a nullable field becomes an `Option` of these.
    let string = |format: &str| SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: Some(format.into()),
        ..SchemaObject::default()
    };
    let number = |format: &str| SchemaObject {
        instance_type: Some(InstanceType::Number.into()),
        format: Some(format.into()),
        ..SchemaObject::default()
    };
    // An amount sent as a string carries DECIMAL_PATTERN
    // (xtask/src/types.rs), so that a mock or a validator of the spec sends
    // and accepts only numbers in it.
    let decimal_string = SchemaObject {
        string: Some(Box::new(StringValidation {
            pattern: Some(DECIMAL_PATTERN.into()),
            ..StringValidation::default()
        })),
        ..string("decimal")
    };
    let text_impls = || [TypeImpl::Display, TypeImpl::FromStr].into_iter();
    settings
        .with_conversion(string("date-time"), "crate::Timestamp", text_impls())
        .with_conversion(number("decimal"), "crate::Money", text_impls())
        .with_conversion(decimal_string, "crate::Money", text_impls());
    settings
}

/// Runs progenitor. It reports some problems as errors and others as panics
/// (an undeclared path parameter, more than one error type): both become a
/// message.
fn run_progenitor(
    run: impl FnOnce() -> Result<proc_macro2::TokenStream, progenitor::Error> + std::panic::UnwindSafe,
) -> Result<proc_macro2::TokenStream, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(run);
    std::panic::set_hook(previous);
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("progenitor cannot generate a client from it: {e}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!(
                "progenitor cannot generate a client from it: {message}"
            ))
        }
    }
}

/// progenitor's `tokens` as a syntax tree, to patch.
fn parsed(tokens: proc_macro2::TokenStream, what: &str) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("progenitor produced {what} that do not parse: {e}"))
}

fn format(mut file: syn::File) -> Result<String, String> {
    patches::idempotency_key_named_as_raw_calls(&mut file.items)?;
    patches::fault_on_typed_answers(&mut file.items)?;
    Ok(prettyplease::unparse(&file))
}

/// How many operations the spec has.
fn operation_count(spec: &openapiv3::OpenAPI) -> usize {
    spec.paths
        .iter()
        .filter_map(|(_, item)| item.as_item())
        .map(|item| item.iter().count())
        .sum()
}

/// How many path parameters all operations have together.
fn path_parameter_count(spec: &openapiv3::OpenAPI) -> usize {
    spec.paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)))
        .map(|(path, item)| path.matches('{').count() * item.iter().count())
        .sum()
}

/// Whether `operation` documents its `code` success without a body.
fn success_has_no_body(operation: &openapiv3::Operation, code: u16) -> bool {
    operation
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(code))
        .and_then(|r| r.as_item())
        .is_some_and(|r| r.content.is_empty())
}

/// The Rust type and top-level property names of an operation's success
/// body, where it is a JSON `$ref` to a component object schema whose name
/// is already the type's (PascalCase, as typify keeps it). Anything else
/// (no body, an inline schema) has no stored success to recognize, so a
/// `409` to it stays an error.
fn success_schema(
    spec: &openapiv3::OpenAPI,
    operation: &openapiv3::Operation,
    code: u16,
) -> Option<(String, Vec<String>)> {
    let response = operation
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(code))?
        .as_item()?;
    let schema = response.content.get("application/json")?.schema.as_ref()?;
    let openapiv3::ReferenceOr::Reference { reference } = schema else {
        return None;
    };
    let name = reference.strip_prefix("#/components/schemas/")?;
    let is_type_name = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !is_type_name {
        return None;
    }
    let component = spec.components.as_ref()?.schemas.get(name)?.as_item()?;
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &component.schema_kind
    else {
        return None;
    };
    let fields: Vec<String> = object.properties.keys().cloned().collect();
    (!fields.is_empty()).then(|| (name.to_string(), fields))
}

/// The spec's server and OAuth token URLs, as the client's defaults, each
/// operation's success status (what a `409` replay of a keyed call stands
/// for) and its path template (what the bookings stream checks a
/// `links.next` against).
fn spec_facts(spec: &openapiv3::OpenAPI, spec_text: &str) -> Result<String, String> {
    // The whole spec as compact JSON, for drift watch: parsed at run time
    // only by a client that records drift.
    let as_json: serde_json::Value =
        serde_norway::from_str(spec_text).map_err(|e| format!("not YAML: {e}"))?;
    let spec_json = serde_json::to_string(&as_json).map_err(|e| e.to_string())?;
    let base_url = spec
        .servers
        .first()
        .map(|s| s.url.clone())
        .ok_or("it names no server: the client needs a default base URL")?;
    let token_url = spec
        .components
        .iter()
        .flat_map(|c| c.security_schemes.values())
        .filter_map(|scheme| match scheme.as_item() {
            Some(openapiv3::SecurityScheme::OAuth2 { flows, .. }) => flows
                .client_credentials
                .as_ref()
                .map(|f| f.token_url.clone()),
            _ => None,
        })
        .next()
        .ok_or("it has no OAuth2 client-credentials scheme: the client needs a token URL")?;
    let mut arms = String::new();
    let mut replays = String::new();
    let mut paths = String::new();
    for (path, item) in spec.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in item.iter() {
            let Some(id) = &operation.operation_id else {
                continue;
            };
            let method = method.to_ascii_uppercase();
            paths.push_str(&format!("    ({id:?}, {method:?}, {path:?}),\n"));
            let success = operation
                .responses
                .responses
                .keys()
                .find_map(|code| match code {
                    openapiv3::StatusCode::Code(code) if (200..300).contains(code) => Some(*code),
                    _ => None,
                });
            if let Some(code) = success {
                arms.push_str(&format!("        {id:?} => Some({code}),\n"));
                if let Some((name, fields)) = success_schema(spec, operation, code) {
                    let fields: Vec<String> = fields.iter().map(|f| format!("{f:?}")).collect();
                    replays.push_str(&format!(
                        "        {id:?} => crate::idempotency::is_stored::<crate::types::{name}>(body, &[{}]),\n",
                        fields.join(", ")
                    ));
                } else if success_has_no_body(operation, code) {
                    // The stored success of an answer without a body is an
                    // empty body: that 409 is the replay, not a conflict.
                    replays.push_str(&format!(
                        "        {id:?} => body.iter().all(u8::is_ascii_whitespace),\n"
                    ));
                }
            }
        }
    }
    let api_error_fields: Vec<String> = spec
        .components
        .as_ref()
        .and_then(|c| c.schemas.get("ApiError"))
        .and_then(|s| s.as_item())
        .and_then(|s| match &s.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                Some(o.properties.keys().map(|k| format!("{k:?}")).collect())
            }
            _ => None,
        })
        // A spec without one (the xtask's test specs) has no error fields.
        .unwrap_or_default();
    let api_error_fields = api_error_fields.join(", ");
    Ok(format!(
        "/// The top-level fields of the API's error body.\n\
         pub(crate) const API_ERROR_FIELDS: &[&str] = &[{api_error_fields}];\n\
         /// The API's server, from the spec.\npub const DEFAULT_BASE_URL: &str = {base_url:?};\n\
         /// The OAuth2 client-credentials token endpoint, from the spec.\npub const DEFAULT_TOKEN_URL: &str = {token_url:?};\n\
         /// The status an operation answers on success.\n\
         pub(crate) fn success_status(operation_id: &str) -> Option<u16> {{\n    match operation_id {{\n{arms}        _ => None,\n    }}\n}}\n\
         /// Whether a `409` body to a keyed call is the operation's stored success: it\n\
         /// decodes as the success type and holds one of its top-level fields.\n\
         pub(crate) fn is_stored_success(operation_id: &str, body: &[u8]) -> bool {{\n    match operation_id {{\n{replays}        _ => false,\n    }}\n}}\n\
         /// Every operation as (operationId, method, path template), in the spec's order.\n\
         pub(crate) const ROUTES: &[(&str, &str, &str)] = &[\n{paths}];\n\
         /// The spec as JSON, for drift watch.\npub(crate) const SPEC_JSON: &str = {spec_json:?};\n"
    ))
}

/// One operation as the generated facts give it.
struct Listed {
    /// The operation object itself.
    operation: Value,
    id: String,
    method: String,
    path: String,
    success: Option<u16>,
    success_example: Option<String>,
    request_example: Option<String>,
    request_required: bool,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The spec's operations, in the order of its paths and methods.
fn operations(spec: &Value) -> Vec<Listed> {
    let mut listed = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let json_schema = |holder: &Value| -> Option<Value> {
                let schema = holder
                    .get("content")?
                    .get("application/json")?
                    .get("schema")?;
                let example = examples::example(spec, schema);
                Some(example)
            };
            let success = operation["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(code, response)| Some((code.parse::<u16>().ok()?, response)))
                .find(|(code, _)| (200..300).contains(code));
            let body = examples::resolve_ref(spec, &operation["requestBody"]);
            listed.push(Listed {
                operation: operation.clone(),
                id: id.to_string(),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                success: success.map(|(code, _)| code),
                success_example: success
                    .and_then(|(_, r)| json_schema(examples::resolve_ref(spec, r)))
                    .map(|v| v.to_string()),
                request_example: json_schema(body).map(|v| v.to_string()),
                request_required: body["required"].as_bool().unwrap_or(false),
            });
        }
    }
    listed
}

fn operation_facts(listed: &[Listed]) -> String {
    let some = |text: &Option<String>| match text {
        Some(text) => format!("Some({text:?})"),
        None => "None".into(),
    };
    let mut rows = String::new();
    for op in listed {
        let errors: Vec<String> = op.operation["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(code, response)| code.starts_with('4') && response.get("content").is_some())
            .map(|(code, _)| code.clone())
            .collect();
        rows.push_str(&format!(
            "    OperationFacts {{\n        errors: &[{}],",
            errors.join(", ")
        ));
        rows.push_str(&format!(
            "\n        id: {:?},\n        method: {:?},\n        path: {:?},\n        success: {},\n        success_example: {},\n        request_example: {},\n        request_required: {},\n    }},\n",
            op.id,
            op.method,
            op.path,
            op.success.map_or("None".into(), |c| format!("Some({c})")),
            some(&op.success_example),
            some(&op.request_example),
            op.request_required,
        ));
    }
    format!(
        "/// One operation of the spec, as the fake XONE routes it and the tests\n\
         /// call it. The examples are made from the spec's schemas (`build/examples.rs`).\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq)]\n\
         pub struct OperationFacts {{\n\
         \x20   /// The operationId.\n    pub id: &'static str,\n\
         \x20   /// `GET`, `POST`, ...\n    pub method: &'static str,\n\
         \x20   /// The path template (`/api/partners/{{partner_id}}/bookings`).\n    pub path: &'static str,\n\
         \x20   /// The documented success status.\n    pub success: Option<u16>,\n\
         \x20   /// An example of the success's JSON body, if it has one.\n    pub success_example: Option<&'static str>,\n\
         \x20   /// An example of the request's JSON body, if it takes one.\n    pub request_example: Option<&'static str>,\n\
         \x20   /// Whether the request body is required.\n    pub request_required: bool,\n\
         \x20   /// The 4xx statuses it documents a JSON body for.\n    pub errors: &'static [u16],\n\
         }}\n\
         /// Every operation of the spec.\n\
         pub const OPERATIONS: &[OperationFacts] = &[\n{rows}];\n"
    )
}

/// `list_bookings` as `ListBookings`.
fn pascal(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn fake_operation(listed: &[Listed]) -> String {
    let mut variants = String::new();
    let mut all = String::new();
    let mut ids = String::new();
    for op in listed {
        let name = pascal(&op.id);
        variants.push_str(&format!(
            "    /// `{}`: `{} {}`.\n    {name},\n",
            op.id, op.method, op.path
        ));
        all.push_str(&format!("        Operation::{name},\n"));
        ids.push_str(&format!("            Operation::{name} => {:?},\n", op.id));
    }
    format!(
        "/// One operation of the spec, to aim an injected fault at: one variant\n\
         /// per operationId, generated from `spec/openapi.yaml` by build.rs.\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\n\
         #[non_exhaustive]\n\
         pub enum Operation {{\n{variants}}}\n\n\
         impl Operation {{\n\
         \x20   /// Every operation of the spec.\n\
         \x20   pub const ALL: [Operation; {n}] = [\n{all}    ];\n\n\
         \x20   /// Its operationId in the spec, the name of its method on [`Client`](crate::Client).\n\
         \x20   pub fn id(self) -> &'static str {{\n        match self {{\n{ids}        }}\n    }}\n\
         }}\n",
        n = listed.len()
    )
}

/// A Rust literal of an example value, for a builder method's argument.
fn literal(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        Value::Number(n) if n.is_f64() => format!("{n}_f64"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "Default::default()".into(),
    }
}

/// The Rust type progenitor gives a request body: the component's name for
/// a `$ref`, else `<OperationId>Body`.
fn body_type(operation: &Value, id: &str) -> Option<String> {
    let schema = operation.pointer("/requestBody/content/application~1json/schema")?;
    Some(
        match schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
            Some(name) => pascal(name),
            None => format!("{}Body", pascal(id)),
        },
    )
}

fn typed_calls(spec: &Value, listed: &[Listed]) -> String {
    let mut arms = String::new();
    for op in listed {
        let mut call = format!("client.{}()", op.id);
        for part in op.path.split('/') {
            if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                call.push_str(&format!(".{}(\"v-1\")", snake(name)));
            }
        }
        let shared = spec["paths"][&op.path]["parameters"].as_array().cloned();
        let own = op.operation["parameters"].as_array().cloned();
        for parameter in shared
            .into_iter()
            .flatten()
            .chain(own.into_iter().flatten())
        {
            let parameter = examples::resolve_ref(spec, &parameter);
            let required = parameter["required"].as_bool().unwrap_or(false);
            if parameter["in"] == "path" || !required {
                continue;
            }
            let name = parameter["name"].as_str().unwrap_or_default();
            let value = examples::example(spec, &parameter["schema"]);
            call.push_str(&format!(".{}({})", snake(name), literal(&value)));
        }
        if let (Some(example), Some(kind)) = (&op.request_example, body_type(&op.operation, &op.id))
        {
            call.push_str(&format!(
                ".body(serde_json::from_str::<xone::types::{kind}>({example:?}).expect(\"the spec's example is a {kind}\"))"
            ));
        }
        arms.push_str(&format!(
            "        {:?} => {call}.send().await.map(|r| r.headers().clone()),\n",
            op.id
        ));
    }
    format!(
        "/// Calls `operation` (an operationId of the spec) through its typed\n\
         /// builder, every path parameter `v-1` and every other argument the\n\
         /// spec's example; the success's headers.\n\
         pub async fn call(\n    client: &xone::Client,\n    operation: &str,\n) -> Result<reqwest::header::HeaderMap, xone::Error> {{\n\
         \x20   match operation {{\n{arms}        other => panic!(\"no operation {{other}} in the spec\"),\n    }}\n}}\n"
    )
}

/// `X-Idempotency-Key` or `partnerId` as progenitor names its method.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out
}
