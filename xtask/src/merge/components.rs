//! The merge's components: every fragment's `components`, folded into one
//! set. The pages of a large API repeat the components they share in every
//! block (GitHub's, split into pages, holds its shared schemas hundreds of
//! times over), so an entry is parsed only when its text is not one already
//! folded in: the same bytes are the same definition. Each fragment must
//! still be self-contained, so the references of an entry that is skipped
//! are checked against the fragment all the same.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};

use serde_json::{Map, Value};

use crate::error::{Source, SpecError};
use crate::merge::pages::parse_within;
use crate::merge::raw::ComponentsText;
use crate::merge::types::Origins;
use crate::openapi;

/// The components folded so far: kind (`schemas`, ...) -> name -> entry.
#[derive(Default)]
pub(crate) struct Components {
    kinds: BTreeMap<String, BTreeMap<String, Component>>,
    /// Keyed with a random key per run, so that no page can be written to
    /// collide with another on purpose.
    hasher: RandomState,
}

/// One named definition and what is known of it.
struct Component {
    value: Value,
    /// The fragment that defined it first.
    source: Source,
    /// Digests of the texts read as this definition: the first, and any
    /// laid out otherwise that parsed to the same value.
    digests: Vec<u64>,
    /// The references it holds, each once, to check in every fragment that
    /// repeats it.
    refs: Box<[String]>,
}

/// One fragment's components: kind -> name -> entry, or `None` where the
/// fragment has no `components` object.
pub(crate) struct Fragment(Option<BTreeMap<String, BTreeMap<String, Entry>>>);

/// An entry of a fragment's components.
pub(crate) enum Entry {
    /// Parsed: its text was not one seen before.
    New { value: Value, digest: u64 },
    /// The same text as the entry of its name already folded in.
    Seen,
}

impl Components {
    /// Reads a fragment's `components` text (whose block starts on `at`'s
    /// line), parsing only the entries whose text is new.
    pub fn read(&self, text: Option<&ComponentsText>, at: &Source) -> Result<Fragment, SpecError> {
        let Some(components) = text else {
            return Ok(Fragment(None));
        };
        let mut read = BTreeMap::new();
        for (kind, entries) in components.entries() {
            let known = self.kinds.get(kind);
            let mut of_kind = BTreeMap::new();
            for (name, entry) in entries {
                let digest = self.hasher.hash_one(entry);
                let seen = known
                    .and_then(|k| k.get(name))
                    .is_some_and(|c| c.digests.contains(&digest));
                let entry = if seen {
                    Entry::Seen
                } else {
                    Entry::New {
                        value: parse_within(&components.text, entry, at)?,
                        digest,
                    }
                };
                of_kind.insert(name.to_string(), entry);
            }
            read.insert(kind.to_string(), of_kind);
        }
        Ok(Fragment(Some(read)))
    }

    /// The value of a fragment's entry: its own, or the same one folded in.
    fn value<'a>(&'a self, fragment: &'a Fragment, kind: &str, name: &str) -> Option<&'a Value> {
        match fragment.0.as_ref()?.get(kind)?.get(name)? {
            Entry::New { value, .. } => Some(value),
            Entry::Seen => Some(&self.kinds[kind][name].value),
        }
    }

    /// Checks that every `$ref` in a fragment (its `doc` without components,
    /// and its components) resolves within the fragment: fragments are
    /// self-contained.
    pub fn check_refs(
        &self,
        doc: &Value,
        fragment: &Fragment,
        at: &Source,
    ) -> Result<(), SpecError> {
        let dangling = |(reference, pointer): (String, String)| SpecError::DanglingRef {
            at: at.clone(),
            reference,
            pointer: openapi::show_pointer(&pointer).to_string(),
        };
        // The document first, then the components, each in order.
        let unresolved = |value, place: &[&str]| {
            openapi::find_ref(value, place, |r| !self.resolves(doc, fragment, r))
        };
        if let Some(first) = unresolved(doc, &[]) {
            return Err(dangling(first));
        }
        for (kind, entries) in fragment.0.iter().flatten() {
            for (name, entry) in entries {
                let value = match entry {
                    Entry::New { value, .. } => value,
                    Entry::Seen => {
                        let folded = &self.kinds[kind][name];
                        let all_resolve = folded
                            .refs
                            .iter()
                            .all(|reference| self.resolves(doc, fragment, reference));
                        if all_resolve {
                            continue;
                        }
                        // One does not: find where it stands, for the message.
                        &folded.value
                    }
                };
                if let Some(first) = unresolved(value, &["components", kind, name]) {
                    return Err(dangling(first));
                }
            }
        }
        Ok(())
    }

