//! JSON Schema 2019-09 and 2020-12 keywords: `prefixItems`, `if`/`then`/
//! `else`, `propertyNames`, `dependentSchemas`, `patternProperties`, the
//! `content*` keywords, `contains` and its bounds, `unevaluated*` and
//! `dependentRequired`.
//!
//! Rules: `request-property-content-schema-removed`,
//! `response-property-content-schema-removed`, `request-body-contains-added`,
//! `request-body-contains-removed`, `request-body-min-contains-increased`,
//! `request-body-min-contains-decreased`,
//! `request-body-max-contains-increased`,
//! `request-body-max-contains-decreased`,
//! `request-body-dependent-required-added`,
//! `request-body-dependent-required-removed`,
//! `request-body-dependent-required-changed`,
//! `request-property-contains-added`, `request-property-contains-removed`,
//! `request-property-min-contains-increased`,
//! `request-property-min-contains-decreased`,
//! `request-property-max-contains-increased`,
//! `request-property-max-contains-decreased`,
//! `request-property-dependent-required-added`,
//! `request-property-dependent-required-removed`,
//! `request-property-dependent-required-changed`,
//! `response-body-contains-added`, `response-body-contains-removed`,
//! `response-body-min-contains-increased`,
//! `response-body-min-contains-decreased`,
//! `response-body-max-contains-increased`,
//! `response-body-max-contains-decreased`,
//! `response-body-dependent-required-added`,
//! `response-body-dependent-required-removed`,
//! `response-body-dependent-required-changed`,
//! `response-property-contains-added`, `response-property-contains-removed`,
//! `response-property-min-contains-increased`,
//! `response-property-min-contains-decreased`,
//! `response-property-max-contains-increased`,
//! `response-property-max-contains-decreased`,
//! `response-property-dependent-required-added`,
//! `response-property-dependent-required-removed`,
//! `response-property-dependent-required-changed`,
//! `request-body-unevaluated-items-added`,
//! `request-body-unevaluated-items-removed`,
//! `request-body-unevaluated-properties-added`,
//! `request-body-unevaluated-properties-removed`,
//! `request-property-unevaluated-items-added`,
//! `request-property-unevaluated-items-removed`,
//! `request-property-unevaluated-properties-added`,
//! `request-property-unevaluated-properties-removed`,
//! `response-body-unevaluated-items-added`,
//! `response-body-unevaluated-items-removed`,
//! `response-body-unevaluated-properties-added`,
//! `response-body-unevaluated-properties-removed`,
//! `response-property-unevaluated-items-added`,
//! `response-property-unevaluated-items-removed`,
//! `response-property-unevaluated-properties-added`,
//! `response-property-unevaluated-properties-removed`,
//! `request-body-prefix-items-added`, `request-body-prefix-items-removed`,
//! `request-property-prefix-items-added`,
//! `request-property-prefix-items-removed`,
//! `response-body-prefix-items-added`, `response-body-prefix-items-removed`,
//! `response-property-prefix-items-added`,
//! `response-property-prefix-items-removed`, `request-body-if-added`,
//! `request-body-if-removed`, `request-property-if-added`,
//! `request-property-if-removed`, `response-body-if-added`,
//! `response-body-if-removed`, `response-property-if-added`,
//! `response-property-if-removed`, `request-body-then-added`,
//! `request-body-then-removed`, `request-property-then-added`,
//! `request-property-then-removed`, `response-body-then-added`,
//! `response-body-then-removed`, `response-property-then-added`,
//! `response-property-then-removed`, `request-body-else-added`,
//! `request-body-else-removed`, `request-property-else-added`,
//! `request-property-else-removed`, `response-body-else-added`,
//! `response-body-else-removed`, `response-property-else-added`,
//! `response-property-else-removed`, `request-body-dependent-schema-added`,
//! `request-body-dependent-schema-removed`,
//! `request-property-dependent-schema-added`,
//! `request-property-dependent-schema-removed`,
//! `response-body-dependent-schema-added`,
//! `response-body-dependent-schema-removed`,
//! `response-property-dependent-schema-added`,
//! `response-property-dependent-schema-removed`,
//! `request-body-pattern-property-added`,
//! `request-body-pattern-property-removed`,
//! `request-property-pattern-property-added`,
//! `request-property-pattern-property-removed`,
//! `response-body-pattern-property-added`,
//! `response-body-pattern-property-removed`,
//! `response-property-pattern-property-added`,
//! `response-property-pattern-property-removed`,
//! `request-body-property-names-added`,
//! `request-body-property-names-removed`,
//! `request-property-property-names-added`,
//! `request-property-property-names-removed`,
//! `response-body-property-names-added`,
//! `response-body-property-names-removed`,
//! `response-property-property-names-added`,
//! `response-property-property-names-removed`,
//! `request-body-content-schema-added`,
//! `request-body-content-schema-removed`,
//! `request-property-content-schema-added`,
//! `response-body-content-schema-added`,
//! `response-body-content-schema-removed`,
//! `response-property-content-schema-added`,
//! `request-body-content-media-type-changed`,
//! `request-property-content-media-type-changed`,
//! `response-body-content-media-type-changed`,
//! `response-property-content-media-type-changed`,
//! `request-body-content-encoding-changed`,
//! `request-property-content-encoding-changed`,
//! `response-body-content-encoding-changed`,
//! `response-property-content-encoding-changed`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diff::facts::{presence, strings};
use crate::diff::place::Place;
use crate::diff::{Differ, Keyword, Move, Scope};

