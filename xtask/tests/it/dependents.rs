//! `cargo xtask diff --dependents`: the fixture service
//! (`xtask/tests/fixtures/dependents/shop`) and the client's own code and
//! examples built against the client generated from a changed spec, each
//! new error traced to the diff row that caused it. The changed specs are
//! made here from `spec/openapi.yaml`; where each call site is, is read
//! from the fixture's source, not written down.

use serde_json::Value;

use crate::review::{committed_spec, operation, repo};

const SHOP: &str = "xtask/tests/fixtures/dependents/shop";

/// 1-based line of the fixture's `src/lib.rs` that holds `text`.
fn shop_line(text: &str) -> usize {
    let source = std::fs::read_to_string(repo().join(SHOP).join("src/lib.rs")).unwrap();
    source
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("the shop fixture has no line with {text}"))
        + 1
}

/// `cargo xtask diff` of the committed spec against `new`, with the shop as
/// its dependent, as JSON.
fn review(new: &Value) -> Value {
    crate::review::review(new, &["--dependents", SHOP], "review-tests", &[])
}

/// The errors reported for the dependent named `name`, as
/// (file:line, [rust items of the rows that caused it]).
fn errors(report: &Value, name: &str) -> Vec<(String, Vec<String>)> {
    let dependent = report["dependents"]["dependents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"].as_str().unwrap().starts_with(name))
        .unwrap_or_else(|| panic!("no dependent {name} in {report:#}"));
    assert!(dependent.get("unchecked").is_none(), "{dependent:#}");
    dependent["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    let causes = e["caused_by"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["rust_item"].as_str().unwrap().to_string())
                        .collect();
                    (
                        format!("{}:{}", e["file"].as_str().unwrap(), e["line"]),
                        causes,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn unused(report: &Value) -> Vec<String> {
    report["dependents"]["unused_breaking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rust_item"].as_str().unwrap().to_string())
        .collect()
}

/// Both spec changes in one test: they share one scratch folder, whose
/// clients and target the second reuses.
#[test]
fn a_spec_change_names_the_call_sites_it_breaks_and_the_breaks_no_dependent_meets() {
    // Two call sites of the shop break: a field it reads is removed, and
    // an operation it calls is renamed; the client's own examples use both.
    let mut spec = committed_spec();
    let booking = &mut spec["components"]["schemas"]["Booking"]["properties"];
    booking
        .as_object_mut()
        .unwrap()
        .remove("status")
        .expect("Booking has a status");
    operation(&mut spec, "opt_out_offer")["operationId"] = "opt_out_of_offer".into();
    let report = review(&spec);
    // The renamed operation's body type goes with it: its import breaks too.
    let at = |text: &str| format!("{SHOP}/src/lib.rs:{}", shop_line(text));
    let (status, opt_out) = (
        vec!["types::Booking::status".to_string()],
        vec!["Client::opt_out_offer".to_string()],
    );
    let mut found = errors(&report, SHOP);
    found.sort();
    let mut expected = vec![
        (
            at("use xone::types::{Booking, OptOutOfferBody}"),
            opt_out.clone(),
        ),
        (at("booking.status"), status.clone()),
        (at(".opt_out_offer()"), opt_out.clone()),
    ];
    expected.sort();
    assert_eq!(found, expected, "{report:#}");
    // Each of the examples' errors has one of the two causes, and both
    // are met.
    let own = errors(&report, "xone itself");
    for cause in [&status, &opt_out] {
        assert!(
            own.iter().any(|(_, causes)| causes == cause),
            "{cause:?} in {own:?}"
        );
    }
    assert!(
        own.iter()
            .all(|(file, causes)| file.starts_with("examples/")
                && (causes == &status || causes == &opt_out)),
        "{own:?}"
    );
    let left = unused(&report);
    assert!(
        !left
            .iter()
            .any(|i| i == "types::Booking::status" || i == "Client::opt_out_offer"),
        "{left:?}"
    );

    // A field nobody reads: breaking for Rust code, but no dependent meets it.
    let mut spec = committed_spec();
    let booking = &mut spec["components"]["schemas"]["Booking"]["properties"];
    booking
        .as_object_mut()
        .unwrap()
        .remove("sign_up_url")
        .expect("Booking has a sign_up_url");
    let report = review(&spec);
    assert_eq!(errors(&report, SHOP), [], "{report:#}");
    assert_eq!(errors(&report, "xone itself"), [], "{report:#}");
    assert_eq!(
        unused(&report),
        ["types::Booking::sign_up_url"],
        "{report:#}"
    );
}
