//! [`Money`]: every amount the API sends (prices, premiums, fees, taxes,
//! refunds, commissions, cover amounts), as an exact decimal.
//!
//! The vendor's schemas were inferred from one sample each, so the same kind
//! of amount arrives as a JSON integer (`24`), a fraction (`12.5`) or a
//! numeric string (`"12.50"`). Which fields are money is data, listed under
//! `money:` in `spec/types.yaml`; the merge marks them `format: decimal` and
//! the generator maps that format to this type.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money, exact: no binary floating point between the wire and
/// your arithmetic.
///
/// Decodes from a JSON number or a numeric string. A number's digits are
/// kept as written for up to 15 significant digits (JSON parsing goes
/// through `f64`, whose shortest form is the original text up to there),
/// which covers any amount of money; a string is exact at any length.
/// Encodes as a JSON number when that number reads back as the same value,
/// else as a string, so nothing is ever rounded. The value is kept, not its
/// scale: `24.00` decodes with scale 2 (`amount()` and `Display` show
/// `24.00`) but encodes as the number `24`, as the spec's `type: number`
/// has it.
///
/// ```
/// use xone::Money;
///
/// let fee: Money = serde_json::from_str("12.5").unwrap();
/// let tax: Money = serde_json::from_str("\"0.10\"").unwrap();
/// assert_eq!((fee.amount() + tax.amount()).to_string(), "12.60");
/// assert_eq!(serde_json::to_string(&fee).unwrap(), "12.5");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    /// The amount.
    pub fn amount(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Money {
    fn from(amount: Decimal) -> Self {
        Money(amount)
    }
}

impl From<Money> for Decimal {
    fn from(money: Money) -> Self {
        money.0
    }
}

impl From<i64> for Money {
    fn from(amount: i64) -> Self {
        Money(Decimal::from(amount))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an amount of money: {reason}")]
pub struct MoneyParseError {
    text: String,
    reason: String,
}

impl MoneyParseError {
    /// The error as a decoding error, without the text: a body's value is
    /// never quoted in an error (it may be a customer's data).
    fn without_value<E: de::Error>(&self) -> E {
        E::custom(format_args!("is not an amount of money: {}", self.reason))
    }
}

impl FromStr for Money {
    type Err = MoneyParseError;

    /// A decimal number: `12`, `-0.5`, `12.50`, `1e3`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        Decimal::from_str_exact(trimmed)
            .or_else(|_| Decimal::from_scientific(trimmed))
            .map(Money)
            .map_err(|e| MoneyParseError {
                text: text.chars().take(64).collect(),
                reason: e.to_string(),
            })
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The spec says `type: number`: a number has no scale to keep, so a
        // whole amount (`24.00`) goes out as an integer.
        if self.0.normalize().scale() == 0
            && let Ok(whole) = i64::try_from(self.0)
        {
            return serializer.serialize_i64(whole);
        }
        // A number only when it reads back as the same amount.
        if let Ok(float) = f64::try_from(self.0)
            && float.is_finite()
            && Decimal::from_str_exact(&float.to_string()).is_ok_and(|back| back == self.0)
        {
            return serializer.serialize_f64(float);
        }
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

struct MoneyVisitor;

impl Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount of money (a number or a numeric string)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        // `f64`'s shortest round-trip form is the text that was parsed, for
        // up to 15 significant digits: `12.5`, not 12.5000000000000001.
        Money::from_str(&v.to_string()).map_err(|e| e.without_value())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        Money::from_str(v).map_err(|e| e.without_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<Money, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_and_numeric_strings_decode_exactly() {
        for (json, shown) in [
            ("24", "24"),
            ("-3", "-3"),
            ("12.5", "12.5"),
            ("0.1", "0.1"),
            ("24.0", "24"),
            ("\"12.50\"", "12.50"),
            ("\" 7.05 \"", "7.05"),
            (
                "\"0.30000000000000000000000001\"",
                "0.30000000000000000000000001",
            ),
            ("1e3", "1000"),
            ("\"1.5e2\"", "150"),
            ("123456789012.34", "123456789012.34"),
        ] {
            assert_eq!(decode(json).unwrap().to_string(), shown, "{json}");
        }
        // Sums stay exact where f64 would not: 0.1 + 0.2 is 0.3.
        let sum = decode("0.1").unwrap().amount() + decode("0.2").unwrap().amount();
        assert_eq!(sum.to_string(), "0.3");
    }

    #[test]
    fn what_is_not_money_fails_with_a_clear_error() {
        for json in [
            "\"twelve\"",
            "\"\"",
            "true",
            "{}",
            "[1]",
            "null",
            "\"12,50\"",
        ] {
            let err = decode(json).unwrap_err().to_string();
            assert!(
                err.contains("money") || err.contains("not an amount"),
                "{json}: {err}"
            );
        }
    }

    #[test]
    fn encoding_reads_back_as_the_same_amount() {
        for text in [
            "0",
            "24",
            "-3",
            "12.5",
            "12.50",
            "0.1",
            "999999999.99",
            "0.30000000000000000000000001",
            "79228162514264337593543950335",
        ] {
            let money = Money::from_str(text).unwrap();
            let json = serde_json::to_string(&money).unwrap();
            let back = decode(&json).unwrap();
            assert_eq!(back.amount(), money.amount(), "{text} -> {json}");
        }
        assert_eq!(serde_json::to_string(&Money::from(24)).unwrap(), "24");
        assert_eq!(
            serde_json::to_string(&Money::from_str("12.5").unwrap()).unwrap(),
            "12.5"
        );
        // More digits than a JSON number keeps: a string.
        assert_eq!(
            serde_json::to_string(&Money::from_str("0.30000000000000000000000001").unwrap())
                .unwrap(),
            "\"0.30000000000000000000000001\""
        );
    }
}
