//! What the tests of the review's compiled proof share (`dependents`,
//! `semver_checks`): the committed spec to change, and `cargo xtask diff`
//! of it against a changed one, with the flags of the test, as JSON.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the xtask is in the repository")
}

/// `spec/openapi.yaml` as committed.
pub fn committed_spec() -> Value {
    let text = std::fs::read_to_string(repo().join("spec/openapi.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// The operation of `spec` whose operationId is `id`.
pub fn operation<'a>(spec: &'a mut Value, id: &str) -> &'a mut Value {
    spec["paths"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .flat_map(|item| item.as_object_mut().unwrap().values_mut())
        .find(|op| op["operationId"] == id)
        .unwrap_or_else(|| panic!("spec/openapi.yaml has no operation {id}"))
}

/// `cargo xtask diff` of the committed spec against `new`, with `flags`,
/// its clients in `target/{scratch}` (one scratch folder a test, so that
/// tests running at once do not share clients), as JSON; `env` set for it.
pub fn review(new: &Value, flags: &[&str], scratch: &str, env: &[(&str, &Path)]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.json");
    std::fs::write(&path, new.to_string()).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(["diff", "spec/openapi.yaml"])
        .arg(&path)
        .args(["--format", "json"])
        .args(flags)
        .arg("--scratch")
        .arg(repo().join("target").join(scratch))
        // Everything it builds is in this workspace's Cargo.lock, which
        // `cargo test` has fetched: no network.
        .env("CARGO_NET_OFFLINE", "true")
        // One target folder for every test's reviews: the dependencies
        // build once.
        .env(
            "XONE_REVIEW_TARGET",
            repo().join("target/review-tests-target"),
        )
        .current_dir(repo());
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("the xtask runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
