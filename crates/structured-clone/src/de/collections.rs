//! `Map` and `Set`, de-duplicated by SameValueZero as JavaScript does.

use super::{Deserializer, DeserializerDelegate};
use crate::error::{ErrorKind, Result};
use crate::reader::tag;
use crate::value::{BigInt, HeapValue, Value};

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    pub(super) fn read_map(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Map(Vec::new()));
        let mut entries: Vec<(Value, Value)> = Vec::new();
        let mut seen = Dedup::default();
        let mut read = 0u32;
        loop {
            match self.r.peek_tag() {
                None => return Err(self.r.err(ErrorKind::UnexpectedEnd("a Map entry or ':'"))),
                Some(tag::END_JS_MAP) => {
                    self.r.consume_tag();
                    break;
                }
                Some(_) => {
                    let k = normalize_collection_key(self.read_value_fast()?);
                    let v = self.read_value_fast()?;
                    read = read.saturating_add(2);
                    // Map.prototype.set: an existing key keeps its place.
                    match seen.find(entries.iter().map(|e| &e.0), &k) {
                        Some(i) => entries[i].1 = v,
                        None => {
                            seen.add(&k, entries.len());
                            entries.push((k, v));
                        }
                    }
                }
            }
        }
        self.check_count("Map entries (2 per entry)", read)?;
        fill!(self.heap, id, HeapValue::Map(entries));
        Ok(Value::Object(id))
    }

    pub(super) fn read_set(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Set(Vec::new()));
        let mut values: Vec<Value> = Vec::new();
        let mut seen = Dedup::default();
        let mut read = 0u32;
        loop {
            match self.r.peek_tag() {
                None => return Err(self.r.err(ErrorKind::UnexpectedEnd("a Set value or ','"))),
                Some(tag::END_JS_SET) => {
                    self.r.consume_tag();
                    break;
                }
                Some(_) => {
                    let v = normalize_collection_key(self.read_value_fast()?);
                    read = read.saturating_add(1);
                    if seen.find(values.iter(), &v).is_none() {
                        seen.add(&v, values.len());
                        values.push(v);
                    }
                }
            }
        }
        self.check_count("Set values", read)?;
        fill!(self.heap, id, HeapValue::Set(values));
        Ok(Value::Object(id))
    }
}

/// Map keys and Set values: `-0` becomes `+0` (a Smi), as `Map.prototype.set` does.
fn normalize_collection_key(v: Value) -> Value {
    match v {
        Value::Double(d) => {
            if d == 0.0 {
                Value::Int32(0)
            } else {
                Value::Double(d)
            }
        }
        v => v,
    }
}

/// Finds SameValueZero-equal entries: a linear scan for small collections, a
/// hash map once they grow (hostile input must not make decoding quadratic).
#[derive(Default)]
struct Dedup {
    map: Option<std::collections::HashMap<SvzKey, usize>>,
}

#[derive(PartialEq, Eq, Hash)]
enum SvzKey {
    Undefined,
    Null,
    Bool(bool),
    Number(u64),
    BigInt(BigInt),
    String(Vec<u16>),
    Object(u32),
}

const LINEAR_LIMIT: usize = 16;

impl Dedup {
    fn key(v: &Value) -> SvzKey {
        match v {
            Value::Undefined => SvzKey::Undefined,
            Value::Null => SvzKey::Null,
            Value::Bool(b) => SvzKey::Bool(*b),
            Value::Int32(_) | Value::Double(_) => {
                let d = v.as_f64().unwrap_or(0.0);
                let d = if d == 0.0 {
                    0.0
                } else if d.is_nan() {
                    f64::NAN
                } else {
                    d
                };
                SvzKey::Number(d.to_bits())
            }
            Value::BigInt(b) => SvzKey::BigInt(b.clone()),
            Value::String(s) => SvzKey::String(s.code_units().into_owned()),
            Value::Object(id) => SvzKey::Object(id.0),
        }
    }

    fn find<'v>(
        &mut self,
        mut existing: impl ExactSizeIterator<Item = &'v Value>,
        v: &Value,
    ) -> Option<usize> {
        if let Some(map) = &self.map {
            return map.get(&Dedup::key(v)).copied();
        }
        if existing.len() < LINEAR_LIMIT {
            return existing.position(|e| same_value_zero(e, v));
        }
        let map = existing
            .enumerate()
            .map(|(i, e)| (Dedup::key(e), i))
            .collect();
        self.map = Some(map);
        self.map
            .as_ref()
            .and_then(|m| m.get(&Dedup::key(v)).copied())
    }

    fn add(&mut self, v: &Value, index: usize) {
        if let Some(map) = &mut self.map {
            map.insert(Dedup::key(v), index);
        }
    }
}

/// SameValueZero, for Map/Set de-duplication.
fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => match (a, b) {
            (Value::String(x), Value::String(y)) => x.same_text(y),
            _ => a == b,
        },
    }
}
