//! Generates a client with progenitor from every merged corpus spec in
//! `xtask/tests/fixtures/corpus/` (`NAME-pages[-quirks].merged.yaml`, module
//! `NAME[_quirks]`), into one `clients.rs`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

mod generate;

const SUFFIX: &str = ".merged.yaml";

fn main() {
    let corpus = Path::new("../tests/fixtures/corpus");
    // The folder too: a merged spec added to it is a client to compile.
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut files: Vec<String> = std::fs::read_dir(corpus)
        .expect("the corpus folder is readable")
        .map(|entry| entry.expect("the corpus folder is readable").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(SUFFIX))
        .collect();
    files.sort();
    let mut clients = String::new();
    for file in &files {
        let path = corpus.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let client = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read it: {e}"))
            .and_then(|text| {
                serde_norway::from_str(&text)
                    .map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))
            })
            .and_then(|spec| generate::generate(&spec));
        let client = client.unwrap_or_else(|message| {
            eprintln!("error: {}: {message}", path.display());
            std::process::exit(1);
        });
        let module = file
            .trim_end_matches(SUFFIX)
            .replacen("-pages", "", 1)
            .replace('-', "_");
        writeln!(
            clients,
            "/// The client generated from `{file}`.\npub mod {module} {{\n{client}}}"
        )
        .expect("writing to a String cannot fail");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("clients.rs"), clients).expect("OUT_DIR is writable");
}
