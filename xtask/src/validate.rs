//! What makes an OpenAPI document invalid in ways the merge or an overlay
//! can cause and a reader of the diff would not see: a parameter declared
//! twice in one list (openapi-spec-validator's `Duplicate parameter`), a
//! local `$ref` that points at nothing, and a path placeholder with no
//! `in: path` parameter (or the reverse). The merge refuses to write a
//! document with any of these; the diff flags them.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::openapi;

/// One thing wrong with a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where, as a JSON pointer into the document.
    pub pointer: String,
    /// What is wrong, in a reviewer's words.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at {})", self.message, self.pointer)
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every problem of `doc`, in document order of their pointers.
pub fn problems(doc: &Value) -> Vec<Problem> {
    let mut found = Vec::new();
    for (template, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let path_pointer = openapi::pointer(["paths", template.as_str()]);
        let shared = item.get("parameters");
        duplicates(
            doc,
            shared,
            &format!("{path_pointer}/parameters"),
            &mut found,
        );
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("{path_pointer}/{method}");
            let own = operation.get("parameters");
            duplicates(doc, own, &format!("{at}/parameters"), &mut found);
            path_parameters(doc, template, shared, own, &at, &mut found);
        }
    }
    dangling_refs(doc, &mut found);
    found.sort();
    found
}

/// A parameter's identity: its name (a header's in any case) and place.
fn identity(doc: &Value, parameter: &Value) -> Option<(String, String)> {
    let parameter = openapi::resolve_deep(doc, parameter);
    let place = parameter.get("in")?.as_str()?.to_string();
    let name = parameter.get("name")?.as_str()?;
    let name = if place == "header" {
        name.to_ascii_lowercase()
    } else {
        name.to_string()
    };
    Some((name, place))
}

fn list(parameters: Option<&Value>) -> &[Value] {
    parameters
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn duplicates(doc: &Value, parameters: Option<&Value>, at: &str, found: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for (index, parameter) in list(parameters).iter().enumerate() {
        let Some((name, place)) = identity(doc, parameter) else {
            continue;
        };
        if !seen.insert((name.clone(), place.clone())) {
            found.push(Problem {
                pointer: format!("{at}/{index}"),
                message: format!("duplicate parameter `{name}` (in {place})"),
            });
        }
    }
}

/// Each `{placeholder}` of `template` has an `in: path` parameter of the
/// operation or its path, and each `in: path` parameter a placeholder.
fn path_parameters(
    doc: &Value,
    template: &str,
    shared: Option<&Value>,
    own: Option<&Value>,
    at: &str,
    found: &mut Vec<Problem>,
) {
    let placeholders: BTreeSet<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let declared: BTreeSet<String> = list(shared)
        .iter()
        .chain(list(own))
        .filter_map(|p| identity(doc, p))
        .filter(|(_, place)| place == "path")
        .map(|(name, _)| name)
        .collect();
    for name in &placeholders {
        if !declared.contains(*name) {
            found.push(Problem {
                pointer: at.to_string(),
                message: format!("path placeholder `{{{name}}}` has no `in: path` parameter"),
            });
        }
    }
    for name in &declared {
        if !placeholders.contains(name.as_str()) {
            found.push(Problem {
                pointer: at.to_string(),
                message: format!("path parameter `{name}` is not in the path `{template}`"),
            });
        }
    }
}

/// Every local `$ref` (`#/...`) resolves. A `$ref` key inside data (an
/// example, an enum, an extension) is data, not a reference.
/// Every local `$ref` of `doc` that points at nothing.
pub fn dangling(doc: &Value) -> Vec<Problem> {
    let mut found = Vec::new();
    dangling_refs(doc, &mut found);
    found
}

fn dangling_refs(doc: &Value, found: &mut Vec<Problem>) {
    openapi::each_ref(doc, &[], &mut |target, place| {
        if target.starts_with('#') && openapi::resolve(doc, target).is_none() {
            found.push(Problem {
                pointer: format!("{}/$ref", place.pointer()),
                message: format!("`$ref` to `{target}`, which is not in the document"),
            });
        }
        std::ops::ControlFlow::Continue(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_document_has_no_problem() {
        let doc = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path"}],
                "get": {"parameters": [{"name": "page", "in": "query"}, {"$ref": "#/components/parameters/K"}]}
            }},
            "components": {"parameters": {"K": {"name": "x-key", "in": "header"}}}
        });
        assert_eq!(problems(&doc), []);
    }

    #[test]
    fn a_parameter_twice_a_dangling_ref_and_undeclared_placeholders_are_found() {
        let doc = json!({
            "paths": {"/a/{id}": {
                "get": {"parameters": [
                    {"name": "page", "in": "query"},
                    {"name": "X-Key", "in": "header"},
                    {"name": "page", "in": "query"},
                    {"name": "x-key", "in": "header"},
                    {"name": "other", "in": "path"},
                    {"$ref": "#/components/parameters/Gone"}
                ]}
            }}
        });
        let shown: Vec<String> = problems(&doc).iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "path parameter `other` is not in the path `/a/{id}` (at /paths/~1a~1{id}/get)",
                "path placeholder `{id}` has no `in: path` parameter (at /paths/~1a~1{id}/get)",
                "duplicate parameter `page` (in query) (at /paths/~1a~1{id}/get/parameters/2)",
                "duplicate parameter `x-key` (in header) (at /paths/~1a~1{id}/get/parameters/3)",
                "`$ref` to `#/components/parameters/Gone`, which is not in the document (at /paths/~1a~1{id}/get/parameters/5/$ref)",
            ]
        );
    }
}
