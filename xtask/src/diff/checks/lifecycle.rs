//! Deprecation, sunset dates and stability levels, as oasdiff's checks
//! read them with its default policy (no minimum deprecation period):
//! `deprecated` on operations, parameters and properties, the `x-sunset`
//! date beside it, and `x-stability-level` (draft, alpha, beta, stable).
//!
//! A sunset date is judged against today (UTC), as oasdiff does: the same
//! pair of specs can read differently once a sunset has passed.
//!
//! Rules: `endpoint-deprecated`, `endpoint-reactivated`,
//! `api-deprecated-sunset-parse`, `api-sunset-date-too-small`,
//! `endpoint-deprecated-with-sunset`, `api-stability-decreased`,
//! `api-stability-increased`, `api-invalid-stability-level`,
//! `request-parameter-deprecated`, `request-parameter-reactivated`,
//! `request-parameter-sunset-parse`,
//! `request-parameter-sunset-date-too-small`, `request-property-deprecated`,
//! `request-property-reactivated`,
//! `request-property-deprecated-sunset-invalid`,
//! `request-property-sunset-date-too-small`,
//! `request-property-deprecated-with-sunset`, `response-property-deprecated`,
//! `response-property-reactivated`,
//! `response-property-deprecated-sunset-invalid`,
//! `response-property-sunset-date-too-small`,
//! `response-property-deprecated-with-sunset`, `sunset-deleted`,
//! `api-sunset-date-changed-too-small`, `request-parameter-sunset-deleted`,
//! `request-parameter-sunset-date-changed-too-small`,
//! `request-property-stability-decreased`,
//! `request-property-stability-increased`,
//! `response-property-stability-decreased`,
//! `response-property-stability-increased`, `request-parameter-removed`,
//! `request-parameter-removed-with-deprecation`,
//! `request-parameter-removed-before-sunset`.

use jiff::civil::Date;
use serde_json::Value;

use crate::diff::facts::is_true;
use crate::diff::place::Place;
use crate::diff::{Differ, Keyword, Move, RuleId, Scope};

/// What an `x-sunset` beside a `deprecated: true` says.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::diff) enum Sunset {
    /// None given.
    Missing,
    /// Not a date (RFC 3339 date or date-time): why.
    Invalid(String),
    /// Before today.
    Past(Date),
    /// Today or later.
    Due(Date),
}

/// Today's date in UTC.
pub(in crate::diff) fn today() -> Date {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// The `x-sunset` of `item` (an operation, parameter or schema), judged
/// against `today`.
pub(in crate::diff) fn sunset(item: &Value, today: Date) -> Sunset {
    let Some(value) = item.get("x-sunset") else {
        return Sunset::Missing;
    };
    let Some(text) = value.as_str() else {
        return Sunset::Invalid(format!("{value} is not a string"));
    };
    let date = text.parse::<Date>().or_else(|_| {
        text.parse::<jiff::Timestamp>()
            .map(|t| jiff::tz::Offset::UTC.to_datetime(t).date())
    });
    match date {
        Ok(date) if date < today => Sunset::Past(date),
        Ok(date) => Sunset::Due(date),
        Err(_) => Sunset::Invalid(format!("`{text}` is not an RFC 3339 date")),
    }
}

/// `x-stability-level` as a rank (draft 0 to stable 3, none being stable),
/// or the value that is not one of the four.
pub(in crate::diff) fn stability(item: &Value) -> Result<u8, String> {
    match item.get("x-stability-level") {
        None => Ok(3),
        Some(Value::String(s)) => match s.as_str() {
            "draft" => Ok(0),
            "alpha" => Ok(1),
            "beta" => Ok(2),
            "stable" => Ok(3),
            other => Err(format!("`{other}` is not draft, alpha, beta or stable")),
        },
        Some(other) => Err(format!("{other} is not a string")),
    }
}

/// The label of a stability rank.
fn label(rank: u8) -> &'static str {
    ["draft", "alpha", "beta", "stable"][usize::from(rank.min(3))]
}

