//! Round trip on real specs: whole documents split into docs pages by
//! `xtask/tools/split-into-pages.py` (the splits are committed under
//! tests/fixtures/corpus, and a test here regenerates them), merged back. Every operation and every reachable schema must come back, and the
//! result must generate with progenitor. With `--quirks` (operationIds and
//! path parameters stripped, as the vendor exports them) the ids are derived.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use xtask::merge::{self, Config};
use xtask::openapi;
use xtask::pages;

fn corpus(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/corpus/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn merge_dir(dir: &str) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(dir);
    merge::merge(xtask::files::read_pages(&dir).unwrap(), &Config::default())
        .unwrap()
        .0
}

/// `METHOD path` -> operation.
fn operations(doc: &Value) -> BTreeMap<String, Value> {
    openapi::operations(doc)
        .into_iter()
        .map(|(path, method, op)| (format!("{method} {path}"), op.clone()))
        .collect()
}

/// The component schemas reachable from the operations.
fn reachable_schemas(doc: &Value) -> BTreeSet<String> {
    let mut todo: Vec<String> = Vec::new();
    let mut found = Vec::new();
    openapi::refs(&doc["paths"], "", &mut found);
    todo.extend(found.into_iter().map(|(r, _)| r));
    let mut seen = BTreeSet::new();
    while let Some(reference) = todo.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = openapi::resolve(doc, &reference) {
            let mut more = Vec::new();
            openapi::refs(target, "", &mut more);
            todo.extend(more.into_iter().map(|(r, _)| r));
        }
    }
    seen.into_iter()
        .filter_map(|r| r.strip_prefix("#/components/schemas/").map(String::from))
        .collect()
}

fn generates_with_progenitor(doc: &Value) {
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc.clone()).unwrap();
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    progenitor::Generator::new(&settings)
        .generate_tokens(&spec)
        .expect("progenitor generates a client from the merged spec");
}

fn check_round_trip(name: &str, quirks: bool) {
    let original = corpus(name);
    let merged = merge_dir(&format!(
        "{name}-pages{}",
        if quirks { "-quirks" } else { "" }
    ));
    let before = operations(&original);
    let after = operations(&merged);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{name}: operations"
    );

    let ids: Vec<&str> = after
        .values()
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "{name}: operationIds are unique: {ids:?}"
    );
    if !quirks {
        for (key, op) in &before {
            assert_eq!(
                after[key]["operationId"], op["operationId"],
                "{name}: {key} keeps its operationId"
            );
        }
    }

    // Every schema an operation reaches comes back unchanged, once.
    let schemas = reachable_schemas(&original);
    assert!(!schemas.is_empty(), "{name}: the corpus spec has schemas");
    for schema in &schemas {
        assert_eq!(
            merged["components"]["schemas"][schema], original["components"]["schemas"][schema],
            "{name}: schema {schema}"
        );
    }
    let merged_names: BTreeSet<String> = merged["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        merged_names, schemas,
        "{name}: no schema added or duplicated"
    );

    // Path parameters the quirks stripped are declared again.
    for (key, op) in &after {
        let path = key.split_once(' ').unwrap().1;
        for param in xtask::normalize::template_names(path) {
            let declared = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["in"] == "path" && p["name"] == param.as_str());
            assert!(declared, "{name}: {key} declares {{{param}}}");
        }
    }
    generates_with_progenitor(&merged);
}

#[test]
fn buildomat_round_trips() {
    check_round_trip("buildomat", false);
}

#[test]
fn buildomat_round_trips_from_quirky_pages() {
    check_round_trip("buildomat", true);
}

#[test]
fn keeper_round_trips() {
    check_round_trip("keeper", false);
}

#[test]
fn keeper_round_trips_from_quirky_pages() {
    check_round_trip("keeper", true);
}

