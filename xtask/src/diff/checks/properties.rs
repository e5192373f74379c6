//! Properties: added, removed, required or optional, read- or write-only,
//! each as the side that sends it reads it (a request property the server
//! sets is not the client's to send; a response property only clients
//! write is not returned).
//!
//! Rules: `new-required-request-property`, `new-optional-request-property`,
//! `request-property-removed`, `request-property-became-required`,
//! `request-property-became-required-with-default`,
//! `request-property-became-optional`, `response-optional-property-added`,
//! `response-required-property-added`, `response-optional-property-removed`,
//! `response-required-property-removed`, `response-property-became-required`,
//! `response-property-became-optional`,
//! `new-required-request-property-with-default`,
//! `request-required-property-became-write-only`,
//! `request-required-property-became-not-write-only`,
//! `request-required-property-became-read-only`,
//! `request-required-property-became-not-read-only`,
//! `request-optional-property-became-write-only`,
//! `request-optional-property-became-not-write-only`,
//! `request-optional-property-became-read-only`,
//! `request-optional-property-became-not-read-only`,
//! `response-required-property-became-write-only`,
//! `response-required-property-became-not-write-only`,
//! `response-required-property-became-read-only`,
//! `response-required-property-became-not-read-only`,
//! `response-optional-property-became-write-only`,
//! `response-optional-property-became-not-write-only`,
//! `response-optional-property-became-read-only`,
//! `response-optional-property-became-not-read-only`,
//! `response-optional-write-only-property-removed`,
//! `response-required-write-only-property-removed`,
//! `response-optional-write-only-property-added`,
//! `response-required-write-only-property-added`,
//! `response-write-only-property-became-optional`,
//! `response-write-only-property-became-required`.

use serde_json::Value;

use crate::diff::facts::{is_true, optional_in_rust};
use crate::diff::place::Place;
use crate::diff::walk::rule_of;
use crate::diff::{Differ, Direction, Keyword, Level, Move, RuleId, Scope};
use crate::openapi;

impl Differ<'_> {
    /// A property only the new schema has (`ns`, unresolved).
    pub(in crate::diff) fn property_added(
        &mut self,
        here: &Place,
        prop: &str,
        ns: &Value,
        required: bool,
    ) {
        let request = here.direction == Direction::Request;
        let ns_r = openapi::resolve_deep(self.new, ns);
        let id = match (request, required) {
            // A property the server sets is not the client's to send.
            (true, _) if is_true(ns_r, "readOnly") => return,
            (true, true) if ns.get("default").is_some() => {
                RuleId::NewRequiredRequestPropertyWithDefault
            }
            (true, true) => RuleId::NewRequiredRequestProperty,
            (true, false) => RuleId::NewOptionalRequestProperty,
            (false, true) if is_true(ns_r, "writeOnly") => {
                RuleId::ResponseRequiredWriteOnlyPropertyAdded
            }
            (false, false) if is_true(ns_r, "writeOnly") => {
                RuleId::ResponseOptionalWriteOnlyPropertyAdded
            }
            (false, true) => RuleId::ResponseRequiredPropertyAdded,
            (false, false) => RuleId::ResponseOptionalPropertyAdded,
        };
        self.push(id, here, format!("property `{prop}` added"));
    }

    /// A property both schemas have (`os`, `ns` unresolved), required
    /// before and after as `(was, is)` say: its access, its deprecation,
    /// and whether it became required or optional.
    pub(in crate::diff) fn property_changed(
        &mut self,
        here: &Place,
        prop: &str,
        os: &Value,
        ns: &Value,
        (was, is): (bool, bool),
    ) {
        let request = here.direction == Direction::Request;
        let (os_r, ns_r) = (
            openapi::resolve_deep(self.old, os),
            openapi::resolve_deep(self.new, ns),
        );
        self.access(here, prop, was, os_r, ns_r);
        self.deprecation(
            here,
            Scope::Property,
            os_r,
            ns_r,
            &format!("property `{prop}`"),
        );
        if was == is || (request && is_true(ns_r, "readOnly")) {
            return;
        }
        let rust = if optional_in_rust(os_r, was) == optional_in_rust(ns_r, is) {
            Level::Info
        } else {
            Level::Breaking
        };
        // oasdiff reads writeOnly from one side or the other,
        // depending on depth: either will do here.
        let write_only = is_true(os_r, "writeOnly") || is_true(ns_r, "writeOnly");
        let scope = if !request && write_only {
            Scope::WriteOnlyProperty
        } else {
            Scope::Property
        };
        let (change, message) = match (is, request && ns_r.get("default").is_some()) {
            (true, true) => (
                Move::BecameRequiredWithDefault,
                format!("property `{prop}` became required"),
            ),
            (true, false) => (
                Move::BecameRequired,
                format!("property `{prop}` became required"),
            ),
            (false, _) => (
                Move::BecameOptional,
                format!("property `{prop}` became optional"),
            ),
        };
        let id = rule_of(here.direction, scope, (Keyword::Itself, change));
        self.push_rust(id, rust, here, message);
    }

    /// A property only the old schema has (`os`, unresolved).
    pub(in crate::diff) fn property_removed(
        &mut self,
        here: &Place,
        prop: &str,
        os: &Value,
        required: bool,
    ) {
        let request = here.direction == Direction::Request;
        let os_r = openapi::resolve_deep(self.old, os);
        let id = match (request, required) {
            (true, _) if is_true(os_r, "readOnly") => return,
            (true, _) => RuleId::RequestPropertyRemoved,
            (false, true) if is_true(os_r, "writeOnly") => {
                RuleId::ResponseRequiredWriteOnlyPropertyRemoved
            }
            (false, false) if is_true(os_r, "writeOnly") => {
                RuleId::ResponseOptionalWriteOnlyPropertyRemoved
            }
            (false, true) => RuleId::ResponseRequiredPropertyRemoved,
            (false, false) => RuleId::ResponseOptionalPropertyRemoved,
        };
        self.push(id, here, format!("property `{prop}` removed"));
    }
}

impl Differ<'_> {
    /// A property that became (or stopped being) `readOnly` or `writeOnly`,
    /// required or optional as it was before, as oasdiff's
    /// check_*_write_only_read_only.go report it.
    pub(in crate::diff) fn access(
        &mut self,
        here: &Place,
        prop: &str,
        was_required: bool,
        o: &Value,
        n: &Value,
    ) {
        let scope = if was_required {
            Scope::RequiredProperty
        } else {
            Scope::OptionalProperty
        };
        for (key, became, no_longer) in [
            ("writeOnly", Move::BecameWriteOnly, Move::BecameNotWriteOnly),
            ("readOnly", Move::BecameReadOnly, Move::BecameNotReadOnly),
        ] {
            let (from, to) = (is_true(o, key), is_true(n, key));
            if from == to {
                continue;
            }
            let (change, shown) = if to {
                (became, "")
            } else {
                (no_longer, "no longer ")
            };
            self.push_of(
                here,
                scope,
                (Keyword::Itself, change),
                format!("property `{prop}` is {shown}{key}"),
            );
        }
    }
}
