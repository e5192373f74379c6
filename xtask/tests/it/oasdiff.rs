//! The wire lens against oasdiff: every case of oasdiff's own checker
//! suite that `xtask::diff::oasdiff_suite` holds (the same fixture files,
//! the same edits, cited by Go test name) is replayed, and each expected
//! id must come at the level of oasdiff's rule table, each id the test
//! rules out must not come, and nothing breaking where the test expects
//! nothing. Agreement must stay at or above 95%, and every case where it
//! does not agree is listed, with the reason, in `PENDING` (a rule family
//! the diff lacks) or `DISAGREEMENTS` (oasdiff is wrong for the wire).
//!
//! oasdiff's fixtures and rule table are its files, not this repository's:
//! they are read from the shared folder beside it
//! (`../shared/corpus/oasdiff/data/`, `../shared/reference/oasdiff-rules.json`),
//! and these tests skip, saying so, where it is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use xtask::diff::oasdiff_suite::{self, Case};
use xtask::diff::{self, Level, Origin, RULES};

/// oasdiff's tests where the diff does not say what oasdiff says on
/// purpose (oasdiff is wrong for the wire, or leaves out what a reviewer
/// must see), and why. The allowance of 5% is spent only here.
const DISAGREEMENTS: &[(&str, &str)] = &[
    (
        "TestBreaking_RemovedPathForAlpha",
        "a path whose operations were at alpha stability removed: oasdiff's check_api_removed.go leaves it out by its stability policy (though it reports an alpha operation removed from a path that stays); every caller of it still breaks and the client loses the method, so the diff reports it",
    ),
    (
        "TestBreaking_RemovedPathForDraft",
        "the same as TestBreaking_RemovedPathForAlpha, at draft stability",
    ),
    (
        "TestRequestPropertyDeprecation_WithInvalidStability",
        "oasdiff's property deprecation check skips an operation whose x-stability-level it cannot read (its stability check reports the level); the diff reports both, the unreadable level as breaking and the deprecation as info, so the reviewer sees the deprecation too",
    ),
    (
        "TestResponsePropertyDeprecation_WithInvalidStability",
        "the same as TestRequestPropertyDeprecation_WithInvalidStability, for a response property",
    ),
    (
        "TestBreaking_RequestParameterMaxItemsWithoutFlatten",
        "a parameter its path declares applies to every operation under it; oasdiff compares such parameters only with --flatten-params (its TestBreaking_RequestParameterMaxItemsWithFlatten calls this same change breaking), and the diff always does",
    ),
    (
        "TestNotSubSchemaTraversalModifiedProperty",
        "a lower maxLength inside `not` forbids fewer values: the request accepts more, not less",
    ),
    (
        "TestNotSubSchemaTraversalAddedProperty",
        "a property required inside `not` is a property the request must not hold: not a new required property",
    ),
    (
        "TestNotSubSchemaTraversalDeletedProperty",
        "a property dropped from inside `not` is no longer forbidden: the request accepts more",
    ),
];

/// oasdiff's rule ids with their levels, or `None` (said) without the
/// shared folder.
fn oasdiff_levels() -> Option<BTreeMap<String, Level>> {
    let path = dev_support::shared::path_or_skip("reference/oasdiff-rules.json")?;
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let levels = doc["rules"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, level)| {
            let level = match level.as_str().unwrap() {
                "breaking" => Level::Breaking,
                "warning" => Level::Warning,
                _ => Level::Info,
            };
            (id.clone(), level)
        })
        .collect();
    Some(levels)
}

#[test]
fn the_rule_table_has_oasdiffs_ids_and_levels_and_marks_its_own() {
    let Some(oasdiff) = oasdiff_levels() else {
        return;
    };
    assert_eq!(oasdiff.len(), 509);
    for rule in RULES {
        match rule.origin {
            Origin::Oasdiff => assert_eq!(
                oasdiff.get(rule.id),
                Some(&rule.wire),
                "{} is oasdiff's, at its level",
                rule.id
            ),
            Origin::Ours => assert!(
                !oasdiff.contains_key(rule.id),
                "{} is oasdiff's: use its level",
                rule.id
            ),
        }
    }
}

