//! Composition: `allOf`, `oneOf` and `anyOf` members added or removed (the
//! rest compared where they stand), `oneOf` and `anyOf` swapped, a body
//! wrapped in a `oneOf`, and discriminators.
//!
//! Rules: `request-body-all-of-added`, `request-body-all-of-removed`,
//! `request-body-all-of-added-annotation-only`,
//! `request-body-all-of-removed-annotation-only`,
//! `request-body-one-of-added`, `request-body-one-of-removed`,
//! `request-body-any-of-added`, `request-body-any-of-removed`,
//! `request-property-all-of-added`, `request-property-all-of-removed`,
//! `request-property-all-of-added-annotation-only`,
//! `request-property-all-of-removed-annotation-only`,
//! `request-property-one-of-added`, `request-property-one-of-removed`,
//! `request-property-any-of-added`, `request-property-any-of-removed`,
//! `response-body-all-of-added`, `response-body-all-of-removed`,
//! `response-body-all-of-added-annotation-only`,
//! `response-body-all-of-removed-annotation-only`,
//! `response-body-one-of-added`, `response-body-one-of-removed`,
//! `response-body-any-of-added`, `response-body-any-of-removed`,
//! `response-property-all-of-added`, `response-property-all-of-removed`,
//! `response-property-all-of-added-annotation-only`,
//! `response-property-all-of-removed-annotation-only`,
//! `response-property-one-of-added`, `response-property-one-of-removed`,
//! `response-property-any-of-added`, `response-property-any-of-removed`,
//! `request-body-wrapped-in-one-of`, `response-body-wrapped-in-one-of`,
//! `request-body-unwrapped-from-one-of`,
//! `response-body-unwrapped-from-one-of`,
//! `request-body-one-of-became-any-of`, `request-body-any-of-became-one-of`,
//! `request-property-one-of-became-any-of`,
//! `request-property-any-of-became-one-of`,
//! `response-body-one-of-became-any-of`,
//! `response-body-any-of-became-one-of`,
//! `response-property-one-of-became-any-of`,
//! `response-property-any-of-became-one-of`,
//! `request-body-discriminator-added`, `request-body-discriminator-removed`,
//! `request-body-discriminator-property-name-changed`,
//! `request-body-discriminator-mapping-added`,
//! `request-body-discriminator-mapping-deleted`,
//! `request-body-discriminator-mapping-changed`,
//! `request-property-discriminator-added`,
//! `request-property-discriminator-removed`,
//! `request-property-discriminator-property-name-changed`,
//! `request-property-discriminator-mapping-added`,
//! `request-property-discriminator-mapping-deleted`,
//! `request-property-discriminator-mapping-changed`,
//! `response-body-discriminator-added`,
//! `response-body-discriminator-removed`,
//! `response-body-discriminator-property-name-changed`,
//! `response-body-discriminator-mapping-added`,
//! `response-body-discriminator-mapping-deleted`,
//! `response-body-discriminator-mapping-changed`,
//! `response-property-discriminator-added`,
//! `response-property-discriminator-removed`,
//! `response-property-discriminator-property-name-changed`,
//! `response-property-discriminator-mapping-added`,
//! `response-property-discriminator-mapping-deleted`,
//! `response-property-discriminator-mapping-changed`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diff::pairing::{annotation_only, pair_subschemas, subschema_name};
use crate::diff::place::Place;
use crate::diff::{Differ, Keyword, Move, Scope};
use crate::openapi;

