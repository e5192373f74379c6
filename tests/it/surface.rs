//! The generated client exposes exactly the operations of spec/openapi.yaml.

use std::collections::BTreeSet;

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/client.rs"));
const SPEC: &str = include_str!("../../spec/openapi.yaml");

fn spec_operation_ids() -> BTreeSet<String> {
    let spec: serde_json::Value = serde_norway::from_str(SPEC).unwrap();
    let mut ids = BTreeSet::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .contains(&method.as_str())
            {
                ids.insert(op["operationId"].as_str().unwrap().to_string());
            }
        }
    }
    ids
}

fn generated_methods() -> BTreeSet<String> {
    // Each operation is `pub fn <id>(&self) -> builder::<Id><'_>` on Client;
    // compare without whitespace, since the formatter may wrap the signature.
    let compact: String = GENERATED.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .split("pubfn")
        .skip(1)
        .filter_map(|rest| {
            let (name, signature) = rest.split_once('(')?;
            let is_operation = signature.starts_with("&self)->builder::")
                || signature.starts_with("&self,)->builder::");
            is_operation.then(|| name.to_string())
        })
        .collect()
}

#[test]
fn the_client_has_exactly_the_specs_operations() {
    // Derived from the spec, not written down: a page that adds an
    // operation adds it here too, with no edit.
    let expected = spec_operation_ids();
    assert!(!expected.is_empty(), "the spec has operations");
    assert_eq!(generated_methods(), expected);
}
