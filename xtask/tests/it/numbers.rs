//! Numbers keep their value through the merge and the diff: whatever a page
//! writes in an `example`, a `default`, an `enum` or a bound reaches
//! `spec/openapi.yaml` as the same `f64` (the shortest text that reads back
//! as it) or the same integer, every digit of it, from JSON and YAML pages
//! alike. A changed bound changes what the client accepts; a changed
//! example misleads whoever reads it.

use proptest::prelude::*;
use serde_json::{Number, Value, json};

use xtask::merge::emit::{Format, render};
use xtask::merge::pages::extract;
use xtask::merge::{Config, merge};

/// How a page holds its block.
#[derive(Debug, Clone, Copy)]
enum Block {
    Json,
    Yaml,
}

/// A docs page in the vendor's format whose one operation answers a schema
/// with `value` as a property's example, default, only enum value and both
/// bounds (its `type` follows the value: `integer` or `number`).
fn page(value: &Number, block: Block) -> String {
    let kind = if value.is_f64() { "number" } else { "integer" };
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Numbers", "version": "1"},
        "paths": {"/api/things": {"get": {
            "summary": "List things",
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"value": {
                    "type": kind,
                    "example": value,
                    "default": value,
                    "enum": [value],
                    "minimum": value,
                    "maximum": value
                }}
            }}}}}
        }}}
    });
    let (fence, text) = match block {
        Block::Json => ("json", serde_json::to_string_pretty(&doc).unwrap()),
        Block::Yaml => ("yaml", serde_norway::to_string(&doc).unwrap()),
    };
    format!("# List things\n\n```{fence}\n{text}\n```\n")
}

/// The page merged, written as YAML and JSON, and each read back as a
/// consumer of the spec reads it: the property's schema from both.
fn merged_schemas(page: &str) -> [Value; 2] {
    let fragments = extract("things.md", page).unwrap_or_else(|e| panic!("{e}\n{page}"));
    let (doc, _) = merge(fragments, &Config::default()).unwrap();
    let yaml = render(doc.clone(), Format::Yaml, "");
    let json = render(doc, Format::Json, "");
    let from_yaml: Value = serde_norway::from_str(&yaml).unwrap();
    let from_json: Value = serde_json::from_str(&json).unwrap();
    [from_yaml, from_json].map(|doc| {
        let schema = &doc["paths"]["/api/things"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"];
        let schema = xtask::openapi::resolve_deep(&doc, schema);
        schema["properties"]["value"].clone()
    })
}

/// Whether `got` is `want` exactly: the same integer, or the same `f64`
/// bit for bit (a float written `1e20` may read back as an integer-valued
/// float; its value is what counts).
fn same_number(got: &Value, want: &Number) -> bool {
    match (got.as_number(), want.as_f64()) {
        (Some(got), _) if want.is_u64() || want.is_i64() => got == want,
        (Some(got), Some(want)) => got.as_f64().map(f64::to_bits) == Some(want.to_bits()),
        _ => false,
    }
}

fn assert_survives(value: &Number, block: Block) {
    for schema in merged_schemas(&page(value, block)) {
        for place in ["example", "default", "minimum", "maximum"] {
            assert!(
                same_number(&schema[place], value),
                "{block:?} page, {place}: wrote {value}, got {}",
                schema[place]
            );
        }
        assert!(
            same_number(&schema["enum"][0], value),
            "{block:?} page, enum: wrote {value}, got {}",
            schema["enum"]
        );
    }
}

#[test]
fn the_numbers_qdrants_spec_lost_a_digit_of_keep_it() {
    // Qdrant's OpenAPI document, split into pages and merged back, came out
    // with these two one digit short.
    for text in ["0.9687100052833557", "0.42187801003456116"] {
        let value: Number = text.parse().unwrap();
        assert_eq!(value.to_string(), text, "the test's own reading is exact");
        for block in [Block::Json, Block::Yaml] {
            assert_survives(&value, block);
        }
    }
}

#[test]
fn integers_past_two_to_the_53_keep_every_digit() {
    for value in [
        Number::from(9_007_199_254_740_993_u64),
        Number::from(u64::MAX),
        Number::from(i64::MIN),
        Number::from(-9_007_199_254_740_993_i64),
    ] {
        for block in [Block::Json, Block::Yaml] {
            assert_survives(&value, block);
        }
    }
}

#[test]
fn an_integer_no_64_bit_integer_holds_is_refused_naming_the_page_line() {
    // serde_json would read it as the nearest f64 and drop digits without
    // a word; the merge says where it is instead.
    let page = "# Big\n\n```json\n{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"t\", \"version\": \"1\"},\n \"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"type\": \"integer\",\n  \"example\": 123456789012345678901234567890}}}}}}}}}\n```\n";
    let error = extract("big.md", page).unwrap_err().to_string();
    assert!(error.starts_with("big.md:7: "), "{error}");
    assert!(
        error.contains("123456789012345678901234567890 (column 14)") && error.contains("64 bits"),
        "{error}"
    );
    // The same in a YAML block: its reader refuses it too, at its line.
    let page = "# Big\n\n```yaml\nopenapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: integer\n                example: 123456789012345678901234567890\n```\n";
    let error = extract("big.md", page).unwrap_err().to_string();
    assert!(error.starts_with("big.md:"), "{error}");
    assert!(error.contains("out of range"), "{error}");
}

#[test]
fn a_number_written_another_way_is_no_change_to_the_diff() {
    // The same values, as another tool would write them: `1.0` for `1`,
    // `5e-1` for `0.5`, YAML for JSON.
    let old = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"parameters": [{"name": "n", "in": "query", "schema": {
            "type": "number", "minimum": 1, "maximum": 0.5, "default": 2, "enum": [1, 2, 0.5],
            "example": 0.9687100052833557}}],
        "responses": {"200": {"description": "ok"}}}}}});
    let new_text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n      - name: n\n        in: query\n        schema: {type: number, minimum: 1.0, maximum: 5e-1, default: 2.0, enum: [1.0, 2, 0.5], example: 0.9687100052833557}\n      responses:\n        '200': {description: ok}\n";
    let new: Value = serde_norway::from_str(new_text).unwrap();
    assert_eq!(xtask::diff::diff(&old, &new), vec![]);
    // And a real change of one digit is one.
    let mut changed = old.clone();
    changed["paths"]["/a"]["get"]["parameters"][0]["schema"]["minimum"] = json!(1.000000000000001);
    assert!(!xtask::diff::diff(&old, &changed).is_empty());
}

/// Finite `f64` values of every magnitude, and integers across both 64-bit
/// ranges (most past 2^53, where an `f64` keeps no more digits).
fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| Number::from_f64(f).unwrap()),
        (-1e6f64..1e6).prop_map(|f| Number::from_f64(f).unwrap()),
        any::<u64>().prop_map(Number::from),
        any::<i64>().prop_map(Number::from),
        ((1u64 << 53)..u64::MAX).prop_map(Number::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_number_a_page_writes_survives_the_merge(value in number(), yaml in any::<bool>()) {
        assert_survives(&value, if yaml { Block::Yaml } else { Block::Json });
    }

    #[test]
    fn the_diff_reports_no_change_for_a_number_that_did_not_change(value in number()) {
        let fragments = extract("things.md", &page(&value, Block::Json)).unwrap();
        let (doc, _) = merge(fragments, &Config::default()).unwrap();
        // The committed spec as YAML, read back, against the merge itself.
        let reread: Value = serde_norway::from_str(&render(doc.clone(), Format::Yaml, "")).unwrap();
        prop_assert_eq!(xtask::diff::diff(&doc, &reread), vec![]);
    }
}
