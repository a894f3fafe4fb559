//! The canonical description of a decoded value that `tests/vectors/gen.js` computes
//! in JavaScript (`describe()`), computed here from a `Graph`.

use serde_json::{json, Value as Json};
use std::collections::HashMap;
use structured_clone::inspect::js_number_to_string;
use structured_clone::{
    regexp_flags, Graph, HeapValue, JsString, Key, ObjectId, Value, View, ViewKind,
};

pub fn describe(g: &Graph, default_mode: bool) -> Json {
    let mut d = Describer {
        g,
        default_mode,
        ids: HashMap::new(),
    };
    d.value(&g.root)
}

struct Describer<'g> {
    g: &'g Graph,
    default_mode: bool,
    ids: HashMap<ObjectId, usize>,
}

/// A number as gen.js's `describe()` prints it: JS `String(n)`, but `-0` kept.
pub fn js_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else {
        js_number_to_string(n)
    }
}

fn num(n: f64) -> Json {
    json!(js_number(n))
}

fn string(s: &JsString) -> Json {
    match s.to_str() {
        Some(t) => json!(t),
        None => json!({ "utf16": s.code_units().to_vec() }),
    }
}

/// A key in JavaScript's canonical form: an index or a string.
fn key_text(k: &Key) -> (Option<u32>, String) {
    let text = match k {
        Key::Int32(i) => i.to_string(),
        Key::Double(d) => js_number_to_string(*d),
        Key::String(s) => s.to_string_lossy().into_owned(),
    };
    let index = match text.parse::<u64>() {
        Ok(i) if i < 4294967295 && i.to_string() == text => Some(i as u32),
        _ => None,
    };
    (index, text)
}

impl Describer<'_> {
    fn value(&mut self, v: &Value) -> Json {
        match v {
            Value::Undefined => json!(["undefined"]),
            Value::Null => json!(["null"]),
            Value::Bool(b) => json!(["bool", b]),
            Value::Int32(i) => json!(["number", i.to_string()]),
            Value::Double(d) => json!(["number", num(*d)]),
            Value::BigInt(b) => json!(["bigint", b.to_string()]),
            Value::String(s) => json!(["string", string(s)]),
            Value::Object(id) => self.object(*id),
        }
    }

    /// Object.keys order: indices ascending, then strings in insertion order.
    fn props<'a>(
        &mut self,
        entries: impl Iterator<Item = (Option<u32>, String, &'a Value)>,
    ) -> Json {
        let mut all: Vec<_> = entries.collect();
        all.sort_by_key(|(i, _, _)| i.map_or((1, 0), |i| (0, i)));
        Json::Array(
            all.into_iter()
                .map(|(_, k, v)| json!([k, self.value(v)]))
                .collect(),
        )
    }

    fn object(&mut self, id: ObjectId) -> Json {
        if let Some(&n) = self.ids.get(&id) {
            return json!(["ref", n]);
        }
        let n = self.ids.len();
        self.ids.insert(id, n);
        let g = self.g;
        match &g.heap[id] {
            HeapValue::Object(props) => {
                let p = self.props(props.iter().map(|(k, v)| {
                    let (i, t) = key_text(k);
                    (i, t, v)
                }));
                json!(["object", n, p])
            }
            HeapValue::DenseArray {
                elements,
                properties,
            } => {
                let els = elements
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| e.as_ref().map(|v| (Some(i as u32), i.to_string(), v)));
                let props = properties.iter().map(|(k, v)| {
                    let (i, t) = key_text(k);
                    (i, t, v)
                });
                let p = self.props(els.chain(props));
                json!(["array", n, elements.len(), p])
            }
            HeapValue::SparseArray { length, properties } => {
                let p = self.props(properties.iter().map(|(k, v)| {
                    let (i, t) = key_text(k);
                    (i, t, v)
                }));
                json!(["array", n, length, p])
            }
            HeapValue::Date(t) => json!(["date", n, num(*t)]),
            HeapValue::RegExp { pattern, flags } => {
                let mut f = String::new();
                for c in "dgimsuvy".chars() {
                    let bit = regexp_flags::LETTERS
                        .iter()
                        .find(|(_, l)| *l == c)
                        .unwrap()
                        .0;
                    if flags & bit != 0 {
                        f.push(c);
                    }
                }
                json!(["regexp", n, pattern.to_string_lossy(), f])
            }
            HeapValue::BooleanObject(b) => json!(["Boolean", n, b]),
            HeapValue::NumberObject(x) => json!(["Number", n, num(*x)]),
            HeapValue::BigIntObject(b) => json!(["BigInt", n, b.to_string()]),
            HeapValue::StringObject(s) => json!(["String", n, string(s)]),
            HeapValue::Map(entries) => {
                let e: Vec<Json> = entries
                    .iter()
                    .map(|(k, v)| json!([self.value(k), self.value(v)]))
                    .collect();
                json!(["map", n, e])
            }
            HeapValue::Set(values) => {
                let e: Vec<Json> = values.iter().map(|v| self.value(v)).collect();
                json!(["set", n, e])
            }
            HeapValue::ArrayBuffer(ab) => {
                json!(["arraybuffer", n, crate::hex(&ab.data), ab.max_byte_length])
            }
            HeapValue::View(view) => self.view(n, view),
            HeapValue::Error(e) => {
                let cause = e.cause.as_ref().map(|c| self.value(c));
                json!([
                    "error",
                    n,
                    e.prototype.name(),
                    e.message.as_ref().map(string),
                    e.stack.as_ref().map(string),
                    cause
                ])
            }
            other => json!(["unsupported", format!("{other:?}")]),
        }
    }

    fn view(&mut self, n: usize, view: &View) -> Json {
        let HeapValue::ArrayBuffer(ab) = &self.g.heap[view.buffer] else {
            return json!(["view-without-buffer"]);
        };
        let start = view.byte_offset as usize;
        let size = view.kind.element_size() as usize;
        let end = if view.length_tracking {
            start + (ab.data.len() - start) / size * size
        } else {
            start + view.byte_length as usize
        };
        let ctor = if view.kind == ViewKind::NodeBuffer {
            "Buffer"
        } else {
            view.kind.js_name()
        };
        let bytes = crate::hex(&ab.data[start..end]);
        if self.default_mode {
            json!(["view", n, ctor, bytes])
        } else {
            let buffer = self.object(view.buffer);
            json!(["view", n, ctor, bytes, view.byte_offset, buffer])
        }
    }
}
