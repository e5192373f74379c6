//! JSON values held at their exact size. A parser grows each object and
//! array by doubling, so that an object of one entry holds room for four,
//! and most of an OpenAPI document's objects are that small (a `$ref`, a
//! `type`). Kept so, GitHub's API merged is a third larger than it needs to
//! be; read or rebuilt here, every object and array is exactly as large as
//! its contents.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses JSON text as `serde_json::from_str` does, every object and array
/// at its exact size.
pub fn from_str(text: &str) -> Result<Value, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = Exact.deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// The first integer literal in the JSON text `text` that no 64-bit integer
/// holds, with its byte offset. serde_json reads such a literal as the
/// nearest `f64`, dropping digits without a word (YAML's reader refuses
/// it); the merge refuses it too, rather than write another number than
/// the page's. A fraction or exponent makes a literal a float, which is
/// read exactly, so only plain integers are looked at.
pub fn wide_integer(text: &str) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip the string, escapes and all.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let literal = &text[start..i];
                let integer = !literal.contains(['.', 'e', 'E']);
                if integer && literal.parse::<i64>().is_err() && literal.parse::<u64>().is_err() {
                    return Some((start, literal));
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Rebuilds every object and array in `value` at its exact size.
pub fn compact(value: &mut Value) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut exact = Map::with_capacity(map.len());
            for (key, mut child) in std::mem::take(map) {
                compact(&mut child);
                exact.insert(key, child);
            }
            *map = exact;
        }
        Value::Array(items) => {
            items.iter_mut().for_each(compact);
            items.shrink_to_fit();
        }
        _ => {}
    }
}

/// Reads a value as `serde_json::Value`'s own `Deserialize` does, except
/// that an object's entries are gathered first and its map made for them.
struct Exact;

impl<'de> DeserializeSeed<'de> for Exact {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<Value, D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Exact {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, reader: D) -> Result<Value, D::Error> {
        reader.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Exact)? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut read = Vec::new();
        while let Some(key) = entries.next_key::<String>()? {
            read.push((key, entries.next_value_seed(Exact)?));
        }
        let mut map = Map::with_capacity(read.len());
        // A key given twice keeps its first place and its last value, as
        // `serde_json::Value` reads it.
        map.extend(read);
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_integers_past_64_bits_outside_strings_are_wide() {
        assert_eq!(
            wide_integer(r#"{"a": 18446744073709551615, "b": -9223372036854775808}"#),
            None
        );
        assert_eq!(
            wide_integer(r#"{"a": 1e400, "b": 123456789012345678901234567890.0}"#),
            None
        );
        assert_eq!(
            wide_integer(r#"{"a": "123456789012345678901234567890 \" 99999999999999999999"}"#),
            None
        );
        let text = r#"{"a": "x\\", "b": [1, -99999999999999999999]}"#;
        assert_eq!(
            wide_integer(text),
            Some((text.find("-9").unwrap(), "-99999999999999999999"))
        );
        assert_eq!(
            wide_integer("18446744073709551616"),
            Some((0, "18446744073709551616"))
        );
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r##"{"b": [1, -2, 2.5, 1e300, "x", null, true, {}], "a": {"k": 1, "k": 2, "j": {"$ref": "#/x"}}, "u": 18446744073709551615}"##;
        assert_eq!(
            from_str(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn rejects_what_serde_json_rejects_at_the_same_place() {
        for text in [
            "[1e400]",
            "{\"a\": 1,\n}",
            "[1] trailing",
            "{\"a\"\n: nul}",
            &"[".repeat(200),
        ] {
            let ours = from_str(text).unwrap_err().to_string();
            let theirs = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    /// Maps do not tell their capacity: what they save is weighed by the
    /// merge benchmark's peak memory (BENCHMARKS.md).
    #[test]
    fn arrays_are_held_at_their_exact_size() {
        let read = from_str(r#"{"list": [1, 2, 3, 4, 5]}"#).unwrap();
        assert_eq!(read["list"].as_array().unwrap().capacity(), 5);

        let mut grown = Value::Array(Vec::with_capacity(64));
        grown.as_array_mut().unwrap().push(Value::Null);
        compact(&mut grown);
        assert_eq!(grown.as_array().unwrap().capacity(), 1);
    }
}
