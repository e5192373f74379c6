//! The diff's rule table: every change it can report, with its level on the
//! wire and for Rust code compiled against the generated client.
//!
//! Wire ids and levels are oasdiff's (`checker/rules.go`, default config)
//! wherever oasdiff has a rule; the rules oasdiff lacks are marked
//! [`Origin::Ours`] and say why they exist. A test checks the table against
//! oasdiff's list (`../shared/reference/oasdiff-rules.json`), and
//! `docs/diff-rules.md` is rendered from it.

mod parts;

pub use parts::{Keyword, Move};

use serde::Serialize;

use super::Direction;

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

/// Where a rule's id and wire level come from (in the JSON output,
/// `oasdiff` or `ours`, so that a script can keep oasdiff's alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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
    /// The typed id: this row is `RULES[key as usize]`.
    pub key: RuleId,
    /// On the wire: would a request or response valid before stop being so?
    pub wire: Level,
    /// For code compiled against the generated client, when no finer
    /// judgement applies (see [`super::Change::rust`]).
    pub rust: Level,
    /// Whose id and wire level this is.
    pub origin: Origin,
    /// The check file that emits it.
    pub family: Family,
    /// Why the Rust level is what it is, or why the rule is ours.
    pub why: &'static str,
}

use Level::{Breaking as B, Info as I, Warning as W};
use Origin::{Oasdiff as O, Ours};

words! {
/// The check file of the diff that emits a rule, as the rule table names
/// it: `xtask/src/diff/checks/{file}.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Servers, component schemas, webhooks, the spec's version.
    Document = "document",
    /// Operations and paths: added, removed, renamed, tagged.
    Endpoints = "endpoints",
    /// Deprecation, sunset dates and stability levels.
    Lifecycle = "lifecycle",
    /// Security requirements and security schemes.
    Security = "security",
    /// Parameters: added, removed, required, their items and properties.
    Parameters = "parameters",
    /// Request bodies and their media types.
    Bodies = "bodies",
    /// Response statuses, media types and headers.
    Responses = "responses",
    /// Properties added, removed, required, read- or write-only.
    Properties = "properties",
    /// Types, formats, nullability and lists of types.
    Types = "types",
    /// Enums, defaults, patterns and constants.
    Values = "values",
    /// Numeric, length and count limits.
    Bounds = "bounds",
    /// allOf, oneOf, anyOf and discriminators.
    Composition = "composition",
    /// JSON Schema 2019-09 and 2020-12 applicators and keywords.
    Applicators = "applicators",
}
fn file;
}