/// A sunset that a deprecated item lost, that cannot be read, or that
/// moved earlier to a date already past, as oasdiff's
/// check_api_sunset_changed.go and
/// check_request_parameter_sunset_changed.go read it with no minimum
/// deprecation period: only the new side must be deprecated, and a sunset
/// is judged when it was removed or changed (not when added), the new date
/// read first.
fn sunset_change(old: &Value, new: &Value, today: Date) -> Option<(Move, String)> {
    if !is_true(new, "deprecated") {
        return None;
    }
    match (old.get("x-sunset"), new.get("x-sunset")) {
        (Some(_), None) => return Some((Move::Deleted, "its sunset was removed".into())),
        (Some(was), Some(is)) if was != is => {}
        _ => return None,
    }
    match (sunset(old, today), sunset(new, today)) {
        (_, Sunset::Invalid(why)) => {
            Some((Move::Parse, format!("its sunset cannot be read: {why}")))
        }
        (Sunset::Invalid(why), _) => Some((
            Move::Parse,
            format!("its former sunset cannot be read: {why}"),
        )),
        (Sunset::Past(from) | Sunset::Due(from), Sunset::Past(to)) if to < from => Some((
            Move::DateChangedTooSmall,
            format!("its sunset moved from {from} to {to}, already past"),
        )),
        _ => None,
    }
}

impl Differ<'_> {
    /// An operation that became deprecated (with or without a sunset date)
    /// or stopped being so, and its stability level, as oasdiff's
    /// check_api_deprecation.go and check_api_stability_level.go report
    /// them.
    pub(in crate::diff) fn operation_lifecycle(
        &mut self,
        place: &Place,
        name: &str,
        old: &Value,
        new: &Value,
    ) {
        let (was, is) = (is_true(old, "deprecated"), is_true(new, "deprecated"));
        if !was && is {
            let (id, message) = match sunset(new, today()) {
                Sunset::Missing => (RuleId::EndpointDeprecated, format!("`{name}` deprecated")),
                Sunset::Invalid(why) => (
                    RuleId::ApiDeprecatedSunsetParse,
                    format!("`{name}` deprecated, but its sunset cannot be read: {why}"),
                ),
                Sunset::Past(date) => (
                    RuleId::ApiSunsetDateTooSmall,
                    format!("`{name}` deprecated with a sunset already past ({date})"),
                ),
                Sunset::Due(date) => (
                    RuleId::EndpointDeprecatedWithSunset,
                    format!("`{name}` deprecated, sunset {date}"),
                ),
            };
            self.push(id, place, message);
        } else if was && !is {
            self.push(
                RuleId::EndpointReactivated,
                place,
                format!("`{name}` no longer deprecated"),
            );
        } else if let Some((change, message)) = sunset_change(old, new, today()) {
            let id = match change {
                Move::Deleted => RuleId::SunsetDeleted,
                Move::Parse => {
                    return self.sunset_unreadable(place, format!("`{name}`: {message}"));
                }
                _ => RuleId::ApiSunsetDateChangedTooSmall,
            };
            self.push(id, place, format!("`{name}`: {message}"));
        }
        match (stability(old), stability(new)) {
            (Ok(from), Ok(to)) if from != to => {
                let id = if to < from {
                    RuleId::ApiStabilityDecreased
                } else {
                    RuleId::ApiStabilityIncreased
                };
                self.push(
                    id,
                    place,
                    format!("`{name}`: stability {} became {}", label(from), label(to)),
                );
            }
            // oasdiff reports a level it cannot read on either side
            // (check_api_stability_level.go, checkInvalidStabilityLevels).
            (from, to) => {
                for (side, level) in [("was", from), ("is", to)] {
                    if let Err(why) = level {
                        self.push(
                            RuleId::ApiInvalidStabilityLevel,
                            place,
                            format!("`{name}`: x-stability-level {why} (it {side})"),
                        );
                    }
                }
            }
        }
    }

    /// A parameter or a property (`scope`) that became deprecated or
    /// stopped being so, as oasdiff's check_*_deprecation.go report them.
    pub(in crate::diff) fn deprecation(
        &mut self,
        place: &Place,
        scope: Scope,
        old: &Value,
        new: &Value,
        what: &str,
    ) {
        if scope == Scope::Property {
            self.property_stability(place, scope, old, new, what);
        }
        let (was, is) = (is_true(old, "deprecated"), is_true(new, "deprecated"));
        let parameter = scope == Scope::Parameter;
        if was && !is {
            self.push_of(
                place,
                scope,
                (Keyword::Itself, Move::Reactivated),
                format!("{what} no longer deprecated"),
            );
            return;
        }
        if parameter && let Some((change, message)) = sunset_change(old, new, today()) {
            self.push_of(
                place,
                scope,
                (Keyword::Sunset, change),
                format!("{what}: {message}"),
            );
        }
        if was || !is {
            return;
        }
        let (parts, message) = match sunset(new, today()) {
            Sunset::Missing => (
                (Keyword::Itself, Move::Deprecated),
                format!("{what} deprecated"),
            ),
            Sunset::Invalid(why) if parameter => (
                (Keyword::Sunset, Move::Parse),
                format!("{what} deprecated, but its sunset cannot be read: {why}"),
            ),
            Sunset::Invalid(why) => (
                (Keyword::Itself, Move::DeprecatedSunsetInvalid),
                format!("{what} deprecated, but its sunset cannot be read: {why}"),
            ),
            Sunset::Past(date) => (
                (Keyword::Sunset, Move::DateTooSmall),
                format!("{what} deprecated with a sunset already past ({date})"),
            ),
            Sunset::Due(_) if parameter => (
                (Keyword::Itself, Move::Deprecated),
                format!("{what} deprecated"),
            ),
            Sunset::Due(date) => (
                (Keyword::Itself, Move::DeprecatedWithSunset),
                format!("{what} deprecated, sunset {date}"),
            ),
        };
        self.push_of(place, scope, parts, message);
    }

    /// A property's `x-stability-level` lowered or raised (oasdiff's
    /// check_property_stability_level.go).
    fn property_stability(
        &mut self,
        place: &Place,
        scope: Scope,
        old: &Value,
        new: &Value,
        what: &str,
    ) {
        // oasdiff reads a property's level only where its extensions
        // changed, and reports a level it cannot read, the old one first
        // (check_property_stability_level.go).
        if extensions(old) == extensions(new) {
            return;
        }
        match (stability(old), stability(new)) {
            (Err(why), _) | (_, Err(why)) => self.push(
                RuleId::ApiInvalidStabilityLevel,
                place,
                format!("{what}: x-stability-level {why}"),
            ),
            (Ok(from), Ok(to)) if from != to => {
                let change = if to < from {
                    Move::Decreased
                } else {
                    Move::Increased
                };
                self.push_of(
                    place,
                    scope,
                    (Keyword::Stability, change),
                    format!("{what}: stability {} became {}", label(from), label(to)),
                );
            }
            _ => {}
        }
    }
}

