//! Bounds: `maxLength`, `minLength`, `maximum`, `minimum`, their
//! exclusive forms, and `minItems`, each judged by which side may now send or
//! receive what it could not.
//!
//! Rules: `request-parameter-max-length-set`,
//! `request-parameter-max-length-decreased`,
//! `request-parameter-max-length-increased`, `request-body-max-length-set`,
//! `request-body-max-length-decreased`, `request-body-max-length-increased`,
//! `request-property-max-length-set`,
//! `request-property-max-length-decreased`,
//! `request-property-max-length-increased`,
//! `response-body-max-length-increased`, `response-body-max-length-unset`,
//! `response-property-max-length-increased`,
//! `response-property-max-length-unset`, `request-parameter-max-decreased`,
//! `request-parameter-max-increased`, `request-parameter-min-increased`,
//! `request-parameter-min-decreased`,
//! `request-parameter-min-length-increased`,
//! `request-parameter-min-length-decreased`, `request-body-max-set`,
//! `request-body-max-decreased`, `request-body-max-increased`,
//! `request-body-min-set`, `request-body-min-increased`,
//! `request-body-min-decreased`, `request-body-min-length-increased`,
//! `request-body-min-length-decreased`, `request-property-max-set`,
//! `request-property-max-decreased`, `request-property-max-increased`,
//! `request-property-min-set`, `request-property-min-increased`,
//! `request-property-min-decreased`, `request-property-min-length-increased`,
//! `request-property-min-length-decreased`, `response-body-max-increased`,
//! `response-body-min-decreased`, `response-body-min-length-decreased`,
//! `response-property-max-increased`, `response-property-min-decreased`,
//! `response-property-min-length-decreased`,
//! `request-body-min-items-increased`, `request-body-min-items-set`,
//! `response-body-min-items-decreased`, `response-body-min-items-unset`,
//! `request-property-min-items-increased`, `request-property-min-items-set`,
//! `response-property-min-items-decreased`,
//! `response-property-min-items-unset`,
//! `request-parameter-exclusive-max-set`,
//! `request-parameter-exclusive-max-increased`,
//! `request-parameter-exclusive-max-decreased`,
//! `request-parameter-exclusive-min-set`,
//! `request-parameter-exclusive-min-increased`,
//! `request-parameter-exclusive-min-decreased`,
//! `request-body-exclusive-max-set`, `request-body-exclusive-max-increased`,
//! `request-body-exclusive-max-decreased`, `request-body-exclusive-min-set`,
//! `request-body-exclusive-min-increased`,
//! `request-body-exclusive-min-decreased`,
//! `request-property-exclusive-max-set`,
//! `request-property-exclusive-max-increased`,
//! `request-property-exclusive-max-decreased`,
//! `request-property-exclusive-min-set`,
//! `request-property-exclusive-min-increased`,
//! `request-property-exclusive-min-decreased`,
//! `response-body-exclusive-max-increased`,
//! `response-body-exclusive-min-decreased`,
//! `response-property-exclusive-max-increased`,
//! `response-property-exclusive-min-decreased`,
//! `request-read-only-property-max-length-decreased`,
//! `request-read-only-property-max-decreased`,
//! `request-read-only-property-min-increased`,
//! `request-read-only-property-exclusive-max-decreased`,
//! `request-read-only-property-exclusive-min-increased`.

use serde_json::Value;

use super::access_scope;

use crate::diff::place::Place;
use crate::diff::walk::rule_of;
use crate::diff::{Differ, Direction, Keyword, Move, Scope};

impl Differ<'_> {
    pub(in crate::diff) fn max_length(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let (om, nm) = (
            o.get("maxLength").and_then(Value::as_u64),
            n.get("maxLength").and_then(Value::as_u64),
        );
        let request = place.direction == Direction::Request;
        let change = match (om, nm) {
            (None, Some(_)) if request => Move::Set,
            (Some(_), None) if !request => Move::Unset,
            (Some(a), Some(b)) if b < a && request => Move::Decreased,
            (Some(a), Some(b)) if b > a => Move::Increased,
            _ => return,
        };
        let parts = (Keyword::MaxLength, change);
        let scope = access_scope(place.direction, scope, parts, n);
        let id = rule_of(place.direction, scope, parts);
        self.push_count(id, place, what, "maxLength", om, nm);
    }

    /// `maximum`, `minimum` and `minLength`, as oasdiff judges them: a
    /// request may send less once a limit is set or tightened (breaking
    /// when tightened); an answer may hold more once one is loosened
    /// (breaking). The generated code is the same either way.
    pub(in crate::diff) fn limits(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let request = place.direction == Direction::Request;
        for (keyword, id, upper) in [
            ("maximum", Keyword::Max, true),
            ("minimum", Keyword::Min, false),
            ("minLength", Keyword::MinLength, false),
            // OpenAPI 3.1's numeric form; 3.0's booleans are not numbers
            // and are left alone here.
            ("exclusiveMaximum", Keyword::ExclusiveMax, true),
            ("exclusiveMinimum", Keyword::ExclusiveMin, false),
        ] {
            let (ov, nv) = (
                o.get(keyword).and_then(Value::as_f64),
                n.get(keyword).and_then(Value::as_f64),
            );
            let change = match (ov, nv) {
                (None, Some(_)) if request && keyword != "minLength" => Move::Set,
                (Some(a), Some(b)) if a == b => continue,
                (Some(a), Some(b)) if b < a => Move::Decreased,
                (Some(_), Some(_)) => Move::Increased,
                _ => continue,
            };
            // A response is only breaking when it may hold more than before.
            let loosened = matches!(
                (upper, change),
                (true, Move::Increased) | (false, Move::Decreased)
            );
            if !request && !loosened {
                continue;
            }
            let shown = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
            let parts = (id, change);
            self.push_of(
                place,
                access_scope(place.direction, scope, parts, n),
                parts,
                format!("{what}: {keyword} {} became {}", shown(ov), shown(nv)),
            );
        }
    }

    /// `minItems`, as oasdiff judges it for bodies and properties: in a
    /// request, set or increased (fewer arrays are accepted); in a
    /// response, decreased or unset (shorter arrays may come).
    pub(in crate::diff) fn min_items(
        &mut self,
        place: &Place,
        scope: Scope,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        let (ov, nv) = (
            o.get("minItems").and_then(Value::as_u64),
            n.get("minItems").and_then(Value::as_u64),
        );
        let change = match (ov, nv, place.direction) {
            (None, Some(_), Direction::Request) => Move::Set,
            (Some(a), Some(b), Direction::Request) if b > a => Move::Increased,
            (Some(a), Some(b), Direction::Response) if b < a => Move::Decreased,
            (Some(_), None, Direction::Response) => Move::Unset,
            _ => return,
        };
        let id = rule_of(place.direction, scope, (Keyword::MinItems, change));
        self.push_count(id, place, what, "minItems", ov, nv);
    }
}
