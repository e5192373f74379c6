//! `cargo xtask diff`: formats, exit codes, and git revisions as inputs.

use std::path::Path;
use std::process::Command;

use crate::{fixtures, xtask, xtask_in};

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

/// The changes from `diff/old.yaml` to `diff/new.yaml`, most severe first,
/// then by operation: (id, wire, rust).
const FIXTURE_CHANGES: [(&str, &str, &str); 5] = [
    (
        "api-path-removed-without-deprecation",
        "breaking",
        "breaking",
    ),
    ("api-operation-id-removed", "info", "breaking"),
    ("response-property-enum-value-added", "warning", "breaking"),
    ("response-optional-property-added", "info", "warning"),
    ("new-optional-request-parameter", "info", "info"),
];

/// `(id, wire, rust)` of each change in a JSON answer.
fn changes_of(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["changes"]
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
        .collect()
}

fn fixture_changes() -> Vec<(String, String, String)> {
    FIXTURE_CHANGES
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn json_lists_every_change_with_both_lenses_and_the_bump() {
    let (old, new) = pair();
    let (code, out, _) = diff(&[&old, &new, "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(changes_of(&doc), fixture_changes());
    assert_eq!(doc["semver"], "major");
}

#[test]
fn text_and_markdown_say_the_same() {
    let (old, new) = pair();
    let (_, text, _) = diff(&[&old, &new]);
    assert!(
        text.starts_with(
            "BREAKING api-path-removed-without-deprecation: `DELETE /things/{thing_id}` removed\n"
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "5 changes from tests/fixtures/diff/old.yaml to tests/fixtures/diff/new.yaml: 3 breaking for Rust callers, 1 breaking on the wire\n\
             suggested version bump: major\n"
        ),
        "{text}"
    );
    let machine = fixtures().display().to_string();
    assert!(!text.contains(&machine), "no absolute paths: {text}");
    let (_, md, _) = diff(&[&old, &new, "--format", "markdown"]);
    assert!(md.contains("#### Breaking on the wire (1)"), "{md}");
    assert!(md.contains("#### Breaking Rust code only (2)"), "{md}");
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

/// A git repository in a temporary folder whose HEAD commits `diff/old.yaml`
/// as `spec/openapi.yaml`, with `diff/new.yaml` in its place in the working
/// tree: a maintainer mid-change, in a repository other than this one.
fn repository_mid_change() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (old, new) = pair();
    std::fs::create_dir(repo.path().join("spec")).unwrap();
    let spec = repo.path().join("spec/openapi.yaml");
    git(&["init", "--quiet"]);
    std::fs::copy(&old, &spec).unwrap();
    git(&["add", "spec/openapi.yaml"]);
    git(&["commit", "--quiet", "-m", "old spec"]);
    std::fs::copy(&new, &spec).unwrap();
    repo
}

#[test]
fn base_compares_head_with_the_working_tree_of_the_current_repository() {
    let repo = repository_mid_change();
    let out = xtask_in(repo.path(), "diff", &["--base", "HEAD", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(changes_of(&doc), fixture_changes());
    assert_eq!(doc["semver"], "major");

    // From a subfolder of that repository too.
    let out = xtask_in(
        &repo.path().join("spec"),
        "diff",
        &["--base", "HEAD", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(changes_of(&doc), fixture_changes());

    // And as REV:PATH against a file.
    let out = xtask_in(
        repo.path(),
        "diff",
        &[
            "HEAD:spec/openapi.yaml",
            "spec/openapi.yaml",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(changes_of(&doc), fixture_changes());
}

#[test]
fn base_outside_a_repository_is_an_error_not_an_empty_answer() {
    let folder = tempfile::tempdir().unwrap();
    let out = xtask_in(folder.path(), "diff", &["--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not in a git repository"), "{stderr}");
}

#[test]
fn an_unknown_revision_names_itself() {
    let (code, _, err) = diff(&[
        "no-such-rev:spec/openapi.yaml",
        "no-such-rev:spec/openapi.yaml",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("git show failed"), "{err}");
    assert!(err.contains("no-such-rev:spec/openapi.yaml"), "{err}");
}

#[test]
fn json_with_escaped_non_ascii_is_read_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |title: &str| {
        format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"{title}","version":"1"}},"paths":{{"/keys":{{"get":{{"operationId":"list_keys","responses":{{"200":{{"description":"\ud83d\udd11 keys"}}}}}}}}}}}}"#
        )
    };
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, spec("a")).unwrap();
    std::fs::write(&new, spec("b")).unwrap();
    let (code, out, err) = diff(&[
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(changes_of(&doc), vec![]);
}

/// Renders the review comment on `old` and `new` (in `dir`) and compares it
/// with `golden`, or writes it there when blessing; a mismatch is added to
/// `stale`.
fn check_review(dir: &Path, old: &str, new: &str, golden: &Path, stale: &mut Vec<String>) {
    let out = xtask_in(dir, "diff", &[old, new, "--format", "markdown"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rendered = String::from_utf8(out.stdout).unwrap();
    if std::env::var_os("XONE_BLESS").is_some() {
        std::fs::write(golden, &rendered).unwrap();
        return;
    }
    if std::fs::read_to_string(golden).unwrap_or_default() != rendered {
        stale.push(format!("{}:\n{rendered}", golden.display()));
    }
    // Every row is one table row: no cell breaks out of it.
    for line in rendered.lines().filter(|l| l.starts_with("| `")) {
        assert_eq!(line.matches(" | ").count(), 5, "{line}");
    }
}

fn assert_fresh(stale: &[String]) {
    assert!(
        stale.is_empty(),
        "review comments changed; check them and run `XONE_BLESS=1 cargo test -p xtask --test it review_comments`:\n{}",
        stale.join("\n")
    );
}

/// The review comment on three pairs of this repository's own spec history
/// (`fixtures/diff/history`), as golden files: how it reads is reviewed like
/// code. `XONE_BLESS=1` rewrites them.
#[test]
fn review_comments_on_real_spec_history_match_their_golden_files() {
    let dir = fixtures().join("diff/history");
    let mut stale = Vec::new();
    for (old, new) in [
        ("b998878", "bc8e014"),
        ("bc8e014", "7b2017d"),
        ("b998878", "5393662"),
    ] {
        let golden = dir.join(format!("review-{old}-{new}.md"));
        let (old, new) = (format!("openapi-{old}.yaml"), format!("openapi-{new}.yaml"));
        check_review(&dir, &old, &new, &golden, &mut stale);
    }
    assert_fresh(&stale);
}

/// The review comment on three pairs of other vendors' real spec histories
/// (`../shared/corpus/spec-history`, read where it lies): Box's response
/// property turned into `allOf: [oneOf: [$ref, ...]]`, OpenAI's operations
/// moved under the same operationIds, and Resend's contacts moved out from
/// under audiences (with two paths for one URL in the old spec), and
/// Xero's payroll opening-balance lines slimmed down (each schema's lost
/// properties one row). Each golden file holds only this crate's
/// rendering; the specs stay in the shared folder. `XONE_BLESS=1` rewrites
/// them.
#[test]
fn review_comments_on_four_vendor_histories_match_their_golden_files() {
    let Some(corpus) = dev_support::shared::path_or_skip("corpus/spec-history") else {
        return;
    };
    let goldens = fixtures().join("diff/spec-history");
    let mut stale = Vec::new();
    for (pair, ext) in [
        ("01-openai", "yaml"),
        ("09-box", "json"),
        ("30-resend", "yaml"),
        ("24-xero-payroll-au", "yaml"),
    ] {
        let golden = goldens.join(format!("review-{pair}.md"));
        let (old, new) = (format!("old.{ext}"), format!("new.{ext}"));
        check_review(&corpus.join(pair), &old, &new, &golden, &mut stale);
    }
    assert_fresh(&stale);
}

/// The committed spec with its `page` parameter declared twice, as an
/// overlay that appended without looking once wrote it: the diff flags it
/// first and fails the run, rather than calling it no API change.
#[test]
fn an_invalid_new_document_is_flagged_and_fails_the_run() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let old = repo.join("spec/openapi.yaml");
    let mut doc: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    let parameters = doc["paths"]["/api/partners/{partner_id}/bookings"]["get"]["parameters"]
        .as_array_mut()
        .unwrap();
    let page = parameters
        .iter()
        .find(|p| p["name"] == "page")
        .unwrap()
        .clone();
    parameters.push(page);
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("openapi-invalid.yaml");
    std::fs::write(&new, serde_norway::to_string(&doc).unwrap()).unwrap();
    let (old, new) = (old.display().to_string(), new.display().to_string());

    let (code, stdout, stderr) = diff(&[&old, &new, "--fail-on", "breaking"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.starts_with("warning: openapi-invalid.yaml is not a valid OpenAPI document (1 problem the old one did not have):\n  - duplicate parameter `page` (in query) (at /paths/~1api~1partners~1{partner_id}~1bookings/get/parameters/"),
        "{stdout}"
    );
    let (_, markdown, _) = diff(&[&old, &new, "--format", "markdown"]);
    assert!(markdown.starts_with("> [!WARNING]\n"), "{markdown}");
    // Without --fail-on the run still succeeds, as for any change.
    let (code, _, _) = diff(&[&old, &new]);
    assert_eq!(code, Some(0));
}

/// `old` and `new` written to a temporary folder as JSON.
fn written(
    old: &serde_json::Value,
    new: &serde_json::Value,
) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&a, old.to_string()).unwrap();
    std::fs::write(&b, new.to_string()).unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());
    (dir, a, b)
}

#[test]
fn documents_without_paths_load_and_diff() {
    use serde_json::json;
    let hook = |values: &[&str]| {
        json!({"post": {"requestBody": {"content": {"application/json": {"schema": {
            "type": "object",
            "properties": {"event": {"type": "string", "enum": values}}
        }}}}, "responses": {"200": {"description": "ok"}}}})
    };
    // OpenAPI 3.1 with webhooks only; 3.0 with webhooks beside an empty
    // `paths`; and one whose `paths` is missing though it is 3.0.
    for (version, paths) in [("3.1.0", None), ("3.0.3", Some(json!({}))), ("3.0.3", None)] {
        let doc = |webhooks: serde_json::Value| {
            let mut doc = json!({"openapi": version, "info": {"title": "t", "version": "1"}, "webhooks": webhooks});
            if let Some(paths) = &paths {
                doc["paths"] = paths.clone();
            }
            doc
        };
        let old = doc(json!({"booked": hook(&["a", "b"]), "cancelled": hook(&["a"])}));
        let new = doc(json!({"booked": hook(&["a", "b"])}));
        let (_dir, a, b) = written(&old, &new);
        let (code, out, err) = diff(&[&a, &b, "--format", "json"]);
        assert_eq!(code, Some(0), "{version} {paths:?}: {err}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let ids: Vec<&str> = doc["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["webhook-removed"], "{version} {paths:?}");
    }
    // Not an OpenAPI document at all: named as such.
    let (_dir, a, b) = written(&json!({"swagger": "2.0", "paths": {}}), &json!({}));
    let (code, _, err) = diff(&[&a, &b]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("no `openapi` version") && err.contains("old.json"),
        "{err}"
    );
}

#[test]
fn each_change_says_whose_rule_it_is() {
    use serde_json::json;
    let doc = |url: &str| {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
               "servers": [{"url": url}], "paths": {}})
    };
    let (_dir, a, b) = written(
        &doc("https://api.example/v50"),
        &doc("https://api.example/v51"),
    );
    let (code, out, err) = diff(&[&a, &b, "--format", "json", "--fail-on", "breaking"]);
    assert_eq!(
        code,
        Some(0),
        "a server's move breaks nothing on the wire: {out}{err}"
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    for change in doc["changes"].as_array().unwrap() {
        assert_eq!(change["origin"], "ours", "{change}");
        assert_ne!(change["wire"], "breaking", "{change}");
    }
}

#[test]
fn a_ref_to_nothing_is_a_warning_naming_the_file_and_the_pointer() {
    use serde_json::json;
    let doc = |extra: &str| {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Gone"}}}}}}}},
            "components": {"schemas": {extra: {"type": "string"}}}})
    };
    // Both documents have it: no "invalid new document" flag, but a warning.
    let (_dir, a, b) = written(&doc("A"), &doc("B"));
    let (code, out, err) = diff(&[&a, &b]);
    assert_eq!(code, Some(0), "{err}");
    let warning = out.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        warning.starts_with("warning: 2 `$ref`s that point at nothing (read as any schema"),
        "{out}"
    );
    for file in ["old.json", "new.json"] {
        assert!(
            warning.contains(&format!(
                "{file}: `$ref` to `#/components/schemas/Gone`, which is not in the document (at /paths/~1a/get/responses/200/content/application~1json/schema/$ref)"
            )),
            "{out}"
        );
    }
    let (_, md, _) = diff(&[&a, &b, "--format", "markdown"]);
    assert!(
        md.starts_with("> [!WARNING]\n> 2 `$ref`s that point at nothing"),
        "{md}"
    );
}
