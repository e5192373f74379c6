//! Rule ids built from parts: `{direction}-{scope}-{keyword}-{change}`
//! (`request-property-max-length-decreased`), each part a typed word, so
//! that a check names a rule by what it found and the table says whether
//! there is one. [`RuleId::of`] is the one lookup; a test walks every
//! combination of parts.

use super::RuleId;
use crate::diff::{Direction, Scope};

/// What changed about the scope: a JSON Schema keyword or an OpenAPI
/// field, as oasdiff spells it in its ids, or [`Keyword::Itself`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Keyword {
    /// The scope itself (`request-parameter-removed`).
    Itself,
    /// `type` and `format`.
    Type,
    /// One value of `enum`.
    EnumValue,
    /// One value of `x-extensible-enum`.
    XExtensibleEnumValue,
    /// `maximum`.
    Max,
    /// `minimum`.
    Min,
    /// `maxLength`.
    MaxLength,
    /// `minLength`.
    MinLength,
    /// `exclusiveMaximum`, as a number.
    ExclusiveMax,
    /// `exclusiveMinimum`, as a number.
    ExclusiveMin,
    /// `maxItems`.
    MaxItems,
    /// `minItems`.
    MinItems,
    /// `maxContains`.
    MaxContains,
    /// `minContains`.
    MinContains,
    /// `default`.
    DefaultValue,
    /// `pattern`.
    Pattern,
    /// `const`.
    Const,
    /// A list of types (`oneOf`/`anyOf` of scalar types).
    ListOfTypes,
    /// `allOf`.
    AllOf,
    /// `oneOf`.
    OneOf,
    /// `anyOf`.
    AnyOf,
    /// `contains`.
    Contains,
    /// `contentEncoding`.
    ContentEncoding,
    /// `contentMediaType`.
    ContentMediaType,
    /// `contentSchema`.
    ContentSchema,
    /// `dependentRequired`.
    DependentRequired,
    /// One entry of `dependentSchemas`.
    DependentSchema,
    /// `discriminator`.
    Discriminator,
    /// `discriminator.mapping`.
    DiscriminatorMapping,
    /// `discriminator.propertyName`.
    DiscriminatorPropertyName,
    /// `if`.
    If,
    /// `then`.
    Then,
    /// `else`.
    Else,
    /// One entry of `patternProperties`.
    PatternProperty,
    /// `prefixItems` members.
    PrefixItems,
    /// `propertyNames`.
    PropertyNames,
    /// `unevaluatedItems`.
    UnevaluatedItems,
    /// `unevaluatedProperties`.
    UnevaluatedProperties,
    /// `x-stability-level`.
    Stability,
    /// A media type's name.
    Name,
    /// A body's media type.
    MediaType,
    /// A body media type's schema.
    MediaTypeSchema,
    /// `x-sunset`.
    Sunset,
}

impl Keyword {
    /// Every keyword.
    pub const ALL: [Keyword; 43] = [
        Keyword::Itself,
        Keyword::Type,
        Keyword::EnumValue,
        Keyword::XExtensibleEnumValue,
        Keyword::Max,
        Keyword::Min,
        Keyword::MaxLength,
        Keyword::MinLength,
        Keyword::ExclusiveMax,
        Keyword::ExclusiveMin,
        Keyword::MaxItems,
        Keyword::MinItems,
        Keyword::MaxContains,
        Keyword::MinContains,
        Keyword::DefaultValue,
        Keyword::Pattern,
        Keyword::Const,
        Keyword::ListOfTypes,
        Keyword::AllOf,
        Keyword::OneOf,
        Keyword::AnyOf,
        Keyword::Contains,
        Keyword::ContentEncoding,
        Keyword::ContentMediaType,
        Keyword::ContentSchema,
        Keyword::DependentRequired,
        Keyword::DependentSchema,
        Keyword::Discriminator,
        Keyword::DiscriminatorMapping,
        Keyword::DiscriminatorPropertyName,
        Keyword::If,
        Keyword::Then,
        Keyword::Else,
        Keyword::PatternProperty,
        Keyword::PrefixItems,
        Keyword::PropertyNames,
        Keyword::UnevaluatedItems,
        Keyword::UnevaluatedProperties,
        Keyword::Stability,
        Keyword::Name,
        Keyword::MediaType,
        Keyword::MediaTypeSchema,
        Keyword::Sunset,
    ];