#[test]
fn the_xone_pages_merge_into_the_committed_spec() {
    // The committed spec is what `cargo xtask merge` makes of spec/pages:
    // the freshness check, as a test (rust-analyzer runs its generators so).
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let fragments = xtask::files::read_pages(&root.join("spec/pages")).unwrap();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let types = xtask::types::Types::parse("spec/types.yaml", &read("spec/types.yaml")).unwrap();
    let overlay =
        xtask::overlay::Overlay::parse("spec/overlay.yaml", &read("spec/overlay.yaml")).unwrap();
    let config = Config {
        types: Some(&types),
        overlay: Some(&overlay),
        samples: true,
    };
    let (doc, report) = merge::merge(fragments, &config).unwrap();
    assert_eq!(
        xtask::emit::render(doc.clone(), xtask::emit::Format::Yaml),
        read("spec/openapi.yaml"),
        "run `cargo xtask merge`"
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    for name in [
        "Booking",
        "Policy",
        "Policyholder",
        "Cancellation",
        "ApiError",
    ] {
        assert!(doc["components"]["schemas"].get(name).is_some(), "{name}");
    }
    generates_with_progenitor(&doc);
}

#[test]
fn the_committed_spec_has_no_changes_against_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join("spec/openapi.yaml")).unwrap();
    let spec: Value = serde_norway::from_str(&text).unwrap();
    assert_eq!(xtask::diff::diff(&spec, &spec), vec![]);
}

#[test]
fn dropping_a_page_removes_its_operation_a_breaking_major_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let committed: Value = serde_norway::from_str(&read("spec/openapi.yaml")).unwrap();

    // The spec as it would be without the opt-out page: its named type
    // (Customer) leaves spec/types.yaml with it.
    let fragments =
        pages::extract("manage-booking.md", &read("spec/pages/manage-booking.md")).unwrap();
    let types_text = read("spec/types.yaml");
    let customer = types_text.find("  - name: Customer").unwrap();
    let money = types_text.find("\n# Amounts of money").unwrap();
    let without_customer = format!("{}{}", &types_text[..customer], &types_text[money..]);
    let types = xtask::types::Types::parse("types.yaml", &without_customer).unwrap();
    let overlay =
        xtask::overlay::Overlay::parse("overlay.yaml", &read("spec/overlay.yaml")).unwrap();
    let config = Config {
        types: Some(&types),
        overlay: Some(&overlay),
        samples: true,
    };
    let (without, _) = merge::merge(fragments, &config).unwrap();

    let changes = xtask::diff::diff(&committed, &without);
    let got: Vec<_> = changes
        .iter()
        .map(|c| (c.id, c.operations.join(", "), c.level))
        .collect();
    assert_eq!(
        got,
        [
            (
                "api-path-removed-without-deprecation",
                "POST /api/partners/{partner_id}/offers/{offer_id}/opt-out".to_string(),
                xtask::diff::Level::Breaking
            ),
            (
                "api-schema-removed",
                String::new(),
                xtask::diff::Level::Breaking
            )
        ]
    );
    assert_eq!(
        xtask::diff::Semver::of(&changes),
        xtask::diff::Semver::Major
    );
}

/// The committed splits are exactly what the committed tool makes of the
/// committed specs: anyone can regenerate them, and nobody edits them by hand.
#[test]
fn the_corpus_splits_regenerate_unchanged() {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tool = xtask_dir.join("tools/split-into-pages.py");
    let corpus = xtask_dir.join("tests/fixtures/corpus");
    for spec in ["keeper", "buildomat"] {
        for (flag, suffix) in [(None, ""), (Some("--quirks"), "-quirks")] {
            let out = tempfile::tempdir().unwrap();
            let mut command = std::process::Command::new("python3");
            command
                .arg(&tool)
                .arg(corpus.join(format!("{spec}.json")))
                .arg(out.path());
            command.args(flag);
            let status = command.output().expect("python3 runs the split tool");
            assert!(
                status.status.success(),
                "{}",
                String::from_utf8_lossy(&status.stderr)
            );
            let committed = corpus.join(format!("{spec}-pages{suffix}"));
            assert_eq!(
                listing(out.path()),
                listing(&committed),
                "{spec}{suffix}: regenerate with `python3 xtask/tools/split-into-pages.py xtask/tests/fixtures/corpus/{spec}.json {} {}`",
                committed.display(),
                flag.unwrap_or("")
            );
        }
    }
}

/// Every file in `dir` with its text.
fn listing(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect()
}
