//! YAML from a scanned package, read into a [`Value`] whose size in bytes is bounded as it is built.
//!
//! An alias (`*a`) stands for a whole copy of its anchored node. serde_yaml limits how many events aliases
//! may replay, but not how large what they replay is: one 100 KB scalar referenced 100,000 times is a few
//! hundred kilobytes of YAML and 10 GB of values. Here every scalar, key and container counts its bytes as
//! it is made, copies made for aliases included, and the read stops with an error once the total passes
//! [`expanded_limit`] — a bound on bytes, not on events.

use crate::ManifestError;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};
use std::cell::Cell;
use std::fmt;

/// Bytes a document may expand to beyond its own length: room for ordinary anchors and aliases (a shared
/// block of settings used a few times), far short of any memory trouble.
pub const EXPANSION_ALLOWANCE: usize = 1024 * 1024;

/// How many bytes the values read from `text` may add up to.
pub fn expanded_limit(text: &str) -> usize {
    text.len()
        .saturating_mul(2)
        .saturating_add(EXPANSION_ALLOWANCE)
}

/// Parses `text` as one YAML document, refusing it once its values pass [`expanded_limit`] bytes.
pub fn parse_bounded(text: &str) -> Result<Value, ManifestError> {
    let budget = Budget {
        left: Cell::new(expanded_limit(text)),
    };
    let deserializer = serde_yaml::Deserializer::from_str(text);
    Bounded(&budget)
        .deserialize(deserializer)
        .map_err(|e| ManifestError::Yaml(e.to_string()))
}

struct Budget {
    left: Cell<usize>,
}

impl Budget {
    fn spend<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        // Every node costs a little, so a million empty aliases cost too.
        let cost = bytes.saturating_add(8);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "aliases expand it past the size limit (an alias bomb); not read",
            )),
        }
    }
}

#[derive(Clone, Copy)]
struct Bounded<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.spend(1)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.spend(8)?;
        Ok(Value::Number(Number::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.spend(8)?;
        Ok(Value::Number(Number::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.spend(8)?;
        Ok(Value::Number(Number::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.spend(v.len())?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.spend(v.len())?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.spend(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.spend(0)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.spend(0)?;
        let mut mapping = Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (tag, variant): (String, _) = data.variant()?;
        self.0.spend(tag.len())?;
        let value = variant.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_yaml_reads_as_serde_yaml_reads_it() {
        let text = "name: a\nbase: &b {x: 1, y: [true, 2.5, null]}\nother: *b\ntagged: !t v\n";
        let ours = parse_bounded(text).unwrap();
        let theirs: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn one_large_anchor_referenced_many_times_is_refused_early() {
        // 100 KB anchored once, referenced 10,000 times: 1 GB if expanded.
        let mut text = format!("big: &big \"{}\"\nall: [", "x".repeat(100_000));
        text.push_str(&"*big,".repeat(10_000));
        text.push_str("]\n");
        let err = parse_bounded(&text).unwrap_err();
        assert!(err.to_string().contains("alias bomb"), "{err}");
    }

    #[test]
    fn a_few_references_to_a_shared_block_are_fine() {
        let mut text = format!("shared: &s \"{}\"\n", "y".repeat(10_000));
        for n in 0..20 {
            text.push_str(&format!("k{n}: *s\n"));
        }
        assert!(parse_bounded(&text).is_ok());
    }
}
