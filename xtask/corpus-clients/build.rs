//! Generates a client with progenitor from the merge of each corpus spec's
//! pages, into one `clients.rs`: keeper, buildomat and nexus, read from the
//! shared folder beside the repository (`../shared/corpus/`, other
//! projects' files that the repository does not carry), each split into
//! pages by the split tool, plain and with the vendor's quirks, merged by
//! the xtask's merge, rendered as YAML and read back as `spec/openapi.yaml`
//! is. Module `NAME` or `NAME_quirks`; `COMPILED` lists them.
//!
//! Without the shared folder nothing is generated and a warning says so
//! (the crate's test then says what was skipped); with `XONE_SHARED` set,
//! as CI sets it, a missing folder fails the build.

use std::fmt::Write;
use std::path::{Path, PathBuf};

const SPECS: [&str; 3] = ["keeper", "buildomat", "nexus"];

fn main() {
    println!(
        "cargo:rerun-if-env-changed={}",
        dev_support::shared::VARIABLE
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let shared = dev_support::shared::folder().unwrap_or_else(|message| fail(&message));
    let mut clients = String::new();
    let mut compiled = Vec::new();
    match shared {
        None => println!(
            "cargo:warning=no corpus client compiled: the shared folder (../shared, or {}) is absent",
            dev_support::shared::VARIABLE
        ),
        Some(shared) => {
            let tool = dev_support::shared::repo_root().join("xtask/tools/split-into-pages.py");
            println!("cargo:rerun-if-changed={}", tool.display());
            for name in SPECS {
                let spec = shared.join(format!("corpus/{name}.json"));
                println!("cargo:rerun-if-changed={}", spec.display());
                for quirks in [false, true] {
                    let module = if quirks {
                        format!("{name}_quirks")
                    } else {
                        name.to_string()
                    };
                    let client = client(&spec, &out_dir.join(format!("pages-{module}")), quirks)
                        .unwrap_or_else(|message| fail(&format!("{}: {message}", spec.display())));
                    writeln!(
                        clients,
                        "/// The client generated from the merge of `{name}.json`'s pages{}.\n\
                         pub mod {module} {{\n{client}}}",
                        if quirks { " (with quirks)" } else { "" }
                    )
                    .expect("writing to a String cannot fail");
                    compiled.push(module);
                }
            }
        }
    }
    writeln!(
        clients,
        "/// The modules above, one per merged spec.\npub const COMPILED: &[&str] = &{compiled:?};"
    )
    .expect("writing to a String cannot fail");
    std::fs::write(out_dir.join("clients.rs"), clients).expect("OUT_DIR is writable");
}

/// Splits `spec` into `pages`, merges them, and generates the client from
/// the merged spec as its YAML reads back.
fn client(spec: &Path, pages: &Path, quirks: bool) -> Result<String, String> {
    if pages.exists() {
        std::fs::remove_dir_all(pages)
            .map_err(|e| format!("cannot clear {}: {e}", pages.display()))?;
    }
    dev_support::shared::split_into_pages(spec, pages, quirks)?;
    let (merged, _) = xtask::merge::merge_pages(pages, &xtask::merge::Config::default())
        .map_err(|e| format!("the merge of its pages fails: {e}"))?;
    let yaml = xtask::merge::emit::render(merged, xtask::merge::emit::Format::Yaml, "");
    let spec: openapiv3::OpenAPI = serde_norway::from_str(&yaml)
        .map_err(|e| format!("the merged spec is not an OpenAPI 3.0 document: {e}"))?;
    xtask::merge::generation::plain_client(&spec)
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
