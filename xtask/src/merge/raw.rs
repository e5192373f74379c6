//! A JSON block read as text, in one pass: its top level, each value kept as
//! its text, and its `components` down to each entry's text. The pages of a
//! large API repeat the components they share in every block; the merge
//! parses only the entries it has not seen byte for byte, and this is the one
//! scan of the block that finds them.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// A document's `components`, unparsed: the text of the block it was read
/// from, and where each entry's text lies in it.
#[derive(Debug, Clone)]
pub(crate) struct ComponentsText {
    /// The whole block (the page line it starts on is its fragment's).
    pub(crate) text: Box<str>,
    /// Kind (`schemas`, ...) -> name -> the entry's place in `text`. A kind
    /// that is not an object defines nothing and is left out.
    kinds: BTreeMap<String, BTreeMap<String, Range<usize>>>,
}

impl ComponentsText {
    /// The `components` of a document parsed whole, written out as text, or
    /// `None` if they are not an object.
    pub(crate) fn of_value(components: &Value) -> Option<Self> {
        let text = serde_json::to_string(components).expect("a JSON value always serializes");
        let Components(Some(kinds)) = serde_json::from_str(&text).expect("written just now") else {
            return None;
        };
        let kinds = ranges(&text, kinds);
        Some(ComponentsText {
            text: text.into(),
            kinds,
        })
    }

    /// Each entry's text, by kind and name.
    pub(crate) fn entries(
        &self,
    ) -> impl Iterator<Item = (&str, impl Iterator<Item = (&str, &str)>)> {
        self.kinds.iter().map(|(kind, entries)| {
            let entries = entries
                .iter()
                .map(|(name, range)| (name.as_str(), &self.text[range.clone()]));
            (kind.as_str(), entries)
        })
    }
}

/// A JSON block's top level: every value but `components` as its text, and
/// the `components` as [`ComponentsText`] (`None` if absent or not an object).
pub(crate) struct TopLevel<'a> {
    pub(crate) values: BTreeMap<String, &'a RawValue>,
    pub(crate) components: Option<ComponentsText>,
}

/// Reads `text` as a JSON object, or `None` if it is not one (an example, or
/// malformed: the caller parses it whole for its error).
pub(crate) fn read_top_level(text: &str) -> Option<TopLevel<'_>> {
    let Top { values, components } = serde_json::from_str(text).ok()?;
    let components = components.map(|kinds| ComponentsText {
        kinds: ranges(text, kinds),
        text: text.into(),
    });
    Some(TopLevel { values, components })
}

/// Where each slice of `text` lies in it.
fn ranges(
    text: &str,
    kinds: BTreeMap<String, Kind<'_>>,
) -> BTreeMap<String, BTreeMap<String, Range<usize>>> {
    kinds
        .into_iter()
        .filter_map(|(kind, Kind(entries))| Some((kind, entries?)))
        .map(|(kind, entries)| {
            let entries = entries
                .into_iter()
                .map(|(name, raw)| {
                    let from = offset_in(text, raw.get()).expect("read from `text`");
                    (name, from..from + raw.get().len())
                })
                .collect();
            (kind, entries)
        })
        .collect()
}

/// The top level of a block; a later `components` key replaces an earlier
/// one, as a later key does in serde_json's maps.
struct Top<'a> {
    values: BTreeMap<String, &'a RawValue>,
    components: Option<BTreeMap<String, Kind<'a>>>,
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut top = Top {
                    values: BTreeMap::new(),
                    components: None,
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "components" {
                        let Components(kinds) = map.next_value()?;
                        top.components = kinds;
                    } else {
                        top.values.insert(key, map.next_value()?);
                    }
                }
                Ok(top)
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// A `components` value: its kinds, or `None` if it is not an object.
struct Components<'a>(Option<BTreeMap<String, Kind<'a>>>);

