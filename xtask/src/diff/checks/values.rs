//! Values: enums (and `x-extensible-enum`), defaults, patterns and
//! constants.
//!
//! Rules: `request-parameter-became-enum`,
//! `request-parameter-enum-value-added`,
//! `request-parameter-enum-value-removed`, `request-property-became-enum`,
//! `request-property-enum-value-added`,
//! `request-property-enum-value-removed`, `response-property-became-enum`,
//! `response-property-enum-value-added`,
//! `response-property-enum-value-removed`, `request-parameter-pattern-added`,
//! `request-parameter-pattern-removed`, `request-parameter-pattern-changed`,
//! `request-parameter-pattern-generalized`, `request-property-pattern-added`,
//! `request-property-pattern-removed`, `request-property-pattern-changed`,
//! `request-property-pattern-generalized`, `response-property-pattern-added`,
//! `response-property-pattern-changed`, `response-property-pattern-removed`,
//! `request-parameter-default-value-added`,
//! `request-parameter-default-value-removed`,
//! `request-parameter-default-value-changed`,
//! `request-body-default-value-added`, `request-body-default-value-removed`,
//! `request-body-default-value-changed`,
//! `request-property-default-value-added`,
//! `request-property-default-value-removed`,
//! `request-property-default-value-changed`,
//! `response-body-default-value-added`,
//! `response-body-default-value-removed`,
//! `response-body-default-value-changed`,
//! `response-property-default-value-added`,
//! `response-property-default-value-removed`,
//! `response-property-default-value-changed`, `request-body-const-added`,
//! `request-body-const-removed`, `request-body-const-changed`,
//! `request-property-const-added`, `request-property-const-removed`,
//! `request-property-const-changed`, `response-body-const-added`,
//! `response-body-const-removed`, `response-body-const-changed`,
//! `response-property-const-added`, `response-property-const-removed`,
//! `response-property-const-changed`,
//! `request-parameter-x-extensible-enum-value-removed`,
//! `request-property-x-extensible-enum-value-removed`,
//! `request-read-only-property-enum-value-removed`,
//! `response-write-only-property-enum-value-added`.

use serde_json::Value;

use super::access_scope;

use crate::diff::place::Place;
use crate::diff::{Differ, Direction, Keyword, Move, Scope};

impl Differ<'_> {
    pub(in crate::diff) fn enums(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let values =
            |v: &Value| -> Option<Vec<Value>> { v.get("enum").and_then(Value::as_array).cloned() };
        let direction = place.direction;
        match (values(o), values(n)) {
            (None, Some(_)) => self.push_of(
                place,
                scope,
                (Keyword::Itself, Move::BecameEnum),
                format!("{what} became an enum"),
            ),
            (Some(ov), Some(nv)) => {
                for added in nv.iter().filter(|v| !ov.contains(v)) {
                    let parts = (Keyword::EnumValue, Move::Added);
                    let scope = access_scope(direction, scope, parts, n);
                    self.push_of(place, scope, parts, format!("{what} gained value {added}"));
                }
                for removed in ov.iter().filter(|v| !nv.contains(v)) {
                    let parts = (Keyword::EnumValue, Move::Removed);
                    let scope = access_scope(direction, scope, parts, n);
                    self.push_of(place, scope, parts, format!("{what} lost value {removed}"));
                }
            }
            _ => {}
        }
        // `x-extensible-enum` (Zalando's guidelines): values a client may
        // send; one removed from a request is refused now. A value added
        // is what the extension is for, and a response's list is open.
        if direction == Direction::Request {
            let extensible = |v: &Value| {
                v.get("x-extensible-enum")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            let (ov, nv) = (extensible(o), extensible(n));
            for removed in ov.iter().filter(|v| !nv.contains(v)) {
                self.push_of(
                    place,
                    scope,
                    (Keyword::XExtensibleEnumValue, Move::Removed),
                    format!("{what} lost extensible value {removed}"),
                );
            }
        }
    }

    /// `default` added, removed or changed (oasdiff: breaking for a request
    /// parameter, whose absence the server then reads differently; info
    /// elsewhere).
    pub(in crate::diff) fn default_value(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let change = match (o.get("default"), n.get("default")) {
            (a, b) if a == b => return,
            (None, Some(_)) => Move::Added,
            (Some(_), None) => Move::Removed,
            _ => Move::Changed,
        };
        let shown = |v: Option<&Value>| v.map_or("none".to_string(), |v| format!("`{v}`"));
        self.push_of(
            place,
            scope,
            (Keyword::DefaultValue, change),
            format!(
                "{what}: default {} became {}",
                shown(o.get("default")),
                shown(n.get("default"))
            ),
        );
    }

    /// `pattern` added, removed or changed, as oasdiff judges them (a
    /// request's new pattern of `.*` is a generalization).
    pub(in crate::diff) fn pattern(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        // An empty pattern constrains nothing: it is no pattern (as
        // kin-openapi, and so oasdiff, read it).
        fn pattern(v: &Value) -> Option<&str> {
            v.get("pattern")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
        }
        let (op, np) = (pattern(o), pattern(n));
        let request = place.direction == Direction::Request;
        let change = match (op, np) {
            (a, b) if a == b => return,
            (None, Some(_)) => Move::Added,
            (Some(_), None) => Move::Removed,
            (Some(_), Some(".*")) if request => Move::Generalized,
            (Some(_), Some(_)) => Move::Changed,
            (None, None) => return,
        };
        let shown = |p: Option<&str>| p.map_or("none".to_string(), |p| format!("`{p}`"));
        self.push_of(
            place,
            scope,
            (Keyword::Pattern, change),
            format!("{what}: pattern {} became {}", shown(op), shown(np)),
        );
    }

    /// `const` added, removed or changed.
    pub(in crate::diff) fn constant(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let change = match (o.get("const"), n.get("const")) {
            (None, Some(_)) => Move::Added,
            (Some(_), None) => Move::Removed,
            (Some(a), Some(b)) if a != b => Move::Changed,
            _ => return,
        };
        self.push_of(
            place,
            scope,
            (Keyword::Const, change),
            format!("{what}: const {}", change.kebab()),
        );
    }
}