/// An item's `x-` extensions, in order.
fn extensions(item: &Value) -> Vec<(&String, &Value)> {
    item.as_object()
        .map(|o| o.iter().filter(|(k, _)| k.starts_with("x-")).collect())
        .unwrap_or_default()
}

/// A removed parameter's id, given its deprecation, as oasdiff's
/// check_request_parameter_removed.go decides it, and what to add to the
/// message.
fn parameter_removal_id(param: &Value) -> (RuleId, String) {
    if !is_true(param, "deprecated") {
        return (RuleId::RequestParameterRemoved, String::new());
    }
    match sunset(param, today()) {
        Sunset::Missing | Sunset::Past(_) => (
            RuleId::RequestParameterRemovedWithDeprecation,
            String::new(),
        ),
        Sunset::Invalid(why) => (RuleId::RequestParameterSunsetParse, format!(": {why}")),
        Sunset::Due(date) => (
            RuleId::RequestParameterRemovedBeforeSunset,
            format!(" before its sunset ({date})"),
        ),
    }
}

impl Differ<'_> {
    /// A parameter removed (`shown` as messages name it, `note` a probable
    /// rename), under the rule its deprecation and sunset decide.
    pub(in crate::diff) fn parameter_removed(
        &mut self,
        place: &Place,
        param: &Value,
        shown: &str,
        note: &str,
    ) {
        let (id, why) = parameter_removal_id(param);
        self.push(id, place, format!("{shown} removed{why}{note}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sunset_is_a_date_or_a_date_time_judged_against_today() {
        let today: Date = "2026-06-01".parse().unwrap();
        let at = |s: &str| sunset(&serde_json::json!({"x-sunset": s}), today);
        assert_eq!(at("2026-06-01"), Sunset::Due(today));
        assert_eq!(
            at("2027-01-01T00:00:00Z"),
            Sunset::Due("2027-01-01".parse().unwrap())
        );
        assert_eq!(
            at("2026-05-31"),
            Sunset::Past("2026-05-31".parse().unwrap())
        );
        assert!(matches!(at("next year"), Sunset::Invalid(_)));
        assert_eq!(sunset(&serde_json::json!({}), today), Sunset::Missing);
        assert!(matches!(
            sunset(&serde_json::json!({"x-sunset": 5}), today),
            Sunset::Invalid(_)
        ));
    }

    #[test]
    fn stability_ranks_draft_to_stable_and_none_is_stable() {
        let of = |v: Value| stability(&serde_json::json!({"x-stability-level": v}));
        assert_eq!(of("draft".into()), Ok(0));
        assert_eq!(of("beta".into()), Ok(2));
        assert_eq!(stability(&serde_json::json!({})), Ok(3));
        assert!(of("gamma".into()).is_err());
        assert!(of(1.into()).is_err());
    }
}
