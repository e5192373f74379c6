//! Types: a schema's type and format (widened or narrowed as its side reads
//! it), its nullability, oasdiff's list-of-types pattern, and a named
//! schema standing where another did.
//!
//! Rules: `request-parameter-type-generalized`,
//! `request-parameter-type-changed`, `request-body-type-changed`,
//! `request-body-type-generalized`, `request-property-type-changed`,
//! `request-property-type-generalized`, `request-property-became-nullable`,
//! `request-property-became-not-nullable`, `response-body-type-changed`,
//! `response-body-type-specialized`, `response-property-type-changed`,
//! `response-body-type-generalized`, `response-property-type-generalized`,
//! `response-property-type-specialized`, `response-property-became-nullable`,
//! `response-property-became-not-nullable`, `schema-type-name-changed`,
//! `request-body-became-nullable`, `request-body-became-not-nullable`,
//! `response-body-became-nullable`, `response-body-became-not-nullable`,
//! `request-body-type-compatible`, `request-property-type-compatible`,
//! `response-body-type-compatible`, `response-property-type-compatible`,
//! `response-header-became-nullable`, `response-header-became-not-nullable`,
//! `response-header-type-changed`, `response-header-type-generalized`,
//! `response-header-type-specialized`, `response-header-type-compatible`,
//! `request-body-list-of-types-widened`,
//! `request-body-list-of-types-narrowed`,
//! `request-property-list-of-types-widened`,
//! `request-property-list-of-types-narrowed`,
//! `response-body-list-of-types-widened`,
//! `response-body-list-of-types-narrowed`,
//! `response-property-list-of-types-widened`,
//! `response-property-list-of-types-narrowed`,
//! `request-parameter-became-nullable`,
//! `request-parameter-property-became-nullable`,
//! `request-parameter-property-became-not-nullable`,
//! `request-parameter-list-of-types-widened`,
//! `request-parameter-property-list-of-types-widened`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diff::facts::{covers, is_true, nullable, optional_in_rust, single_type, type_set};
use crate::diff::place::Place;
use crate::diff::walk::rule_of;
use crate::diff::{Differ, Direction, Keyword, Level, Move, RuleId, Scope};

impl Differ<'_> {
    /// The type or format of one schema (`scope` is `parameter`, `body` or
    /// `property`), judged as oasdiff judges it: a request may widen
    /// (integer to number, date to date-time), a response may narrow.
    pub(in crate::diff) fn type_and_format(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let (ot, nt) = (type_set(o), type_set(n));
        let (of, nf) = (
            o.get("format").and_then(Value::as_str),
            n.get("format").and_then(Value::as_str),
        );
        // A type dropped or added is a change too: without one a schema
        // takes any value (oasdiff: a response property that loses
        // `type: object` is response-property-type-changed).
        let type_changed = ot != nt;
        if !type_changed && of == nf {
            return;
        }
        let request = place.direction == Direction::Request;
        // The client never sends a property the server sets.
        if request && scope == Scope::Property && is_true(n, "readOnly") {
            return;
        }
        // (from, to) as oasdiff reads them: a response is judged reversed.
        let (from_t, to_t, from_f, to_f) = if request {
            (&ot, &nt, of, nf)
        } else {
            (&nt, &ot, nf, of)
        };
        // Widening is fine: every type before still taken (integer within
        // number), or no type at all.
        // Where values are loosely typed, anything reads as a string.
        let type_ok = !type_changed
            || covers(from_t, to_t)
            || (!from_t.is_empty() && to_t.is_empty())
            || (place.loose && single_type(to_t) == Some("string"));
        let format_ok = of == nf
            || to_f.is_none()
            || matches!(
                (single_type(to_t), from_f, to_f),
                (Some("number"), Some("float"), Some("double"))
                    | (Some("integer"), Some("int32"), Some("int64"))
                    | (
                        Some("string"),
                        Some("date") | Some("time"),
                        Some("date-time")
                    )
            );
        // A swap of one concrete type for another that is fine only
        // because the media type is loosely typed.
        // (oasdiff's parameter check has no such verdict: a parameter's
        // change is generalized or changed.)
        let swap = type_changed
            && scope != Scope::Parameter
            && !ot.is_empty()
            && !nt.is_empty()
            && !covers(from_t, to_t);
        let change = match (request, type_ok && format_ok) {
            (_, true) if swap => Move::Compatible,
            (true, true) => Move::Generalized,
            (true, false) => Move::Changed,
            (false, true) => Move::Specialized,
            // A response that may now hold more types than before.
            (false, false) if type_changed && covers(&ot, &nt) => Move::Generalized,
            (false, false) => Move::Changed,
        };
        let show = |t: &BTreeSet<&str>, f: Option<&str>| {
            let t = if t.is_empty() {
                "any".to_string()
            } else {
                t.iter().copied().collect::<Vec<_>>().join("|")
            };
            match f {
                Some(f) => format!("{t}/{f}"),
                None => t,
            }
        };
        self.push_of(
            place,
            scope,
            (Keyword::Type, change),
            format!("{what} changed from {} to {}", show(&ot, of), show(&nt, nf)),
        );
    }

    /// A body, a response header, a parameter or a parameter's property
    /// (`scope`) that became nullable or stopped being so, given whether
    /// it took null before and after, as oasdiff's *_became_nullable.go
    /// checks report it.
    pub(in crate::diff) fn nullability(
        &mut self,
        place: &Place,
        scope: Scope,
        was: bool,
        is: bool,
        what: &str,
    ) {
        let (change, shown) = match (was, is) {
            (false, true) => (Move::BecameNullable, "became nullable"),
            (true, false) => (Move::BecameNotNullable, "is no longer nullable"),
            _ => return,
        };
        self.push_of(
            place,
            scope,
            (Keyword::Itself, change),
            format!("{what} {shown}"),
        );
    }

    /// A single type that became a oneOf/anyOf of scalar types, or back, or
    /// such a list that changed (oasdiff's list-of-types pattern): one row,
    /// widened or narrowed as the side reads it, in place of a type change
    /// and oneOf/anyOf rows.
    pub(in crate::diff) fn list_of_types(
        &mut self,
        place: &Place,
        scope: Scope,
        added: &BTreeSet<String>,
        removed: &BTreeSet<String>,
        what: &str,
    ) {
        let request = place.direction == Direction::Request;
        let narrowed = if request {
            !removed.is_empty()
        } else {
            added.is_empty()
        };
        let change = if narrowed {
            Move::Narrowed
        } else {
            Move::Widened
        };
        let list = |t: &BTreeSet<String>| t.iter().cloned().collect::<Vec<_>>().join(", ");
        let mut message = format!("{what}'s list of types {}", change.kebab());
        if !added.is_empty() {
            message.push_str(&format!(": {} added", list(added)));
        }
        if !removed.is_empty() {
            message.push_str(&format!(
                "{} {} removed",
                if added.is_empty() { ":" } else { ";" },
                list(removed)
            ));
        }
        self.push_of(place, scope, (Keyword::ListOfTypes, change), message);
    }
}

