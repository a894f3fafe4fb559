//! A serde `Deserializer` over tokens decoded beforehand: about the fastest
//! any serde format can be. Deserializing a type from [`Token`]s runs the
//! type's own visitors and makes its allocations with no parsing at all.
//! Strings are handed over borrowed, so the type's visitors copy them; a
//! format that makes owned strings more cheaply can save a little there.

use serde::de::{self, DeserializeSeed, Visitor};
use serde::forward_to_deserialize_any;

/// One token, as a self-describing format would hand it to a visitor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Token<'a> {
    /// A string, borrowed (like a format that can borrow from its input).
    Str(&'a str),
    /// An unsigned integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
    /// A float.
    F64(f64),
    /// A boolean.
    Bool(bool),
    /// `null`: `None` for an `Option`, unit otherwise.
    Null,
    /// A sequence of this many values, which follow.
    Seq(u32),
    /// A map of this many key/value pairs, which follow.
    Map(u32),
}

/// Reads one value from a token slice.
#[derive(Debug)]
pub struct TokenDeserializer<'a> {
    tokens: &'a [Token<'a>],
    pos: usize,
}

type Error = de::value::Error;

impl<'a> TokenDeserializer<'a> {
    /// A deserializer for the value starting at `tokens[0]`.
    pub fn new(tokens: &'a [Token<'a>]) -> Self {
        TokenDeserializer { tokens, pos: 0 }
    }

    #[inline]
    fn next(&mut self) -> Result<Token<'a>, Error> {
        let t = self.peek()?;
        self.pos += 1;
        Ok(t)
    }

    #[inline]
    fn peek(&self) -> Result<Token<'a>, Error> {
        self.tokens
            .get(self.pos)
            .copied()
            .ok_or_else(|| de::Error::custom("unexpected end of tokens"))
    }
}

impl<'de, 'a: 'de> de::Deserializer<'de> for &mut TokenDeserializer<'a> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.next()? {
            Token::Str(s) => v.visit_borrowed_str(s),
            Token::U64(u) => v.visit_u64(u),
            Token::I64(i) => v.visit_i64(i),
            Token::F64(f) => v.visit_f64(f),
            Token::Bool(b) => v.visit_bool(b),
            Token::Null => v.visit_unit(),
            Token::Seq(left) => v.visit_seq(Items { de: self, left }),
            Token::Map(left) => v.visit_map(Items { de: self, left }),
        }
    }

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.peek()? == Token::Null {
            self.pos += 1;
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

/// The `left` remaining elements of a sequence, or entries of a map.
struct Items<'b, 'a> {
    de: &'b mut TokenDeserializer<'a>,
    left: u32,
}

impl<'de, 'a: 'de> Items<'_, 'a> {
    /// The next element, or map key, while any are left.
    #[inline]
    fn next_item<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

impl<'de, 'a: 'de> de::SeqAccess<'de> for Items<'_, 'a> {
    type Error = Error;

    #[inline]
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        self.next_item(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

impl<'de, 'a: 'de> de::MapAccess<'de> for Items<'_, 'a> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.next_item(seed)
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Point {
        x: i32,
        label: Option<String>,
        tags: Vec<String>,
    }

    #[test]
    fn reads_structs_options_sequences_and_maps() {
        let tokens = [
            Token::Seq(2),
            Token::Map(3),
            Token::Str("x"),
            Token::I64(-3),
            Token::Str("label"),
            Token::Str("a"),
            Token::Str("tags"),
            Token::Seq(1),
            Token::Str("t"),
            Token::Map(3),
            Token::Str("tags"),
            Token::Seq(0),
            Token::Str("x"),
            Token::U64(4),
            Token::Str("label"),
            Token::Null,
        ];
        let points = Vec::<Point>::deserialize(&mut TokenDeserializer::new(&tokens)).unwrap();
        assert_eq!(
            points,
            [
                Point {
                    x: -3,
                    label: Some("a".into()),
                    tags: vec!["t".into()]
                },
                Point {
                    x: 4,
                    label: None,
                    tags: vec![]
                },
            ]
        );

        let tokens = [
            Token::Map(2),
            Token::Str("a"),
            Token::F64(1.5),
            Token::Str("b"),
            Token::Bool(true),
        ];
        let map = BTreeMap::<String, f64>::deserialize(&mut TokenDeserializer::new(&tokens));
        assert!(map.unwrap_err().to_string().contains("boolean"));
    }

    #[test]
    fn running_out_of_tokens_is_an_error() {
        let tokens = [Token::Seq(2), Token::Bool(true)];
        let err = Vec::<bool>::deserialize(&mut TokenDeserializer::new(&tokens)).unwrap_err();
        assert!(err.to_string().contains("end of tokens"), "{err}");
    }
}
