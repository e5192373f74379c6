//! Round trip on real specs: whole documents split into docs pages by
//! `xtask/tools/split-into-pages.py` and merged back. Every operation and
//! every reachable schema must come back, and the result must make a
//! client wherever the original does: the `corpus-clients` crate compiles
//! those of keeper, buildomat and nexus; GitHub's, which progenitor cannot
//! generate from the original either, must fail the same way.
//! With `--quirks` (operationIds and path parameters stripped, as the vendor
//! exports them) the ids are derived.
//!
//! Keeper, buildomat and nexus are other projects' files: they are read
//! from the shared folder beside the repository (`../shared/corpus/`), and
//! these tests skip, saying so, where it is absent. GitHub's spec comes
//! from an npm package and is committed (`tests/fixtures/corpus/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use xtask::merge::pages;
use xtask::merge::{self, Config};
use xtask::openapi;

/// `NAME.json` in the shared corpus, or `None` (said) without the folder.
fn shared_spec(name: &str) -> Option<PathBuf> {
    dev_support::shared::path_or_skip(&format!("corpus/{name}.json"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Splits `spec` (a path; `.json` or `.json.gz`) into pages in a fresh
/// temporary folder.
fn split(spec: &Path, quirks: bool) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    dev_support::shared::split_into_pages(spec, out.path(), quirks)
        .unwrap_or_else(|e| panic!("{e}"));
    out
}

/// Merges a folder as `cargo xtask merge` does: one fragment at a time.
fn merge_dir(dir: &Path) -> Value {
    xtask::merge::merge_pages(dir, &Config::default())
        .unwrap()
        .0
}

#[test]
fn merging_one_fragment_at_a_time_gives_what_merging_them_all_at_once_does() {
    for name in ["keeper", "buildomat"] {
        let Some(spec) = shared_spec(name) else {
            return;
        };
        let dir = split(&spec, true);
        let (all_at_once, report) = merge::merge(
            xtask::merge::read_pages(dir.path()).unwrap(),
            &Config::default(),
        )
        .unwrap();
        let (streamed, streamed_report) =
            xtask::merge::merge_pages(dir.path(), &Config::default()).unwrap();
        assert_eq!(streamed, all_at_once, "{name}");
        assert_eq!(streamed_report, report, "{name}");
    }
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
    openapi::refs(&doc["paths"], &[], &mut found);
    todo.extend(found.into_iter().map(|(r, _)| r));
    let mut seen = BTreeSet::new();
    while let Some(reference) = todo.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = openapi::resolve(doc, &reference) {
            let mut more = Vec::new();
            openapi::refs(target, &[], &mut more);
            todo.extend(more.into_iter().map(|(r, _)| r));
        }
    }
    seen.into_iter()
        .filter_map(|r| r.strip_prefix("#/components/schemas/").map(String::from))
        .collect()
}

/// `doc` without the path parameters it declares, as the split tool's
/// `--quirks` strips them (those written out, not those by `$ref`).
fn without_path_parameters(doc: &Value) -> Value {
    let mut doc = doc.clone();
    for item in doc["paths"].as_object_mut().unwrap().values_mut() {
        let item = item.as_object_mut().unwrap();
        for (key, holder) in item.iter_mut() {
            let holder = if key == "parameters" {
                holder
            } else if let Some(params) = holder.get_mut("parameters") {
                params
            } else {
                continue;
            };
            if let Some(params) = holder.as_array_mut() {
                params.retain(|p| p["in"] != "path");
            }
        }
    }
    doc
}

/// The schema names that 4xx and 5xx JSON bodies refer to.
fn error_body_refs(doc: &Value) -> BTreeSet<&str> {
    openapi::operations(doc)
        .into_iter()
        .flat_map(|(_, _, op)| op["responses"].as_object().into_iter().flatten())
        .filter(|(status, _)| status.starts_with('4') || status.starts_with('5'))
        .filter_map(|(_, response)| {
            response
                .pointer("/content/application~1json/schema/$ref")?
                .as_str()?
                .strip_prefix("#/components/schemas/")
        })
        .collect()
}

/// The client progenitor generates from `doc`, as Rust source.
fn generates_with_progenitor(doc: &Value) -> String {
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc.clone()).unwrap();
    xtask::merge::generation::plain_client(&spec).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_error_union_generates_one_untagged_error_type_for_its_operation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge");
    let text = std::fs::read_to_string(dir.join("error-shapes-that-cannot-unify.md")).unwrap();
    let fragments = pages::extract("e.md", &text).unwrap();
    let (doc, _) = merge::merge(fragments, &Config::default()).unwrap();
    let client = generates_with_progenitor(&doc);
    let start = client
        .find("pub enum CreateThingError {")
        .expect("one error type");
    let attributes = &client[client[..start].rfind("#[derive").unwrap()..start];
    assert!(attributes.contains("#[serde(untagged)]"), "{attributes}");
    // Every error status of the operation decodes into it.
    assert!(
        client.contains("Error<types::CreateThingError>"),
        "{client}"
    );
    // One variant per shape, in the union's order: the 400's two, then the
    // 404's (which the 409 shares).
    let body = &client[start..start + client[start..].find("\n    }").unwrap()];
    let variants: Vec<&str> = body
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Variant"))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(variants, ["0", "1", "2"], "{body}");
    assert!(
        body.contains("errors: ::std::vec::Vec<::std::string::String>"),
        "{body}"
    );
    assert!(
        body.contains("code: i64, error: ::std::string::String"),
        "{body}"
    );
    assert!(body.contains("message: ::std::string::String"), "{body}");
}