impl Differ<'_> {
    /// A named schema standing where another (or an inline one) did: the
    /// Rust type changes name, unless the component was only renamed.
    pub(in crate::diff) fn type_name(
        &mut self,
        place: &Place,
        old_name: Option<&str>,
        new_name: Option<&str>,
    ) {
        if old_name == new_name {
            return;
        }
        let renamed = old_name.is_some_and(|o| self.renamed.get(o).map(String::as_str) == new_name);
        if renamed {
            return;
        }
        let show = |name: Option<&str>| match name {
            Some(n) => format!("`components.schemas.{n}`"),
            None => format!("an inline schema at `{}`", place.location()),
        };
        let message = format!(
            "{} now stands where {} did: the Rust type changes name",
            show(new_name),
            show(old_name)
        );
        let at = match old_name {
            Some(o) => place.component(o),
            None => place.clone(),
        };
        self.push(RuleId::SchemaTypeNameChanged, &at, message);
    }

    /// A body that takes null now, or no longer does.
    pub(in crate::diff) fn body_nullability(
        &mut self,
        place: &Place,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        // In OpenAPI 3.1 a schema with no type takes any value, null
        // too: dropping the type keeps a nullable body nullable.
        let v31 = |doc: &Value| {
            doc["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1"))
        };
        let untyped = |v: &Value| {
            ["type", "allOf", "oneOf", "anyOf", "$ref"]
                .iter()
                .all(|k| v.get(*k).is_none())
        };
        let takes_null = |v: &Value, doc: &Value| nullable(v) || (v31(doc) && untyped(v));
        let (was, is) = (takes_null(o, self.old), takes_null(n, self.new));
        self.nullability(place, Scope::Body, was, is, what);
    }

    /// A property that became nullable or stopped being so: breaking for
    /// Rust only where the field's type changes (`Option<T>` or not).
    pub(in crate::diff) fn property_nullability(
        &mut self,
        place: &Place,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let required = place.required.unwrap_or(false);
        let scope = Scope::Property;
        match (nullable(o), nullable(n)) {
            (false, true) => {
                let rust = if optional_in_rust(o, required) {
                    Level::Info
                } else {
                    Level::Breaking
                };
                self.push_rust(
                    rule_of(
                        place.direction,
                        scope,
                        (Keyword::Itself, Move::BecameNullable),
                    ),
                    rust,
                    place,
                    format!("{what} became nullable"),
                );
            }
            (true, false) => {
                let rust = if optional_in_rust(n, required) {
                    Level::Info
                } else {
                    Level::Breaking
                };
                self.push_rust(
                    rule_of(
                        place.direction,
                        scope,
                        (Keyword::Itself, Move::BecameNotNullable),
                    ),
                    rust,
                    place,
                    format!("{what} is no longer nullable"),
                );
            }
            _ => {}
        }
    }
}

impl Differ<'_> {
    /// A parameter's scalar that became an array it sends form/explode
    /// whose items take every value the scalar did: a single value is a
    /// valid one-element array, so the type is generalized.
    pub(in crate::diff) fn became_exploded_array(&mut self, place: &Place, what: &str) {
        self.push(
            RuleId::RequestParameterTypeGeneralized,
            place,
            format!(
                "{what} became an array sent form/explode: a single value is still a valid one-element array"
            ),
        );
    }
}
