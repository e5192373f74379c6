//! The client's own generation, run by the merge: a spec that progenitor
//! cannot generate (it refuses or panics on many real specs) must stop the
//! merge, and so the weekly docs watch, with the page to look at and an
//! overlay action that would get past it, rather than pass and break
//! `cargo build` for every user of the crate. The generation is build.rs's,
//! the same file (`build/codegen.rs`), run in-process.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Source, SpecError};
use crate::merge::emit::{self, Format};
use crate::openapi;

/// build.rs's generation, shared as a file: build.rs cannot depend on a
/// crate of this workspace without publishing it.
#[path = "../../../build/codegen.rs"]
#[allow(dead_code, missing_docs)]
pub mod codegen;

/// Generates the client from `doc` as build.rs would from the committed
/// spec. On failure: the operation that does not generate on its own, where
/// its page documents it (from `origins`, operation pointer to source), what
/// progenitor said, and the overlay action proposed.
pub fn check(doc: &Value, origins: &BTreeMap<String, Source>) -> Result<(), SpecError> {
    let Err(message) = generate(doc) else {
        return Ok(());
    };
    for (path, method, op) in openapi::operations(doc) {
        if generate(&only(doc, &path, &method)).is_err() {
            let pointer = openapi::operation_pointer(&path, &method);
            return Err(SpecError::Generation {
                at: origins.get(&pointer).cloned(),
                operation: format!("{} {path}", method.to_ascii_uppercase()),
                message: in_plain_words(&message, op),
                proposal: proposal(&path, &method, op),
            });
        }
    }
    // No single operation fails: the clash is between them (two types
    // that name alike, say).
    Err(SpecError::Generation {
        at: None,
        operation: "the spec as a whole".into(),
        message,
        proposal: "no one operation fails alone: compare the types the message names, and \
                   rename one in spec/types.yaml or with an overlay action"
            .into(),
    })
}

fn generate(doc: &Value) -> Result<(), String> {
    codegen::generate(&emit::render(doc.clone(), Format::Yaml, "")).map(drop)
}

/// `doc` with `method` on `path` as its only operation.
fn only(doc: &Value, path: &str, method: &str) -> Value {
    let mut one = doc.clone();
    let op = doc["paths"][path][method].clone();
    let mut item = Map::new();
    item.insert(method.to_string(), op);
    let mut paths = Map::new();
    paths.insert(path.to_string(), Value::Object(item));
    one["paths"] = Value::Object(paths);
    one
}

/// The success responses (2xx) `op` documents, by code.
fn successes(op: &Value) -> Vec<(&String, &Value)> {
    op.get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(code, _)| code.starts_with('2'))
        .collect()
}

/// progenitor's message, with what it means for the page first: the
/// limits the merge knows (one success type, one request media type) in a
/// maintainer's words, and progenitor's own text kept after them.
fn in_plain_words(message: &str, op: &Value) -> String {
    let plain = if message.contains("response_types.len() <= 1") {
        let codes: Vec<&str> = successes(op).iter().map(|(c, _)| c.as_str()).collect();
        format!(
            "progenitor gives an operation one success type, and this one documents {} success responses ({}) with different bodies",
            codes.len(),
            codes.join(", ")
        )
    } else if message.contains("more media types than expected") {
        "progenitor takes one request media type (progenitor#828), and this operation's request body has several".to_string()
    } else {
        return message.to_string();
    };
    format!("{plain} (progenitor said: {message})")
}

/// The overlay action that would get past the failure: drop the success
/// responses beyond the one with a JSON body (progenitor gives one success
/// type), or the request body's media types beyond the first (progenitor
/// takes one), else drop the operation until progenitor can generate it.
fn proposal(path: &str, method: &str, op: &Value) -> String {
    let target = format!("$.paths['{path}'].{method}");
    let successes = successes(op);
    if successes.len() > 1 {
        // Keep the first with a JSON body (what a caller reads), else the
        // first; the operation stays.
        let keep = successes
            .iter()
            .find(|(_, r)| r.pointer("/content/application~1json").is_some())
            .unwrap_or(&successes[0])
            .0;
        let actions: Vec<String> = successes
            .iter()
            .filter(|(code, _)| *code != keep)
            .map(|(code, _)| {
                format!(
                    "  - target: \"{target}.responses['{code}']\"\n    description: progenitor gives one success type; the client reads the {keep} answer\n    remove: true"
                )
            })
            .collect();
        return format!(
            "add to spec/overlay.yaml (the operation stays, with its {keep} answer):\n{}",
            actions.join("\n")
        );
    }
    let media: Vec<&String> = op
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
        .map(|c| c.keys().collect())
        .unwrap_or_default();
    if media.len() > 1 {
        // Keep JSON, which the client sends; drop the others.
        let keep = media
            .iter()
            .find(|m| m.contains("json"))
            .copied()
            .unwrap_or(media[0]);
        let actions: Vec<String> = media
            .iter()
            .filter(|m| **m != keep)
            .map(|m| {
                format!(
                    "  - target: \"{target}.requestBody.content['{m}']\"\n    description: progenitor takes one request media type; the client sends {keep}\n    remove: true"
                )
            })
            .collect();
        return format!("add to spec/overlay.yaml:\n{}", actions.join("\n"));
    }
    format!(
        "add to spec/overlay.yaml, until progenitor can generate it:\n  - target: \"{target}\"\n    description: progenitor cannot generate this operation\n    remove: true"
    )
}

/// progenitor as any user of a merged spec would run it (its defaults, the
/// builder interface), unlike xone's own settings in [`codegen`]: the round
/// trips on other projects' specs, and `xtask/corpus-clients`, which
/// compiles what it generates.
pub fn plain_generator() -> progenitor::Generator {
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    progenitor::Generator::new(&settings)
}

/// The client [`plain_generator`] makes of `spec`, formatted.
pub fn plain_client(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let tokens = plain_generator()
        .generate_tokens(spec)
        .map_err(|e| format!("progenitor cannot generate a client from it: {e}"))?;
    let file =
        syn::parse2(tokens).map_err(|e| format!("the generated client does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_proposal_drops_extra_media_types_or_else_the_operation() {
        let two = json!({"requestBody": {"content": {"text/plain": {}, "application/json": {}}}});
        assert_eq!(
            proposal("/a", "post", &two),
            "add to spec/overlay.yaml:\n  - target: \"$.paths['/a'].post.requestBody.content['text/plain']\"\n    description: progenitor takes one request media type; the client sends application/json\n    remove: true"
        );
        assert!(proposal("/a", "get", &json!({})).contains("  - target: \"$.paths['/a'].get\"\n"));
        let successes = json!({"responses": {
            "200": {"description": "OK"},
            "201": {"description": "Created", "content": {"application/json": {}}},
            "202": {"description": "Accepted", "content": {"text/plain": {}}}
        }});
        assert_eq!(
            proposal("/a", "post", &successes),
            "add to spec/overlay.yaml (the operation stays, with its 201 answer):\n  - target: \"$.paths['/a'].post.responses['200']\"\n    description: progenitor gives one success type; the client reads the 201 answer\n    remove: true\n  - target: \"$.paths['/a'].post.responses['202']\"\n    description: progenitor gives one success type; the client reads the 201 answer\n    remove: true"
        );
        assert_eq!(
            in_plain_words("assertion failed: response_types.len() <= 1", &successes),
            "progenitor gives an operation one success type, and this one documents 3 success responses (200, 201, 202) with different bodies (progenitor said: assertion failed: response_types.len() <= 1)"
        );
    }
}
