//! Rule ids built from parts: `{direction}-{scope}-{keyword}-{change}`
//! (`request-property-max-length-decreased`), each part a typed word, so
//! that a check names a rule by what it found and the table says whether
//! there is one. [`RuleId::of`] is the one lookup; a test walks every
//! combination of parts.

use super::RuleId;
use crate::diff::{Direction, Scope};

words! {
/// What changed about the scope: a JSON Schema keyword or an OpenAPI
/// field, as oasdiff spells it in its ids, or [`Keyword::Itself`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Keyword {
    /// The scope itself (`request-parameter-removed`).
    Itself = "",
    /// `type` and `format`.
    Type = "type",
    /// One value of `enum`.
    EnumValue = "enum-value",
    /// One value of `x-extensible-enum`.
    XExtensibleEnumValue = "x-extensible-enum-value",
    /// `maximum`.
    Max = "max",
    /// `minimum`.
    Min = "min",
    /// `maxLength`.
    MaxLength = "max-length",
    /// `minLength`.
    MinLength = "min-length",
    /// `exclusiveMaximum`, as a number.
    ExclusiveMax = "exclusive-max",
    /// `exclusiveMinimum`, as a number.
    ExclusiveMin = "exclusive-min",
    /// `maxItems`.
    MaxItems = "max-items",
    /// `minItems`.
    MinItems = "min-items",
    /// `maxContains`.
    MaxContains = "max-contains",
    /// `minContains`.
    MinContains = "min-contains",
    /// `default`.
    DefaultValue = "default-value",
    /// `pattern`.
    Pattern = "pattern",
    /// `const`.
    Const = "const",
    /// A list of types (`oneOf`/`anyOf` of scalar types).
    ListOfTypes = "list-of-types",
    /// `allOf`.
    AllOf = "all-of",
    /// `oneOf`.
    OneOf = "one-of",
    /// `anyOf`.
    AnyOf = "any-of",
    /// `contains`.
    Contains = "contains",
    /// `contentEncoding`.
    ContentEncoding = "content-encoding",
    /// `contentMediaType`.
    ContentMediaType = "content-media-type",
    /// `contentSchema`.
    ContentSchema = "content-schema",
    /// `dependentRequired`.
    DependentRequired = "dependent-required",
    /// One entry of `dependentSchemas`.
    DependentSchema = "dependent-schema",
    /// `discriminator`.
    Discriminator = "discriminator",
    /// `discriminator.mapping`.
    DiscriminatorMapping = "discriminator-mapping",
    /// `discriminator.propertyName`.
    DiscriminatorPropertyName = "discriminator-property-name",
    /// `if`.
    If = "if",
    /// `then`.
    Then = "then",
    /// `else`.
    Else = "else",
    /// One entry of `patternProperties`.
    PatternProperty = "pattern-property",
    /// `prefixItems` members.
    PrefixItems = "prefix-items",
    /// `propertyNames`.
    PropertyNames = "property-names",
    /// `unevaluatedItems`.
    UnevaluatedItems = "unevaluated-items",
    /// `unevaluatedProperties`.
    UnevaluatedProperties = "unevaluated-properties",
    /// `x-stability-level`.
    Stability = "stability",
    /// A media type's name.
    Name = "name",
    /// A body's media type.
    MediaType = "media-type",
    /// A body media type's schema.
    MediaTypeSchema = "media-type-schema",
    /// `x-sunset`.
    Sunset = "sunset",
}
fn kebab;
}

words! {
/// How it changed: the last words of a rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Move {
    /// `added`.
    Added = "added",
    /// `added-optional`.
    AddedOptional = "added-optional",
    /// `added-required`.
    AddedRequired = "added-required",
    /// `added-annotation-only` (an `allOf` member that only annotates).
    AddedAnnotationOnly = "added-annotation-only",
    /// `removed`.
    Removed = "removed",
    /// `removed-annotation-only`.
    RemovedAnnotationOnly = "removed-annotation-only",
    /// `removed-before-sunset`.
    RemovedBeforeSunset = "removed-before-sunset",
    /// `removed-with-deprecation`.
    RemovedWithDeprecation = "removed-with-deprecation",
    /// `deleted`.
    Deleted = "deleted",
    /// `changed`.
    Changed = "changed",
    /// `renamed`.
    Renamed = "renamed",
    /// `set` (a bound where there was none).
    Set = "set",
    /// `unset`.
    Unset = "unset",
    /// `increased`.
    Increased = "increased",
    /// `decreased`.
    Decreased = "decreased",
    /// `generalized`: takes more than before.
    Generalized = "generalized",
    /// `specialized`: takes less than before.
    Specialized = "specialized",
    /// `compatible`: a swap a loosely typed body still reads.
    Compatible = "compatible",
    /// `narrowed`.
    Narrowed = "narrowed",
    /// `widened`.
    Widened = "widened",
    /// `became-enum`.
    BecameEnum = "became-enum",
    /// `became-nullable`.
    BecameNullable = "became-nullable",
    /// `became-not-nullable`.
    BecameNotNullable = "became-not-nullable",
    /// `became-optional`.
    BecameOptional = "became-optional",
    /// `became-required`.
    BecameRequired = "became-required",
    /// `became-required-with-default`.
    BecameRequiredWithDefault = "became-required-with-default",
    /// `became-read-only`.
    BecameReadOnly = "became-read-only",
    /// `became-not-read-only`.
    BecameNotReadOnly = "became-not-read-only",
    /// `became-write-only`.
    BecameWriteOnly = "became-write-only",
    /// `became-not-write-only`.
    BecameNotWriteOnly = "became-not-write-only",
    /// `became-any-of` (from `oneOf`).
    BecameAnyOf = "became-any-of",
    /// `became-one-of` (from `anyOf`).
    BecameOneOf = "became-one-of",
    /// `wrapped-in-one-of`.
    WrappedInOneOf = "wrapped-in-one-of",
    /// `rewrapped`: moved into, out of or between envelope properties.
    Rewrapped = "rewrapped",
    /// `unwrapped-from-one-of`.
    UnwrappedFromOneOf = "unwrapped-from-one-of",
    /// `deprecated`.
    Deprecated = "deprecated",
    /// `deprecated-sunset-invalid`.
    DeprecatedSunsetInvalid = "deprecated-sunset-invalid",
    /// `deprecated-with-sunset`.
    DeprecatedWithSunset = "deprecated-with-sunset",
    /// `reactivated`.
    Reactivated = "reactivated",
    /// `parse` (a sunset that cannot be read).
    Parse = "parse",
    /// `date-too-small` (a sunset already past).
    DateTooSmall = "date-too-small",
    /// `date-changed-too-small` (a sunset moved earlier).
    DateChangedTooSmall = "date-changed-too-small",
}
fn kebab;
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
            for &scope in Scope::ALL {
                for &keyword in Keyword::ALL {
                    for &change in Move::ALL {
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