impl Differ<'_> {
    /// OpenAPI 3.1's (JSON Schema 2020-12's) other applicators and content
    /// keywords, as oasdiff's checks report them: `prefixItems` members
    /// added or removed at the end (one row each way); `if`, `then`, `else`,
    /// `propertyNames` and `contentSchema` added or removed; each
    /// `dependentSchemas` and `patternProperties` key added or removed;
    /// `contentMediaType` and `contentEncoding` changed.
    pub(in crate::diff) fn applicators(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
    ) {
        let count = |v: &Value| {
            v.get("prefixItems")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        };
        let (om, nm) = (count(o), count(n));
        // Members are positional: those past the other side's end are the
        // ones added or removed; the rest are compared in `subschemas`.
        let added = nm.saturating_sub(om);
        let removed = om.saturating_sub(nm);
        if added > 0 {
            self.push_of(
                place,
                scope,
                (Keyword::PrefixItems, Move::Added),
                format!("{added} `prefixItems` member(s) added"),
            );
        }
        if removed > 0 {
            self.push_of(
                place,
                scope,
                (Keyword::PrefixItems, Move::Removed),
                format!("{removed} `prefixItems` member(s) removed"),
            );
        }
        for (key, keyword) in [
            ("if", Keyword::If),
            ("then", Keyword::Then),
            ("else", Keyword::Else),
            ("propertyNames", Keyword::PropertyNames),
            ("contentSchema", Keyword::ContentSchema),
        ] {
            let Some(change) = presence(o, n, key) else {
                continue;
            };
            let message = format!("`{key}` {}", change.kebab());
            self.push_of(place, scope, (keyword, change), message);
        }
        for (key, keyword) in [
            ("dependentSchemas", Keyword::DependentSchema),
            ("patternProperties", Keyword::PatternProperty),
        ] {
            let keys = |v: &Value| -> BTreeSet<String> {
                v.get(key)
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            };
            let (ok, nk) = (keys(o), keys(n));
            for name in nk.difference(&ok) {
                self.push_of(
                    place,
                    scope,
                    (keyword, Move::Added),
                    format!("`{key}` entry `{name}` added"),
                );
            }
            for name in ok.difference(&nk) {
                self.push_of(
                    place,
                    scope,
                    (keyword, Move::Removed),
                    format!("`{key}` entry `{name}` removed"),
                );
            }
        }
        for (key, keyword) in [
            ("contentMediaType", Keyword::ContentMediaType),
            ("contentEncoding", Keyword::ContentEncoding),
        ] {
            let (from, to) = (o.get(key), n.get(key));
            if from == to {
                continue;
            }
            let shown = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("none").to_string();
            self.push_of(
                place,
                scope,
                (keyword, Move::Changed),
                format!("`{key}` {} became {}", shown(from), shown(to)),
            );
        }
    }

    /// `contains` added or removed, and `minContains`/`maxContains` moved,
    /// where both sides set them (oasdiff compares no bound with a missing
    /// one here).
    pub(in crate::diff) fn contains(&mut self, place: &Place, scope: Scope, o: &Value, n: &Value) {
        match presence(o, n, "contains") {
            Some(Move::Added) => self.push_of(
                place,
                scope,
                (Keyword::Contains, Move::Added),
                "`contains` added: an array must hold a matching item".into(),
            ),
            Some(change) => self.push_of(
                place,
                scope,
                (Keyword::Contains, change),
                "`contains` removed".into(),
            ),
            None => {}
        }
        for (key, keyword) in [
            ("minContains", Keyword::MinContains),
            ("maxContains", Keyword::MaxContains),
        ] {
            let (Some(from), Some(to)) = (
                o.get(key).and_then(Value::as_f64),
                n.get(key).and_then(Value::as_f64),
            ) else {
                continue;
            };
            let change = if to > from {
                Move::Increased
            } else if to < from {
                Move::Decreased
            } else {
                continue;
            };
            self.push_of(
                place,
                scope,
                (keyword, change),
                format!("`{key}` {} from {from} to {to}", change.kebab()),
            );
        }
    }

    /// `unevaluatedItems` and `unevaluatedProperties` added or removed.
    pub(in crate::diff) fn unevaluated(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
    ) {
        for (key, keyword) in [
            ("unevaluatedItems", Keyword::UnevaluatedItems),
            ("unevaluatedProperties", Keyword::UnevaluatedProperties),
        ] {
            let Some(change) = presence(o, n, key) else {
                continue;
            };
            self.push_of(
                place,
                scope,
                (keyword, change),
                format!("`{key}` {}", change.kebab()),
            );
        }
    }

    /// `dependentRequired`: per property named, the properties it makes
    /// required; one row per key added, removed or changed.
    pub(in crate::diff) fn dependent_required(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
    ) {
        let map = |v: &Value| -> BTreeMap<String, BTreeSet<String>> {
            v.get("dependentRequired")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), strings(Some(v))))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (om, nm) = (map(o), map(n));
        for (key, needs) in &nm {
            let list = needs.iter().cloned().collect::<Vec<_>>().join(", ");
            match om.get(key) {
                None => self.push_of(
                    place,
                    scope,
                    (Keyword::DependentRequired, Move::Added),
                    format!("`{key}` now requires {list}"),
                ),
                Some(before) if before != needs => self.push_of(
                    place,
                    scope,
                    (Keyword::DependentRequired, Move::Changed),
                    format!("`{key}` now requires {list}"),
                ),
                Some(_) => {}
            }
        }
        for key in om.keys().filter(|k| !nm.contains_key(*k)) {
            self.push_of(
                place,
                scope,
                (Keyword::DependentRequired, Move::Removed),
                format!("`{key}` no longer requires other properties"),
            );
        }
    }
}
