//! `serde::Deserializer` for the wire deserializer, and enum access.

use super::*;

impl<'de> de::Deserializer<'de> for &mut WireDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.any(v)
    }

    // Typed entry points take the token they expect straight from the input
    // and leave everything else to `any`, which reads the same tokens the same
    // way.

    #[inline(always)]
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.take_bool() {
            Some(b) => v.visit_bool(b),
            None => self.any(v),
        }
    }
    #[inline(always)]
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.number_or_any(v)
    }
    #[inline(always)]
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.number_or_any(v)
    }
    #[inline(always)]
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.str_or_any(v)
    }
    #[inline(always)]
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        // The visitor wants ownership: hand it a `String` made here.
        match self.take_short_ascii() {
            Some(s) => v.visit_string(owned_short(s)),
            None => self.any(v),
        }
    }
    #[inline(always)]
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.str_or_any(v)
    }
    #[inline(always)]
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.container(tag::BEGIN_DENSE_JS_ARRAY, v)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value> {
        self.container(tag::BEGIN_DENSE_JS_ARRAY, v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value> {
        self.container(tag::BEGIN_DENSE_JS_ARRAY, v)
    }
    #[inline(always)]
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.container(tag::BEGIN_JS_OBJECT, v)
    }
    #[inline(always)]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        self.container(tag::BEGIN_JS_OBJECT, v)
    }

    #[inline(always)]
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.settle()?;
        let t = match self.peek_byte() {
            Some(tag::PADDING) => self.r.peek_tag(),
            t => t,
        };
        match t {
            Some(tag::UNDEFINED | tag::NULL) => {
                self.r.consume_tag();
                v.visit_none()
            }
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        self.settle()?;
        match self.r.peek_tag() {
            Some(tag::BEGIN_JS_OBJECT) => {
                self.next_tag()?;
                let at = self.r.position() - 1;
                let id = self.begin(at);
                let value = v.visit_enum(VariantAccess { de: self })?;
                Props::new(self, tag::END_JS_OBJECT, 1).close()?;
                self.finish(id);
                Ok(value)
            }
            _ => v.visit_enum(UnitVariant { de: self }),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.any(IgnoredAny)?;
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct
    }
}

impl<'de> WireDeserializer<'de> {
    #[inline(always)]
    fn smi_or_any<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        match self.take_smi() {
            Some(i) => v.visit_i32(i),
            None => self.any(v),
        }
    }
    #[inline(always)]
    fn number_or_any<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        // A float field takes a double as it is (`any` offers exact integers
        // as integers, for integer fields).
        if let Some(d) = self.take_double() {
            return v.visit_f64(d);
        }
        self.smi_or_any(v)
    }
    #[inline(always)]
    fn str_or_any<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        match self.take_short_ascii() {
            Some(s) => v.visit_borrowed_str(s),
            None => self.any(v),
        }
    }
}

pub(super) struct UnitVariant<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        let v = seed.deserialize(&mut *self.de)?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _: S) -> Result<S::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {variant: value} object",
        ))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {variant: [..]} object",
        ))
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {variant: {..}} object",
        ))
    }
}

pub(super) struct VariantAccess<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for VariantAccess<'_, 'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        if self.de.r.peek_tag() == Some(tag::END_JS_OBJECT) {
            return Err(self.de.r.err(ErrorKind::Custom(
                "expected an object with one variant key".into(),
            )));
        }
        let v = seed.deserialize(KeyDeserializer { de: self.de })?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for VariantAccess<'_, 'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        self.de.any(IgnoredAny).map(|_| ())
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(&mut *self.de)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value> {
        self.de.any(v)
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> Result<V::Value> {
        self.de.any(v)
    }
}
