//! oasdiff's own checker suite (github.com/oasdiff/oasdiff, `checker/*_test.go`
//! at 4553c69d) as facts the diff is held to: for each test, the two
//! fixture files, the edits the test makes to them, the rule ids it expects
//! and the ids it requires absent. The fixtures are oasdiff's files and are
//! not in this repository: `xtask/tests/it/oasdiff.rs` reads them from the
//! shared folder and replays every case; `docs/diff-rules.md` lists, per
//! rule, the tests that back it.

mod from_go;

use std::path::Path;

use serde_json::Value;

/// One edit of a fixture document before the diff: which side (`base` or
/// `revision`) and a JSON pointer into the document as read.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// Put this JSON at the pointer (its parent exists).
    Set(&'static str, &'static str, &'static str),
    /// Remove what the pointer names, an object's member or an array's item.
    Remove(&'static str, &'static str),
}

/// One of oasdiff's tests, or one case of a check's source, as facts.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The Go test this is (`Test...`), or the check's source file where a
    /// case stands for a rule no test exercises with a fixture.
    pub test: &'static str,
    /// The base fixture's path under oasdiff's `data/` folder.
    pub base: &'static str,
    /// The revision fixture's path under oasdiff's `data/` folder.
    pub revision: &'static str,
    /// Ids the test expects, each at oasdiff's level.
    pub expect: &'static [&'static str],
    /// Ids the test requires absent.
    pub absent: &'static [&'static str],
    /// Whether the test expects nothing breaking at all.
    pub nothing: bool,
    /// Whether the test expects something breaking or a warning, whatever
    /// its id (`require.NotEmpty(t, errs)` with every check on).
    pub some: bool,
    /// The edits, in order.
    pub edits: &'static [Edit],
}

const GROUPS_POST_DEPRECATED: &str = "/paths/~1api~1v1.0~1groups/post/deprecated";
const HEADERS_200: &str = "/paths/~1api~1v1.0~1groups/post/responses/200/headers";