impl Differ<'_> {
    /// `allOf`, `oneOf` and `anyOf`, as oasdiff compares them: subschemas
    /// are paired (see [`pair_subschemas`]) and each pair compared at the
    /// same place, since their properties are the schema's; the rest are
    /// one row per list and direction, however many they are. `allOf`
    /// subschemas that only annotate (a description, a title) have rows of
    /// their own. A wrapped body's `oneOf` is reported as the wrapping.
    pub(in crate::diff) fn compositions(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        seen: &mut BTreeSet<(String, String)>,
        wrapped: bool,
    ) {
        let switched = self.one_of_any_of_switch(place, scope, o, n, seen);
        for (key, keyword) in [
            ("allOf", Keyword::AllOf),
            ("oneOf", Keyword::OneOf),
            ("anyOf", Keyword::AnyOf),
        ] {
            if (key == "oneOf" && wrapped) || (key != "allOf" && switched) {
                continue;
            }
            let list = |v: &Value| {
                v.get(key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            let (ol, nl) = (list(o), list(n));
            if ol.is_empty() && nl.is_empty() {
                continue;
            }
            let paired =
                pair_subschemas(self.old, self.new, &self.renamed, &ol, &nl, key != "allOf");
            for (i, j) in &paired.modified {
                self.schema(place, &ol[*i], &nl[*j], seen);
            }
            for (indexes, list, doc, [change, annotating]) in [
                (
                    &paired.added,
                    &nl,
                    self.new,
                    [Move::Added, Move::AddedAnnotationOnly],
                ),
                (
                    &paired.deleted,
                    &ol,
                    self.old,
                    [Move::Removed, Move::RemovedAnnotationOnly],
                ),
            ] {
                let (annotations, rest): (Vec<usize>, Vec<usize>) = indexes.iter().partition(|i| {
                    key == "allOf" && annotation_only(openapi::resolve_deep(doc, &list[**i]))
                });
                for (group, change) in [(rest, change), (annotations, annotating)] {
                    if group.is_empty() {
                        continue;
                    }
                    let names: Vec<String> = group
                        .iter()
                        .map(|i| subschema_name(&list[*i], *i))
                        .collect();
                    // The message's verb is the plain one: `added`, `removed`.
                    let verb = if matches!(change, Move::Added | Move::AddedAnnotationOnly) {
                        "added"
                    } else {
                        "removed"
                    };
                    self.push_of(
                        place,
                        scope,
                        (keyword, change),
                        format!("{key} {verb} {}", names.join(", ")),
                    );
                }
            }
        }
    }

    /// The same members moved from `oneOf` to `anyOf`, or back: one row
    /// of our own, `*-one-of-became-any-of` or `*-any-of-became-one-of`,
    /// where oasdiff reports every member removed from one list and added
    /// to the other (and calls a request's `oneOf` removed breaking,
    /// though `anyOf` of the same members accepts every value `oneOf` did).
    /// Whether it was one.
    pub(in crate::diff) fn one_of_any_of_switch(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        seen: &mut BTreeSet<(String, String)>,
    ) -> bool {
        let list = |v: &Value, key: &str| {
            v.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        for (from, to, parts) in [
            ("oneOf", "anyOf", (Keyword::OneOf, Move::BecameAnyOf)),
            ("anyOf", "oneOf", (Keyword::AnyOf, Move::BecameOneOf)),
        ] {
            let (before, after) = (list(o, from), list(n, to));
            if before.is_empty()
                || after.is_empty()
                || !list(o, to).is_empty()
                || !list(n, from).is_empty()
            {
                continue;
            }
            let paired = pair_subschemas(self.old, self.new, &self.renamed, &before, &after, true);
            if !paired.added.is_empty() || !paired.deleted.is_empty() {
                continue;
            }
            self.push_of(
                place,
                scope,
                parts,
                format!("its {} members moved from {from} to {to}", before.len()),
            );
            for (i, j) in &paired.modified {
                self.schema(place, &before[*i], &after[*j], seen);
            }
            return true;
        }
        false
    }

    /// `discriminator` added or removed; its `propertyName` changed; its
    /// `mapping` keys added or deleted (one row each way) and each key's
    /// target changed.
    pub(in crate::diff) fn discriminator(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
    ) {
        let (od, nd) = match (o.get("discriminator"), n.get("discriminator")) {
            (None, None) => return,
            (None, Some(_)) => {
                let parts = (Keyword::Discriminator, Move::Added);
                return self.push_of(place, scope, parts, "discriminator added".into());
            }
            (Some(_), None) => {
                let parts = (Keyword::Discriminator, Move::Removed);
                return self.push_of(place, scope, parts, "discriminator removed".into());
            }
            (Some(od), Some(nd)) => (od, nd),
        };
        if od.get("propertyName") != nd.get("propertyName") {
            let name = |d: &Value| d["propertyName"].as_str().unwrap_or_default().to_string();
            self.push_of(
                place,
                scope,
                (Keyword::DiscriminatorPropertyName, Move::Changed),
                format!(
                    "discriminator property `{}` became `{}`",
                    name(od),
                    name(nd)
                ),
            );
        }
        let mapping = |d: &Value| {
            d.get("mapping")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (om, nm) = (mapping(od), mapping(nd));
        let added: Vec<&str> = nm
            .keys()
            .filter(|k| !om.contains_key(*k))
            .map(String::as_str)
            .collect();
        let deleted: Vec<&str> = om
            .keys()
            .filter(|k| !nm.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            let message = format!("discriminator mapping added for {}", added.join(", "));
            let parts = (Keyword::DiscriminatorMapping, Move::Added);
            self.push_of(place, scope, parts, message);
        }
        if !deleted.is_empty() {
            let message = format!("discriminator mapping deleted for {}", deleted.join(", "));
            let parts = (Keyword::DiscriminatorMapping, Move::Deleted);
            self.push_of(place, scope, parts, message);
        }
        for (key, to) in &nm {
            if let Some(from) = om.get(key).filter(|from| *from != to) {
                let message =
                    format!("discriminator mapping of `{key}` changed from {from} to {to}");
                let parts = (Keyword::DiscriminatorMapping, Move::Changed);
                self.push_of(place, scope, parts, message);
            }
        }
    }
}

impl Differ<'_> {
    /// A body that was a oneOf of alternatives, now one object holding
    /// their properties: one change, not the oneOf removed, a type change
    /// and every property added.
    pub(in crate::diff) fn unwrapped_from_one_of(&mut self, place: &Place, o: &Value, what: &str) {
        self.push_of(
            place,
            Scope::Body,
            (Keyword::Itself, Move::UnwrappedFromOneOf),
            format!(
                "{what} is one object now, no longer a oneOf of {} alternatives",
                o["oneOf"].as_array().map_or(0, Vec::len)
            ),
        );
    }

    /// A concrete body wrapped in a oneOf of alternatives: one change,
    /// not a type change, a oneOf added and every property removed.
    pub(in crate::diff) fn wrapped_in_one_of(&mut self, place: &Place, n: &Value, what: &str) {
        self.push_of(
            place,
            Scope::Body,
            (Keyword::Itself, Move::WrappedInOneOf),
            format!(
                "{what} is now a oneOf of {} alternatives, which hold its properties",
                n["oneOf"].as_array().map_or(0, Vec::len)
            ),
        );
    }
}
