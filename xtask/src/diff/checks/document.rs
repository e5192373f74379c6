//! Document-wide changes: servers, component schemas, webhooks, and the
//! spec's version against its breaking changes.
//!
//! Rules: `api-server-added`, `api-server-removed`, `api-schema-removed`,
//! `webhook-added`, `webhook-removed`, `api-schema-added`,
//! `api-version-not-bumped`, `api-version-decreased`,
//! `api-major-version-not-bumped`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diff::pairing::schemas;
use crate::diff::{Change, Differ, Level, RuleId, semver};
use crate::naming::pascal_case;
use crate::openapi;

impl Differ<'_> {
    pub(in crate::diff) fn servers(&mut self) {
        let urls = |doc: &Value| -> Vec<String> {
            doc.get("servers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("url").and_then(Value::as_str).map(String::from))
                .collect()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        let place = self.document("servers");
        let default_moved = old.first() != new.first();
        let note = |url: &str| {
            if default_moved && (old.first().map(String::as_str) == Some(url)) {
                " (it was the client's default base URL)"
            } else {
                ""
            }
        };
        for url in new.iter().filter(|u| !old.contains(u)) {
            self.push(
                RuleId::ApiServerAdded,
                &place,
                format!("server `{url}` added"),
            );
        }
        for url in old.iter().filter(|u| !new.contains(u)) {
            let message = format!("server `{url}` removed{}", note(url));
            self.push(RuleId::ApiServerRemoved, &place, message);
        }
    }

    /// OpenAPI 3.1's `webhooks`, by name: what the API calls back.
    pub(in crate::diff) fn webhooks(&mut self) {
        let names = |doc: &Value| -> BTreeSet<String> {
            doc.get("webhooks")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let (old, new) = (names(self.old), names(self.new));
        for name in new.difference(&old) {
            let place = self.document(&format!("webhooks.{name}"));
            self.push(
                RuleId::WebhookAdded,
                &place,
                format!("webhook `{name}` added"),
            );
        }
        for name in old.difference(&new) {
            let place = self.document(&format!("webhooks.{name}"));
            self.push(
                RuleId::WebhookRemoved,
                &place,
                format!("webhook `{name}` removed"),
            );
        }
        // A webhook on both sides: its operations are compared as a path's
        // are, under the rules oasdiff applies to them.
        for name in old.intersection(&new) {
            let (oi, ni) = (&self.old["webhooks"][name], &self.new["webhooks"][name]);
            let label = format!("webhooks.{name}");
            for method in openapi::METHODS {
                if let (Some(o), Some(n)) = (oi.get(method), ni.get(method)) {
                    self.operation(method, &label, o, &label, n, true);
                }
            }
        }
    }

    pub(in crate::diff) fn components(&mut self) {
        let (old, new) = (schemas(self.old), schemas(self.new));
        let targets: BTreeSet<String> = self.renamed.values().cloned().collect();
        for name in old.keys().filter(|k| !new.contains_key(*k)) {
            let mut place = self.document(&format!("components.schemas.{name}"));
            place.rust_type = Some(pascal_case(name));
            let message = match self.renamed.get(name) {
                Some(to) => format!(
                    "schema `{name}` renamed to `{to}`: the type `types::{}` becomes `types::{}`",
                    pascal_case(name),
                    pascal_case(to)
                ),
                None => format!("schema `{name}` removed"),
            };
            let to = self.renamed.get(name).cloned();
            self.push_renamed(RuleId::ApiSchemaRemoved, &place, message, to.as_deref());
        }
        for name in new
            .keys()
            .filter(|k| !old.contains_key(*k) && !targets.contains(*k))
        {
            let place = self.document(&format!("components.schemas.{name}"));
            self.push(
                RuleId::ApiSchemaAdded,
                &place,
                format!("schema `{name}` added"),
            );
        }
    }
}

/// A spec version (`info.version`) that a wire-breaking change did not
/// bump as semantic versioning asks, as oasdiff's versioning_policy.go
/// reports it: not bumped, decreased, or bumped below the major (the
/// minor while 0.x).
pub(in crate::diff) fn versioning(old: &Value, new: &Value, changes: &[Change]) -> Option<Change> {
    if !changes.iter().any(|c| c.wire == Level::Breaking) {
        return None;
    }
    let version = |doc: &Value| {
        doc.pointer("/info/version")
            .and_then(Value::as_str)
            .map(String::from)
    };
    let (from, to) = (version(old)?, version(new)?);
    let (a, b) = (semver(&from)?, semver(&to)?);
    let (id, message) = if from == to {
        (
            RuleId::ApiVersionNotBumped,
            format!("version {to} kept despite breaking changes"),
        )
    } else if b <= a {
        (
            RuleId::ApiVersionDecreased,
            format!("version {from} became {to}, lower, despite breaking changes"),
        )
    } else if (a.0 == 0 && b.0 == 0 && b.1 == a.1) || (!(a.0 == 0 && b.0 == 0) && b.0 == a.0) {
        (
            RuleId::ApiMajorVersionNotBumped,
            format!("version {from} became {to}, not a major bump, despite breaking changes"),
        )
    } else {
        return None;
    };
    let rule = id.rule();
    Some(Change {
        id: rule.id,
        origin: rule.origin,
        level: rule.wire.max(rule.rust),
        wire: rule.wire,
        rust: rule.rust,
        location: "info.version".into(),
        rust_item: None,
        operations: Vec::new(),
        message,
        renamed_to: None,
    })
}
