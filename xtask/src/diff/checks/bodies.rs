//! Request bodies: added, removed, required or not, their media types and
//! each media type's schema appearing or going, and a body's own enum.
//!
//! Rules: `request-body-added-required`, `request-body-added-optional`,
//! `request-body-removed`, `request-body-became-required`,
//! `request-body-became-optional`, `request-body-media-type-added`,
//! `request-body-media-type-removed`, `request-body-became-enum`,
//! `request-body-enum-value-removed`,
//! `response-mediatype-enum-value-removed`,
//! `request-body-media-type-schema-added`,
//! `request-body-media-type-schema-removed`,
//! `response-body-media-type-schema-added`,
//! `response-body-media-type-schema-removed`, `request-body-rewrapped`,
//! `response-body-rewrapped`.

use serde_json::Value;

use crate::diff::facts::is_true;
use crate::diff::pairing::{Rewrap, content, media_pairs};
use crate::diff::place::Place;
use crate::diff::walk::rule_of;
use crate::diff::{Differ, Direction, Keyword, Move, RuleId, Scope};
use crate::openapi;

impl Differ<'_> {
    /// The body; `method` is the builder method that sets it.
    pub(in crate::diff) fn request_body(
        &mut self,
        place: &Place,
        method: &str,
        old: &Value,
        new: &Value,
    ) {
        let body = |doc: &Value, op: &Value| -> Option<Value> {
            op.get("requestBody")
                .map(|b| openapi::resolve_deep(doc, b).clone())
        };
        let mut here = place.clone();
        here.anchor = format!("{} request body", place.anchor);
        here.direction = Direction::Request;
        let walk = here.clone();
        here.item = Some(method.to_string());
        match (body(self.old, old), body(self.new, new)) {
            (None, Some(n)) => {
                let (id, what) = if is_true(&n, "required") {
                    (RuleId::RequestBodyAddedRequired, "required")
                } else {
                    (RuleId::RequestBodyAddedOptional, "optional")
                };
                self.push(id, &here, format!("{what} request body added"));
            }
            (Some(_), None) => self.push(
                RuleId::RequestBodyRemoved,
                &here,
                "request body removed".into(),
            ),
            (Some(o), Some(n)) => {
                match (is_true(&o, "required"), is_true(&n, "required")) {
                    (false, true) => self.push(
                        RuleId::RequestBodyBecameRequired,
                        &here,
                        "request body became required".into(),
                    ),
                    (true, false) => self.push(
                        RuleId::RequestBodyBecameOptional,
                        &here,
                        "request body became optional".into(),
                    ),
                    _ => {}
                }
                let (oc, nc) = (content(&o), content(&n));
                let (pairs, removed, added) = media_pairs(oc, nc);
                for m in removed {
                    self.push(
                        RuleId::RequestBodyMediaTypeRemoved,
                        &here,
                        format!("media type `{m}` removed"),
                    );
                }
                for m in added {
                    self.push(
                        RuleId::RequestBodyMediaTypeAdded,
                        &here,
                        format!("media type `{m}` added"),
                    );
                }
                for (om, nm) in pairs {
                    self.media_type_schema(&here, &walk, true, (&oc[&om], &nc[&nm]), &nm);
                }
            }
            (None, None) => {}
        }
    }

    /// A schema added to or removed from a media type both sides have, as
    /// oasdiff's check_media_type_schema_existence.go reports it.
    pub(in crate::diff) fn media_schema_existence(
        &mut self,
        here: &Place,
        direction: Direction,
        media: &str,
        o: &Value,
        n: &Value,
    ) {
        let change = match (o.get("schema").is_some(), n.get("schema").is_some()) {
            (false, true) => Move::Added,
            (true, false) => Move::Removed,
            _ => return,
        };
        self.push(
            rule_of(direction, Scope::Body, (Keyword::MediaTypeSchema, change)),
            here,
            format!("media type `{media}`: schema {}", change.kebab()),
        );
    }

    /// A body's own enum, as oasdiff has rules for it: a request body that
    /// became an enum or lost a value, a response body that lost one
    /// (`response-mediatype-enum-value-removed`).
    pub(in crate::diff) fn body_enum(&mut self, place: &Place, o: &Value, n: &Value, what: &str) {
        let values = |v: &Value| v.get("enum").and_then(Value::as_array).cloned();
        let request = place.direction == Direction::Request;
        match (values(o), values(n)) {
            (None, Some(_)) if request => self.push(
                RuleId::RequestBodyBecameEnum,
                place,
                format!("{what} became an enum"),
            ),
            (Some(ov), Some(nv)) => {
                let id = if request {
                    RuleId::RequestBodyEnumValueRemoved
                } else {
                    RuleId::ResponseMediatypeEnumValueRemoved
                };
                for removed in ov.iter().filter(|v| !nv.contains(v)) {
                    self.push(id, place, format!("{what} lost value {removed}"));
                }
            }
            _ => {}
        }
    }
}

impl Differ<'_> {
    /// A body whose payload moved into, out of or between envelope
    /// properties, the payload unchanged: one change, not every property
    /// of the payload removed and the envelope's added.
    pub(in crate::diff) fn body_rewrapped(&mut self, place: &Place, rewrap: &Rewrap, what: &str) {
        let message = match rewrap {
            Rewrap::Into(name) => format!("{what} moved into its new property `{name}`"),
            Rewrap::OutOf(name) => format!("{what} is now what its property `{name}` held"),
            Rewrap::Between(from, to) => {
                format!("{what}'s payload moved from property `{from}` to `{to}`")
            }
        };
        self.push_of(
            place,
            Scope::Body,
            (Keyword::Itself, Move::Rewrapped),
            message,
        );
    }
}