    /// Its words in a rule id; empty for [`Keyword::Itself`].
    pub fn kebab(self) -> &'static str {
        match self {
            Keyword::Itself => "",
            Keyword::Type => "type",
            Keyword::EnumValue => "enum-value",
            Keyword::XExtensibleEnumValue => "x-extensible-enum-value",
            Keyword::Max => "max",
            Keyword::Min => "min",
            Keyword::MaxLength => "max-length",
            Keyword::MinLength => "min-length",
            Keyword::ExclusiveMax => "exclusive-max",
            Keyword::ExclusiveMin => "exclusive-min",
            Keyword::MaxItems => "max-items",
            Keyword::MinItems => "min-items",
            Keyword::MaxContains => "max-contains",
            Keyword::MinContains => "min-contains",
            Keyword::DefaultValue => "default-value",
            Keyword::Pattern => "pattern",
            Keyword::Const => "const",
            Keyword::ListOfTypes => "list-of-types",
            Keyword::AllOf => "all-of",
            Keyword::OneOf => "one-of",
            Keyword::AnyOf => "any-of",
            Keyword::Contains => "contains",
            Keyword::ContentEncoding => "content-encoding",
            Keyword::ContentMediaType => "content-media-type",
            Keyword::ContentSchema => "content-schema",
            Keyword::DependentRequired => "dependent-required",
            Keyword::DependentSchema => "dependent-schema",
            Keyword::Discriminator => "discriminator",
            Keyword::DiscriminatorMapping => "discriminator-mapping",
            Keyword::DiscriminatorPropertyName => "discriminator-property-name",
            Keyword::If => "if",
            Keyword::Then => "then",
            Keyword::Else => "else",
            Keyword::PatternProperty => "pattern-property",
            Keyword::PrefixItems => "prefix-items",
            Keyword::PropertyNames => "property-names",
            Keyword::UnevaluatedItems => "unevaluated-items",
            Keyword::UnevaluatedProperties => "unevaluated-properties",
            Keyword::Stability => "stability",
            Keyword::Name => "name",
            Keyword::MediaType => "media-type",
            Keyword::MediaTypeSchema => "media-type-schema",
            Keyword::Sunset => "sunset",
        }
    }
}

/// How it changed: the last words of a rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Move {
    /// `added`.
    Added,
    /// `added-optional`.
    AddedOptional,
    /// `added-required`.
    AddedRequired,
    /// `added-annotation-only` (an `allOf` member that only annotates).
    AddedAnnotationOnly,
    /// `removed`.
    Removed,
    /// `removed-annotation-only`.
    RemovedAnnotationOnly,
    /// `removed-before-sunset`.
    RemovedBeforeSunset,
    /// `removed-with-deprecation`.
    RemovedWithDeprecation,
    /// `deleted`.
    Deleted,
    /// `changed`.
    Changed,
    /// `renamed`.
    Renamed,
    /// `set` (a bound where there was none).
    Set,
    /// `unset`.
    Unset,
    /// `increased`.
    Increased,
    /// `decreased`.
    Decreased,
    /// `generalized`: takes more than before.
    Generalized,
    /// `specialized`: takes less than before.
    Specialized,
    /// `compatible`: a swap a loosely typed body still reads.
    Compatible,
    /// `narrowed`.
    Narrowed,
    /// `widened`.
    Widened,
    /// `became-enum`.
    BecameEnum,
    /// `became-nullable`.
    BecameNullable,
    /// `became-not-nullable`.
    BecameNotNullable,
    /// `became-optional`.
    BecameOptional,
    /// `became-required`.
    BecameRequired,
    /// `became-required-with-default`.
    BecameRequiredWithDefault,
    /// `became-read-only`.
    BecameReadOnly,
    /// `became-not-read-only`.
    BecameNotReadOnly,
    /// `became-write-only`.
    BecameWriteOnly,
    /// `became-not-write-only`.
    BecameNotWriteOnly,
    /// `became-any-of` (from `oneOf`).
    BecameAnyOf,
    /// `became-one-of` (from `anyOf`).
    BecameOneOf,
    /// `wrapped-in-one-of`.
    WrappedInOneOf,
    /// `deprecated`.
    Deprecated,
    /// `deprecated-sunset-invalid`.
    DeprecatedSunsetInvalid,
    /// `deprecated-with-sunset`.
    DeprecatedWithSunset,
    /// `reactivated`.
    Reactivated,
    /// `parse` (a sunset that cannot be read).
    Parse,
    /// `date-too-small` (a sunset already past).
    DateTooSmall,
    /// `date-changed-too-small` (a sunset moved earlier).
    DateChangedTooSmall,
}

impl Move {
    /// Every change.
    pub const ALL: [Move; 40] = [
        Move::Added,
        Move::AddedOptional,
        Move::AddedRequired,
        Move::AddedAnnotationOnly,
        Move::Removed,
        Move::RemovedAnnotationOnly,
        Move::RemovedBeforeSunset,
        Move::RemovedWithDeprecation,
        Move::Deleted,
        Move::Changed,
        Move::Renamed,
        Move::Set,
        Move::Unset,
        Move::Increased,
        Move::Decreased,
        Move::Generalized,
        Move::Specialized,
        Move::Compatible,
        Move::Narrowed,
        Move::Widened,
        Move::BecameEnum,
        Move::BecameNullable,
        Move::BecameNotNullable,
        Move::BecameOptional,
        Move::BecameRequired,
        Move::BecameRequiredWithDefault,
        Move::BecameReadOnly,
        Move::BecameNotReadOnly,
        Move::BecameWriteOnly,
        Move::BecameNotWriteOnly,
        Move::BecameAnyOf,
        Move::BecameOneOf,
        Move::WrappedInOneOf,
        Move::Deprecated,
        Move::DeprecatedSunsetInvalid,
        Move::DeprecatedWithSunset,
        Move::Reactivated,
        Move::Parse,
        Move::DateTooSmall,
        Move::DateChangedTooSmall,
    ];