/// One line per rule into [`RuleId`] (a variant per rule, named as its id
/// in PascalCase) and [`RULES`] (the rows in the same order, so that a
/// [`RuleId`] indexes its row).
macro_rules! rules {
    ($( $(#[$section:meta])* $variant:ident = $id:literal, $wire:ident, $rust:ident, $origin:ident, $family:ident, $why:literal; )*) => {
        /// A rule of the diff, by name: a misspelt rule does not compile.
        /// [`RuleId::rule`] is its row of [`RULES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $( #[doc = $id] $variant, )*
        }

        /// Every rule, one row per [`RuleId`] in its order. The generated
        /// client: operations are `Client` methods named by operationId,
        /// parameters builder methods, bodies structs with public fields
        /// (`Option<T>` when not required or nullable), enums exhaustive.
        pub const RULES: &[Rule] = &[
            $( Rule {
                id: $id,
                key: RuleId::$variant,
                wire: $wire,
                rust: $rust,
                origin: $origin,
                family: Family::$family,
                why: $why,
            }, )*
        ];

        impl RuleId {
            /// The rule whose kebab-case id is `id`, if there is one.
            pub fn from_id(id: &str) -> Option<RuleId> {
                match id {
                    $( $id => Some(RuleId::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

// One row per rule: variant = "id", wire, Rust, origin, family, why.
// Grouped by family, each under the file that emits its rules.
#[rustfmt::skip]
rules! {
    // Document: checks/document.rs.
    ApiServerAdded = "api-server-added", I, I, Ours, Document, "oasdiff has no rule; the old servers still answer";
    ApiServerRemoved = "api-server-removed", I, W, Ours, Document, "oasdiff has no rule: a server list says where the API is served, and a move (`/v50` to `/v51`) is a deployment, not a change of any request or answer; the client's DEFAULT_BASE_URL follows it, so a service on the default calls the new server";
    ApiSchemaRemoved = "api-schema-removed", I, B, O, Document, "the Rust type is gone or renamed (a rename is reported as one row)";
    WebhookAdded = "webhook-added", I, I, O, Document, "progenitor generates no code for webhooks";
    WebhookRemoved = "webhook-removed", B, I, O, Document, "progenitor generates no code for webhooks";
    ApiSchemaAdded = "api-schema-added", I, I, Ours, Document, "oasdiff has no rule; a new Rust type";
    ApiVersionNotBumped = "api-version-not-bumped", I, I, O, Document, "the spec's version is not the crate's: no code changes";
    ApiVersionDecreased = "api-version-decreased", I, I, O, Document, "the spec's version is not the crate's: no code changes";
    ApiMajorVersionNotBumped = "api-major-version-not-bumped", I, I, O, Document, "the spec's version is not the crate's: no code changes";
    // Endpoints: checks/endpoints.rs.
    EndpointAdded = "endpoint-added", I, I, O, Endpoints, "a new method";
    ApiPathRemovedWithoutDeprecation = "api-path-removed-without-deprecation", B, B, O, Endpoints, "the method is gone; a path moved under the same operationId is Rust info";
    ApiRemovedWithoutDeprecation = "api-removed-without-deprecation", B, B, O, Endpoints, "the method is gone";
    ApiOperationIdRemoved = "api-operation-id-removed", I, B, O, Endpoints, "the method is renamed (oasdiff reports a changed id as removed)";
    ApiOperationIdAdded = "api-operation-id-added", I, B, O, Endpoints, "the method was named from the route; now from the id";
    RequestPathParamRenamed = "request-path-param-renamed", I, B, Ours, Endpoints, "same URL on the wire; the builder method is renamed";
    ApiTagAdded = "api-tag-added", I, I, O, Endpoints, "progenitor merges tags (`TagStyle::Merged`, its default): no code changes";
    ApiTagRemoved = "api-tag-removed", I, I, O, Endpoints, "progenitor merges tags (`TagStyle::Merged`, its default): no code changes";
    ApiRemovedBeforeSunset = "api-removed-before-sunset", B, B, O, Endpoints, "the method is gone";
    ApiPathRemovedWithDeprecation = "api-path-removed-with-deprecation", I, B, O, Endpoints, "the method is gone";
    ApiRemovedWithDeprecation = "api-removed-with-deprecation", I, B, O, Endpoints, "the method is gone";
    ApiPathRemovedBeforeSunset = "api-path-removed-before-sunset", B, B, O, Endpoints, "the method is gone";
    ApiPathSunsetParse = "api-path-sunset-parse", B, B, O, Endpoints, "the method is gone; a changed sunset that cannot be read, on an operation that stays, is Rust info";
    // Lifecycle: checks/lifecycle.rs.
    EndpointDeprecated = "endpoint-deprecated", I, I, O, Lifecycle, "the method stays";
    EndpointReactivated = "endpoint-reactivated", I, I, O, Lifecycle, "the method stays";
    ApiDeprecatedSunsetParse = "api-deprecated-sunset-parse", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ApiSunsetDateTooSmall = "api-sunset-date-too-small", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    EndpointDeprecatedWithSunset = "endpoint-deprecated-with-sunset", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ApiStabilityDecreased = "api-stability-decreased", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ApiStabilityIncreased = "api-stability-increased", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ApiInvalidStabilityLevel = "api-invalid-stability-level", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterDeprecated = "request-parameter-deprecated", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterReactivated = "request-parameter-reactivated", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterSunsetParse = "request-parameter-sunset-parse", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterSunsetDateTooSmall = "request-parameter-sunset-date-too-small", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertyDeprecated = "request-property-deprecated", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertyReactivated = "request-property-reactivated", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertyDeprecatedSunsetInvalid = "request-property-deprecated-sunset-invalid", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertySunsetDateTooSmall = "request-property-sunset-date-too-small", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertyDeprecatedWithSunset = "request-property-deprecated-with-sunset", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertyDeprecated = "response-property-deprecated", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertyReactivated = "response-property-reactivated", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertyDeprecatedSunsetInvalid = "response-property-deprecated-sunset-invalid", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertySunsetDateTooSmall = "response-property-sunset-date-too-small", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertyDeprecatedWithSunset = "response-property-deprecated-with-sunset", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    SunsetDeleted = "sunset-deleted", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ApiSunsetDateChangedTooSmall = "api-sunset-date-changed-too-small", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterSunsetDeleted = "request-parameter-sunset-deleted", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterSunsetDateChangedTooSmall = "request-parameter-sunset-date-changed-too-small", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertyStabilityDecreased = "request-property-stability-decreased", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestPropertyStabilityIncreased = "request-property-stability-increased", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertyStabilityDecreased = "response-property-stability-decreased", B, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    ResponsePropertyStabilityIncreased = "response-property-stability-increased", I, I, O, Lifecycle, "deprecation and stability are documentation to the generated code: no code changes";
    RequestParameterRemoved = "request-parameter-removed", W, B, O, Lifecycle, "the builder method is gone";
    RequestParameterRemovedWithDeprecation = "request-parameter-removed-with-deprecation", I, B, O, Lifecycle, "the builder method is gone";
    RequestParameterRemovedBeforeSunset = "request-parameter-removed-before-sunset", B, B, O, Lifecycle, "the builder method is gone";
    // Security: checks/security.rs.
    ApiSecurityAdded = "api-security-added", I, I, O, Security, "a new alternative relaxes access; no code changes";
    ApiSecurityRemoved = "api-security-removed", I, I, O, Security, "no code changes";
    ApiSecurityScopeAdded = "api-security-scope-added", I, I, O, Security, "no code changes; the token must carry the scope";
    ApiSecurityScopeRemoved = "api-security-scope-removed", I, I, O, Security, "no code changes";
    ApiGlobalSecurityAdded = "api-global-security-added", I, I, O, Security, "no code changes";
    ApiGlobalSecurityRemoved = "api-global-security-removed", I, I, O, Security, "no code changes";
    ApiGlobalSecurityScopeAdded = "api-global-security-scope-added", I, I, O, Security, "no code changes";
    ApiGlobalSecurityScopeRemoved = "api-global-security-scope-removed", I, I, O, Security, "no code changes";
    ApiSecurityComponentAdded = "api-security-component-added", I, I, O, Security, "the client authenticates by its own OAuth2 scheme: no code changes";
    ApiSecurityComponentRemoved = "api-security-component-removed", I, I, O, Security, "the client authenticates by its own OAuth2 scheme: no code changes";
    ApiSecurityComponentTypeChanged = "api-security-component-type-changed", I, I, O, Security, "the generated client does not read security schemes: no code changes";
    ApiSecurityComponentOauthUrlChanged = "api-security-component-oauth-url-changed", I, I, O, Security, "the generated client does not read security schemes: no code changes";
    ApiSecurityComponentOauthTokenUrlChanged = "api-security-component-oauth-token-url-changed", I, I, O, Security, "the generated client does not read security schemes: no code changes";
    ApiSecurityComponentOauthScopeAdded = "api-security-component-oauth-scope-added", I, I, O, Security, "the generated client does not read security schemes: no code changes";
    ApiSecurityComponentOauthScopeRemoved = "api-security-component-oauth-scope-removed", I, I, O, Security, "the generated client does not read security schemes: no code changes";
    ApiSecurityComponentOauthScopeChanged = "api-security-component-oauth-scope-changed", I, I, O, Security, "the generated client does not read security schemes: no code changes";
    // Parameters: checks/parameters.rs.
    NewRequiredRequestParameter = "new-required-request-parameter", B, B, O, Parameters, "calls without it fail when sent";
    NewOptionalRequestParameter = "new-optional-request-parameter", I, I, O, Parameters, "a new builder method";
    RequestParameterBecameRequired = "request-parameter-became-required", B, B, O, Parameters, "calls without it fail when sent";
    RequestParameterBecameOptional = "request-parameter-became-optional", I, I, O, Parameters, "the same builder method";
    RequestParameterMaxSet = "request-parameter-max-set", W, I, O, Parameters, "same code";
    RequestParameterMinSet = "request-parameter-min-set", W, I, O, Parameters, "same code";
    RequestParameterMaxItemsIncreased = "request-parameter-max-items-increased", I, I, O, Parameters, "the generated builders do not check item counts: no code changes";
    RequestParameterMaxItemsDecreased = "request-parameter-max-items-decreased", B, I, O, Parameters, "the generated builders do not check item counts: no code changes";
    RequestParameterMinItemsIncreased = "request-parameter-min-items-increased", B, I, O, Parameters, "the generated builders do not check item counts: no code changes";
    RequestParameterMinItemsDecreased = "request-parameter-min-items-decreased", I, I, O, Parameters, "the generated builders do not check item counts: no code changes";
    RequestParameterMinItemsSet = "request-parameter-min-items-set", W, I, O, Parameters, "the generated builders do not check item counts: no code changes";
    RequestParameterPropertyTypeChanged = "request-parameter-property-type-changed", W, B, O, Parameters, "the property's type changes in the generated parameter type";
    RequestParameterPropertyTypeGeneralized = "request-parameter-property-type-generalized", I, B, O, Parameters, "the property's type changes in the generated parameter type";
    RequestParameterPropertyTypeSpecialized = "request-parameter-property-type-specialized", B, B, O, Parameters, "the property's type changes in the generated parameter type";
    RequestParameterPropertyEnumValueAdded = "request-parameter-property-enum-value-added", I, B, O, Parameters, "a new variant in the generated enum";
    RequestParameterPropertyEnumValueRemoved = "request-parameter-property-enum-value-removed", B, B, O, Parameters, "a variant of the generated enum is gone";
    NewRequestPathParameter = "new-request-path-parameter", B, B, O, Parameters, "calls without it fail when sent";
    NewRequiredRequestDefaultParameterToExistingPath = "new-required-request-default-parameter-to-existing-path", B, B, O, Parameters, "calls without it fail when sent";
    NewOptionalRequestDefaultParameterToExistingPath = "new-optional-request-default-parameter-to-existing-path", I, I, O, Parameters, "a new builder method";
    RequestParameterBecameNotNullable = "request-parameter-became-not-nullable", B, I, O, Parameters, "the generated builder takes the same type: a parameter's nullability changes no code (checked by generating)";
    RequestParameterListOfTypesNarrowed = "request-parameter-list-of-types-narrowed", B, B, O, Parameters, "typify makes a list of types an untagged enum: the builder takes another type";
    RequestParameterPropertyListOfTypesNarrowed = "request-parameter-property-list-of-types-narrowed", B, B, O, Parameters, "typify makes a list of types an untagged enum: the property's type changes";
    NewRequiredRequestHeaderProperty = "new-required-request-header-property", B, B, O, Parameters, "calls without it fail when sent";
    RequestHeaderPropertyBecameRequired = "request-header-property-became-required", B, B, O, Parameters, "calls without it fail when sent";
    RequestHeaderPropertyBecameEnum = "request-header-property-became-enum", B, B, O, Parameters, "the header's type takes an enum";
    // Bodies: checks/bodies.rs.
    RequestBodyAddedRequired = "request-body-added-required", B, B, O, Bodies, "the builder needs a body";
    RequestBodyAddedOptional = "request-body-added-optional", I, W, O, Bodies, "a new builder method";
    RequestBodyRemoved = "request-body-removed", B, B, O, Bodies, "the builder's body method is gone";
    RequestBodyBecameRequired = "request-body-became-required", B, I, O, Bodies, "progenitor generates the same code";
    RequestBodyBecameOptional = "request-body-became-optional", I, I, O, Bodies, "progenitor generates the same code";
    RequestBodyMediaTypeAdded = "request-body-media-type-added", I, I, O, Bodies, "the JSON body stays";
    RequestBodyMediaTypeRemoved = "request-body-media-type-removed", B, B, O, Bodies, "the body type changes";
    RequestBodyBecameEnum = "request-body-became-enum", B, B, O, Bodies, "the body becomes an enum";
    RequestBodyEnumValueRemoved = "request-body-enum-value-removed", B, B, O, Bodies, "a variant is gone";
    ResponseMediatypeEnumValueRemoved = "response-mediatype-enum-value-removed", I, B, O, Bodies, "a variant is gone";
    RequestBodyMediaTypeSchemaAdded = "request-body-media-type-schema-added", B, B, O, Bodies, "the body's Rust type changes";
    RequestBodyMediaTypeSchemaRemoved = "request-body-media-type-schema-removed", I, B, O, Bodies, "the body's Rust type changes";
    ResponseBodyMediaTypeSchemaAdded = "response-body-media-type-schema-added", I, B, O, Bodies, "the answer's Rust type changes";
    ResponseBodyMediaTypeSchemaRemoved = "response-body-media-type-schema-removed", W, B, O, Bodies, "the answer's Rust type changes";
    RequestBodyRewrapped = "request-body-rewrapped", B, B, Ours, Bodies, "oasdiff reports every property of the payload removed and the envelope's property added (or the reverse); the payload is the same, one level up or down: the body's struct gains or loses the wrapper";
    ResponseBodyRewrapped = "response-body-rewrapped", B, B, Ours, Bodies, "oasdiff reports every property of the payload removed and the envelope's property added (or the reverse); the payload is the same, one level up or down: the body's struct gains or loses the wrapper";
    // Responses: checks/responses.rs.
    ResponseSuccessStatusAdded = "response-success-status-added", I, I, O, Responses, "answers decode into the same type";
    ResponseSuccessStatusRemoved = "response-success-status-removed", B, B, O, Responses, "the answer type may change";
    ResponseNonSuccessStatusAdded = "response-non-success-status-added", I, I, O, Responses, "errors decode into the operation's error type";
    ResponseNonSuccessStatusRemoved = "response-non-success-status-removed", I, I, O, Responses, "errors decode into the operation's error type";
    ResponseMediaTypeAdded = "response-media-type-added", I, I, O, Responses, "the JSON answer stays";
    ResponseMediaTypeRemoved = "response-media-type-removed", B, B, O, Responses, "the answer type changes";
    ResponseMediaTypeNameChanged = "response-media-type-name-changed", I, B, O, Responses, "the answer type may change";
    ResponseMediaTypeNameGeneralized = "response-media-type-name-generalized", B, B, O, Responses, "the answer type may change";
    ResponseMediaTypeNameSpecialized = "response-media-type-name-specialized", I, B, O, Responses, "the answer type may change";
    RequiredResponseHeaderRemoved = "required-response-header-removed", B, I, O, Responses, "headers are read from `ResponseValue::headers`, untyped";
    OptionalResponseHeaderRemoved = "optional-response-header-removed", W, I, O, Responses, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderAdded = "response-header-added", I, I, O, Responses, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderBecameOptional = "response-header-became-optional", B, I, O, Responses, "headers are read from `ResponseValue::headers`, untyped";
    // Properties: checks/properties.rs.
    NewRequiredRequestProperty = "new-required-request-property", B, B, O, Properties, "struct literals and builders must set it";
    NewOptionalRequestProperty = "new-optional-request-property", I, W, O, Properties, "a new public field: struct literals must name it";
    RequestPropertyRemoved = "request-property-removed", W, B, O, Properties, "the field is gone";
    RequestPropertyBecameRequired = "request-property-became-required", B, B, O, Properties, "`Option<T>` becomes `T`, unless nullable";
    RequestPropertyBecameRequiredWithDefault = "request-property-became-required-with-default", B, B, O, Properties, "`Option<T>` becomes `T`, unless nullable";
    RequestPropertyBecameOptional = "request-property-became-optional", I, B, O, Properties, "`T` becomes `Option<T>`, unless nullable";
    ResponseOptionalPropertyAdded = "response-optional-property-added", I, W, O, Properties, "a new public field breaks only code that builds these structs";
    ResponseRequiredPropertyAdded = "response-required-property-added", I, W, O, Properties, "a new public field breaks only code that builds these structs";
    ResponseOptionalPropertyRemoved = "response-optional-property-removed", W, B, O, Properties, "the field is gone";
    ResponseRequiredPropertyRemoved = "response-required-property-removed", B, B, O, Properties, "the field is gone";
    ResponsePropertyBecameRequired = "response-property-became-required", I, B, O, Properties, "`Option<T>` becomes `T`, unless nullable";
    ResponsePropertyBecameOptional = "response-property-became-optional", B, B, O, Properties, "`T` becomes `Option<T>`, unless nullable";
    NewRequiredRequestPropertyWithDefault = "new-required-request-property-with-default", B, B, O, Properties, "struct literals and builders must set it (the default is the server's, not the type's)";
    RequestRequiredPropertyBecameWriteOnly = "request-required-property-became-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestRequiredPropertyBecameNotWriteOnly = "request-required-property-became-not-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestRequiredPropertyBecameReadOnly = "request-required-property-became-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestRequiredPropertyBecameNotReadOnly = "request-required-property-became-not-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestOptionalPropertyBecameWriteOnly = "request-optional-property-became-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestOptionalPropertyBecameNotWriteOnly = "request-optional-property-became-not-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestOptionalPropertyBecameReadOnly = "request-optional-property-became-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    RequestOptionalPropertyBecameNotReadOnly = "request-optional-property-became-not-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseRequiredPropertyBecameWriteOnly = "response-required-property-became-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseRequiredPropertyBecameNotWriteOnly = "response-required-property-became-not-write-only", W, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseRequiredPropertyBecameReadOnly = "response-required-property-became-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseRequiredPropertyBecameNotReadOnly = "response-required-property-became-not-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseOptionalPropertyBecameWriteOnly = "response-optional-property-became-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseOptionalPropertyBecameNotWriteOnly = "response-optional-property-became-not-write-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseOptionalPropertyBecameReadOnly = "response-optional-property-became-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseOptionalPropertyBecameNotReadOnly = "response-optional-property-became-not-read-only", I, I, O, Properties, "typify ignores `readOnly` and `writeOnly`: no code changes";
    ResponseOptionalWriteOnlyPropertyRemoved = "response-optional-write-only-property-removed", I, B, O, Properties, "the field is gone";
    ResponseRequiredWriteOnlyPropertyRemoved = "response-required-write-only-property-removed", I, B, O, Properties, "the field is gone";
    ResponseOptionalWriteOnlyPropertyAdded = "response-optional-write-only-property-added", I, W, O, Properties, "a new public field breaks only code that builds these structs";
    ResponseRequiredWriteOnlyPropertyAdded = "response-required-write-only-property-added", I, W, O, Properties, "a new public field breaks only code that builds these structs";
    ResponseWriteOnlyPropertyBecameOptional = "response-write-only-property-became-optional", I, B, O, Properties, "`T` becomes `Option<T>`, unless nullable";
    ResponseWriteOnlyPropertyBecameRequired = "response-write-only-property-became-required", I, B, O, Properties, "`Option<T>` becomes `T`, unless nullable";
    // Types: checks/types.rs.
    RequestParameterTypeGeneralized = "request-parameter-type-generalized", I, B, O, Types, "the builder takes another type";
    RequestParameterTypeChanged = "request-parameter-type-changed", B, B, O, Types, "the builder takes another type";
    RequestBodyTypeChanged = "request-body-type-changed", B, B, O, Types, "the body type changes";
    RequestBodyTypeGeneralized = "request-body-type-generalized", I, B, O, Types, "the body type changes";
    RequestPropertyTypeChanged = "request-property-type-changed", B, B, O, Types, "the field's type changes";
    RequestPropertyTypeGeneralized = "request-property-type-generalized", I, B, O, Types, "the field's type changes";
    RequestPropertyBecameNullable = "request-property-became-nullable", I, B, O, Types, "`T` becomes `Option<T>`; an optional field is already one";
    RequestPropertyBecameNotNullable = "request-property-became-not-nullable", B, B, O, Types, "`Option<T>` becomes `T`; an optional field stays one";
    ResponseBodyTypeChanged = "response-body-type-changed", B, B, O, Types, "the answer's type changes";
    ResponseBodyTypeSpecialized = "response-body-type-specialized", I, B, O, Types, "the answer's type changes";
    ResponsePropertyTypeChanged = "response-property-type-changed", B, B, O, Types, "the field's type changes";
    ResponseBodyTypeGeneralized = "response-body-type-generalized", B, B, O, Types, "the answer may hold more types: its Rust type changes";
    ResponsePropertyTypeGeneralized = "response-property-type-generalized", B, B, O, Types, "the field may hold more types: its Rust type changes";
    ResponsePropertyTypeSpecialized = "response-property-type-specialized", I, B, O, Types, "the field's type changes";
    ResponsePropertyBecameNullable = "response-property-became-nullable", B, B, O, Types, "`T` becomes `Option<T>`; an optional field is already one";
    ResponsePropertyBecameNotNullable = "response-property-became-not-nullable", I, B, O, Types, "`Option<T>` becomes `T`; an optional field stays one";
    SchemaTypeNameChanged = "schema-type-name-changed", I, B, Ours, Types, "oasdiff has no rule; the same shape under another name (hoisted into or out of components) renames the Rust type";
    RequestBodyBecameNullable = "request-body-became-nullable", I, B, O, Types, "typify makes a nullable schema `Option<T>`: the body's Rust type changes";
    RequestBodyBecameNotNullable = "request-body-became-not-nullable", B, B, O, Types, "typify makes a nullable schema `Option<T>`: the body's Rust type changes";
    ResponseBodyBecameNullable = "response-body-became-nullable", B, B, O, Types, "typify makes a nullable schema `Option<T>`: the body's Rust type changes";
    ResponseBodyBecameNotNullable = "response-body-became-not-nullable", I, B, O, Types, "typify makes a nullable schema `Option<T>`: the body's Rust type changes";
    RequestBodyTypeCompatible = "request-body-type-compatible", I, B, O, Types, "the Rust type changes where the body is generated";
    RequestPropertyTypeCompatible = "request-property-type-compatible", I, B, O, Types, "the Rust type changes where the body is generated";
    ResponseBodyTypeCompatible = "response-body-type-compatible", I, B, O, Types, "the Rust type changes where the body is generated";
    ResponsePropertyTypeCompatible = "response-property-type-compatible", I, B, O, Types, "the Rust type changes where the body is generated";
    ResponseHeaderBecameNullable = "response-header-became-nullable", B, I, O, Types, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderBecameNotNullable = "response-header-became-not-nullable", I, I, O, Types, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderTypeChanged = "response-header-type-changed", B, I, O, Types, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderTypeGeneralized = "response-header-type-generalized", B, I, O, Types, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderTypeSpecialized = "response-header-type-specialized", I, I, O, Types, "headers are read from `ResponseValue::headers`, untyped";
    ResponseHeaderTypeCompatible = "response-header-type-compatible", I, I, O, Types, "headers are read from `ResponseValue::headers`, untyped";
    RequestBodyListOfTypesWidened = "request-body-list-of-types-widened", I, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    RequestBodyListOfTypesNarrowed = "request-body-list-of-types-narrowed", B, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    RequestPropertyListOfTypesWidened = "request-property-list-of-types-widened", I, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    RequestPropertyListOfTypesNarrowed = "request-property-list-of-types-narrowed", B, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    ResponseBodyListOfTypesWidened = "response-body-list-of-types-widened", B, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    ResponseBodyListOfTypesNarrowed = "response-body-list-of-types-narrowed", I, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    ResponsePropertyListOfTypesWidened = "response-property-list-of-types-widened", B, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    ResponsePropertyListOfTypesNarrowed = "response-property-list-of-types-narrowed", I, B, O, Types, "typify makes a list of types an untagged enum: the Rust type changes";
    RequestParameterBecameNullable = "request-parameter-became-nullable", I, I, O, Types, "the generated builder takes the same type: a parameter's nullability changes no code (checked by generating)";
    RequestParameterPropertyBecameNullable = "request-parameter-property-became-nullable", I, I, O, Types, "the generated builder takes the same type: a parameter's nullability changes no code (checked by generating)";
    RequestParameterPropertyBecameNotNullable = "request-parameter-property-became-not-nullable", B, I, O, Types, "the generated builder takes the same type: a parameter's nullability changes no code (checked by generating)";
    RequestParameterListOfTypesWidened = "request-parameter-list-of-types-widened", I, B, O, Types, "typify makes a list of types an untagged enum: the builder takes another type";
    RequestParameterPropertyListOfTypesWidened = "request-parameter-property-list-of-types-widened", I, B, O, Types, "typify makes a list of types an untagged enum: the property's type changes";
    // Values: checks/values.rs.
    RequestParameterBecameEnum = "request-parameter-became-enum", B, B, O, Values, "the builder takes an enum";
    RequestParameterEnumValueAdded = "request-parameter-enum-value-added", I, B, O, Values, "a new variant breaks exhaustive matches";
    RequestParameterEnumValueRemoved = "request-parameter-enum-value-removed", B, B, O, Values, "a variant is gone";
    RequestPropertyBecameEnum = "request-property-became-enum", B, B, O, Values, "a string field becomes an enum";
    RequestPropertyEnumValueAdded = "request-property-enum-value-added", I, B, O, Values, "a new variant breaks exhaustive matches";
    RequestPropertyEnumValueRemoved = "request-property-enum-value-removed", B, B, O, Values, "a variant is gone";
    ResponsePropertyBecameEnum = "response-property-became-enum", I, B, Ours, Values, "oasdiff has no rule; the answer narrows, but the field's type becomes an enum";
    ResponsePropertyEnumValueAdded = "response-property-enum-value-added", W, B, O, Values, "a new variant breaks exhaustive matches";
    ResponsePropertyEnumValueRemoved = "response-property-enum-value-removed", I, B, O, Values, "a variant is gone";
    RequestParameterPatternAdded = "request-parameter-pattern-added", B, I, O, Values, "same code";
    RequestParameterPatternRemoved = "request-parameter-pattern-removed", I, I, O, Values, "same code";
    RequestParameterPatternChanged = "request-parameter-pattern-changed", W, I, O, Values, "same code";
    RequestParameterPatternGeneralized = "request-parameter-pattern-generalized", I, I, O, Values, "same code";
    RequestPropertyPatternAdded = "request-property-pattern-added", B, I, O, Values, "same code";
    RequestPropertyPatternRemoved = "request-property-pattern-removed", I, I, O, Values, "same code";
    RequestPropertyPatternChanged = "request-property-pattern-changed", W, I, O, Values, "same code";
    RequestPropertyPatternGeneralized = "request-property-pattern-generalized", I, I, O, Values, "same code";
    ResponsePropertyPatternAdded = "response-property-pattern-added", I, I, O, Values, "same code";
    ResponsePropertyPatternChanged = "response-property-pattern-changed", I, I, O, Values, "same code";
    ResponsePropertyPatternRemoved = "response-property-pattern-removed", I, I, O, Values, "same code";
    RequestParameterDefaultValueAdded = "request-parameter-default-value-added", B, I, O, Values, "the server assumes another value when none is sent";
    RequestParameterDefaultValueRemoved = "request-parameter-default-value-removed", B, I, O, Values, "the server assumes another value when none is sent";
    RequestParameterDefaultValueChanged = "request-parameter-default-value-changed", B, I, O, Values, "the server assumes another value when none is sent";
    RequestBodyDefaultValueAdded = "request-body-default-value-added", I, I, O, Values, "same code";
    RequestBodyDefaultValueRemoved = "request-body-default-value-removed", I, I, O, Values, "same code";
    RequestBodyDefaultValueChanged = "request-body-default-value-changed", I, I, O, Values, "same code";
    RequestPropertyDefaultValueAdded = "request-property-default-value-added", I, I, O, Values, "same code";
    RequestPropertyDefaultValueRemoved = "request-property-default-value-removed", I, I, O, Values, "same code";
    RequestPropertyDefaultValueChanged = "request-property-default-value-changed", I, I, O, Values, "same code";
    ResponseBodyDefaultValueAdded = "response-body-default-value-added", I, I, O, Values, "same code";
    ResponseBodyDefaultValueRemoved = "response-body-default-value-removed", I, I, O, Values, "same code";
    ResponseBodyDefaultValueChanged = "response-body-default-value-changed", I, I, O, Values, "same code";
    ResponsePropertyDefaultValueAdded = "response-property-default-value-added", I, I, O, Values, "same code";
    ResponsePropertyDefaultValueRemoved = "response-property-default-value-removed", I, I, O, Values, "same code";
    ResponsePropertyDefaultValueChanged = "response-property-default-value-changed", I, I, O, Values, "same code";
    RequestBodyConstAdded = "request-body-const-added", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    RequestBodyConstRemoved = "request-body-const-removed", I, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    RequestBodyConstChanged = "request-body-const-changed", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    RequestPropertyConstAdded = "request-property-const-added", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    RequestPropertyConstRemoved = "request-property-const-removed", I, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    RequestPropertyConstChanged = "request-property-const-changed", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    ResponseBodyConstAdded = "response-body-const-added", I, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    ResponseBodyConstRemoved = "response-body-const-removed", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    ResponseBodyConstChanged = "response-body-const-changed", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    ResponsePropertyConstAdded = "response-property-const-added", I, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    ResponsePropertyConstRemoved = "response-property-const-removed", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    ResponsePropertyConstChanged = "response-property-const-changed", B, B, O, Values, "typify may make a `const` a one-value type: counted as a change of type";
    RequestParameterXExtensibleEnumValueRemoved = "request-parameter-x-extensible-enum-value-removed", B, I, O, Values, "the generated type is a plain string for an extensible enum: no code changes";
    RequestPropertyXExtensibleEnumValueRemoved = "request-property-x-extensible-enum-value-removed", B, I, O, Values, "the generated type is a plain string for an extensible enum: no code changes";
    RequestReadOnlyPropertyEnumValueRemoved = "request-read-only-property-enum-value-removed", I, B, O, Values, "as request-property-enum-value-removed: a variant is gone";
    ResponseWriteOnlyPropertyEnumValueAdded = "response-write-only-property-enum-value-added", I, B, O, Values, "a new variant breaks exhaustive matches";
    // Bounds: checks/bounds.rs.
    RequestParameterMaxLengthSet = "request-parameter-max-length-set", W, I, O, Bounds, "same code; longer values are refused when built";
    RequestParameterMaxLengthDecreased = "request-parameter-max-length-decreased", B, I, O, Bounds, "same code; longer values are refused when built";
    RequestParameterMaxLengthIncreased = "request-parameter-max-length-increased", I, I, O, Bounds, "same code";
    RequestBodyMaxLengthSet = "request-body-max-length-set", W, I, O, Bounds, "same code";
    RequestBodyMaxLengthDecreased = "request-body-max-length-decreased", B, I, O, Bounds, "same code";
    RequestBodyMaxLengthIncreased = "request-body-max-length-increased", I, I, O, Bounds, "same code";
    RequestPropertyMaxLengthSet = "request-property-max-length-set", W, I, O, Bounds, "same code; longer values are refused when built";
    RequestPropertyMaxLengthDecreased = "request-property-max-length-decreased", B, I, O, Bounds, "same code; longer values are refused when built";
    RequestPropertyMaxLengthIncreased = "request-property-max-length-increased", I, I, O, Bounds, "same code";
    ResponseBodyMaxLengthIncreased = "response-body-max-length-increased", B, I, O, Bounds, "same code";
    ResponseBodyMaxLengthUnset = "response-body-max-length-unset", B, I, O, Bounds, "same code";
    ResponsePropertyMaxLengthIncreased = "response-property-max-length-increased", B, I, O, Bounds, "same code";
    ResponsePropertyMaxLengthUnset = "response-property-max-length-unset", B, I, O, Bounds, "same code";
    RequestParameterMaxDecreased = "request-parameter-max-decreased", B, I, O, Bounds, "same code";
    RequestParameterMaxIncreased = "request-parameter-max-increased", I, I, O, Bounds, "same code";
    RequestParameterMinIncreased = "request-parameter-min-increased", B, I, O, Bounds, "same code";
    RequestParameterMinDecreased = "request-parameter-min-decreased", I, I, O, Bounds, "same code";
    RequestParameterMinLengthIncreased = "request-parameter-min-length-increased", B, I, O, Bounds, "same code";
    RequestParameterMinLengthDecreased = "request-parameter-min-length-decreased", I, I, O, Bounds, "same code";
    RequestBodyMaxSet = "request-body-max-set", W, I, O, Bounds, "same code";
    RequestBodyMaxDecreased = "request-body-max-decreased", B, I, O, Bounds, "same code";
    RequestBodyMaxIncreased = "request-body-max-increased", I, I, O, Bounds, "same code";
    RequestBodyMinSet = "request-body-min-set", W, I, O, Bounds, "same code";
    RequestBodyMinIncreased = "request-body-min-increased", B, I, O, Bounds, "same code";
    RequestBodyMinDecreased = "request-body-min-decreased", I, I, O, Bounds, "same code";
    RequestBodyMinLengthIncreased = "request-body-min-length-increased", B, I, O, Bounds, "same code";
    RequestBodyMinLengthDecreased = "request-body-min-length-decreased", I, I, O, Bounds, "same code";
    RequestPropertyMaxSet = "request-property-max-set", W, I, O, Bounds, "same code";
    RequestPropertyMaxDecreased = "request-property-max-decreased", B, I, O, Bounds, "same code";
    RequestPropertyMaxIncreased = "request-property-max-increased", I, I, O, Bounds, "same code";
    RequestPropertyMinSet = "request-property-min-set", W, I, O, Bounds, "same code";
    RequestPropertyMinIncreased = "request-property-min-increased", B, I, O, Bounds, "same code";
    RequestPropertyMinDecreased = "request-property-min-decreased", I, I, O, Bounds, "same code";
    RequestPropertyMinLengthIncreased = "request-property-min-length-increased", B, I, O, Bounds, "same code";
    RequestPropertyMinLengthDecreased = "request-property-min-length-decreased", I, I, O, Bounds, "same code";
    ResponseBodyMaxIncreased = "response-body-max-increased", B, I, O, Bounds, "same code";
    ResponseBodyMinDecreased = "response-body-min-decreased", B, I, O, Bounds, "same code";
    ResponseBodyMinLengthDecreased = "response-body-min-length-decreased", B, I, O, Bounds, "same code";
    ResponsePropertyMaxIncreased = "response-property-max-increased", B, I, O, Bounds, "same code";
    ResponsePropertyMinDecreased = "response-property-min-decreased", B, I, O, Bounds, "same code";
    ResponsePropertyMinLengthDecreased = "response-property-min-length-decreased", B, I, O, Bounds, "same code";
    RequestBodyMinItemsIncreased = "request-body-min-items-increased", B, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    RequestBodyMinItemsSet = "request-body-min-items-set", W, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    ResponseBodyMinItemsDecreased = "response-body-min-items-decreased", B, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    ResponseBodyMinItemsUnset = "response-body-min-items-unset", B, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    RequestPropertyMinItemsIncreased = "request-property-min-items-increased", B, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    RequestPropertyMinItemsSet = "request-property-min-items-set", W, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    ResponsePropertyMinItemsDecreased = "response-property-min-items-decreased", B, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    ResponsePropertyMinItemsUnset = "response-property-min-items-unset", B, I, O, Bounds, "the generated types do not check `minItems`: no code changes";
    RequestParameterExclusiveMaxSet = "request-parameter-exclusive-max-set", W, I, O, Bounds, "same code";
    RequestParameterExclusiveMaxIncreased = "request-parameter-exclusive-max-increased", I, I, O, Bounds, "same code";
    RequestParameterExclusiveMaxDecreased = "request-parameter-exclusive-max-decreased", B, I, O, Bounds, "same code";
    RequestParameterExclusiveMinSet = "request-parameter-exclusive-min-set", W, I, O, Bounds, "same code";
    RequestParameterExclusiveMinIncreased = "request-parameter-exclusive-min-increased", B, I, O, Bounds, "same code";
    RequestParameterExclusiveMinDecreased = "request-parameter-exclusive-min-decreased", I, I, O, Bounds, "same code";
    RequestBodyExclusiveMaxSet = "request-body-exclusive-max-set", W, I, O, Bounds, "same code";
    RequestBodyExclusiveMaxIncreased = "request-body-exclusive-max-increased", I, I, O, Bounds, "same code";
    RequestBodyExclusiveMaxDecreased = "request-body-exclusive-max-decreased", B, I, O, Bounds, "same code";
    RequestBodyExclusiveMinSet = "request-body-exclusive-min-set", W, I, O, Bounds, "same code";
    RequestBodyExclusiveMinIncreased = "request-body-exclusive-min-increased", B, I, O, Bounds, "same code";
    RequestBodyExclusiveMinDecreased = "request-body-exclusive-min-decreased", I, I, O, Bounds, "same code";
    RequestPropertyExclusiveMaxSet = "request-property-exclusive-max-set", W, I, O, Bounds, "same code";
    RequestPropertyExclusiveMaxIncreased = "request-property-exclusive-max-increased", I, I, O, Bounds, "same code";
    RequestPropertyExclusiveMaxDecreased = "request-property-exclusive-max-decreased", B, I, O, Bounds, "same code";
    RequestPropertyExclusiveMinSet = "request-property-exclusive-min-set", W, I, O, Bounds, "same code";
    RequestPropertyExclusiveMinIncreased = "request-property-exclusive-min-increased", B, I, O, Bounds, "same code";
    RequestPropertyExclusiveMinDecreased = "request-property-exclusive-min-decreased", I, I, O, Bounds, "same code";
    ResponseBodyExclusiveMaxIncreased = "response-body-exclusive-max-increased", B, I, O, Bounds, "same code";
    ResponseBodyExclusiveMinDecreased = "response-body-exclusive-min-decreased", B, I, O, Bounds, "same code";
    ResponsePropertyExclusiveMaxIncreased = "response-property-exclusive-max-increased", B, I, O, Bounds, "same code";
    ResponsePropertyExclusiveMinDecreased = "response-property-exclusive-min-decreased", B, I, O, Bounds, "same code";
    RequestReadOnlyPropertyMaxLengthDecreased = "request-read-only-property-max-length-decreased", I, I, O, Bounds, "same code";
    RequestReadOnlyPropertyMaxDecreased = "request-read-only-property-max-decreased", I, I, O, Bounds, "same code";
    RequestReadOnlyPropertyMinIncreased = "request-read-only-property-min-increased", I, I, O, Bounds, "same code";
    RequestReadOnlyPropertyExclusiveMaxDecreased = "request-read-only-property-exclusive-max-decreased", I, I, O, Bounds, "same code";
    RequestReadOnlyPropertyExclusiveMinIncreased = "request-read-only-property-exclusive-min-increased", I, I, O, Bounds, "same code";
    // Composition: checks/composition.rs.
    RequestBodyAllOfAdded = "request-body-all-of-added", B, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    RequestBodyAllOfRemoved = "request-body-all-of-removed", W, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    RequestBodyAllOfAddedAnnotationOnly = "request-body-all-of-added-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    RequestBodyAllOfRemovedAnnotationOnly = "request-body-all-of-removed-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    RequestBodyOneOfAdded = "request-body-one-of-added", I, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    RequestBodyOneOfRemoved = "request-body-one-of-removed", B, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    RequestBodyAnyOfAdded = "request-body-any-of-added", I, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    RequestBodyAnyOfRemoved = "request-body-any-of-removed", B, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    RequestPropertyAllOfAdded = "request-property-all-of-added", B, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    RequestPropertyAllOfRemoved = "request-property-all-of-removed", W, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    RequestPropertyAllOfAddedAnnotationOnly = "request-property-all-of-added-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    RequestPropertyAllOfRemovedAnnotationOnly = "request-property-all-of-removed-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    RequestPropertyOneOfAdded = "request-property-one-of-added", I, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    RequestPropertyOneOfRemoved = "request-property-one-of-removed", B, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    RequestPropertyAnyOfAdded = "request-property-any-of-added", I, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    RequestPropertyAnyOfRemoved = "request-property-any-of-removed", B, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    ResponseBodyAllOfAdded = "response-body-all-of-added", I, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    ResponseBodyAllOfRemoved = "response-body-all-of-removed", I, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    ResponseBodyAllOfAddedAnnotationOnly = "response-body-all-of-added-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    ResponseBodyAllOfRemovedAnnotationOnly = "response-body-all-of-removed-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    ResponseBodyOneOfAdded = "response-body-one-of-added", B, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    ResponseBodyOneOfRemoved = "response-body-one-of-removed", I, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    ResponseBodyAnyOfAdded = "response-body-any-of-added", I, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    ResponseBodyAnyOfRemoved = "response-body-any-of-removed", I, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    ResponsePropertyAllOfAdded = "response-property-all-of-added", I, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    ResponsePropertyAllOfRemoved = "response-property-all-of-removed", I, B, O, Composition, "typify merges allOf into one struct: a member added or removed adds or removes its fields";
    ResponsePropertyAllOfAddedAnnotationOnly = "response-property-all-of-added-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    ResponsePropertyAllOfRemovedAnnotationOnly = "response-property-all-of-removed-annotation-only", I, I, O, Composition, "a member that only annotates changes the docs, not the type";
    ResponsePropertyOneOfAdded = "response-property-one-of-added", B, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    ResponsePropertyOneOfRemoved = "response-property-one-of-removed", I, B, O, Composition, "a oneOf is an untagged enum: a variant added or removed breaks exhaustive matches and constructors";
    ResponsePropertyAnyOfAdded = "response-property-any-of-added", I, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    ResponsePropertyAnyOfRemoved = "response-property-any-of-removed", I, B, O, Composition, "an anyOf is a struct of optional flattened members: one added or removed changes its fields";
    RequestBodyWrappedInOneOf = "request-body-wrapped-in-one-of", B, B, O, Composition, "the body's struct becomes an enum of its alternatives";
    ResponseBodyWrappedInOneOf = "response-body-wrapped-in-one-of", B, B, O, Composition, "the body's struct becomes an enum of its alternatives";
    RequestBodyUnwrappedFromOneOf = "request-body-unwrapped-from-one-of", B, B, Ours, Composition, "oasdiff reports the oneOf removed and every property added; the body accepts one shape where it took any of the alternatives; the enum of alternatives becomes a struct";
    ResponseBodyUnwrappedFromOneOf = "response-body-unwrapped-from-one-of", I, B, Ours, Composition, "oasdiff reports the oneOf removed and every property added; the answer is one of the shapes it could be before; the enum of alternatives becomes a struct";
    RequestBodyOneOfBecameAnyOf = "request-body-one-of-became-any-of", I, B, Ours, Composition, "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members";
    RequestBodyAnyOfBecameOneOf = "request-body-any-of-became-one-of", B, B, Ours, Composition, "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum";
    RequestPropertyOneOfBecameAnyOf = "request-property-one-of-became-any-of", I, B, Ours, Composition, "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members";
    RequestPropertyAnyOfBecameOneOf = "request-property-any-of-became-one-of", B, B, Ours, Composition, "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum";
    ResponseBodyOneOfBecameAnyOf = "response-body-one-of-became-any-of", B, B, Ours, Composition, "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members";
    ResponseBodyAnyOfBecameOneOf = "response-body-any-of-became-one-of", I, B, Ours, Composition, "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum";
    ResponsePropertyOneOfBecameAnyOf = "response-property-one-of-became-any-of", B, B, Ours, Composition, "oasdiff reports each member removed from oneOf and added to anyOf; anyOf of the same members accepts every value oneOf did, and more; the enum becomes a struct of optional members";
    ResponsePropertyAnyOfBecameOneOf = "response-property-any-of-became-one-of", I, B, Ours, Composition, "oasdiff reports each member removed from anyOf and added to oneOf; oneOf of the same members accepts fewer values (none matching two); the struct becomes an enum";
    RequestBodyDiscriminatorAdded = "request-body-discriminator-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestBodyDiscriminatorRemoved = "request-body-discriminator-removed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestBodyDiscriminatorPropertyNameChanged = "request-body-discriminator-property-name-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestBodyDiscriminatorMappingAdded = "request-body-discriminator-mapping-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestBodyDiscriminatorMappingDeleted = "request-body-discriminator-mapping-deleted", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestBodyDiscriminatorMappingChanged = "request-body-discriminator-mapping-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestPropertyDiscriminatorAdded = "request-property-discriminator-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestPropertyDiscriminatorRemoved = "request-property-discriminator-removed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestPropertyDiscriminatorPropertyNameChanged = "request-property-discriminator-property-name-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestPropertyDiscriminatorMappingAdded = "request-property-discriminator-mapping-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestPropertyDiscriminatorMappingDeleted = "request-property-discriminator-mapping-deleted", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    RequestPropertyDiscriminatorMappingChanged = "request-property-discriminator-mapping-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponseBodyDiscriminatorAdded = "response-body-discriminator-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponseBodyDiscriminatorRemoved = "response-body-discriminator-removed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponseBodyDiscriminatorPropertyNameChanged = "response-body-discriminator-property-name-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponseBodyDiscriminatorMappingAdded = "response-body-discriminator-mapping-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponseBodyDiscriminatorMappingDeleted = "response-body-discriminator-mapping-deleted", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponseBodyDiscriminatorMappingChanged = "response-body-discriminator-mapping-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponsePropertyDiscriminatorAdded = "response-property-discriminator-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponsePropertyDiscriminatorRemoved = "response-property-discriminator-removed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponsePropertyDiscriminatorPropertyNameChanged = "response-property-discriminator-property-name-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponsePropertyDiscriminatorMappingAdded = "response-property-discriminator-mapping-added", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponsePropertyDiscriminatorMappingDeleted = "response-property-discriminator-mapping-deleted", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    ResponsePropertyDiscriminatorMappingChanged = "response-property-discriminator-mapping-changed", I, I, O, Composition, "typify ignores `discriminator` (its enums stay untagged, typify#498): no code changes";
    // Applicators: checks/applicators.rs.
    RequestPropertyContentSchemaRemoved = "request-property-content-schema-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    ResponsePropertyContentSchemaRemoved = "response-property-content-schema-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    RequestBodyContainsAdded = "request-body-contains-added", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestBodyContainsRemoved = "request-body-contains-removed", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestBodyMinContainsIncreased = "request-body-min-contains-increased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestBodyMinContainsDecreased = "request-body-min-contains-decreased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestBodyMaxContainsIncreased = "request-body-max-contains-increased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestBodyMaxContainsDecreased = "request-body-max-contains-decreased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestBodyDependentRequiredAdded = "request-body-dependent-required-added", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    RequestBodyDependentRequiredRemoved = "request-body-dependent-required-removed", I, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    RequestBodyDependentRequiredChanged = "request-body-dependent-required-changed", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    RequestPropertyContainsAdded = "request-property-contains-added", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestPropertyContainsRemoved = "request-property-contains-removed", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestPropertyMinContainsIncreased = "request-property-min-contains-increased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestPropertyMinContainsDecreased = "request-property-min-contains-decreased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestPropertyMaxContainsIncreased = "request-property-max-contains-increased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestPropertyMaxContainsDecreased = "request-property-max-contains-decreased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    RequestPropertyDependentRequiredAdded = "request-property-dependent-required-added", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    RequestPropertyDependentRequiredRemoved = "request-property-dependent-required-removed", I, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    RequestPropertyDependentRequiredChanged = "request-property-dependent-required-changed", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    ResponseBodyContainsAdded = "response-body-contains-added", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponseBodyContainsRemoved = "response-body-contains-removed", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponseBodyMinContainsIncreased = "response-body-min-contains-increased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponseBodyMinContainsDecreased = "response-body-min-contains-decreased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponseBodyMaxContainsIncreased = "response-body-max-contains-increased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponseBodyMaxContainsDecreased = "response-body-max-contains-decreased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponseBodyDependentRequiredAdded = "response-body-dependent-required-added", I, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    ResponseBodyDependentRequiredRemoved = "response-body-dependent-required-removed", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    ResponseBodyDependentRequiredChanged = "response-body-dependent-required-changed", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    ResponsePropertyContainsAdded = "response-property-contains-added", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponsePropertyContainsRemoved = "response-property-contains-removed", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponsePropertyMinContainsIncreased = "response-property-min-contains-increased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponsePropertyMinContainsDecreased = "response-property-min-contains-decreased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponsePropertyMaxContainsIncreased = "response-property-max-contains-increased", B, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponsePropertyMaxContainsDecreased = "response-property-max-contains-decreased", I, I, O, Applicators, "the generated types ignore `contains`: no code changes";
    ResponsePropertyDependentRequiredAdded = "response-property-dependent-required-added", I, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    ResponsePropertyDependentRequiredRemoved = "response-property-dependent-required-removed", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    ResponsePropertyDependentRequiredChanged = "response-property-dependent-required-changed", B, I, O, Applicators, "the generated types ignore `dependentRequired`: no code changes";
    RequestBodyUnevaluatedItemsAdded = "request-body-unevaluated-items-added", B, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestBodyUnevaluatedItemsRemoved = "request-body-unevaluated-items-removed", I, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestBodyUnevaluatedPropertiesAdded = "request-body-unevaluated-properties-added", B, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestBodyUnevaluatedPropertiesRemoved = "request-body-unevaluated-properties-removed", I, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestPropertyUnevaluatedItemsAdded = "request-property-unevaluated-items-added", B, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestPropertyUnevaluatedItemsRemoved = "request-property-unevaluated-items-removed", I, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestPropertyUnevaluatedPropertiesAdded = "request-property-unevaluated-properties-added", B, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestPropertyUnevaluatedPropertiesRemoved = "request-property-unevaluated-properties-removed", I, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponseBodyUnevaluatedItemsAdded = "response-body-unevaluated-items-added", I, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponseBodyUnevaluatedItemsRemoved = "response-body-unevaluated-items-removed", B, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponseBodyUnevaluatedPropertiesAdded = "response-body-unevaluated-properties-added", I, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponseBodyUnevaluatedPropertiesRemoved = "response-body-unevaluated-properties-removed", B, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponsePropertyUnevaluatedItemsAdded = "response-property-unevaluated-items-added", I, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponsePropertyUnevaluatedItemsRemoved = "response-property-unevaluated-items-removed", B, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponsePropertyUnevaluatedPropertiesAdded = "response-property-unevaluated-properties-added", I, I, O, Applicators, "the generated types ignore it: no code changes";
    ResponsePropertyUnevaluatedPropertiesRemoved = "response-property-unevaluated-properties-removed", B, I, O, Applicators, "the generated types ignore it: no code changes";
    RequestBodyPrefixItemsAdded = "request-body-prefix-items-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    RequestBodyPrefixItemsRemoved = "request-body-prefix-items-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    RequestPropertyPrefixItemsAdded = "request-property-prefix-items-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    RequestPropertyPrefixItemsRemoved = "request-property-prefix-items-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    ResponseBodyPrefixItemsAdded = "response-body-prefix-items-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    ResponseBodyPrefixItemsRemoved = "response-body-prefix-items-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    ResponsePropertyPrefixItemsAdded = "response-property-prefix-items-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    ResponsePropertyPrefixItemsRemoved = "response-property-prefix-items-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `prefixItems`: no code changes";
    RequestBodyIfAdded = "request-body-if-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    RequestBodyIfRemoved = "request-body-if-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    RequestPropertyIfAdded = "request-property-if-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    RequestPropertyIfRemoved = "request-property-if-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    ResponseBodyIfAdded = "response-body-if-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    ResponseBodyIfRemoved = "response-body-if-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    ResponsePropertyIfAdded = "response-property-if-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    ResponsePropertyIfRemoved = "response-property-if-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `if`: no code changes";
    RequestBodyThenAdded = "request-body-then-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    RequestBodyThenRemoved = "request-body-then-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    RequestPropertyThenAdded = "request-property-then-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    RequestPropertyThenRemoved = "request-property-then-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    ResponseBodyThenAdded = "response-body-then-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    ResponseBodyThenRemoved = "response-body-then-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    ResponsePropertyThenAdded = "response-property-then-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    ResponsePropertyThenRemoved = "response-property-then-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `then`: no code changes";
    RequestBodyElseAdded = "request-body-else-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    RequestBodyElseRemoved = "request-body-else-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    RequestPropertyElseAdded = "request-property-else-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    RequestPropertyElseRemoved = "request-property-else-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    ResponseBodyElseAdded = "response-body-else-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    ResponseBodyElseRemoved = "response-body-else-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    ResponsePropertyElseAdded = "response-property-else-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    ResponsePropertyElseRemoved = "response-property-else-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `else`: no code changes";
    RequestBodyDependentSchemaAdded = "request-body-dependent-schema-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    RequestBodyDependentSchemaRemoved = "request-body-dependent-schema-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    RequestPropertyDependentSchemaAdded = "request-property-dependent-schema-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    RequestPropertyDependentSchemaRemoved = "request-property-dependent-schema-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    ResponseBodyDependentSchemaAdded = "response-body-dependent-schema-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    ResponseBodyDependentSchemaRemoved = "response-body-dependent-schema-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    ResponsePropertyDependentSchemaAdded = "response-property-dependent-schema-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    ResponsePropertyDependentSchemaRemoved = "response-property-dependent-schema-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `dependentSchemas`: no code changes";
    RequestBodyPatternPropertyAdded = "request-body-pattern-property-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    RequestBodyPatternPropertyRemoved = "request-body-pattern-property-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    RequestPropertyPatternPropertyAdded = "request-property-pattern-property-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    RequestPropertyPatternPropertyRemoved = "request-property-pattern-property-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    ResponseBodyPatternPropertyAdded = "response-body-pattern-property-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    ResponseBodyPatternPropertyRemoved = "response-body-pattern-property-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    ResponsePropertyPatternPropertyAdded = "response-property-pattern-property-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    ResponsePropertyPatternPropertyRemoved = "response-property-pattern-property-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `patternProperties`: no code changes";
    RequestBodyPropertyNamesAdded = "request-body-property-names-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    RequestBodyPropertyNamesRemoved = "request-body-property-names-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    RequestPropertyPropertyNamesAdded = "request-property-property-names-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    RequestPropertyPropertyNamesRemoved = "request-property-property-names-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    ResponseBodyPropertyNamesAdded = "response-body-property-names-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    ResponseBodyPropertyNamesRemoved = "response-body-property-names-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    ResponsePropertyPropertyNamesAdded = "response-property-property-names-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    ResponsePropertyPropertyNamesRemoved = "response-property-property-names-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `propertyNames`: no code changes";
    RequestBodyContentSchemaAdded = "request-body-content-schema-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    RequestBodyContentSchemaRemoved = "request-body-content-schema-removed", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    RequestPropertyContentSchemaAdded = "request-property-content-schema-added", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    ResponseBodyContentSchemaAdded = "response-body-content-schema-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    ResponseBodyContentSchemaRemoved = "response-body-content-schema-removed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    ResponsePropertyContentSchemaAdded = "response-property-content-schema-added", I, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentSchema`: no code changes";
    RequestBodyContentMediaTypeChanged = "request-body-content-media-type-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentMediaType`: no code changes";
    RequestPropertyContentMediaTypeChanged = "request-property-content-media-type-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentMediaType`: no code changes";
    ResponseBodyContentMediaTypeChanged = "response-body-content-media-type-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentMediaType`: no code changes";
    ResponsePropertyContentMediaTypeChanged = "response-property-content-media-type-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentMediaType`: no code changes";
    RequestBodyContentEncodingChanged = "request-body-content-encoding-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentEncoding`: no code changes";
    RequestPropertyContentEncodingChanged = "request-property-content-encoding-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentEncoding`: no code changes";
    ResponseBodyContentEncodingChanged = "response-body-content-encoding-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentEncoding`: no code changes";
    ResponsePropertyContentEncodingChanged = "response-property-content-encoding-changed", B, I, O, Applicators, "progenitor reads OpenAPI 3.0 (the `openapiv3` crate), which drops `contentEncoding`: no code changes";
}

/// The rule with this kebab-case id; a panic for an id the table lacks.
pub fn rule(id: &str) -> &'static Rule {
    RuleId::from_id(id)
        .unwrap_or_else(|| panic!("rule {id} is in RULES"))
        .rule()
}

impl Rule {
    /// Whose message the rule judges: what the caller sends (a request),
    /// what the API sends (a response), or neither (the document, an
    /// operation as a whole), as its id says.
    pub fn judges(&self) -> Option<Direction> {
        if self.id.contains("request") {
            Some(Direction::Request)
        } else if self.id.contains("response") || self.id.contains("mediatype") {
            Some(Direction::Response)
        } else {
            None
        }
    }
}

impl RuleId {
    /// Its row of [`RULES`], found by index.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// Its kebab-case id, as printed (`endpoint-added`).
    pub fn id(self) -> &'static str {
        self.rule().id
    }
}

/// The rule table as Markdown, for `docs/diff-rules.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# The diff's rules\n\n\
         Generated from `xtask/src/diff/rules/mod.rs` by `cargo xtask rules` (a test\n\
         and `.ci/run`'s `cargo xtask rules --check` keep this file in step).\n\
         **Origin** says whose id and wire level a rule has: `oasdiff` (its id and\n\
         level, from `checker/rules.go`) or `ours` (oasdiff has no such rule).\n\
         **Rust** is the level for code compiled against the generated client.\n\
         **oasdiff tests** are the tests of oasdiff's checker suite (at 4553c69d)\n\
         that expect the rule, each replayed by `xtask/tests/it/oasdiff.rs`\n\
         (`xtask/tests/oasdiff_suite/`), and how many more require it absent.\n\
         **Family** is the file under `xtask/src/diff/checks/` that emits the rule.\n\
         **Judges** says whose message the rule judges: what the caller sends (a\n\
         request) or what the API sends (a response). A webhook turns them round:\n\
         its payload, which the API sends to the partner's service, is judged by\n\
         the rules for what the API sends, and the service's answer by those for\n\
         what the caller sends (a value removed from a payload's enum is info, one\n\
         added a warning). A webhook's body-level, status and parameter rows keep\n\
         the operation rules' ids and levels, as oasdiff reports them.\n\n\
         | Rule | Family | Judges | Origin | Wire | Rust | Why | oasdiff tests |\n|---|---|---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.family.file(),
            match rule.judges() {
                Some(Direction::Request) => "caller's",
                Some(Direction::Response) => "API's",
                None => "",
            },
            match rule.origin {
                Origin::Oasdiff => "oasdiff",
                Origin::Ours => "ours",
            },
            rule.wire.label(),
            rule.rust.label(),
            rule.why.replace('|', "\\|"),
            backing(rule.id)
        ));
    }
    out
}

/// The Go tests that back a rule, for its row: those that expect it, and
/// a count of those that require it absent.
fn backing(id: &str) -> String {
    let expecting = super::oasdiff_suite::tests_expecting(id);
    let ruling_out = super::oasdiff_suite::tests_ruling_out(id);
    let mut shown: Vec<String> = expecting.iter().map(|t| format!("`{t}`")).collect();
    if ruling_out > 0 {
        shown.push(format!("absent in {ruling_out}"));
    }
    shown.join(", ")
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
    fn each_rule_id_indexes_its_own_row_and_is_named_as_its_id() {
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.key as usize, index, "{}", rule.id);
            assert_eq!(RuleId::from_id(rule.id), Some(rule.key));
            let pascal: String = rule
                .id
                .split('-')
                .map(|word| word[..1].to_uppercase() + &word[1..])
                .collect();
            assert_eq!(format!("{:?}", rule.key), pascal);
        }
        assert_eq!(RuleId::from_id("endpoint-addded"), None);
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
