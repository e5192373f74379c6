//! Generates the XONE client (and, for the `mock` feature, typed httpmock
//! helpers) from the committed `spec/openapi.yaml` with progenitor, formatted
//! with prettyplease. The build reads that one file and nothing else: users
//! get exactly the reviewed spec, and `cargo xtask merge` is the only way the
//! vendor's pages reach it. The generation itself is in `build/codegen.rs`.

#[path = "build/codegen.rs"]
mod codegen;

const SPEC: &str = "spec/openapi.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/codegen.rs");
    println!("cargo:rerun-if-changed=build/examples.rs");
    println!("cargo:rerun-if-changed=build/patches.rs");
    let out_dir = std::path::PathBuf::from(
        std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"),
    );
    let generated = std::fs::read_to_string(SPEC)
        .map_err(|e| format!("cannot read it: {e}"))
        .and_then(|text| codegen::generate(&text));
    let generated = match generated {
        Ok(generated) => generated,
        Err(message) => {
            // A message that names the spec, not a panic's backtrace.
            eprintln!("error: {SPEC}: {message}");
            std::process::exit(1);
        }
    };
    for (name, code) in [
        ("client.rs", &generated.client),
        ("mock.rs", &generated.mock),
        ("spec.rs", &generated.spec),
        ("operations.rs", &generated.operations),
        ("fake_operation.rs", &generated.fake_operation),
        ("typed_calls.rs", &generated.typed_calls),
    ] {
        let path = out_dir.join(name);
        if let Err(e) = std::fs::write(&path, code) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
