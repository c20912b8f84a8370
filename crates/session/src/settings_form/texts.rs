//! Settings as texts by field id (`"page-size": "256"`), as scenarios and the browser's
//! storage keep them: in JSON an object, here a list sorted by id. A BTreeMap would do, but
//! each map type costs the web app's bundle kilobytes, and these hold a few entries.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SettingTexts(Vec<(String, String)>);

impl SettingTexts {
    pub fn get(&self, id: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == id)
            .map(|(_, text)| text.as_str())
    }

    /// Sets `id`'s text, keeping the list sorted by id.
    pub fn insert(&mut self, id: &str, text: String) {
        match self.0.binary_search_by(|(key, _)| key.as_str().cmp(id)) {
            Ok(at) => self.0[at].1 = text,
            Err(at) => self.0.insert(at, (id.to_string(), text)),
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<String> {
        let at = self.0.iter().position(|(key, _)| key == id)?;
        Some(self.0.remove(at).1)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(id, text)| (id.as_str(), text.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for SettingTexts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, text) in &self.0 {
            map.serialize_entry(id, text)?;
        }
        map.end()
    }
}

/// A value: the text as a field shows it, or, for authors' convenience, a plain JSON number
/// or boolean (kept as its text).
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a setting's text, a whole number or true/false")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text(text.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Text, E> {
                Ok(Text(n.to_string()))
            }

            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Text, E> {
                Ok(Text(on.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for SettingTexts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = SettingTexts;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of settings by id")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SettingTexts, A::Error> {
                let mut texts = SettingTexts::default();
                while let Some((id, Text(text))) = map.next_entry::<String, Text>()? {
                    if texts.contains(&id) {
                        return Err(serde::de::Error::custom(format!(
                            "setting `{id}` is given twice"
                        )));
                    }
                    texts.insert(&id, text);
                }
                Ok(texts)
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}
