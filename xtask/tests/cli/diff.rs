//! `cargo xtask diff`: formats, exit codes, and git revisions as inputs.

use std::process::Command;

use crate::{fixtures, xtask};

fn pair() -> (String, String) {
    let dir = fixtures().join("diff");
    (
        dir.join("old.yaml").display().to_string(),
        dir.join("new.yaml").display().to_string(),
    )
}

fn diff(args: &[&str]) -> (Option<i32>, String, String) {
    let out = xtask("diff", args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_lists_every_change_with_both_lenses_and_the_bump() {
    let (old, new) = pair();
    let (code, out, _) = diff(&[&old, &new, "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let got: Vec<(String, String, String)> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().into(),
                c["wire"].as_str().unwrap().into(),
                c["rust"].as_str().unwrap().into(),
            )
        })
        .collect();
    // Most severe first, then by operation.
    let expected = [
        ("api-removed-without-deprecation", "breaking", "breaking"),
        ("api-operation-id-changed", "info", "breaking"),
        ("response-property-enum-value-added", "warning", "breaking"),
        ("response-optional-property-added", "info", "warning"),
        ("new-optional-request-parameter", "info", "info"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(doc["semver"], "major");
}

#[test]
fn text_and_markdown_say_the_same() {
    let (old, new) = pair();
    let (_, text, _) = diff(&[&old, &new]);
    assert!(
        text.contains("BREAKING api-removed-without-deprecation DELETE /things/{thing_id}"),
        "{text}"
    );
    assert!(text.ends_with("suggested version bump: major\n"), "{text}");
    let (_, md, _) = diff(&[&old, &new, "--format", "markdown"]);
    assert!(md.contains("#### Breaking changes (3)"), "{md}");
    assert!(md.contains("<summary>Other changes (2)</summary>"), "{md}");
}

#[test]
fn fail_on_sets_the_exit_status() {
    let (old, new) = pair();
    assert_eq!(diff(&[&old, &new, "--fail-on", "breaking"]).0, Some(1));
    assert_eq!(diff(&[&old, &new, "--fail-on", "never"]).0, Some(0));
    assert_eq!(diff(&[&old, &old, "--fail-on", "info"]).0, Some(0));
}

#[test]
fn bad_input_exits_2_with_its_name() {
    let (old, _) = pair();
    let (code, _, err) = diff(&[&old, "no/such/spec.yaml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no/such/spec.yaml: no such file"), "{err}");
    let not_a_spec = fixtures()
        .join("overlay/corrections.yaml")
        .display()
        .to_string();
    let (code, _, err) = diff(&[&old, &not_a_spec]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not an OpenAPI document"), "{err}");
    assert_eq!(diff(&[&old, "--format", "pdf"]).0, Some(2));
}

#[test]
fn a_side_can_be_a_git_revision() {
    // The committed spec at HEAD against the working tree's copy of it.
    let head = Command::new("git")
        .args(["rev-parse", "--verify", "HEAD:spec/openapi.yaml"])
        .output()
        .unwrap();
    if !head.status.success() {
        // Not in a checkout with history (a source tarball): nothing to compare.
        return;
    }
    let (code, out, err) = diff(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Committed specs are fresh, so HEAD's equals the working tree's unless
    // the working tree is mid-change; either way the answer is well formed.
    assert!(doc["changes"].is_array());
    let (code, _, err) = diff(&[
        "no-such-rev:spec/openapi.yaml",
        "no-such-rev:spec/openapi.yaml",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("git show failed"), "{err}");
}