/// Cases the translator cannot read from the Go: tests that assert a
/// change by its text only or load with an option, and rules no test
/// exercises with a fixture (cited by the check's source file).
const BY_HAND: &[Case] = &[
    // check_response_mediatype_name_updated_test.go: one change, named in
    // the message only.
    Case {
        test: "TestChangeMediaTypeParameters",
        base: "checker/add_new_media_type_revision.yaml",
        revision: "checker/add_new_media_type_params_modified.yaml",
        expect: &["response-media-type-name-changed"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestSpecializeMediaTypeName",
        base: "checker/add_new_media_type_revision.yaml",
        revision: "checker/add_new_media_type_name_modified.yaml",
        expect: &["response-media-type-name-specialized"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestGeneralizeMediaTypeName",
        base: "checker/add_new_media_type_name_modified.yaml",
        revision: "checker/add_new_media_type_revision.yaml",
        expect: &["response-media-type-name-generalized"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    // check_request_property_any_of_updated_test.go: the ids are matched
    // by the details they carry.
    Case {
        test: "TestRequestBodyAnyOfMultiMediaTypeDetails",
        base: "checker/request_body_any_of_media_type_base.yaml",
        revision: "checker/request_body_any_of_media_type_revision.yaml",
        expect: &["request-body-any-of-added", "request-body-any-of-removed"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    // check_*_of_updated_test.go, the *_WithSources tests: the same
    // fixtures as the tests without, two changes counted, then their
    // sources checked; the two are the body's and the property's.
    Case {
        test: "TestRequestPropertyAllOfAdded_WithSources_Ref",
        base: "checker/request_property_all_of_added_base.yaml",
        revision: "checker/request_property_all_of_added_revision.yaml",
        expect: &["request-body-all-of-added", "request-property-all-of-added"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestRequestPropertyAnyOfAdded_WithSources",
        base: "checker/request_property_any_of_added_base.yaml",
        revision: "checker/request_property_any_of_added_revision.yaml",
        expect: &["request-body-any-of-added", "request-property-any-of-added"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestRequestPropertyOneOfAdded_WithSources",
        base: "checker/request_property_one_of_added_base.yaml",
        revision: "checker/request_property_one_of_added_revision.yaml",
        expect: &["request-body-one-of-added", "request-property-one-of-added"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestResponsePropertyAllOfAdded_WithSources_Ref",
        base: "checker/response_property_all_of_added_base.yaml",
        revision: "checker/response_property_all_of_added_revision.yaml",
        expect: &[
            "response-body-all-of-added",
            "response-property-all-of-added",
        ],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestResponsePropertyAnyOfAdded_WithSources",
        base: "checker/response_property_any_of_added_base.yaml",
        revision: "checker/response_property_any_of_added_revision.yaml",
        expect: &[
            "response-body-any-of-added",
            "response-property-any-of-added",
        ],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "TestResponsePropertyOneOfAdded_WithSources",
        base: "checker/response_property_one_of_added_base.yaml",
        revision: "checker/response_property_one_of_added_revision.yaml",
        expect: &[
            "response-body-one-of-added",
            "response-property-one-of-added",
        ],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    // check_request_parameter_enum_value_updated_test.go: one change,
    // named in its message.
    Case {
        test: "TestRequestParameterPropertyEnumValueRemovedMessage",
        base: "checker/request_parameter_property_enum_value_updated_base.yaml",
        revision: "checker/request_parameter_property_enum_value_updated_revision.yaml",
        expect: &["request-parameter-property-enum-value-removed"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    // check_request_parameters_max_items_updated_test.go: loads with
    // load.WithFlattenParams(), so a parameter the path declares is
    // compared as each operation's, as the diff always does.
    Case {
        test: "TestBreaking_RequestParameterMaxItemsWithFlatten",
        base: "checker/common_request_parameter_max_items_updated_revision.yaml",
        revision: "checker/common_request_parameter_max_items_updated_base.yaml",
        expect: &["request-parameter-max-items-decreased"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[],
    },
    Case {
        test: "check_api_deprecation.go (no policy: endpoint-deprecated)",
        base: "checker/response_status_base.yaml",
        revision: "checker/response_status_base.yaml",
        expect: &["endpoint-deprecated"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[Edit::Set("revision", GROUPS_POST_DEPRECATED, "true")],
    },
    Case {
        test: "check_response_header_removed.go (required)",
        base: "checker/response_status_base.yaml",
        revision: "checker/response_status_base.yaml",
        expect: &["required-response-header-removed"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[Edit::Set(
            "base",
            HEADERS_200,
            r#"{"X-Rate":{"required":true,"schema":{"type":"integer"}}}"#,
        )],
    },
    Case {
        test: "check_response_header_removed.go (optional)",
        base: "checker/response_status_base.yaml",
        revision: "checker/response_status_base.yaml",
        expect: &["optional-response-header-removed"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[Edit::Set(
            "base",
            HEADERS_200,
            r#"{"X-Rate":{"schema":{"type":"integer"}}}"#,
        )],
    },
    Case {
        test: "check_components_schemas_removed.go",
        base: "checker/response_status_base.yaml",
        revision: "checker/response_status_base.yaml",
        expect: &["api-schema-removed"],
        absent: &[],
        nothing: false,
        some: false,
        edits: &[Edit::Set(
            "base",
            "/components/schemas/Unused",
            r#"{"type":"string"}"#,
        )],
    },
];

/// Every case: those read from oasdiff's Go tests, then those by hand.
pub fn cases() -> impl Iterator<Item = &'static Case> {
    from_go::FROM_GO.iter().chain(BY_HAND)
}

/// The Go tests that expect `id`, in the order of oasdiff's test files,
/// each once.
pub fn tests_expecting(id: &str) -> Vec<&'static str> {
    let mut tests: Vec<&'static str> = Vec::new();
    for case in cases() {
        if case.test.starts_with("Test") && case.expect.contains(&id) && !tests.contains(&case.test)
        {
            tests.push(case.test);
        }
    }
    tests
}

/// How many Go tests require `id` absent.
pub fn tests_ruling_out(id: &str) -> usize {
    cases()
        .filter(|c| c.test.starts_with("Test") && c.absent.contains(&id))
        .count()
}

impl Case {
    /// The case's two documents: its fixtures read from `fixtures` (the
    /// shared folder's `corpus/oasdiff/data`), with its edits made.
    /// Panics, naming the file or pointer, where one is missing: the
    /// fixtures are fixed at one oasdiff commit.
    pub fn documents(&self, fixtures: &Path) -> (Value, Value) {
        let load = |name: &str| -> Value {
            let path = fixtures.join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let (mut old, mut new) = (load(self.base), load(self.revision));
        for edit in self.edits {
            let (side, pointer) = match edit {
                Edit::Set(side, pointer, _) | Edit::Remove(side, pointer) => (*side, *pointer),
            };
            let doc = if side == "base" { &mut old } else { &mut new };
            match edit {
                Edit::Set(_, _, json) => set(
                    doc,
                    pointer,
                    serde_json::from_str(json).unwrap_or_else(|e| panic!("{pointer}: {e}")),
                ),
                Edit::Remove(..) => remove(doc, pointer),
            }
        }
        (old, new)
    }
}

/// Removes what `pointer` names: an object's member or an array's item.
fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer has a slash");
    let key = key.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key)
                .unwrap_or_else(|| panic!("{pointer} exists"));
        }
        Some(Value::Array(items)) => {
            items.remove(key.parse::<usize>().expect("an array index"));
        }
        _ => panic!("{parent} is not in the document"),
    }
}

/// Puts `value` at `pointer`, whose parent exists.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer has a slash");
    let key = key.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key, value);
        }
        Some(Value::Array(items)) => items[key.parse::<usize>().expect("an array index")] = value,
        _ => panic!("{parent} is not in the document"),
    }
}
