//! Generates a client with progenitor from each merged corpus spec in
//! `xtask/tests/fixtures/corpus/` (`*.merged.yaml`), as any user of the merge
//! would: default settings, the builder interface.

use std::path::{Path, PathBuf};

/// The merged specs, by the module each client becomes.
const SPECS: [(&str, &str); 6] = [
    ("keeper", "keeper-pages.merged.yaml"),
    ("keeper_quirks", "keeper-pages-quirks.merged.yaml"),
    ("buildomat", "buildomat-pages.merged.yaml"),
    ("buildomat_quirks", "buildomat-pages-quirks.merged.yaml"),
    ("nexus", "nexus-pages.merged.yaml"),
    ("nexus_quirks", "nexus-pages-quirks.merged.yaml"),
];

fn main() {
    let corpus = Path::new("../tests/fixtures/corpus");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (module, file) in SPECS {
        let path = corpus.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let client = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read it: {e}"))
            .and_then(|text| generate(&text));
        match client {
            Ok(client) => std::fs::write(out_dir.join(format!("{module}.rs")), client)
                .expect("OUT_DIR is writable"),
            Err(message) => {
                eprintln!("error: {}: {message}", path.display());
                std::process::exit(1);
            }
        }
    }
}

/// The client progenitor generates from a spec's text, formatted.
fn generate(text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI =
        serde_norway::from_str(text).map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))?;
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor cannot generate a client from it: {e}"))?;
    let file =
        syn::parse2(tokens).map_err(|e| format!("the generated client does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