fn check_round_trip(name: &str, quirks: bool) {
    let Some(spec) = shared_spec(name) else {
        return;
    };
    let original = read_json(&spec);
    let merged = merge_dir(split(&spec, quirks).path());
    check_merged(name, &original, &merged, quirks);
}

/// The merge of `original`'s pages kept every operation (with its id, unless
/// the quirks stripped it) and every schema an operation reaches, unchanged
/// but for the merge's own fixes to schemas (a `nullable` without a type
/// accepts any value, and formats no generator knows are dropped: what
/// OpenAPI 3.0 means by them either way).
fn check_merged(name: &str, original: &Value, merged: &Value, quirks: bool) {
    let mut fixed = original.clone();
    xtask::merge::normalize::untyped_nullable(&mut fixed);
    xtask::merge::normalize::drop_unknown_formats(&mut fixed);
    let original = &fixed;
    let before = operations(original);
    let after = operations(merged);
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

    // Every schema an operation reaches comes back unchanged, once. With
    // the quirks, a schema only a path parameter reached is not on the
    // pages at all (Nexus's `DiskMetricName`): the merge declares the
    // parameter again as a string, and cannot know more.
    let schemas = if quirks {
        reachable_schemas(&without_path_parameters(original))
    } else {
        reachable_schemas(original)
    };
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
        schemas.difference(&merged_names).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{name}: no schema lost"
    );
    // The only schemas added are error types of operations whose error
    // bodies differ (`<OperationId>Error`), each the error body of its own.
    let error_bodies = error_body_refs(merged);
    for added in merged_names.difference(&schemas) {
        assert!(
            added.ends_with("Error") && error_bodies.contains(added.as_str()),
            "{name}: schema {added} was added, and is no operation's error type"
        );
    }

    // Path parameters the quirks stripped are declared again (on the
    // operation, or on its path, directly or by `$ref`).
    for (key, op) in &after {
        let (method, path) = key.split_once(' ').unwrap();
        let item = &merged["paths"][path];
        assert!(item.get(method).is_some());
        for param in xtask::naming::template_names(path) {
            let declared = [&op["parameters"], &item["parameters"]]
                .into_iter()
                .filter_map(Value::as_array)
                .flatten()
                .map(|p| openapi::resolve_deep(merged, p))
                .any(|p| p["in"] == "path" && p["name"] == param.as_str());
            assert!(declared, "{name}: {key} declares {{{param}}}");
        }
    }
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
fn nexus_round_trips() {
    check_round_trip("nexus", false);
}

#[test]
fn nexus_round_trips_from_quirky_pages() {
    check_round_trip("nexus", true);
}

#[test]
fn keeper_round_trips() {
    check_round_trip("keeper", false);
}

#[test]
fn keeper_round_trips_from_quirky_pages() {
    check_round_trip("keeper", true);
}

/// GitHub's REST API (npm `@octokit/openapi` 23.0.2, `api.github.com.json`,
/// MIT; see tests/fixtures/corpus/README.md): 1,223 operations, 969 schemas,
/// split here by the committed tool, since its pages would be 14 MB a copy.
fn check_github(quirks: bool) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/github.json.gz");
    let pages = split(&spec, quirks);
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(&spec).unwrap()),
        &mut text,
    )
    .unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    let merged = merge_dir(pages.path());
    check_merged("github", &original, &merged, quirks);
    if !quirks {
        // progenitor 0.15 cannot generate GitHub's client at all: it panics
        // on a request body with two media types (`markdown/render-raw`,
        // progenitor#828), and without that on enum variants typify cannot
        // name apart (`+1`/`-1`; progenitor#395). The merge must not fail
        // earlier or otherwise: the same spec, the same failure.
        let failure = generation_failure(&original).expect("progenitor fails on GitHub's spec");
        assert!(
            failure.contains("more media types than expected"),
            "{failure}"
        );
        assert_eq!(generation_failure(&merged), Some(failure));
    }
}

