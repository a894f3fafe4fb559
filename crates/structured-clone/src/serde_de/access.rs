//! serde access types over objects, arrays, `Map`s, `Set`s and `Error`s.

use super::*;

/// Whether the tag `end` comes next, consuming it; `done` remembers that it
/// was seen. `expected` names what else may come, for the end-of-input error.
#[inline]
fn at_end_tag(
    de: &mut WireDeserializer<'_>,
    done: &mut bool,
    end: u8,
    expected: &'static str,
) -> Result<bool> {
    if *done {
        return Ok(true);
    }
    de.settle()?;
    match de.r.peek_tag() {
        None => Err(de.r.err(ErrorKind::UnexpectedEnd(expected))),
        Some(t) if t == end => {
            de.r.consume_tag();
            *done = true;
            Ok(true)
        }
        Some(_) => Ok(false),
    }
}

/// Key/value pairs of an object or sparse array, up to `end`; the property
/// count after `end` is checked as the tag is read.
pub(super) struct Props<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
    pub(super) end: u8,
    pub(super) count: u64,
    pub(super) done: bool,
    /// The object marked read at the end tag (`usize::MAX`: none).
    pub(super) id: usize,
}

impl<'a, 'de> Props<'a, 'de> {
    /// Properties up to `end`, `count` of them already read.
    #[inline]
    pub(super) fn new(de: &'a mut WireDeserializer<'de>, end: u8, count: u64) -> Self {
        Props {
            de,
            end,
            count,
            done: false,
            id: usize::MAX,
        }
    }
    /// The properties of object `id` (begun at the current depth): it is
    /// marked read when its end tag is, and left to `settle` if its visitor
    /// stops early.
    #[inline]
    pub(super) fn object(de: &'a mut WireDeserializer<'de>, id: usize) -> Self {
        Props {
            id,
            ..Props::new(de, tag::END_JS_OBJECT, 0)
        }
    }
    /// An object left by its visitor, to be skipped to its end.
    pub(super) fn resume(de: &'a mut WireDeserializer<'de>, u: Unclosed) -> Self {
        Props {
            count: u.count,
            ..Props::object(de, u.id)
        }
    }
    /// The end tag was just consumed: checks the count after it.
    #[inline(always)]
    fn ended(&mut self) -> Result<()> {
        self.done = true;
        self.de.check_count("properties", self.count)?;
        self.de.finish(self.id);
        Ok(())
    }
    /// Skips what the visitor left up to the end tag.
    #[inline]
    pub(super) fn close(&mut self) -> Result<()> {
        if !self.done {
            self.drain_rest()?;
        }
        Ok(())
    }
    #[inline]
    pub(super) fn at_end(&mut self) -> Result<bool> {
        if self.done {
            return Ok(true);
        }
        if at_end_tag(
            self.de,
            &mut self.done,
            self.end,
            "a property key or end tag",
        )? {
            self.ended()?;
            return Ok(true);
        }
        Ok(false)
    }
    #[inline(never)]
    fn drain_rest(&mut self) -> Result<()> {
        while !self.at_end()? {
            self.count += 1;
            KeyDeserializer { de: self.de }.skip()?;
            self.de.any(IgnoredAny)?;
        }
        Ok(())
    }
}

/// An object's properties, handed to `settle` when they are dropped before
/// the end tag: done in `drop` so that no code runs between the visitor's
/// return and the caller's (which lets the result be built in place).
pub(super) struct ObjectProps<'a, 'de>(pub(super) Props<'a, 'de>);

impl Drop for ObjectProps<'_, '_> {
    #[inline(always)]
    fn drop(&mut self) {
        let p = &mut self.0;
        if !p.done {
            p.de.defer_close(p.count, p.id);
        }
    }
}

impl<'de> de::MapAccess<'de> for Props<'_, 'de> {
    type Error = Error;
    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        // The common cases first: a short ASCII key, borrowed, or the end tag.
        if !self.done {
            self.de.settle()?;
            let (data, pos) = (self.de.r.data(), self.de.r.position());
            match data.get(pos) {
                Some(&tag::ONE_BYTE_STRING) => {
                    if let Some(key) = short_ascii_at(data, pos) {
                        self.de.r.skip(2 + key.len());
                        self.count += 1;
                        return seed.deserialize(StrKey(key)).map(Some);
                    }
                }
                Some(&t) if t == self.end => {
                    self.de.r.skip(1);
                    self.ended()?;
                    return Ok(None);
                }
                _ => {}
            }
        }
        if self.at_end()? {
            return Ok(None);
        }
        self.count += 1;
        seed.deserialize(KeyDeserializer { de: self.de }).map(Some)
    }
    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        seed.deserialize(&mut *self.de)
    }
}

