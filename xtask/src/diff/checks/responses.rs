//! Responses: success and other statuses added or removed, their media
//! types, their headers (added, removed, required or not, and their schemas
//! read as text).
//!
//! Rules: `response-success-status-added`, `response-success-status-removed`,
//! `response-non-success-status-added`,
//! `response-non-success-status-removed`, `response-media-type-added`,
//! `response-media-type-removed`, `response-media-type-name-changed`,
//! `response-media-type-name-generalized`,
//! `response-media-type-name-specialized`,
//! `required-response-header-removed`, `optional-response-header-removed`,
//! `response-header-added`, `response-header-became-optional`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diff::facts::{is_true, nullable};
use crate::diff::pairing::{content, media_contains, media_pairs};
use crate::diff::place::Place;
use crate::diff::{Differ, Direction, RuleId, Scope};
use crate::openapi;

impl Differ<'_> {
    /// The responses; `method` is the builder method that answers them.
    pub(in crate::diff) fn responses(
        &mut self,
        place: &Place,
        method: &str,
        old: &Value,
        new: &Value,
    ) {
        let all = |doc: &Value, op: &Value| -> BTreeMap<String, Value> {
            op.get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(status, r)| (status.clone(), openapi::resolve_deep(doc, r).clone()))
                .collect()
        };
        let (old_r, new_r) = (all(self.old, old), all(self.new, new));
        let success = |s: &str| s.starts_with('2');
        let mut here = place.clone();
        here.anchor = format!("{} responses", place.anchor);
        here.item = Some(method.to_string());
        for status in old_r.keys().filter(|s| !new_r.contains_key(*s)) {
            let id = if success(status) {
                RuleId::ResponseSuccessStatusRemoved
            } else {
                RuleId::ResponseNonSuccessStatusRemoved
            };
            self.push(id, &here, format!("status {status} removed"));
        }
        for status in new_r.keys().filter(|s| !old_r.contains_key(*s)) {
            let id = if success(status) {
                RuleId::ResponseSuccessStatusAdded
            } else {
                RuleId::ResponseNonSuccessStatusAdded
            };
            self.push(id, &here, format!("status {status} added"));
        }
        for (status, o) in &old_r {
            let Some(n) = new_r.get(status) else { continue };
            let mut walk = place.clone();
            walk.anchor = format!("{} {status} response", place.anchor);
            walk.direction = Direction::Response;
            if !success(status) {
                walk.rust_type = None;
            }
            let mut here = walk.clone();
            here.item = Some(method.to_string());
            let headers = |r: &Value| {
                r.get("headers")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default()
            };
            let (oh, nh) = (headers(o), headers(n));
            for (header, h) in oh
                .iter()
                .filter(|(k, _)| !nh.keys().any(|n| n.eq_ignore_ascii_case(k)))
            {
                let h = openapi::resolve_deep(self.old, h);
                let id = if is_true(h, "required") {
                    RuleId::RequiredResponseHeaderRemoved
                } else {
                    RuleId::OptionalResponseHeaderRemoved
                };
                self.push(id, &here, format!("header `{header}` removed"));
            }
            for header in nh
                .keys()
                .filter(|k| !oh.keys().any(|o| o.eq_ignore_ascii_case(k)))
            {
                self.push(
                    RuleId::ResponseHeaderAdded,
                    &here,
                    format!("header `{header}` added"),
                );
            }
            for (header, h) in &oh {
                let Some((_, nh_value)) = nh.iter().find(|(k, _)| k.eq_ignore_ascii_case(header))
                else {
                    continue;
                };
                let (h, n_h) = (
                    openapi::resolve_deep(self.old, h),
                    openapi::resolve_deep(self.new, nh_value),
                );
                self.response_header(&here, header, h, n_h);
            }
            let (oc, nc) = (content(o), content(n));
            let (pairs, removed, added) = media_pairs(oc, nc);
            for m in removed {
                self.push(
                    RuleId::ResponseMediaTypeRemoved,
                    &here,
                    format!("media type `{m}` removed"),
                );
            }
            for m in added {
                self.push(
                    RuleId::ResponseMediaTypeAdded,
                    &here,
                    format!("media type `{m}` added"),
                );
            }
            for (om, nm) in pairs {
                if om != nm {
                    let strip = |m: &str| m.split(';').next().unwrap_or(m).trim().to_string();
                    let id = if strip(&om) != strip(&nm) && strip(&om) == om && strip(&nm) == nm {
                        if media_contains(&om, &nm) {
                            RuleId::ResponseMediaTypeNameSpecialized
                        } else {
                            RuleId::ResponseMediaTypeNameGeneralized
                        }
                    } else {
                        RuleId::ResponseMediaTypeNameChanged
                    };
                    self.push(id, &here, format!("media type `{om}` became `{nm}`"));
                }
                self.media_type_schema(&here, &walk, false, (&oc[&om], &nc[&nm]), &nm);
            }
        }
    }

    /// A response header on both sides, as oasdiff's
    /// check_response_header_*.go judge it: became optional, became
    /// (not) nullable, and its schema's type or format, read as text (a
    /// header is loosely typed on the wire).
    pub(in crate::diff) fn response_header(
        &mut self,
        here: &Place,
        header: &str,
        o: &Value,
        n: &Value,
    ) {
        if is_true(o, "required") && !is_true(n, "required") {
            self.push(
                RuleId::ResponseHeaderBecameOptional,
                here,
                format!("header `{header}` became optional"),
            );
        }
        let schema = |h: &Value, doc: &Value| {
            h.get("schema")
                .map(|s| openapi::resolve_deep(doc, s).clone())
                .unwrap_or(Value::Null)
        };
        let (os, ns) = (schema(o, self.old), schema(n, self.new));
        if os.is_null() || ns.is_null() {
            return;
        }
        let shown = format!("header `{header}`");
        self.nullability(here, Scope::Header, nullable(&os), nullable(&ns), &shown);
        let place = Place {
            loose: true,
            ..here.clone()
        };
        self.type_and_format(
            &place,
            Scope::Header,
            &os,
            &ns,
            &format!("header `{header}`"),
        );
    }
}
