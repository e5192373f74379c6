//! The diff's rule table: every change it can report, with its level on the
//! wire and for Rust code compiled against the generated client.
//!
//! Wire ids and levels are oasdiff's (`checker/rules.go`, default config)
//! wherever oasdiff has a rule; the rules oasdiff lacks are marked
//! [`Origin::Ours`] and say why they exist. A test checks the table against
//! oasdiff's list (`../shared/reference/oasdiff-rules.json`), and
//! `docs/diff-rules.md` is rendered from it.

use serde::Serialize;

/// How much a change matters, through one lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing that worked stops working.
    Info,
    /// Something may stop working, depending on use.
    Warning,
    /// Something that worked stops working.
    Breaking,
}

impl Level {
    /// `info`, `warning` or `breaking`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

/// Where a rule's id and wire level come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// oasdiff has this id; the wire level is its level.
    Oasdiff,
    /// oasdiff has no such rule; the id and level are this crate's.
    Ours,
}

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The id, in kebab-case.
    pub id: &'static str,
    /// On the wire: would a request or response valid before stop being so?
    pub wire: Level,
    /// For code compiled against the generated client, when no finer
    /// judgement applies (see [`super::Change::rust`]).
    pub rust: Level,
    /// Whose id and wire level this is.
    pub origin: Origin,
    /// Why the Rust level is what it is, or why the rule is ours.
    pub why: &'static str,
}

use Level::{Breaking as B, Info as I, Warning as W};
use Origin::{Oasdiff as O, Ours};

const fn r(id: &'static str, wire: Level, rust: Level, origin: Origin, why: &'static str) -> Rule {
    Rule {
        id,
        wire,
        rust,
        origin,
        why,
    }
}