/// How progenitor fails on `doc` (its error, or its panic's message).
fn generation_failure(doc: &Value) -> Option<String> {
    let spec: openapiv3::OpenAPI = match serde_json::from_value(doc.clone()) {
        Ok(spec) => spec,
        Err(e) => return Some(format!("not an OpenAPI document: {e}")),
    };
    let outcome = std::panic::catch_unwind(|| {
        xtask::merge::generation::plain_generator()
            .generate_tokens(&spec)
            .map(drop)
    });
    match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(panic) => Some(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

#[test]
fn github_round_trips() {
    check_github(false);
}

#[test]
fn github_round_trips_from_quirky_pages() {
    check_github(true);
}

#[test]
fn the_xone_pages_merge_into_the_committed_spec() {
    // The committed spec is what `cargo xtask merge` makes of spec/pages:
    // the freshness check, as a test (rust-analyzer runs its generators so).
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let fragments = xtask::merge::read_pages(&root.join("spec/pages")).unwrap();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let types =
        xtask::merge::types::Types::parse("spec/types.yaml", &read("spec/types.yaml")).unwrap();
    let overlay =
        xtask::merge::overlay::Overlay::parse("spec/overlay.yaml", &read("spec/overlay.yaml"))
            .unwrap();
    let config = Config {
        types: Some(&types),
        overlay: Some(&overlay),
        samples: true,
    };
    let (doc, report) = merge::merge(fragments, &config).unwrap();
    assert_eq!(
        xtask::merge::emit::render(
            doc.clone(),
            xtask::merge::emit::Format::Yaml,
            &xtask::merge::emit::repository_header()
        ),
        read("spec/openapi.yaml"),
        "run `cargo xtask merge`"
    );
    assert!(
        report.warnings.is_empty(),
        "the merge has decisions for a maintainer (each says what to paste where): {:#?}",
        report.warnings
    );
    // Every type spec/types.yaml names is one schema of the result.
    let mut named: Vec<&str> = types.types.iter().map(|t| t.name.as_str()).collect();
    named.extend(types.errors.as_deref());
    assert!(!named.is_empty());
    for name in named {
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
fn dropping_a_page_removes_its_operations_a_breaking_major_change() {
    // Each page of spec/pages in turn: its operations (as the merge found
    // them) taken out of the committed spec are each a breaking removal,
    // and the version a major one. Nothing here names a page or an
    // operation: a new page is covered as it comes.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let committed: Value =
        serde_norway::from_str(&std::fs::read_to_string(root.join("spec/openapi.yaml")).unwrap())
            .unwrap();
    let pages_dir = root.join("spec/pages");
    let mut pages: Vec<_> = std::fs::read_dir(&pages_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(!pages.is_empty());
    for page in pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let fragments = pages::extract(&name, &std::fs::read_to_string(&page).unwrap()).unwrap();
        let mut dropped = Vec::new();
        let mut without = committed.clone();
        for fragment in &fragments {
            for (path, method, _) in xtask::openapi::operations(fragment.doc()) {
                let template = normalized_template(&committed, &path);
                without["paths"][&template]
                    .as_object_mut()
                    .unwrap_or_else(|| panic!("{name}: {template} is in the committed spec"))
                    .remove(&method);
                dropped.push(format!("{} {template}", method.to_uppercase()));
            }
        }
        assert!(!dropped.is_empty(), "{name} has operations");
        let changes = xtask::diff::diff(&committed, &without);
        for operation in &dropped {
            assert!(
                changes
                    .iter()
                    .any(|c| c.level == xtask::diff::Level::Breaking
                        && c.operations.iter().any(|o| o == operation)),
                "{name}: dropping {operation} is breaking: {changes:#?}"
            );
        }
        assert_eq!(
            xtask::diff::Semver::of(&changes),
            xtask::diff::Semver::Major,
            "{name}"
        );
    }
}

/// The committed spec's spelling of a page's path template: the pages'
/// placeholders may be named differently (`{id}` for `{booking_id}`), so
/// paths are matched with their placeholders blanked.
fn normalized_template(committed: &Value, path: &str) -> String {
    let shape = |p: &str| -> String {
        p.split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    committed["paths"]
        .as_object()
        .unwrap()
        .keys()
        .find(|k| shape(k) == shape(path))
        .unwrap_or_else(|| panic!("{path} is in the committed spec"))
        .clone()
}

/// The split tool and the merge are deterministic on real specs: two
/// splits of the same spec are the same pages, and two merges of them
/// render the same YAML byte for byte (what the committed splits and
/// merges once proved by comparison with the files).
#[test]
fn the_corpus_splits_and_merges_are_the_same_twice() {
    for name in ["keeper", "buildomat", "nexus"] {
        let Some(spec) = shared_spec(name) else {
            return;
        };
        for quirks in [false, true] {
            let (first, second) = (split(&spec, quirks), split(&spec, quirks));
            assert_eq!(
                listing(first.path()),
                listing(second.path()),
                "{name} (quirks: {quirks}): the split"
            );
            let render = |dir: &Path| {
                xtask::merge::emit::render(merge_dir(dir), xtask::merge::emit::Format::Yaml, "")
            };
            assert_eq!(
                render(first.path()),
                render(second.path()),
                "{name} (quirks: {quirks}): the merge"
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
