//! `cargo xtask diff --semver-checks`: cargo-semver-checks run on the
//! clients generated from the committed spec and from a single change of
//! it, beside the Rust lens. Two changes run on every `cargo test`; the
//! whole set (`cargo test -p xtask --test it semver_agreement -- --ignored
//! --nocapture`) gives the figures of docs/diff-accuracy.md. Skipped, with
//! a line saying why, where the tool is missing: `.ci/run` installs it and
//! sets `XONE_REQUIRE_TOOLS`, which turns the skip into a failure.

use std::path::Path;

use serde_json::{Value, json};

use crate::review::{committed_spec, operation, repo};

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
    let env = [("XONE_CARGO_SEMVER_CHECKS", tool)];
    crate::review::review(new, &["--semver-checks"], "review-semver-tests", &env)
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

/// A bare client crate at `dir/side/side` (its own workspace at
/// `dir/side`): `code` as its library, the dependencies the corpus clients
/// compile with (read from `xtask/corpus-clients/Cargo.toml`), this
/// workspace's Cargo.lock as its lock, so that nothing is fetched.
fn bare_crate(dir: &Path, side: &str, code: &str) -> xtask::diff::proof::ClientCrate {
    let corpus = std::fs::read_to_string(repo().join("xtask/corpus-clients/Cargo.toml")).unwrap();
    let start = corpus
        .find("\n[dependencies]\n")
        .expect("the corpus clients have dependencies");
    let rest = &corpus[start + 1..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 2);
    let manifest = format!(
        "[package]\nname = \"history-client\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n{}",
        &rest[..end]
    );
    let root = dir.join(side);
    let crate_dir = root.join(side);
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        xtask::diff::proof::scratch::workspace_manifest(side),
    )
    .unwrap();
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(
        crate_dir.join("src/lib.rs"),
        format!("#![allow(warnings, clippy::all)]\n{code}"),
    )
    .unwrap();
    xtask::diff::proof::ClientCrate {
        dir: crate_dir,
        name: "history-client".into(),
        version: "0.1.0".into(),
    }
}

/// The 37 real version pairs of `../shared/corpus/spec-history/`, each
/// side's plain progenitor client (the corpus clients' generation) judged
/// by cargo-semver-checks beside the Rust lens: the second table of
/// docs/diff-accuracy.md's cargo-semver-checks section.
#[test]
#[ignore = "the spec-history figures of docs/diff-accuracy.md: minutes a pair"]
fn semver_agreement_on_spec_history() {
    let Some(tool) = tool() else { return };
    let Some(shared) = dev_support::shared::folder().unwrap() else {
        eprintln!("skipped: no shared folder (../shared or XONE_SHARED)");
        return;
    };
    let only = std::env::var("XONE_PAIRS").ok();
    let history = shared.join("corpus/spec-history");
    // Each pair is `old.yaml` and `new.yaml`, or the same as JSON.
    let side = |pair: &Path, side: &str| {
        ["yaml", "json"]
            .iter()
            .map(|ext| pair.join(format!("{side}.{ext}")))
            .find(|p| p.exists())
    };
    let mut pairs: Vec<_> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| side(p, "old").is_some() && side(p, "new").is_some())
        .collect();
    pairs.sort();
    let work = repo().join("target/review-history");
    let target = repo().join("target/review-tests-target");
    let (mut generated, mut agreed) = (0, 0);
    for pair in &pairs {
        let name = pair.file_name().unwrap().to_string_lossy().to_string();
        if only
            .as_ref()
            .is_some_and(|o| !o.split(',').any(|p| name.starts_with(p)))
        {
            continue;
        }
        let load = |name: &str| {
            xtask::files::load_spec(side(pair, name).unwrap().to_str().unwrap()).unwrap()
        };
        let (old, new) = (load("old"), load("new"));
        let generate = |doc: &Value| -> Result<String, String> {
            let spec: openapiv3::OpenAPI =
                serde_json::from_value(doc.clone()).map_err(|e| format!("not OpenAPI 3.0: {e}"))?;
            // progenitor panics on some specs (a path parameter it cannot
            // map): that spec is one it cannot generate.
            std::panic::catch_unwind(|| xtask::merge::generation::plain_client(&spec))
                .unwrap_or_else(|panic| {
                    let why = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    Err(format!("progenitor panics: {why}"))
                })
        };
        let (old_code, new_code) = match (generate(&old), generate(&new)) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(e), _) | (_, Err(e)) => {
                println!(
                    "| {name} | not generated: {} |",
                    e.lines().next().unwrap_or_default().replace('|', "\\|")
                );
                continue;
            }
        };
        generated += 1;
        let dir = work.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        let (old_crate, new_crate) = (
            bare_crate(&dir, "old", &old_code),
            bare_crate(&dir, "new", &new_code),
        );
        let changes = xtask::diff::diff(&old, &new);
        let report = match xtask::diff::proof::semver_checks::check(
            &tool, &old_crate, &new_crate, &target, &changes,
        ) {
            Ok(report) => report,
            Err(e) => {
                println!(
                    "| {name} | cargo-semver-checks failed: {} |",
                    e.to_string()
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .replace('|', "\\|")
                );
                continue;
            }
        };
        agreed += usize::from(report.verdict == report.lens);
        let unmapped = report.findings.iter().filter(|f| f.rows.is_empty()).count();
        let lints: std::collections::BTreeSet<&str> = report
            .findings
            .iter()
            .filter(|f| !f.agrees)
            .map(|f| f.lint.as_str())
            .collect();
        let unseen: std::collections::BTreeSet<&str> =
            report.unseen.iter().map(|(i, _)| changes[*i].id).collect();
        println!(
            "| {name} | {} | {} | {} | {unmapped} | {} | {} | {} |",
            report.verdict.label(),
            report.lens.label(),
            report.findings.len(),
            report.unseen.len(),
            lints.into_iter().collect::<Vec<_>>().join(", "),
            unseen.into_iter().collect::<Vec<_>>().join(", "),
        );
    }
    println!(
        "verdicts agree on {agreed} of {generated} generated pairs ({} pairs)",
        pairs.len()
    );
}
