//! OpenAPI Overlay 1.0: the maintainers' corrections, applied after the
//! merge. Each action selects nodes with an RFC 9535 JSONPath `target` and
//! either removes them or merges `update` into them (objects recursively,
//! arrays appended, anything else replaced). The overlay lives apart from the
//! pages, so pulling new pages never loses a correction.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Source, SpecError};
use crate::merge::positions::{Positions, Step};
use crate::openapi;

/// A parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    file: String,
    positions: Positions,
    actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOverlay {
    overlay: String,
    // Required by the Overlay specification; read only to reject documents
    // that lack it (or its title and version), and kept no further.
    #[serde(rename = "info")]
    _info: RawInfo,
    #[serde(default, rename = "extends")]
    _extends: Option<serde::de::IgnoredAny>,
    actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawInfo {
    #[serde(rename = "title")]
    _title: serde::de::IgnoredAny,
    #[serde(rename = "version")]
    _version: serde::de::IgnoredAny,
}

#[derive(Debug, Clone, Deserialize)]
struct Action {
    target: String,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

impl Overlay {
    /// Parses an overlay document; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, SpecError> {
        let raw: RawOverlay = serde_norway::from_str(text).map_err(|e| SpecError::Config {
            at: Source::new(file, e.location().map_or(1, |l| l.line())),
            message: format!("not an OpenAPI Overlay 1.0 document: {e}"),
        })?;
        if !raw.overlay.starts_with("1.") {
            return Err(SpecError::Config {
                at: Source::new(file, 1),
                message: format!(
                    "unsupported overlay version {}: only Overlay 1.x is supported",
                    raw.overlay
                ),
            });
        }
        Ok(Self {
            file: file.into(),
            positions: Positions::parse(text),
            actions: raw.actions,
        })
    }

    /// The overlay's file, as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Applies every action in order. Returns the number of actions applied
    /// and a warning for each target that matched nothing (a correction that
    /// has gone stale, perhaps because the vendor fixed the docs).
    pub fn apply(&self, doc: &mut Value) -> Result<(usize, Vec<String>), SpecError> {
        let mut applied = 0;
        let mut warnings = Vec::new();
        for (index, action) in self.actions.iter().enumerate() {
            let at = self.line_of(index);
            let pointers = openapi::select(doc, &action.target).map_err(|e| SpecError::Config {
                at: at.clone(),
                message: format!("invalid JSONPath `{}`: {e}", action.target),
            })?;
            if pointers.is_empty() {
                warnings.push(format!(
                    "{at}: overlay target `{}` matched nothing",
                    action.target
                ));
                continue;
            }
            if action.remove {
                // Last first, so that removing an array element does not
                // shift the indices of the ones still to go.
                for pointer in pointers.iter().rev() {
                    remove(doc, pointer);
                }
            } else if let Some(update) = &action.update {
                let (mut added, mut already) = (0, Vec::new());
                for pointer in &pointers {
                    if let Some(node) = doc.pointer_mut(pointer) {
                        let mut outcome = Appended::default();
                        merge(node, update, pointer, &mut outcome);
                        added += outcome.added;
                        already.extend(outcome.already);
                    }
                }
                if !already.is_empty() {
                    warnings.push(already_there(&at, &already, added == 0));
                }
            } else {
                return Err(SpecError::Config {
                    at,
                    message: format!(
                        "action on `{}` has neither `update` nor `remove: true`",
                        action.target
                    ),
                });
            }
            applied += 1;
        }
        Ok((applied, warnings))
    }

    /// Where action number `index` starts in the file.
    fn line_of(&self, index: usize) -> Source {
        let line = self
            .positions
            .line(&[Step::Key("actions"), Step::Index(index)])
            .unwrap_or(1);
        Source::new(self.file.clone(), line)
    }
}

/// What appending an update's array items did.
#[derive(Default)]
struct Appended {
    /// Items appended.
    added: usize,
    /// Items not appended because the document already has them there:
    /// (where, what).
    already: Vec<(String, String)>,
}

/// Overlay `update` semantics: objects merge key by key, recursively; an
/// array (the target or one inside it) gets the update appended, so that
/// adding a parameter keeps the others; anything else is replaced. An item
/// the array already holds (the same value, or a parameter of the same
/// name and place: the vendor now documents what the overlay added) is not
/// appended again: a second `page` parameter makes an invalid document.
fn merge(node: &mut Value, update: &Value, at: &str, outcome: &mut Appended) {
    match (node, update) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                let inner = format!("{at}/{}", openapi::escape_token(key));
                match target.get_mut(key) {
                    Some(existing @ Value::Object(_)) if value.is_object() => {
                        merge(existing, value, &inner, outcome)
                    }
                    Some(existing @ Value::Array(_)) => merge(existing, value, &inner, outcome),
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => {
            for item in more {
                append(items, item, at, outcome);
            }
        }
        (Value::Array(items), one) => append(items, one, at, outcome),
        (node, value) => *node = value.clone(),
    }
}

fn append(items: &mut Vec<Value>, item: &Value, at: &str, outcome: &mut Appended) {
    match items.iter().find(|existing| same_item(existing, item)) {
        Some(existing) => outcome.already.push((at.to_string(), describe(existing))),
        None => {
            items.push(item.clone());
            outcome.added += 1;
        }
    }
}

/// Whether `a` and `b` are one item of an array: equal, or parameters of
/// the same name (a header's in any case) and place.
fn same_item(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let identity = |v: &Value| -> Option<(String, String)> {
        let place = v.get("in")?.as_str()?;
        let name = v.get("name")?.as_str()?;
        let name = if place == "header" {
            name.to_ascii_lowercase()
        } else {
            name.to_string()
        };
        Some((name, place.to_string()))
    };
    matches!((identity(a), identity(b)), (Some(x), Some(y)) if x == y)
}

fn describe(item: &Value) -> String {
    match (
        item.get("name").and_then(Value::as_str),
        item.get("in").and_then(Value::as_str),
    ) {
        (Some(name), Some(place)) => format!("parameter `{name}` (in {place})"),
        _ => format!("`{item}`"),
    }
}

/// The warning for an action whose items were already in the document.
fn already_there(at: &Source, already: &[(String, String)], nothing_added: bool) -> String {
    let (place, what) = &already[0];
    let more = match already.len() {
        1 => String::new(),
        n => format!(" and {} more place(s)", n - 1),
    };
    let verdict = if nothing_added {
        "this overlay action adds nothing now and can go"
    } else {
        "the overlay's copy was not added there"
    };
    format!("{at}: the vendor now documents {what} at `{place}`{more}: {verdict}")
}

fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OVERLAY: &str = include_str!("../../tests/fixtures/overlay/corrections.yaml");

    #[test]
    fn updates_merge_removals_remove_and_stale_targets_warn() {
        let overlay = Overlay::parse("corrections.yaml", OVERLAY).unwrap();
        let mut doc = json!({
            "info": {"title": "Offers", "version": "1.0.0"},
            "paths": {"/a": {"get": {"operationId": "a", "tags": ["x"], "parameters": [{"name": "p"}]}, "delete": {"operationId": "d"}}},
            "components": {"schemas": {"Links": {"type": "object", "properties": {"next": {"type": "string"}}}}}
        });
        let (applied, warnings) = overlay.apply(&mut doc).unwrap();
        assert_eq!(applied, 5);
        assert_eq!(
            doc["info"],
            json!({"title": "XONE", "version": "1.0.0", "description": "d"})
        );
        assert!(doc["paths"]["/a"].get("delete").is_none());
        assert_eq!(doc["paths"]["/a"]["get"]["tags"], json!(["x", "y"]));
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"],
            json!([{"name": "p"}, {"name": "q"}])
        );
        assert_eq!(
            doc["components"]["schemas"]["Links"]["properties"]["next"],
            json!({"type": "string", "nullable": true})
        );
        // The line where the action starts (its `description` comes first).
        assert_eq!(
            warnings,
            ["corrections.yaml:24: overlay target `$.paths['/gone'].get` matched nothing"]
        );
    }

    #[test]
    fn a_document_that_is_not_an_overlay_is_refused() {
        let err = Overlay::parse("o.yaml", "openapi: 3.0.0\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("o.yaml:"), "{err}");
        assert!(err.contains("not an OpenAPI Overlay 1.0 document"), "{err}");
    }

    #[test]
    fn a_target_inside_another_is_reported_at_its_own_action() {
        // The second target is a prefix of the first: a substring search
        // finds the first action's line for both.
        let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a.properties.errors\n    remove: true\n  - target: $.a.properties\n    remove: true\n";
        let overlay = Overlay::parse("o.yaml", text).unwrap();
        let (_, warnings) = overlay.apply(&mut json!({})).unwrap();
        assert_eq!(
            warnings,
            [
                "o.yaml:4: overlay target `$.a.properties.errors` matched nothing",
                "o.yaml:6: overlay target `$.a.properties` matched nothing",
            ]
        );
    }

    #[test]
    fn an_invalid_target_names_its_line() {
        let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths[\n    remove: true\n";
        let overlay = Overlay::parse("o.yaml", text).unwrap();
        let err = overlay.apply(&mut json!({})).unwrap_err().to_string();
        assert!(err.starts_with("o.yaml:4: invalid JSONPath"), "{err}");
    }
}
