//! Property tests of extraction and merging: whatever the input, they return
//! a result or an error and never panic; the order pages are listed in never
//! changes the output; an identical copy of a page changes nothing.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use xtask::merge::emit::{Format, render, repository_header};
use xtask::merge::pages::{Fragment, extract};
use xtask::merge::types::Types;
use xtask::merge::{Config, merge};

/// Keys an OpenAPI document uses, so that random documents reach deep into
/// the merge rather than failing at the first check.
const KEYS: &[&str] = &[
    "openapi",
    "info",
    "paths",
    "components",
    "schemas",
    "parameters",
    "responses",
    "$ref",
    "type",
    "properties",
    "items",
    "nullable",
    "format",
    "required",
    "enum",
    "operationId",
    "summary",
    "security",
    "servers",
    "tags",
    "name",
    "in",
    "schema",
    "content",
    "application/json",
    "headers",
    "get",
    "post",
    "patch",
    "delete",
    "200",
    "401",
    "422",
    "/a",
    "/a/{id}",
    "/b/{x}/{y}",
    "description",
    "requestBody",
    "allOf",
    "additionalProperties",
    "url",
    "title",
    "version",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(KEYS).prop_map(String::from),
        1 => "[a-z{}/#_.~$-]{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![
            proptest::sample::select(
                &[
                    "3.0.0",
                    "3.0.3",
                    "3.1.0",
                    "2.0",
                    "string",
                    "object",
                    "array",
                    "integer",
                    "number",
                    "#/components/schemas/A",
                    "#/components/parameters/P",
                    "path",
                    "date-time",
                    "color"
                ][..]
            )
            .prop_map(String::from),
            "[ -~]{0,16}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Strings that YAML treats specially: words and numbers of either version,
/// dates, indicators, blanks and line breaks anywhere, any character.
fn yaml_hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "no",
                "Yes",
                "ON",
                "~",
                "null",
                "2026-03-10",
                "2019-01-26T19:01:12Z",
                "1:30",
                "0x1F",
                "0o17",
                "1_000",
                ".inf",
                "-.5",
                "+1",
                "3.0.3",
                "- a",
                "? b",
                "a: b",
                "a #b",
                "#c",
                "'q'",
                "\"dq\"",
                "|",
                ">",
                "&a",
                "*a",
                "!t",
                "%d",
                "@",
                "`",
                "---",
                "...",
                "<<",
                "=",
                "",
                " ",
                "\n",
                "a\n",
                "a\n\n",
                "\na",
                " a\nb",
                "a\n \nb",
                "a \nb ",
                "\t",
                "\r\n",
                "\u{85}",
                "\u{2028}",
                "\u{FEFF}",
            ][..]
        )
        .prop_map(String::from),
        "[ -~\n\t]{0,24}",
        any::<String>(),
    ]
}

fn yaml_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        yaml_hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((yaml_hostile_string(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A document that passes the version check, with random paths and components.
fn openapi_document() -> impl Strategy<Value = Value> {
    (json_value(), json_value(), json_value()).prop_map(|(paths, components, security)| {
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}});
        doc["paths"] = match paths {
            Value::Object(_) => paths,
            other => json!({"/a/{id}": {"get": other}}),
        };
        doc["components"] = components;
        doc["security"] = security;
        doc
    })
}

fn fragment(name: &str, doc: Value) -> Fragment {
    Fragment::new(
        xtask::error::Source::new(format!("{name}.json"), 1),
        None,
        doc,
    )
}

/// A small valid page: one operation on its own path, a shared component,
/// an inline response body.
fn valid_page(index: usize, method: &str, fields: Vec<String>) -> Fragment {
    let properties: Map<String, Value> = fields
        .into_iter()
        .map(|f| (f, json!({"type": "string"})))
        .collect();
    let doc = json!({
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "tags": [{"name": "T", "description": "Things."}],
        "security": [{"O": ["scope:a"]}],
        "components": {
            "schemas": {"Shared": {"type": "object", "properties": {"id": {"type": "string"}}}},
            "securitySchemes": {"O": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}}}
        },
        "paths": {format!("/r{index}/{{id}}"): {method: {
            "summary": format!("Operation {index}"),
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": properties}}}},
                "401": {"description": "no", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}
            }
        }}}
    });
    extract(&format!("page-{index:02}.json"), &doc.to_string())
        .unwrap()
        .remove(0)
}

fn valid_pages() -> impl Strategy<Value = Vec<Fragment>> {
    proptest::collection::vec(
        (
            proptest::sample::select(&["get", "post", "patch", "delete"][..]),
            proptest::collection::vec("[a-z]{1,8}", 0..5),
        ),
        1..8,
    )
    .prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (method, fields))| valid_page(i, method, fields))
            .collect()
    })
}

fn rendered(fragments: Vec<Fragment>) -> String {
    let types = Types::parse("t.yaml", "errors: ApiError\n").unwrap();
    let config = Config {
        types: Some(&types),
        ..Config::default()
    };
    let (doc, _) = merge(fragments, &config).unwrap();
    render(doc, Format::Yaml, &repository_header())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn extraction_of_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512), ext in proptest::sample::select(&["md", "json", "yaml"][..])) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = extract(&format!("page.{ext}"), &text);
    }

    #[test]
    fn extraction_of_markdown_around_arbitrary_blocks_never_panics(doc in json_value(), heading in "(GET|POST|PATCH) /[a-z{}_\\\\]{0,10}") {
        let page = format!("# P\n\n## {heading}\n\n```json\n{doc}\n```\n");
        let _ = extract("page.md", &page);
    }

    #[test]
    fn merging_arbitrary_documents_never_panics(docs in proptest::collection::vec(openapi_document(), 1..4)) {
        let fragments: Vec<Fragment> = docs.into_iter().enumerate().map(|(i, d)| fragment(&format!("f{i}"), d)).collect();
        let types = Types::parse("t.yaml", "errors: ApiError\n").unwrap();
        let _ = merge(fragments.clone(), &Config::default());
        let _ = merge(fragments, &Config { types: Some(&types), ..Config::default() });
    }

    #[test]
    fn any_json_value_written_as_yaml_reads_back_the_same(value in yaml_value()) {
        let text = xtask::merge::yaml::to_string(&value);
        let back: Value = serde_norway::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, value, "{}", text);
    }

    #[test]
    fn the_order_pages_are_listed_in_never_changes_the_output(pages in valid_pages(), seed in any::<u64>()) {
        let expected = rendered(pages.clone());
        let mut shuffled = pages;
        fastrand_shuffle(&mut shuffled, seed);
        prop_assert_eq!(rendered(shuffled), expected);
    }

    #[test]
    fn an_identical_copy_of_a_page_is_refused_naming_both_pages(pages in valid_pages(), pick in any::<prop::sample::Index>()) {
        // Two pages documenting one operation are a contradiction for a
        // maintainer to settle, even when they agree today.
        let mut copy = pages[pick.index(pages.len())].clone();
        let original = copy.source.file.clone();
        copy.source.file = format!("zz-copy-of-{original}");
        let mut with_copy = pages;
        with_copy.push(copy);
        let err = merge(with_copy, &Config::default()).unwrap_err().to_string();
        prop_assert!(err.contains("is documented by two pages"), "{}", err);
        prop_assert!(err.contains(&format!("{original}:")) && err.contains(&format!("zz-copy-of-{original}:")), "{}", err);
    }
}

/// A Fisher-Yates shuffle driven by proptest's seed (so failures replay).
fn fastrand_shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}