/// Every rule. The generated client: operations are `Client` methods named
/// by operationId, parameters builder methods, bodies structs with public
/// fields (`Option<T>` when not required or nullable), enums exhaustive.
pub const RULES: &[Rule] = &[
    // Operations.
    r("endpoint-added", I, I, O, "a new method"),
    r(
        "api-path-removed-without-deprecation",
        B,
        B,
        O,
        "the method is gone; a path moved under the same operationId is Rust info",
    ),
    r(
        "api-path-removed-with-deprecation",
        I,
        B,
        O,
        "the method is gone",
    ),
    r(
        "api-removed-without-deprecation",
        B,
        B,
        O,
        "the method is gone",
    ),
    r(
        "api-removed-with-deprecation",
        I,
        B,
        O,
        "the method is gone",
    ),
    r("endpoint-deprecated", I, I, O, "the method stays"),
    r("endpoint-reactivated", I, I, O, "the method stays"),
    r(
        "api-operation-id-removed",
        I,
        B,
        O,
        "the method is renamed (oasdiff reports a changed id as removed)",
    ),
    r(
        "api-operation-id-added",
        I,
        B,
        O,
        "the method was named from the route; now from the id",
    ),
    r(
        "request-path-param-renamed",
        I,
        B,
        Ours,
        "same URL on the wire; the builder method is renamed",
    ),
    // Parameters.
    r(
        "new-required-request-parameter",
        B,
        B,
        O,
        "calls without it fail when sent",
    ),
    r(
        "new-optional-request-parameter",
        I,
        I,
        O,
        "a new builder method",
    ),
    r(
        "request-parameter-removed",
        W,
        B,
        O,
        "the builder method is gone",
    ),
    r(
        "request-parameter-became-required",
        B,
        B,
        O,
        "calls without it fail when sent",
    ),
    r(
        "request-parameter-became-optional",
        I,
        I,
        O,
        "the same builder method",
    ),
    r(
        "request-parameter-type-changed",
        B,
        B,
        O,
        "the builder takes another type",
    ),
    r(
        "request-parameter-type-generalized",
        I,
        B,
        O,
        "the builder takes another type",
    ),
    r(
        "request-parameter-became-enum",
        B,
        B,
        O,
        "the builder takes an enum",
    ),
    r(
        "request-parameter-enum-value-added",
        I,
        B,
        O,
        "a new variant breaks exhaustive matches",
    ),
    r(
        "request-parameter-enum-value-removed",
        B,
        B,
        O,
        "a variant is gone",
    ),
    r(
        "request-parameter-max-length-set",
        W,
        I,
        O,
        "same code; longer values are refused when built",
    ),
    r(
        "request-parameter-max-length-decreased",
        B,
        I,
        O,
        "same code; longer values are refused when built",
    ),
    r(
        "request-parameter-max-length-increased",
        I,
        I,
        O,
        "same code",
    ),
    // Request bodies.
    r(
        "request-body-added-required",
        B,
        B,
        O,
        "the builder needs a body",
    ),
    r(
        "request-body-added-optional",
        I,
        W,
        O,
        "a new builder method",
    ),
    r(
        "request-body-removed",
        B,
        B,
        O,
        "the builder's body method is gone",
    ),
    r(
        "request-body-became-required",
        B,
        I,
        O,
        "progenitor generates the same code",
    ),
    r(
        "request-body-became-optional",
        I,
        I,
        O,
        "progenitor generates the same code",
    ),
    r(
        "request-body-media-type-added",
        I,
        I,
        O,
        "the JSON body stays",
    ),
    r(
        "request-body-media-type-removed",
        B,
        B,
        O,
        "the body type changes",
    ),
    r(
        "request-body-type-changed",
        B,
        B,
        O,
        "the body type changes",
    ),
    r(
        "request-body-type-generalized",
        I,
        B,
        O,
        "the body type changes",
    ),
    r("request-body-max-length-set", W, I, O, "same code"),
    r("request-body-max-length-decreased", B, I, O, "same code"),
    r("request-body-max-length-increased", I, I, O, "same code"),
    // Request properties.
    r(
        "new-required-request-property",
        B,
        B,
        O,
        "struct literals and builders must set it",
    ),
    r(
        "new-optional-request-property",
        I,
        W,
        O,
        "a new public field: struct literals must name it",
    ),
    r("request-property-removed", W, B, O, "the field is gone"),
    r(
        "request-property-became-required",
        B,
        B,
        O,
        "`Option<T>` becomes `T`, unless nullable",
    ),
    r(
        "request-property-became-optional",
        I,
        B,
        O,
        "`T` becomes `Option<T>`, unless nullable",
    ),
    r(
        "request-property-type-changed",
        B,
        B,
        O,
        "the field's type changes",
    ),
    r(
        "request-property-type-generalized",
        I,
        B,
        O,
        "the field's type changes",
    ),
    r(
        "request-property-became-nullable",
        I,
        B,
        O,
        "`T` becomes `Option<T>`; an optional field is already one",
    ),
    r(
        "request-property-became-not-nullable",
        B,
        B,
        O,
        "`Option<T>` becomes `T`; an optional field stays one",
    ),
    r(
        "request-property-became-enum",
        B,
        B,
        O,
        "a string field becomes an enum",
    ),
    r(
        "request-property-enum-value-added",
        I,
        B,
        O,
        "a new variant breaks exhaustive matches",
    ),
    r(
        "request-property-enum-value-removed",
        B,
        B,
        O,
        "a variant is gone",
    ),
    r(
        "request-property-max-length-set",
        W,
        I,
        O,
        "same code; longer values are refused when built",
    ),
    r(
        "request-property-max-length-decreased",
        B,
        I,
        O,
        "same code; longer values are refused when built",
    ),
    r(
        "request-property-max-length-increased",
        I,
        I,
        O,
        "same code",
    ),
    // Responses.
    r(
        "response-success-status-added",
        I,
        I,
        O,
        "answers decode into the same type",
    ),
    r(
        "response-success-status-removed",
        B,
        B,
        O,
        "the answer type may change",
    ),
    r(
        "response-non-success-status-added",
        I,
        I,
        O,
        "errors decode into the operation's error type",
    ),
    r(
        "response-non-success-status-removed",
        I,
        I,
        O,
        "errors decode into the operation's error type",
    ),
    r(
        "response-media-type-added",
        I,
        I,
        O,
        "the JSON answer stays",
    ),
    r(
        "response-media-type-removed",
        B,
        B,
        O,
        "the answer type changes",
    ),
    r(
        "response-media-type-name-changed",
        I,
        B,
        O,
        "the answer type may change",
    ),
    r(
        "response-media-type-name-generalized",
        B,
        B,
        O,
        "the answer type may change",
    ),
    r(
        "response-media-type-name-specialized",
        I,
        B,
        O,
        "the answer type may change",
    ),
    r(
        "required-response-header-removed",
        B,
        I,
        O,
        "headers are read from `ResponseValue::headers`, untyped",
    ),
    r(
        "optional-response-header-removed",
        W,
        I,
        O,
        "headers are read from `ResponseValue::headers`, untyped",
    ),
    // Response properties.
    r(
        "response-optional-property-added",
        I,
        W,
        O,
        "a new public field breaks only code that builds these structs",
    ),
    r(
        "response-required-property-added",
        I,
        W,
        O,
        "a new public field breaks only code that builds these structs",
    ),
    r(
        "response-optional-property-removed",
        W,
        B,
        O,
        "the field is gone",
    ),
    r(
        "response-required-property-removed",
        B,
        B,
        O,
        "the field is gone",
    ),
    r(
        "response-property-became-required",
        I,
        B,
        O,
        "`Option<T>` becomes `T`, unless nullable",
    ),
    r(
        "response-property-became-optional",
        B,
        B,
        O,
        "`T` becomes `Option<T>`, unless nullable",
    ),
    r(
        "response-body-type-changed",
        B,
        B,
        O,
        "the answer's type changes",
    ),
    r(
        "response-body-type-specialized",
        I,
        B,
        O,
        "the answer's type changes",
    ),
    r("response-body-max-length-increased", B, I, O, "same code"),
    r("response-body-max-length-unset", B, I, O, "same code"),
    r(
        "response-property-type-changed",
        B,
        B,
        O,
        "the field's type changes",
    ),
    r(
        "response-property-type-specialized",
        I,
        B,
        O,
        "the field's type changes",
    ),
    r(
        "response-property-became-nullable",
        B,
        B,
        O,
        "`T` becomes `Option<T>`; an optional field is already one",
    ),
    r(
        "response-property-became-not-nullable",
        I,
        B,
        O,
        "`Option<T>` becomes `T`; an optional field stays one",
    ),
    r(
        "response-property-became-enum",
        I,
        B,
        Ours,
        "oasdiff has no rule; the answer narrows, but the field's type becomes an enum",
    ),
    r(
        "response-property-enum-value-added",
        W,
        B,
        O,
        "a new variant breaks exhaustive matches",
    ),
    r(
        "response-property-enum-value-removed",
        I,
        B,
        O,
        "a variant is gone",
    ),
    r(
        "response-property-max-length-increased",
        B,
        I,
        O,
        "same code",
    ),
    r("response-property-max-length-unset", B, I, O, "same code"),
    // Numeric and length limits (maximum, minimum, minLength): the same
    // code; values out of range are refused by the server.
    r("request-parameter-max-set", W, I, O, "same code"),
    r("request-parameter-max-decreased", B, I, O, "same code"),
    r("request-parameter-max-increased", I, I, O, "same code"),
    r("request-parameter-min-set", W, I, O, "same code"),
    r("request-parameter-min-increased", B, I, O, "same code"),
    r("request-parameter-min-decreased", I, I, O, "same code"),
    r(
        "request-parameter-min-length-increased",
        B,
        I,
        O,
        "same code",
    ),
    r(
        "request-parameter-min-length-decreased",
        I,
        I,
        O,
        "same code",
    ),
    r("request-body-max-set", W, I, O, "same code"),
    r("request-body-max-decreased", B, I, O, "same code"),
    r("request-body-max-increased", I, I, O, "same code"),
    r("request-body-min-set", W, I, O, "same code"),
    r("request-body-min-increased", B, I, O, "same code"),
    r("request-body-min-decreased", I, I, O, "same code"),
    r("request-body-min-length-increased", B, I, O, "same code"),
    r("request-body-min-length-decreased", I, I, O, "same code"),
    r("request-property-max-set", W, I, O, "same code"),
    r("request-property-max-decreased", B, I, O, "same code"),
    r("request-property-max-increased", I, I, O, "same code"),
    r("request-property-min-set", W, I, O, "same code"),
    r("request-property-min-increased", B, I, O, "same code"),
    r("request-property-min-decreased", I, I, O, "same code"),
    r(
        "request-property-min-length-increased",
        B,
        I,
        O,
        "same code",
    ),
    r(
        "request-property-min-length-decreased",
        I,
        I,
        O,
        "same code",
    ),
    r("response-body-max-increased", B, I, O, "same code"),
    r("response-body-min-decreased", B, I, O, "same code"),
    r("response-body-min-length-decreased", B, I, O, "same code"),
    r("response-property-max-increased", B, I, O, "same code"),
    r("response-property-min-decreased", B, I, O, "same code"),
    r(
        "response-property-min-length-decreased",
        B,
        I,
        O,
        "same code",
    ),
    // Patterns: the same code; values that do not match are refused.
    r("request-parameter-pattern-added", B, I, O, "same code"),
    r("request-parameter-pattern-removed", I, I, O, "same code"),
    r("request-parameter-pattern-changed", W, I, O, "same code"),
    r(
        "request-parameter-pattern-generalized",
        I,
        I,
        O,
        "same code",
    ),
    r("request-property-pattern-added", B, I, O, "same code"),
    r("request-property-pattern-removed", I, I, O, "same code"),
    r("request-property-pattern-changed", W, I, O, "same code"),
    r("request-property-pattern-generalized", I, I, O, "same code"),
    r("response-property-pattern-added", I, I, O, "same code"),
    r("response-property-pattern-changed", I, I, O, "same code"),
    r("response-property-pattern-removed", I, I, O, "same code"),
    // Default values: the same code.
    r(
        "request-parameter-default-value-added",
        B,
        I,
        O,
        "the server assumes another value when none is sent",
    ),
    r(
        "request-parameter-default-value-removed",
        B,
        I,
        O,
        "the server assumes another value when none is sent",
    ),
    r(
        "request-parameter-default-value-changed",
        B,
        I,
        O,
        "the server assumes another value when none is sent",
    ),
    r("request-body-default-value-added", I, I, O, "same code"),
    r("request-body-default-value-removed", I, I, O, "same code"),
    r("request-body-default-value-changed", I, I, O, "same code"),
    r("request-property-default-value-added", I, I, O, "same code"),
    r(
        "request-property-default-value-removed",
        I,
        I,
        O,
        "same code",
    ),
    r(
        "request-property-default-value-changed",
        I,
        I,
        O,
        "same code",
    ),
    r("response-body-default-value-added", I, I, O, "same code"),
    r("response-body-default-value-removed", I, I, O, "same code"),
    r("response-body-default-value-changed", I, I, O, "same code"),
    r(
        "response-property-default-value-added",
        I,
        I,
        O,
        "same code",
    ),
    r(
        "response-property-default-value-removed",
        I,
        I,
        O,
        "same code",
    ),
    r(
        "response-property-default-value-changed",
        I,
        I,
        O,
        "same code",
    ),
    // Security.
    r(
        "api-security-added",
        I,
        I,
        O,
        "a new alternative relaxes access; no code changes",
    ),
    r("api-security-removed", I, I, O, "no code changes"),
    r(
        "api-security-scope-added",
        I,
        I,
        O,
        "no code changes; the token must carry the scope",
    ),
    r("api-security-scope-removed", I, I, O, "no code changes"),
    r("api-global-security-added", I, I, O, "no code changes"),
    r("api-global-security-removed", I, I, O, "no code changes"),
    r(
        "api-global-security-scope-added",
        I,
        I,
        O,
        "no code changes",
    ),
    r(
        "api-global-security-scope-removed",
        I,
        I,
        O,
        "no code changes",
    ),
    // Servers: oasdiff compares none.
    r(
        "api-server-added",
        I,
        I,
        Ours,
        "oasdiff has no rule; the old servers still answer",
    ),
    r(
        "api-server-removed",
        B,
        I,
        Ours,
        "oasdiff has no rule; callers of that server fail; the code is the same",
    ),
    // Component schemas.
    r(
        "api-schema-removed",
        I,
        B,
        O,
        "the Rust type is gone or renamed (a rename is reported as one row)",
    ),
    // Composition: allOf, oneOf and anyOf (oasdiff's *-of-updated checks).
    r(
        "request-body-all-of-added",
        B,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "request-body-all-of-removed",
        W,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "request-body-all-of-added-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "request-body-all-of-removed-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "request-body-one-of-added",
        I,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "request-body-one-of-removed",
        B,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "request-body-any-of-added",
        I,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "request-body-any-of-removed",
        B,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "request-property-all-of-added",
        B,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "request-property-all-of-removed",
        W,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "request-property-all-of-added-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "request-property-all-of-removed-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "request-property-one-of-added",
        I,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "request-property-one-of-removed",
        B,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "request-property-any-of-added",
        I,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "request-property-any-of-removed",
        B,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "response-body-all-of-added",
        I,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "response-body-all-of-removed",
        I,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "response-body-all-of-added-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "response-body-all-of-removed-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "response-body-one-of-added",
        B,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "response-body-one-of-removed",
        I,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "response-body-any-of-added",
        I,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "response-body-any-of-removed",
        I,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "response-property-all-of-added",
        I,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "response-property-all-of-removed",
        I,
        B,
        O,
        "typify merges allOf into one struct: a member added or removed adds or removes its fields",
    ),
    r(
        "response-property-all-of-added-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "response-property-all-of-removed-annotation-only",
        I,
        I,
        O,
        "a member that only annotates changes the docs, not the type",
    ),
    r(
        "response-property-one-of-added",
        B,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "response-property-one-of-removed",
        I,
        B,
        O,
        "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors",
    ),
    r(
        "response-property-any-of-added",
        I,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "response-property-any-of-removed",
        I,
        B,
        O,
        "an anyOf is a struct of optional flattened members: one added or removed changes its fields",
    ),
    r(
        "request-body-wrapped-in-one-of",
        B,
        B,
        O,
        "the body's struct becomes an enum of its alternatives",
    ),
    r(
        "response-body-wrapped-in-one-of",
        B,
        B,
        O,
        "the body's struct becomes an enum of its alternatives",
    ),
    r(
        "request-body-one-of-became-any-of",
        I,
        B,
        Ours,
        "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members",
    ),
    r(
        "request-body-any-of-became-one-of",
        B,
        B,
        Ours,
        "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum",
    ),
    r(
        "request-property-one-of-became-any-of",
        I,
        B,
        Ours,
        "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members",
    ),
    r(
        "request-property-any-of-became-one-of",
        B,
        B,
        Ours,
        "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum",
    ),
    r(
        "response-body-one-of-became-any-of",
        B,
        B,
        Ours,
        "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members",
    ),
    r(
        "response-body-any-of-became-one-of",
        I,
        B,
        Ours,
        "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum",
    ),
    r(
        "response-property-one-of-became-any-of",
        B,
        B,
        Ours,
        "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members",
    ),
    r(
        "response-property-any-of-became-one-of",
        I,
        B,
        Ours,
        "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum",
    ),
    // contains, minContains, maxContains; dependentRequired (JSON Schema 2019-09 keywords).
    r(
        "request-body-contains-added",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-body-contains-removed",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-body-min-contains-increased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-body-min-contains-decreased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-body-max-contains-increased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-body-max-contains-decreased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-body-dependent-required-added",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "request-body-dependent-required-removed",
        I,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "request-body-dependent-required-changed",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "request-property-contains-added",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-property-contains-removed",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-property-min-contains-increased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-property-min-contains-decreased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-property-max-contains-increased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-property-max-contains-decreased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "request-property-dependent-required-added",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "request-property-dependent-required-removed",
        I,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "request-property-dependent-required-changed",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "response-body-contains-added",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-body-contains-removed",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-body-min-contains-increased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-body-min-contains-decreased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-body-max-contains-increased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-body-max-contains-decreased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-body-dependent-required-added",
        I,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "response-body-dependent-required-removed",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "response-body-dependent-required-changed",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "response-property-contains-added",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-property-contains-removed",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-property-min-contains-increased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-property-min-contains-decreased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-property-max-contains-increased",
        B,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-property-max-contains-decreased",
        I,
        I,
        O,
        "the generated types ignore `contains`: no code changes",
    ),
    r(
        "response-property-dependent-required-added",
        I,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "response-property-dependent-required-removed",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    r(
        "response-property-dependent-required-changed",
        B,
        I,
        O,
        "the generated types ignore `dependentRequired`: no code changes",
    ),
    // minItems, const, unevaluatedItems and unevaluatedProperties.
    r(
        "request-body-min-items-increased",
        B,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "request-body-min-items-set",
        W,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "response-body-min-items-decreased",
        B,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "response-body-min-items-unset",
        B,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "request-property-min-items-increased",
        B,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "request-property-min-items-set",
        W,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "response-property-min-items-decreased",
        B,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "response-property-min-items-unset",
        B,
        I,
        O,
        "the generated types do not check `minItems`: no code changes",
    ),
    r(
        "request-body-const-added",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "request-body-const-removed",
        I,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "request-body-const-changed",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "request-body-unevaluated-items-added",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-body-unevaluated-items-removed",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-body-unevaluated-properties-added",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-body-unevaluated-properties-removed",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-property-const-added",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "request-property-const-removed",
        I,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "request-property-const-changed",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "request-property-unevaluated-items-added",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-property-unevaluated-items-removed",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-property-unevaluated-properties-added",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "request-property-unevaluated-properties-removed",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-body-const-added",
        I,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "response-body-const-removed",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "response-body-const-changed",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "response-body-unevaluated-items-added",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-body-unevaluated-items-removed",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-body-unevaluated-properties-added",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-body-unevaluated-properties-removed",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-property-const-added",
        I,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "response-property-const-removed",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "response-property-const-changed",
        B,
        B,
        O,
        "typify may make a `const` a one-value type: counted as a change of type",
    ),
    r(
        "response-property-unevaluated-items-added",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-property-unevaluated-items-removed",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-property-unevaluated-properties-added",
        I,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    r(
        "response-property-unevaluated-properties-removed",
        B,
        I,
        O,
        "the generated types ignore it: no code changes",
    ),
    // Security schemes, webhooks, a required property with a default.
    r(
        "api-security-component-added",
        I,
        I,
        O,
        "the client authenticates by its own OAuth2 scheme: no code changes",
    ),
    r(
        "api-security-component-removed",
        I,
        I,
        O,
        "the client authenticates by its own OAuth2 scheme: no code changes",
    ),
    r(
        "webhook-added",
        I,
        I,
        O,
        "progenitor generates no code for webhooks",
    ),
    r(
        "webhook-removed",
        B,
        I,
        O,
        "progenitor generates no code for webhooks",
    ),
    r(
        "new-required-request-property-with-default",
        B,
        B,
        O,
        "struct literals and builders must set it (the default is the server's, not the type's)",
    ),
    r(
        "api-schema-added",
        I,
        I,
        Ours,
        "oasdiff has no rule; a new Rust type",
    ),
    r(
        "schema-type-name-changed",
        I,
        B,
        Ours,
        "oasdiff has no rule; the same shape under another name (hoisted into or out of components) renames the Rust type",
    ),
];

/// The rule with this id. Every id the diff pushes is in [`RULES`]; a test
/// checks each reachable one.
pub fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|rule| rule.id == id)
        .unwrap_or_else(|| panic!("rule {id} is in RULES"))
}

/// The rule table as Markdown, for `docs/diff-rules.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# The diff's rules\n\n\
         Generated from `xtask/src/diff/rules.rs` by `cargo xtask rules` (a test\n\
         and `.ci/run`'s `cargo xtask rules --check` keep this file in step).\n\
         **Origin** says whose id and wire level a rule has: `oasdiff` (its id and\n\
         level, from `checker/rules.go`) or `ours` (oasdiff has no such rule).\n\
         **Rust** is the level for code compiled against the generated client.\n\n\
         | Rule | Origin | Wire | Rust | Why |\n|---|---|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.id,
            match rule.origin {
                Origin::Oasdiff => "oasdiff",
                Origin::Ours => "ours",
            },
            rule.wire.label(),
            rule.rust.label(),
            rule.why.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_distinct() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn the_docs_table_is_rendered_from_the_rules() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/diff-rules.md");
        let freshness =
            crate::files::ensure_fresh(path.as_ref(), &markdown(), "cargo xtask rules", true)
                .unwrap();
        if let crate::files::Freshness::Stale { diff, message } = freshness {
            panic!("{message}\n{diff}");
        }
    }
}
