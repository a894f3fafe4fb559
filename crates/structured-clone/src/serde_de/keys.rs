//! Property keys as serde keys: strings, or numbers read as either.

use super::*;

/// Object keys: strings, or numbers that can also be read as their string form.
pub(super) struct KeyDeserializer<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
}

impl<'de> KeyDeserializer<'_, 'de> {
    pub(super) fn skip(self) -> Result<()> {
        de::Deserializer::deserialize_ignored_any(self, IgnoredAny).map(|_| ())
    }

    /// An integer key; a string key is parsed (JS property names are strings).
    pub(super) fn integer<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.de.r.peek_tag() {
            Some(tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING) => {
                let text: String = self.de.any(StringVisitor)?;
                integer_from_text(&text, v)
            }
            _ => self.key(v, false),
        }
    }

    pub(super) fn key<V: Visitor<'de>>(self, v: V, as_string: bool) -> Result<V::Value> {
        // The common key: a short ASCII one-byte string, borrowed.
        if let Some(s) = short_ascii_at(self.de.r.data(), self.de.r.position()) {
            self.de.r.skip(2 + s.len());
            return v.visit_borrowed_str(s);
        }
        let t = self.de.next_tag()?;
        let at = self.de.r.position() - 1;
        let number = match t {
            tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING => {
                return self.de.string_body(t, v)
            }
            tag::INT32 => self.de.r.zigzag32()? as f64,
            tag::UINT32 => self.de.r.varint32("a uint32")? as f64,
            tag::DOUBLE => self.de.r.double("a double key")?,
            _ => return Err(Error::at(ErrorKind::InvalidKey, at)),
        };
        if as_string {
            v.visit_string(js_number_to_string(number))
        } else if number >= 0.0 && number.trunc() == number && number <= u64::MAX as f64 {
            v.visit_u64(number as u64)
        } else if number.trunc() == number && number >= i64::MIN as f64 {
            v.visit_i64(number as i64)
        } else {
            v.visit_f64(number)
        }
    }
}

/// The integer entry points of a key deserializer, each answered by its
/// `integer` method (map keys such as `BTreeMap<u32, _>`).
macro_rules! integer_entry_points {
    () => {
        integer_entry_points!(@each deserialize_i64 deserialize_u64 deserialize_i32
            deserialize_u32 deserialize_i16 deserialize_u16 deserialize_i8 deserialize_u8);
    };
    (@each $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
            self.integer(v)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Error;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, false)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, true)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, true)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, true)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }
    integer_entry_points!();
    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// A string key as an integer when it parses as one, else as the string.
fn integer_from_text<'de, V: Visitor<'de>>(text: &str, v: V) -> Result<V::Value> {
    if let Ok(u) = text.parse::<u64>() {
        v.visit_u64(u)
    } else if let Ok(i) = text.parse::<i64>() {
        v.visit_i64(i)
    } else {
        v.visit_str(text)
    }
}

/// A key already read from the input as borrowed text (the fast path of
/// object properties): the same answers as [`KeyDeserializer`] for a string.
pub(super) struct StrKey<'de>(pub(super) &'de str);

impl<'de> StrKey<'de> {
    fn integer<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        integer_from_text(self.0, v)
    }
}

impl<'de> de::Deserializer<'de> for StrKey<'de> {
    type Error = Error;
    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_borrowed_str(self.0)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_string(owned_short(self.0))
    }
    integer_entry_points!();
    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