/// One kind of a `components` object: each entry's text by name, or `None`
/// where the kind is not an object.
struct Kind<'a>(Option<BTreeMap<String, &'a RawValue>>);

impl<'de> Deserialize<'de> for Components<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ObjectOrNot(PhantomData))
            .map(Components)
    }
}

impl<'de> Deserialize<'de> for Kind<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ObjectOrNot(PhantomData))
            .map(Kind)
    }
}

/// Reads an object's entries, each value as a `V`; any other JSON value is
/// read past and gives `None`.
struct ObjectOrNot<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for ObjectOrNot<V> {
    type Value = Option<BTreeMap<String, V>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((name, value)) = map.next_entry()? {
            entries.insert(name, value);
        }
        Ok(Some(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Where `part` starts in `text`, if it is a slice of it.
pub(crate) fn offset_in(text: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    (offset + part.len() <= text.len()).then_some(offset)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{ComponentsText, read_top_level};

    /// Each kind's entries as name -> text.
    fn entries(components: &ComponentsText) -> Vec<(&str, Vec<(&str, &str)>)> {
        components
            .entries()
            .map(|(kind, entries)| (kind, entries.collect()))
            .collect()
    }

    #[test]
    fn the_top_level_is_text_and_the_components_are_each_entrys_text() {
        let text = r#"{"openapi": "3.0.3", "paths": {"/a": {}},
  "components": {"schemas": {"B": {"type": "string"}, "A": {"type": "object", "properties": {}}},
                 "parameters": {"P": {"name": "p", "in": "query"}}}}"#;
        let top = read_top_level(text).unwrap();
        let values: Vec<(&str, &str)> = top
            .values
            .iter()
            .map(|(k, v)| (k.as_str(), v.get()))
            .collect();
        assert_eq!(
            values,
            [("openapi", "\"3.0.3\""), ("paths", r#"{"/a": {}}"#)]
        );
        let components = top.components.unwrap();
        assert_eq!(&*components.text, text, "the whole block, for its lines");
        assert_eq!(
            entries(&components),
            [
                ("parameters", vec![("P", r#"{"name": "p", "in": "query"}"#)]),
                (
                    "schemas",
                    vec![
                        ("A", r#"{"type": "object", "properties": {}}"#),
                        ("B", r#"{"type": "string"}"#)
                    ]
                ),
            ]
        );
    }

    #[test]
    fn kinds_that_are_not_objects_define_nothing_and_a_later_components_wins() {
        let text = r#"{"components": {"schemas": {"Old": {}}}, "openapi": "3.0.3",
            "components": {"schemas": {"New": {}}, "parameters": [1, {"P": {}}], "responses": "R",
            "headers": null, "examples": -1.5, "links": true, "callbacks": 7}}"#;
        let components = read_top_level(text).unwrap().components.unwrap();
        assert_eq!(entries(&components), [("schemas", vec![("New", "{}")])]);
    }

    #[test]
    fn components_that_are_not_an_object_are_none_and_a_top_level_that_is_not_is_not_read() {
        for components in ["null", "[]", "\"c\"", "1", "false"] {
            let text = format!(r#"{{"openapi": "3.0.3", "components": {components}}}"#);
            let top = read_top_level(&text).unwrap();
            assert!(top.components.is_none(), "{components}");
            assert_eq!(top.values.len(), 1, "{components}");
        }
        for text in ["[1]", "\"s\"", "{\"a\": ", "{\"a\": 1} x"] {
            assert!(read_top_level(text).is_none(), "{text}");
        }
    }

    #[test]
    fn components_of_a_parsed_value_read_as_its_text_would() {
        let value = json!({"schemas": {"T": {"type": "string"}}, "links": 3});
        let components = ComponentsText::of_value(&value).unwrap();
        assert_eq!(
            entries(&components),
            [("schemas", vec![("T", r#"{"type":"string"}"#)])]
        );
        assert!(ComponentsText::of_value(&json!([1])).is_none());
    }
}