/// What the diff says of one case: `None` where it agrees, else what it
/// found instead.
fn replay(oasdiff: &BTreeMap<String, Level>, fixtures: &Path, case: &Case) -> Option<String> {
    let (old, new) = case.documents(fixtures);
    let changes = diff::diff(&old, &new);
    let has = |id: &str| {
        changes
            .iter()
            .any(|c| c.id == id && oasdiff.get(id) == Some(&c.wire))
    };
    let missing: Vec<_> = case.expect.iter().filter(|id| !has(id)).collect();
    let present: Vec<_> = case
        .absent
        .iter()
        .filter(|id| changes.iter().any(|c| c.id == **id))
        .collect();
    let breaking: Vec<_> = changes
        .iter()
        .filter(|c| case.nothing && c.wire == Level::Breaking)
        .map(|c| c.id)
        .collect();
    let silent = case.some
        && !changes
            .iter()
            .any(|c| matches!(c.wire, Level::Breaking | Level::Warning));
    if missing.is_empty() && present.is_empty() && breaking.is_empty() && !silent {
        return None;
    }
    let got: Vec<_> = changes.iter().map(|c| (c.id, c.wire.label())).collect();
    Some(format!(
        "missing {missing:?}, present {present:?}, breaking {breaking:?}, silent {silent}; got {got:?}"
    ))
}

/// oasdiff's tests whose rule family the diff does not have yet, with
/// what is missing. The test below fails when one of them starts to agree
/// (take it off) or any other disagrees, so this list is exactly what is
/// left.
const PENDING: &[(&str, &str)] = &[];

/// Every case agrees, but for those listed as pending or as oasdiff's
/// mistakes (each of which must still disagree, so the lists stay exact).
#[test]
fn oasdiffs_checker_suite_agrees_but_for_the_listed_cases() {
    let (Some(oasdiff), Some(fixtures)) = (
        oasdiff_levels(),
        dev_support::shared::path_or_skip("corpus/oasdiff/data"),
    ) else {
        return;
    };
    let listed = |test: &str| PENDING.iter().chain(DISAGREEMENTS).any(|(t, _)| *t == test);
    let mut unexpected = Vec::new();
    let mut disagreeing = BTreeSet::new();
    for case in oasdiff_suite::cases() {
        match (replay(&oasdiff, &fixtures, case), listed(case.test)) {
            (None, _) => {}
            (Some(_), true) => {
                disagreeing.insert(case.test);
            }
            (Some(why), false) => unexpected.push(format!("{}: {why}", case.test)),
        }
    }
    for (test, _) in PENDING.iter().chain(DISAGREEMENTS) {
        if !disagreeing.contains(test) {
            unexpected.push(format!(
                "{test} agrees now, or has no case: take it off its list"
            ));
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    // Cases that cite a check's source rather than a Go test are not
    // counted as tests replayed.
    let tests: BTreeSet<&str> = oasdiff_suite::cases()
        .map(|c| c.test)
        .filter(|t| t.starts_with("Test"))
        .collect();
    let ids: BTreeSet<&str> = oasdiff_suite::cases()
        .flat_map(|c| c.expect.iter().chain(c.absent).copied())
        .collect();
    let agreement = (tests.len() - disagreeing.len()) as f64 / tests.len() as f64;
    println!(
        "oasdiff checker suite: {} of 818 tests replayed, {} rule ids, agreement {:.1}% ({} pending, {} where the diff differs on purpose)",
        tests.len(),
        ids.len(),
        100.0 * agreement,
        PENDING.len(),
        DISAGREEMENTS.len()
    );
    assert!(agreement >= 0.95, "{agreement}");
    assert!(tests.len() >= 600, "{} tests", tests.len());
}

/// Every rule id a case expects or rules out is in the rule table, at
/// oasdiff's level where it is oasdiff's.
#[test]
fn every_id_the_suite_names_is_a_rule() {
    let known: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
    let unknown: BTreeSet<&str> = oasdiff_suite::cases()
        .flat_map(|c| c.expect.iter().chain(c.absent).copied())
        .filter(|id| !known.contains(id))
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
}