    /// Whether `reference` resolves in the fragment made of `doc` and its
    /// components.
    fn resolves(&self, doc: &Value, fragment: &Fragment, reference: &str) -> bool {
        let Some(pointer) = reference.strip_prefix('#') else {
            return false;
        };
        let Some(within) = pointer
            .strip_prefix("/components")
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        else {
            return doc.pointer(pointer).is_some();
        };
        let Some(kinds) = &fragment.0 else {
            return false;
        };
        let mut tokens = within.splitn(4, '/').skip(1).map(openapi::unescape_token);
        let (Some(kind), Some(name)) = (tokens.next(), tokens.next()) else {
            // `#/components` or `#/components/schemas`.
            return within.is_empty() || kinds.contains_key(&openapi::unescape_token(&within[1..]));
        };
        let Some(value) = self.value(fragment, &kind, &name) else {
            return false;
        };
        match within.splitn(4, '/').nth(3) {
            None => true,
            Some(rest) => value.pointer(&format!("/{rest}")).is_some(),
        }
    }

    /// A fragment's `parameters`, for resolving its `$ref` parameters.
    pub fn parameters(&self, fragment: &Fragment) -> Value {
        let names = fragment.0.as_ref().and_then(|k| k.get("parameters"));
        let parameters: Map<String, Value> = names
            .into_iter()
            .flatten()
            .filter_map(|(name, _)| {
                let value = self.value(fragment, "parameters", name)?;
                Some((name.clone(), value.clone()))
            })
            .collect();
        Value::Object(parameters)
    }

    /// Folds a fragment's components in. An entry defined before must be
    /// the same definition.
    pub fn add(&mut self, fragment: Fragment, source: &Source) -> Result<(), SpecError> {
        for (kind, entries) in fragment.0.into_iter().flatten() {
            if entries.is_empty() {
                continue;
            }
            let slot = self.kinds.entry(kind.clone()).or_default();
            for (name, entry) in entries {
                let Entry::New { value, digest } = entry else {
                    continue;
                };
                match slot.get_mut(&name) {
                    None => {
                        let mut refs = Vec::new();
                        let place = ["components", kind.as_str(), name.as_str()];
                        openapi::each_ref(&value, &place, &mut |reference, _| {
                            refs.push(reference.to_string());
                            std::ops::ControlFlow::Continue(())
                        });
                        refs.sort();
                        refs.dedup();
                        slot.insert(
                            name,
                            Component {
                                value,
                                source: source.clone(),
                                digests: vec![digest],
                                refs: refs.into(),
                            },
                        );
                    }
                    Some(first) => match openapi::first_difference(&first.value, &value) {
                        // Laid out otherwise: the next copy so laid out need not be parsed.
                        None => first.digests.push(digest),
                        Some(pointer) => {
                            return Err(SpecError::ComponentConflict {
                                name: format!("{kind}/{name}"),
                                first: first.source.clone(),
                                second: source.clone(),
                                pointer: openapi::show_pointer(&pointer).into(),
                            });
                        }
                    },
                }
            }
        }
        Ok(())
    }

