//! Reading one value of any shape and offering it to a serde visitor.

use super::*;

impl<'de> WireDeserializer<'de> {
    pub(super) fn string_body<V: Visitor<'de>>(&mut self, t: u8, v: V) -> Result<V::Value> {
        let b = self.r.string_bytes(t)?;
        match t {
            tag::ONE_BYTE_STRING => {
                if b.is_ascii() {
                    // SAFETY: ASCII bytes are valid UTF-8.
                    v.visit_borrowed_str(unsafe { std::str::from_utf8_unchecked(b) })
                } else {
                    v.visit_string(b.iter().map(|&c| c as char).collect())
                }
            }
            tag::UTF8_STRING => match std::str::from_utf8(b) {
                Ok(s) => v.visit_borrowed_str(s),
                Err(_) => v.visit_string(String::from_utf8_lossy(b).into_owned()),
            },
            _ => v.visit_string(String::from_utf16_lossy(&utf16_from_le_bytes(b))),
        }
    }

    pub(super) fn bigint<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        let at = self.r.position();
        let bitfield = self.r.varint32("a BigInt bitfield")?;
        let negative = bitfield & 1 == 1;
        let bytes = self.r.raw((bitfield >> 1) as u64, "BigInt digits")?;
        if bytes.is_empty() && negative {
            return Err(Error::at(ErrorKind::NegativeZeroBigInt, at));
        }
        let significant = bytes.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
        if significant > 16 {
            return Err(Error::at(
                ErrorKind::Custom("BigInt does not fit in 128 bits".into()),
                at,
            ));
        }
        let mut mag = [0u8; 16];
        mag[..significant].copy_from_slice(&bytes[..significant]);
        let mag = u128::from_le_bytes(mag);
        match (negative, mag) {
            (false, m) if m <= u64::MAX as u128 => v.visit_u64(m as u64),
            (false, m) => v.visit_u128(m),
            (true, m) if m <= 1 << 63 => v.visit_i64((m as i64).wrapping_neg()),
            (true, m) if m <= 1 << 127 => v.visit_i128((m as i128).wrapping_neg()),
            _ => Err(Error::at(
                ErrorKind::Custom("BigInt does not fit in 128 bits".into()),
                at,
            )),
        }
    }

    /// After bytes of an ArrayBuffer: a following `V` makes the value a view.
    /// The view is read and checked as `crate::de`'s `read_view` does (same
    /// order, so the same error for the same input).
    pub(super) fn buffer_or_view<V: Visitor<'de>>(
        &mut self,
        start: usize,
        buf: BufferSpan,
        v: V,
    ) -> Result<V::Value> {
        let BufferSpan {
            data,
            len,
            resizable,
        } = buf;
        if self.r.peek_tag() != Some(tag::ARRAY_BUFFER_VIEW) {
            return v.visit_borrowed_bytes(&self.r.data()[data..data + len]);
        }
        self.r.consume_tag();
        let at = self.r.position();
        let sub = self.r.varint8("a view subtag")?;
        let off = self.r.varint64("a view byte offset")?;
        let vlen = self.r.varint64("a view byte length")?;
        if off > len as u64 || vlen > len as u64 - off {
            return Err(Error::at(
                ErrorKind::InvalidView("offset or length outside the buffer"),
                at,
            ));
        }
        let flags = if self.view_flags {
            self.r.varint32("view flags")?
        } else {
            0
        };
        let kind = ViewKind::from_wire_tag(sub)
            .ok_or_else(|| Error::at(ErrorKind::InvalidView("unknown view subtag"), at))?;
        let size = kind.element_size();
        if kind != ViewKind::DataView && (off % size != 0 || vlen % size != 0) {
            return Err(Error::at(
                ErrorKind::InvalidView("offset or length not a multiple of the element size"),
                at,
            ));
        }
        // V8's ValidateJSArrayBufferViewFlags (shared buffers never get here).
        let length_tracking = flags & 1 != 0;
        let backed_by_rab = flags & 2 != 0;
        if (length_tracking || backed_by_rab) && !resizable {
            return Err(Error::at(
                ErrorKind::InvalidView("flags need a resizable buffer"),
                at,
            ));
        }
        if resizable && !backed_by_rab {
            return Err(Error::at(
                ErrorKind::InvalidView("a resizable buffer needs the backed-by-RAB flag"),
                at,
            ));
        }
        let s = data + off as usize;
        // A length-tracking view covers whole elements up to the buffer's end
        // (its wire length, 0 from V8, is not its length).
        let vlen = if length_tracking {
            (len - off as usize) / size as usize * size as usize
        } else {
            vlen as usize
        };
        self.leaf_bytes(start, EntryKind::View(s, vlen));
        v.visit_borrowed_bytes(&self.r.data()[s..s + vlen])
    }

    #[inline(never)]
    pub(super) fn any<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        self.settle()?;
        // Common primitives are offered straight from the input: no nesting
        // bookkeeping (the same limit applies), no tag dispatch.
        if self.depth < self.max_depth {
            let rest = &self.r.data()[self.r.position()..];
            match *rest {
                [tag::INT32, ..] => {
                    if let Some(i) = self.take_smi() {
                        return v.visit_i32(i);
                    }
                }
                [tag::ONE_BYTE_STRING, ..] => {
                    if let Some(s) = self.take_short_ascii() {
                        return v.visit_borrowed_str(s);
                    }
                }
                [tag::DOUBLE, ..] => {
                    if let Some(d) = self.take_double() {
                        return visit_number(d, v);
                    }
                }
                [tag::TRUE, ..] => {
                    self.r.skip(1);
                    return v.visit_bool(true);
                }
                [tag::FALSE, ..] => {
                    self.r.skip(1);
                    return v.visit_bool(false);
                }
                _ => {}
            }
        }
        self.nested(|de| de.any_inner(v))
    }

    /// Runs `read` one nesting level deeper: fails past the depth limit, and
    /// grows the stack when it runs low.
    #[inline(always)]
    pub(super) fn nested<R>(&mut self, read: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        if self.depth >= self.max_depth {
            return Err(self.r.err(ErrorKind::DepthLimit(self.max_depth)));
        }
        self.deeper(read)
    }

    /// [`Self::nested`] for a caller that has checked the depth limit.
    #[inline(always)]
    pub(super) fn deeper<R>(&mut self, read: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        self.depth += 1;
        let r = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || read(self))
        } else {
            read(self)
        };
        self.depth -= 1;
        r
    }

    pub(super) fn any_inner<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        let t = self.next_tag()?;
        let at = self.r.position() - 1;
        match t {
            tag::UNDEFINED | tag::NULL => v.visit_unit(),
            tag::TRUE => v.visit_bool(true),
            tag::FALSE => v.visit_bool(false),
            tag::INT32 => v.visit_i32(self.r.zigzag32()?),
            tag::UINT32 => v.visit_u32(self.r.varint32("a uint32")?),
            tag::DOUBLE => visit_number(self.r.double("a double")?, v),
            tag::BIGINT => self.bigint(v),
            tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING => {
                self.string_body(t, v)
            }
            tag::OBJECT_REFERENCE => self.reference(at, v),
            tag::BEGIN_JS_OBJECT => self.object_body(at, v),
            tag::BEGIN_SPARSE_JS_ARRAY => {
                let len = self.r.varint32("a sparse array length")?;
                let id = self.begin(at);
                let mut access = Props::new(self, tag::END_SPARSE_JS_ARRAY, 0);
                let value = v.visit_map(&mut access)?;
                access.close()?;
                self.check_count("array length", len as u64)?;
                self.finish(id);
                Ok(value)
            }
            tag::BEGIN_DENSE_JS_ARRAY => self.dense_body(at, v),
            tag::DATE => {
                let d = self.r.double("a date value")?;
                self.leaf(at);
                v.visit_f64(d)
            }
            tag::TRUE_OBJECT | tag::FALSE_OBJECT => {
                self.leaf(at);
                v.visit_bool(t == tag::TRUE_OBJECT)
            }
            tag::NUMBER_OBJECT => {
                let d = self.r.double("a number object value")?;
                self.leaf(at);
                v.visit_f64(d)
            }
            tag::BIGINT_OBJECT => {
                let id = self.begin(at);
                let r = self.bigint(v);
                self.finish(id);
                r
            }
            tag::STRING_OBJECT => {
                let id = self.begin(at);
                let t = self.next_tag()?;
                if !matches!(
                    t,
                    tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING
                ) {
                    return Err(Error::at(ErrorKind::ExpectedString, self.r.position() - 1));
                }
                let r = self.string_body(t, v);
                self.finish(id);
                r
            }
            tag::REGEXP => {
                // As the value reader reads it: a string, flags V8 accepts,
                // and (unless its work budget is spent) a valid pattern.
                let id = self.begin(at);
                let pattern_at = self.r.position();
                let pattern = match self.next_tag()? {
                    t @ (tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING) => {
                        self.r.string_body(t)?
                    }
                    _ => return Err(Error::at(ErrorKind::ExpectedString, pattern_at)),
                };
                let flags = crate::de::regexp::read_flags(&mut self.r)?;
                crate::de::regexp::check_at(&pattern, flags, &mut self.regexp_budget, pattern_at)?;
                let mut text = format!("/{}/", pattern.to_string_lossy());
                for (bit, c) in crate::value::regexp_flags::LETTERS {
                    if flags & bit != 0 {
                        text.push(c);
                    }
                }
                self.finish(id);
                v.visit_string(text)
            }
            tag::BEGIN_JS_MAP | tag::BEGIN_JS_SET => {
                let id = self.begin(at);
                let (end, per) = if t == tag::BEGIN_JS_MAP {
                    (tag::END_JS_MAP, 2)
                } else {
                    (tag::END_JS_SET, 1)
                };
                let value;
                let count;
                if t == tag::BEGIN_JS_MAP {
                    let mut access = Entries {
                        de: self,
                        end,
                        count: 0,
                        done: false,
                    };
                    value = v.visit_map(&mut access)?;
                    count = access.drain()?;
                } else {
                    let mut access = SetValues {
                        de: self,
                        count: 0,
                        done: false,
                    };
                    value = v.visit_seq(&mut access)?;
                    while !access.done {
                        de::SeqAccess::next_element::<IgnoredAny>(&mut access)?;
                    }
                    count = access.count;
                }
                self.check_count(
                    if per == 2 {
                        "Map entries"
                    } else {
                        "Set values"
                    },
                    count * per,
                )?;
                self.finish(id);
                Ok(value)
            }
            tag::ARRAY_BUFFER | tag::RESIZABLE_ARRAY_BUFFER | tag::IMMUTABLE_ARRAY_BUFFER => {
                let len = self.r.varint64("an ArrayBuffer byte length")?;
                if t == tag::RESIZABLE_ARRAY_BUFFER {
                    let max = self.r.varint64("an ArrayBuffer max byte length")?;
                    if len > max {
                        return Err(self.r.err(ErrorKind::Length {
                            what: "resizable ArrayBuffer",
                            len,
                            limit: max,
                        }));
                    }
                }
                let data = self.r.position();
                self.r.raw(len, "ArrayBuffer contents")?;
                let buf = BufferSpan {
                    data,
                    len: len as usize,
                    resizable: t == tag::RESIZABLE_ARRAY_BUFFER,
                };
                self.leaf_bytes(at, EntryKind::Buffer(buf));
                self.buffer_or_view(at, buf, v)
            }
            tag::HOST_OBJECT => {
                // Node's DefaultSerializer view: type index, byte length, bytes.
                let index = self.r.read_uint32()?;
                let kind = ViewKind::from_node_index(index).ok_or_else(|| {
                    Error::at(
                        ErrorKind::Delegate(format!("unknown host object type index {index}")),
                        at,
                    )
                })?;
                let len = self.r.read_uint32()? as usize;
                let data = self.r.position();
                self.r.read_raw_bytes(len)?;
                let len = len / kind.element_size() as usize * kind.element_size() as usize;
                self.leaf_bytes(at, EntryKind::View(data, len));
                v.visit_borrowed_bytes(&self.r.data()[data..data + len])
            }
            tag::ERROR => {
                let id = self.begin(at);
                let first = self.r.varint8("an Error subtag")?;
                let name = match first {
                    tag::error::EVAL => Some("EvalError"),
                    tag::error::RANGE => Some("RangeError"),
                    tag::error::REFERENCE => Some("ReferenceError"),
                    tag::error::SYNTAX => Some("SyntaxError"),
                    tag::error::TYPE => Some("TypeError"),
                    tag::error::URI => Some("URIError"),
                    _ => None,
                };
                let pending = if name.is_some() { None } else { Some(first) };
                let mut access = ErrorFields {
                    de: self,
                    name: Some(name.unwrap_or("Error")),
                    pending_name: None,
                    pending,
                    done: false,
                };
                let value = v.visit_map(&mut access)?;
                access.drain()?;
                self.finish(id);
                Ok(value)
            }
            tag::ARRAY_BUFFER_TRANSFER
            | tag::SHARED_ARRAY_BUFFER
            | tag::SHARED_OBJECT
            | tag::WASM_MODULE_TRANSFER
            | tag::WASM_MEMORY_TRANSFER => Err(Error::at(
                ErrorKind::Unsupported(
                    "transferred, shared or wasm objects in from_slice (use Deserializer)",
                ),
                at,
            )),
            other => Err(Error::at(
                ErrorKind::UnexpectedTag {
                    expected: "a value tag",
                    found: TagByte(other),
                },
                at,
            )),
        }
    }

    pub(super) fn reference<V: Visitor<'de>>(&mut self, at: usize, v: V) -> Result<V::Value> {
        let id = self.r.varint32("an object id")?;
        let Some((span, kind)) = self.entry(id as usize) else {
            return Err(Error::at(ErrorKind::UnknownReference(id), at));
        };
        if span.end == 0 {
            return Err(Error::at(
                ErrorKind::Custom(format!(
                    "cyclic reference to object {id} cannot be read into Rust data"
                )),
                at,
            ));
        }
        match kind {
            EntryKind::Buffer(buf) => self.buffer_or_view(at, buf, v),
            EntryKind::View(data, len) => v.visit_borrowed_bytes(&self.r.data()[data..data + len]),
            EntryKind::Value => {
                // Each re-read is paid for up front with the object's size.
                let size = span.end - span.start;
                if size > self.replay_budget {
                    return Err(Error::at(
                        ErrorKind::Custom(
                            "shared references expand beyond the work limit; use structured_clone::decode"
                                .into(),
                        ),
                        at,
                    ));
                }
                self.replay_budget -= size;
                let resume = self.r.position();
                self.r.set_position(span.start);
                self.replay += 1;
                let r = self.any(v).and_then(|value| self.settle().map(|()| value));
                self.replay -= 1;
                self.r.set_position(resume);
                r
            }
        }
    }
}