/// Dense array elements; holes read as unit.
pub(super) struct Elements<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
    pub(super) left: u32,
    /// The most elements offered as the size hint.
    pub(super) hint: u32,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;
    #[inline]
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        self.de.settle()?;
        let hole = match self.de.peek_byte() {
            Some(tag::THE_HOLE) => true,
            Some(tag::PADDING) => self.de.r.peek_tag() == Some(tag::THE_HOLE),
            _ => false,
        };
        if hole {
            self.de.r.consume_tag();
            return seed.deserialize(().into_deserializer()).map(Some);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(self.hint) as usize)
    }
}

/// `Map` entries (any value as key).
pub(super) struct Entries<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
    pub(super) end: u8,
    pub(super) count: u64,
    pub(super) done: bool,
}

impl Entries<'_, '_> {
    #[inline]
    pub(super) fn at_end(&mut self) -> Result<bool> {
        at_end_tag(self.de, &mut self.done, self.end, "a Map entry or ':'")
    }
    pub(super) fn drain(&mut self) -> Result<u64> {
        while !self.at_end()? {
            self.count += 1;
            self.de.any(IgnoredAny)?;
            self.de.any(IgnoredAny)?;
        }
        Ok(self.count)
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.at_end()? {
            return Ok(None);
        }
        self.count += 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        seed.deserialize(&mut *self.de)
    }
}

/// `Set` values.
pub(super) struct SetValues<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
    pub(super) count: u64,
    pub(super) done: bool,
}

impl<'de> de::SeqAccess<'de> for SetValues<'_, 'de> {
    type Error = Error;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if at_end_tag(
            self.de,
            &mut self.done,
            tag::END_JS_SET,
            "a Set value or ','",
        )? {
            return Ok(None);
        }
        self.count += 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// An `Error` as a map: `name`, then `message`, `stack`, `cause` as they appear.
pub(super) struct ErrorFields<'a, 'de> {
    pub(super) de: &'a mut WireDeserializer<'de>,
    pub(super) name: Option<&'static str>,
    pub(super) pending_name: Option<&'static str>,
    pub(super) pending: Option<u8>,
    pub(super) done: bool,
}

pub(super) enum ErrorField {
    Name(&'static str),
    Message,
    Stack,
    Cause,
}

impl<'de> ErrorFields<'_, 'de> {
    pub(super) fn next_field(&mut self) -> Result<Option<ErrorField>> {
        if let Some(n) = self.name.take() {
            return Ok(Some(ErrorField::Name(n)));
        }
        if self.done {
            return Ok(None);
        }
        self.de.settle()?;
        let at = self.de.r.position();
        let t = match self.pending.take() {
            Some(t) => t,
            None => self.de.r.varint8("an Error subtag")?,
        };
        Ok(Some(match t {
            tag::error::MESSAGE => ErrorField::Message,
            tag::error::STACK => ErrorField::Stack,
            tag::error::CAUSE => ErrorField::Cause,
            tag::error::END => {
                self.done = true;
                return Ok(None);
            }
            other => return Err(Error::at(ErrorKind::InvalidErrorTag(TagByte(other)), at)),
        }))
    }
    pub(super) fn drain(&mut self) -> Result<()> {
        while let Some(field) = self.next_field()? {
            if !matches!(field, ErrorField::Name(_)) {
                self.de.any(IgnoredAny)?;
            }
        }
        Ok(())
    }
}

impl<'de> de::MapAccess<'de> for ErrorFields<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let key = match self.next_field()? {
            None => return Ok(None),
            Some(ErrorField::Name(n)) => {
                self.pending_name = Some(n);
                "name"
            }
            Some(ErrorField::Message) => "message",
            Some(ErrorField::Stack) => "stack",
            Some(ErrorField::Cause) => "cause",
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        if let Some(n) = self.pending_name.take() {
            return seed.deserialize(n.into_deserializer());
        }
        seed.deserialize(&mut *self.de)
    }
}
