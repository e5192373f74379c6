//! [`Timestamp`]: every `date-time` the API sends, as it was sent.
//!
//! The vendor documents RFC 3339, but its samples show policy dates without
//! an offset (the offset travels in separate `*_tz_offset` fields), and Laravel
//! APIs commonly answer `2025-10-01 00:00:00`. Reading those as UTC would
//! silently move a policy's start by hours; refusing them would fail the
//! whole response. So a timestamp keeps what it was given, offset or not,
//! and converts only when asked.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time as the API wrote it: with its UTC offset, or a local
/// date and time whose offset the API did not say.
///
/// Decodes RFC 3339 (`2025-10-01T09:30:00+10:00`, `...Z`), the same without
/// an offset (`2025-10-01T09:30:00`), with a space instead of the `T`
/// (`2025-10-01 09:30:00`), and with fractions of a second to the
/// nanosecond. Encodes RFC 3339 when the offset is known; a time that came
/// without one is sent back without one, as it came.
///
/// ```
/// use chrono::FixedOffset;
/// use xone::Timestamp;
///
/// let start: Timestamp = "2025-10-01 09:30:00".parse().unwrap();
/// assert_eq!(start.offset(), None);
/// let sydney = FixedOffset::east_opt(10 * 3600).unwrap();
/// assert_eq!(start.with_offset(sydney).to_rfc3339(), "2025-09-30T23:30:00+00:00");
///
/// let confirmed: Timestamp = "2025-10-01T09:30:00.123456Z".parse().unwrap();
/// assert_eq!(confirmed.to_string(), "2025-10-01T09:30:00.123456Z");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// With the offset the API gave.
    Zoned(DateTime<FixedOffset>),
    /// A local date and time; the API did not say in which offset.
    Local(NaiveDateTime),
}

impl Timestamp {
    /// The offset the API gave, if it gave one.
    pub fn offset(&self) -> Option<FixedOffset> {
        match self {
            Timestamp::Zoned(at) => Some(*at.offset()),
            Timestamp::Local(_) => None,
        }
    }

    /// The instant in UTC, if the offset is known.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            Timestamp::Zoned(at) => Some(at.with_timezone(&Utc)),
            Timestamp::Local(_) => None,
        }
    }

    /// The instant in UTC, reading a local time as being in `offset` (for
    /// example the policy's `*_tz_offset`); a time with its own offset keeps
    /// it.
    pub fn with_offset(&self, offset: FixedOffset) -> DateTime<Utc> {
        match self {
            Timestamp::Zoned(at) => at.with_timezone(&Utc),
            Timestamp::Local(local) => offset
                .from_local_datetime(local)
                .single()
                .expect("a fixed offset maps every local time to one instant")
                .with_timezone(&Utc),
        }
    }

    /// The date and time as written, without any offset.
    pub fn naive_local(&self) -> NaiveDateTime {
        match self {
            Timestamp::Zoned(at) => at.naive_local(),
            Timestamp::Local(local) => *local,
        }
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    fn from(at: DateTime<Tz>) -> Self {
        Timestamp::Zoned(at.fixed_offset())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timestamp::Zoned(at) => f.write_str(&at.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            Timestamp::Local(local) => write!(f, "{}", local.format("%Y-%m-%dT%H:%M:%S%.f")),
        }
    }
}

/// Why a text is not a timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a timestamp (expected RFC 3339, such as 2025-10-01T09:30:00Z, with or without the offset)"
)]
pub struct TimestampParseError(String);

impl FromStr for Timestamp {
    type Err = TimestampParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        // `2025-10-01 09:30:00` is RFC 3339's own allowance (section 5.6)
        // and Laravel's default: the same as with a `T`.
        let normalized: std::borrow::Cow<'_, str> = match trimmed.as_bytes().get(10) {
            Some(b' ' | b't') => format!("{}T{}", &trimmed[..10], &trimmed[11..]).into(),
            _ => trimmed.into(),
        };
        if let Ok(at) = DateTime::parse_from_rfc3339(&normalized) {
            return Ok(Timestamp::Zoned(at));
        }
        // An offset without its colon (`+1000`).
        if let Ok(at) = DateTime::parse_from_str(&normalized, "%Y-%m-%dT%H:%M:%S%.f%z") {
            return Ok(Timestamp::Zoned(at));
        }
        NaiveDateTime::parse_from_str(&normalized, "%Y-%m-%dT%H:%M:%S%.f")
            .map(Timestamp::Local)
            .map_err(|_| TimestampParseError(text.chars().take(64).collect()))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        // The text is not quoted: a body's value never is in an error.
        text.parse().map_err(|_: TimestampParseError| {
            serde::de::Error::custom(
                "is not a timestamp (expected RFC 3339, such as 2025-10-01T09:30:00Z, with or without the offset)",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Timestamp {
        serde_json::from_value(serde_json::json!(text)).unwrap()
    }

    #[test]
    fn every_shape_the_api_sends_decodes_and_keeps_what_was_sent() {
        let utc = Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap();
        for (text, offset_hours, shown) in [
            ("2025-10-01T00:00:00Z", Some(0), "2025-10-01T00:00:00Z"),
            (
                "2025-10-01T10:00:00+10:00",
                Some(10),
                "2025-10-01T10:00:00+10:00",
            ),
            (
                "2025-10-01 10:00:00+10:00",
                Some(10),
                "2025-10-01T10:00:00+10:00",
            ),
            (
                "2025-10-01T10:00:00+1000",
                Some(10),
                "2025-10-01T10:00:00+10:00",
            ),
            ("2025-10-01T00:00:00", None, "2025-10-01T00:00:00"),
            ("2025-10-01 00:00:00", None, "2025-10-01T00:00:00"),
        ] {
            let at = decode(text);
            assert_eq!(
                at.offset().map(|o| o.local_minus_utc() / 3600),
                offset_hours,
                "{text}"
            );
            assert_eq!(at.to_string(), shown, "{text}");
            assert_eq!(
                at.with_offset(FixedOffset::east_opt(0).unwrap()),
                utc,
                "{text}"
            );
        }
    }

    #[test]
    fn fractions_of_a_second_survive_a_round_trip() {
        for text in [
            "2025-10-01T09:30:00.123456Z",
            "2025-10-01T09:30:00.500+05:30",
            "2025-10-01T09:30:00.123456789",
        ] {
            let at = decode(text);
            assert_eq!(at.to_string(), text);
            let json = serde_json::to_string(&at).unwrap();
            assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), at);
        }
        // Fractions are shown in milli-, micro- or nanoseconds.
        assert_eq!(
            decode("2025-10-01 09:30:00.25").to_string(),
            "2025-10-01T09:30:00.250"
        );
        assert_eq!(
            decode("2025-10-01T09:30:00.5+05:30"),
            decode("2025-10-01T09:30:00.500+05:30")
        );
    }

    #[test]
    fn what_is_not_a_timestamp_fails_with_a_clear_error() {
        for json in [r#""2025-10-01""#, r#""yesterday""#, r#""""#, "17", "{}"] {
            let err = serde_json::from_str::<Timestamp>(json)
                .unwrap_err()
                .to_string();
            assert!(!err.is_empty(), "{json}");
        }
        let err = "2025-13-01T00:00:00Z".parse::<Timestamp>().unwrap_err();
        assert!(err.to_string().contains("is not a timestamp"), "{err}");
    }
}