    /// The merged `components`, if any, recording where each entry came
    /// from in `origins`.
    pub fn into_document(self, origins: &mut Origins) -> Option<Value> {
        if self.kinds.is_empty() {
            return None;
        }
        let mut components = Map::new();
        for (kind, entries) in self.kinds {
            let mut map = Map::new();
            for (name, component) in entries {
                origins.insert(
                    openapi::pointer(["components", &kind, &name]),
                    component.source,
                );
                map.insert(name, component.value);
            }
            components.insert(kind, Value::Object(map));
        }
        Some(Value::Object(components))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Components;
    use crate::merge::pages::{self, Fragment};
    use crate::merge::{Config, merge};

    /// A page with one endpoint, `GET {path}`, answering `Thing`, and the
    /// given `components` text (written as is, so its layout is the test's).
    fn page(path: &str, components: &str) -> String {
        format!(
            "# Things\n\n## GET {path}\n\n```json\n{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}},\n\"paths\": {{\"{path}\": {{\"get\": {{\"summary\": \"Get {path}\", \"responses\": {{\"200\": {{\"description\": \"ok\", \"content\": {{\"application/json\": {{\"schema\": {{\"$ref\": \"#/components/schemas/Thing\"}}}}}}}}}}}}}}}},\n\"components\": {components}}}\n```\n"
        )
    }

    fn fragments(pages: &[(&str, String)]) -> Vec<Fragment> {
        pages
            .iter()
            .flat_map(|(name, text)| pages::extract(name, text).unwrap())
            .collect()
    }

    /// The error merging `pages` stops with.
    fn merge_error(pages: &[(&str, String)]) -> String {
        merge(fragments(pages), &Config::default())
            .unwrap_err()
            .to_string()
    }

    const THING: &str = r##"{"schemas": {"Thing": {"type": "object", "properties": {"part": {"$ref": "#/components/schemas/Part"}}}, "Part": {"type": "string"}}}"##;

    #[test]
    fn a_repeated_component_is_checked_against_each_fragment_that_repeats_it() {
        // b.md repeats `Thing` byte for byte but not the `Part` it refers to.
        let without_part = THING.replace(r#", "Part": {"type": "string"}"#, "");
        let pages = [
            ("a.md", page("/a", THING)),
            ("b.md", page("/b", &without_part)),
        ];
        let err = merge_error(&pages);
        assert_eq!(
            err,
            "b.md:6: dangling $ref `#/components/schemas/Part` at /components/schemas/Thing/properties/part"
        );
    }

    #[test]
    fn a_component_laid_out_otherwise_is_the_same_component() {
        let spread = THING.replace(": ", ":\n    ");
        let pages = [
            ("a.md", page("/a", THING)),
            ("b.md", page("/b", &spread)),
            ("c.md", page("/c", &spread)),
        ];
        let (doc, report) = merge(fragments(&pages), &Config::default()).unwrap();
        assert_eq!(report.operations, 3);
        assert_eq!(
            doc["components"]["schemas"]["Thing"],
            json!({"type": "object", "properties": {"part": {"$ref": "#/components/schemas/Part"}}})
        );
    }

    #[test]
    fn a_component_that_differs_only_in_a_later_copy_is_a_conflict() {
        let changed = THING.replace(
            r#""Part": {"type": "string"}"#,
            r#""Part": {"type": "integer"}"#,
        );
        let pages = [
            ("a.md", page("/a", THING)),
            ("b.md", page("/b", THING)),
            ("c.md", page("/c", &changed)),
        ];
        let err = merge_error(&pages);
        assert_eq!(
            err,
            "component `schemas/Part` is defined twice, differently: at a.md:6 and at c.md:6 (first difference at /type)"
        );
    }

    #[test]
    fn references_into_a_component_resolve_whether_it_is_new_or_repeated() {
        let deep = r##"{"schemas": {"Thing": {"type": "object", "properties": {"part": {"type": "string"}, "same": {"$ref": "#/components/schemas/Thing/properties/part"}}}}}"##;
        let broken = deep.replace("properties/part\"", "properties/nothing\"");
        let pages = [("a.md", page("/a", deep)), ("b.md", page("/b", deep))];
        assert!(merge(fragments(&pages), &Config::default()).is_ok());
        let err = merge_error(&[("c.md", page("/c", &broken))]);
        assert!(
            err.starts_with(
                "c.md:6: dangling $ref `#/components/schemas/Thing/properties/nothing`"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_ref_key_in_an_example_component_is_data_in_every_copy() {
        let examples = r##"{"schemas": {"Thing": {"type": "object"}}, "examples": {"E": {"value": {"$ref": "#/not/a/reference"}}}}"##;
        let pages = [
            ("a.md", page("/a", examples)),
            ("b.md", page("/b", examples)),
        ];
        let (doc, _) = merge(fragments(&pages), &Config::default()).unwrap();
        // Nor is it among the references a repeated copy is checked for.
        let mut components = Components::default();
        let [fragment] = &fragments(&pages[..1])[..] else {
            unreachable!()
        };
        let read = components
            .read(fragment.components.as_ref(), &fragment.source)
            .unwrap();
        components.add(read, &fragment.source).unwrap();
        assert!(components.kinds["examples"]["E"].refs.is_empty());
        assert_eq!(
            doc["components"]["examples"]["E"]["value"]["$ref"],
            "#/not/a/reference"
        );
    }

    #[test]
    fn a_kind_that_is_not_an_object_defines_nothing_and_the_others_merge() {
        let components = r##"{"parameters": [1, {"P": {}}], "responses": "R", "headers": null, "examples": -1.5, "links": true, "callbacks": 7, "schemas": {"Thing": {"type": "object"}}}"##;
        let pages = [("a.md", page("/a", components))];
        let (doc, _) = merge(fragments(&pages), &Config::default()).unwrap();
        assert_eq!(
            doc["components"],
            json!({"schemas": {"Thing": {"type": "object"}}})
        );
    }

    #[test]
    fn a_component_nested_too_deep_to_read_is_an_error_at_its_line() {
        let deep = format!(
            "{{\"schemas\": {{\"Thing\": {{\"type\": \"object\"}},\n\"Deep\": {}1{}}}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let err = merge_error(&[("a.md", page("/a", &deep))]);
        assert!(
            err.starts_with("a.md:9: malformed JSON: recursion limit exceeded"),
            "{err}"
        );
    }
}