    /// Its words in a rule id.
    pub fn kebab(self) -> &'static str {
        match self {
            Move::Added => "added",
            Move::AddedOptional => "added-optional",
            Move::AddedRequired => "added-required",
            Move::AddedAnnotationOnly => "added-annotation-only",
            Move::Removed => "removed",
            Move::RemovedAnnotationOnly => "removed-annotation-only",
            Move::RemovedBeforeSunset => "removed-before-sunset",
            Move::RemovedWithDeprecation => "removed-with-deprecation",
            Move::Deleted => "deleted",
            Move::Changed => "changed",
            Move::Renamed => "renamed",
            Move::Set => "set",
            Move::Unset => "unset",
            Move::Increased => "increased",
            Move::Decreased => "decreased",
            Move::Generalized => "generalized",
            Move::Specialized => "specialized",
            Move::Compatible => "compatible",
            Move::Narrowed => "narrowed",
            Move::Widened => "widened",
            Move::BecameEnum => "became-enum",
            Move::BecameNullable => "became-nullable",
            Move::BecameNotNullable => "became-not-nullable",
            Move::BecameOptional => "became-optional",
            Move::BecameRequired => "became-required",
            Move::BecameRequiredWithDefault => "became-required-with-default",
            Move::BecameReadOnly => "became-read-only",
            Move::BecameNotReadOnly => "became-not-read-only",
            Move::BecameWriteOnly => "became-write-only",
            Move::BecameNotWriteOnly => "became-not-write-only",
            Move::BecameAnyOf => "became-any-of",
            Move::BecameOneOf => "became-one-of",
            Move::WrappedInOneOf => "wrapped-in-one-of",
            Move::Deprecated => "deprecated",
            Move::DeprecatedSunsetInvalid => "deprecated-sunset-invalid",
            Move::DeprecatedWithSunset => "deprecated-with-sunset",
            Move::Reactivated => "reactivated",
            Move::Parse => "parse",
            Move::DateTooSmall => "date-too-small",
            Move::DateChangedTooSmall => "date-changed-too-small",
        }
    }
}

impl RuleId {
    /// The rule named `{direction}-{scope}-{keyword}-{change}`, if the
    /// table has one (`None`: oasdiff has no rule for that combination).
    pub fn of(
        direction: Direction,
        scope: Scope,
        keyword: Keyword,
        change: Move,
    ) -> Option<RuleId> {
        let id = match keyword {
            Keyword::Itself => format!("{}-{}-{}", direction.side(), scope.kebab(), change.kebab()),
            _ => format!(
                "{}-{}-{}-{}",
                direction.side(),
                scope.kebab(),
                keyword.kebab(),
                change.kebab()
            ),
        };
        RuleId::from_id(&id)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::diff::RULES;

    /// Every combination of parts: each rule it names is named by no other
    /// combination, and every rule whose id starts with a direction is
    /// named by one (a new row the parts cannot name fails here).
    #[test]
    fn every_combination_of_parts_names_at_most_one_rule_and_every_directed_rule_has_parts() {
        let mut named: BTreeMap<RuleId, (Direction, Scope, Keyword, Move)> = BTreeMap::new();
        for direction in Direction::ALL {
            for scope in Scope::ALL {
                for keyword in Keyword::ALL {
                    for change in Move::ALL {
                        let Some(id) = RuleId::of(direction, scope, keyword, change) else {
                            continue;
                        };
                        let parts = (direction, scope, keyword, change);
                        assert_eq!(id.rule().judges(), Some(direction), "{}", id.id());
                        if let Some(other) = named.insert(id, parts) {
                            panic!("{} is named by {other:?} and by {parts:?}", id.id());
                        }
                    }
                }
            }
        }
        let directed: Vec<&str> = RULES
            .iter()
            .filter(|r| r.id.starts_with("request-") || r.id.starts_with("response-"))
            .filter(|r| !named.contains_key(&r.key))
            .map(|r| r.id)
            .collect();
        assert!(directed.is_empty(), "no parts name {directed:?}");
        assert!(named.len() > 400, "{}", named.len());
    }

    #[test]
    fn a_combination_the_table_lacks_is_none() {
        let of = RuleId::of;
        assert_eq!(
            of(
                Direction::Request,
                Scope::Property,
                Keyword::MaxLength,
                Move::Decreased
            ),
            Some(RuleId::RequestPropertyMaxLengthDecreased)
        );
        assert_eq!(
            of(
                Direction::Response,
                Scope::Parameter,
                Keyword::MaxLength,
                Move::Decreased
            ),
            None
        );
        assert_eq!(
            of(
                Direction::Request,
                Scope::Parameter,
                Keyword::Itself,
                Move::Removed
            ),
            Some(RuleId::RequestParameterRemoved)
        );
    }
}
