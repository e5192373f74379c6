//! Generates the XONE client (and, for the `mock` feature, typed httpmock
//! helpers) from the committed `spec/openapi.yaml` with progenitor, formatted
//! with prettyplease. The build reads that one file and nothing else: users
//! get exactly the reviewed spec, and `cargo xtask merge` is the only way the
//! vendor's pages reach it.

use std::path::Path;
use std::process::exit;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle};

const SPEC: &str = "spec/openapi.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");

    let text =
        std::fs::read_to_string(SPEC).unwrap_or_else(|e| fail(&format!("cannot read it: {e}")));
    let spec: openapiv3::OpenAPI = serde_norway::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("not an OpenAPI 3.0 document: {e}")));

    let client = generate(|| Generator::new(&settings()).generate_tokens(&spec));
    write(&out_dir, "client.rs", &format(client));

    let mock = generate(|| Generator::new(&settings()).httpmock(&spec, "crate"));
    let mock = escape_mock_path_values(&mock.to_string())
        .parse()
        .unwrap_or_else(|e| fail(&format!("the patched mock helpers do not parse: {e}")));
    write(&out_dir, "mock.rs", &format(mock));

    write(&out_dir, "defaults.rs", &defaults(&spec));
}

/// The spec's server and OAuth token URLs, as the client's defaults.
fn defaults(spec: &openapiv3::OpenAPI) -> String {
    let base_url = spec
        .servers
        .first()
        .map(|s| s.url.clone())
        .unwrap_or_else(|| fail("it names no server: the client needs a default base URL"));
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
        .unwrap_or_else(|| {
            fail("it has no OAuth2 client-credentials scheme: the client needs a token URL")
        });
    format!(
        "/// The API's server, from the spec.\npub const DEFAULT_BASE_URL: &str = {base_url:?};\n\
         /// The OAuth2 client-credentials token endpoint, from the spec.\npub const DEFAULT_TOKEN_URL: &str = {token_url:?};\n"
    )
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
        .with_inner_type(tokens("crate::runtime::Runtime"))
        .with_hooks(HooksMode::Expected);
    settings
}

fn tokens(code: &str) -> proc_macro2::TokenStream {
    code.parse().expect("a valid Rust path")
}

/// Runs progenitor. It reports some problems as errors and others as panics
/// (an undeclared path parameter, more than one error type): both become one
/// readable message naming the spec.
fn generate(
    run: impl FnOnce() -> Result<proc_macro2::TokenStream, progenitor::Error> + std::panic::UnwindSafe,
) -> proc_macro2::TokenStream {
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(run);
    let _ = std::panic::take_hook();
    match outcome {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => fail(&format!("progenitor cannot generate a client from it: {e}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            fail(&format!(
                "progenitor cannot generate a client from it: {message}"
            ))
        }
    }
}

fn format(tokens: proc_macro2::TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).unwrap_or_else(|e| {
        fail(&format!(
            "progenitor produced code that does not parse: {e}"
        ))
    });
    prettyplease::unparse(&file)
}

/// progenitor's mock helpers put a path parameter's value into a regular
/// expression as is, so a partner id such as `a.b` or `a+b` matches the wrong
/// requests, or panics. The value is escaped, and percent-encoded the way the
/// client encodes it on the wire, so that a mock matches exactly the request
/// the client sends for that value. This works on the token stream's text,
/// whose spacing is fixed, before formatting.
fn escape_mock_path_values(code: &str) -> String {
    const CALL: &str = "regex :: Regex :: new (";
    const RAW: &str = "value . to_string ()";
    const ESCAPED: &str =
        ":: regex :: escape (& :: progenitor_client :: encode_path (& value . to_string ()))";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    let mut patched = 0;
    while let Some(start) = rest.find(CALL) {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        let end = after.find(". unwrap ()").unwrap_or(after.len());
        let (call, tail) = after.split_at(end);
        if call.contains(RAW) {
            patched += 1;
        }
        out.push_str(&call.replacen(RAW, ESCAPED, 1));
        rest = tail;
    }
    out.push_str(rest);
    let path_params = code.matches("path_matches (re)").count();
    if patched == 0 || patched != path_params {
        fail(&format!(
            "the mock helpers' path matching changed shape ({patched} of {path_params} path parameters escaped); \
             update escape_mock_path_values in build.rs for this progenitor version"
        ));
    }
    out
}

fn write(out_dir: &str, name: &str, code: &str) {
    let path = Path::new(out_dir).join(name);
    std::fs::write(&path, code)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("error: {SPEC}: {message}");
    exit(1)
}
