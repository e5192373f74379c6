//! Pointers stay true: every repository path that the README, the other
//! Markdown documents, a doc comment or a comment names in backticks
//! (`src/fake/taught.rs`, `xtask/src/diff/checks/`) exists. A path is
//! checked when it starts at one of the repository's top-level folders or
//! files, read from the root or from the crate the naming file is in;
//! shorter forms relative to a module (`checks/bounds.rs`) and other
//! projects' paths (`../shared/...`, oasdiff's `checker/`) are not.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root: the xtask's parent.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The committed files, as git lists them.
fn tracked(root: &Path) -> Vec<String> {
    let out = Command::new("git")
        .args(["ls-files"])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// The backticked spans of `text` that name a path under one of `tops`
/// (the top-level entries), with a file extension or a trailing slash.
fn named_paths<'a>(text: &'a str, tops: &[String]) -> Vec<&'a str> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| {
            let plain = span
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c));
            let shaped = span.ends_with('/')
                || [
                    ".rs", ".md", ".yaml", ".yml", ".toml", ".py", ".json", ".sh",
                ]
                .iter()
                .any(|ext| span.ends_with(ext));
            let first = span.split('/').next().unwrap_or_default();
            plain && shaped && span.contains('/') && tops.iter().any(|t| t == first)
        })
        .collect()
}

#[test]
fn every_repository_path_the_docs_and_comments_name_exists() {
    let root = root();
    let files = tracked(&root);
    let mut tops: Vec<String> = files
        .iter()
        .map(|f| f.split('/').next().unwrap().to_string())
        .collect();
    tops.sort();
    tops.dedup();
    // A crate's own folders, named from inside it (`tests/it/`, `src/`).
    tops.extend(["src", "tests", "benches", "build", "tools"].map(String::from));
    let mut missing = Vec::new();
    let mut checked = 0;
    for file in files.iter().filter(|f| {
        (f.ends_with(".md") || f.ends_with(".rs") || f.as_str() == ".ci/run")
            && !f.starts_with("spec/pages/")
            && !f.contains("/fixtures/")
    }) {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        // The crate the file belongs to: the first folder with a Cargo.toml.
        let krate = Path::new(file)
            .ancestors()
            .skip(1)
            .find(|dir| root.join(dir).join("Cargo.toml").exists())
            .unwrap_or(Path::new(""));
        for path in named_paths(&text, &tops) {
            checked += 1;
            if !root.join(path).exists() && !root.join(krate).join(path).exists() {
                missing.push(format!("{file}: `{path}`"));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} paths found: is the scan right?"
    );
    assert!(
        missing.is_empty(),
        "named but absent:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scan_finds_repository_paths_and_skips_others() {
    let tops = vec!["src".to_string(), "xtask".to_string()];
    let text = "see `src/lib.rs`, `xtask/src/diff/`, `checks/bounds.rs`, \
                `../shared/corpus/`, `src/{name}.rs`, `cargo xtask diff`";
    assert_eq!(named_paths(text, &tops), ["src/lib.rs", "xtask/src/diff/"]);
}
