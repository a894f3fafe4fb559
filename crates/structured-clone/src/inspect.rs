//! Readable dumps of decoded values, in the spirit of Node's `util.inspect`.
//!
//! ```
//! let g = structured_clone::decode(b"\xff\x0fo\"\x01aI\x02{\x01")?;
//! assert_eq!(structured_clone::inspect::inspect(&g), "{ a: 1 }");
//! # Ok::<(), structured_clone::Error>(())
//! ```

use crate::string::JsString;
use crate::value::{regexp_flags, Graph, Heap, HeapValue, Key, ObjectId, Value, View, ViewKind};
use std::collections::{HashMap, HashSet};

/// The nesting depth [`inspect`] prints in full: 2, as `util.inspect`.
pub const DEFAULT_DEPTH: usize = 2;

/// JavaScript's `Number.prototype.toString()` for `n` (`-0` prints as `0`, as in JS).
pub fn js_number_to_string(n: f64) -> String {
    crate::keys::number_to_string(n)
}

/// Formats a graph like `util.inspect`: shared objects are labelled `<ref *N>` and
/// later occurrences print as `[Circular *N]` (on the current path) or `[Ref *N]`.
/// Objects nested deeper than [`DEFAULT_DEPTH`] print by kind only (see
/// [`inspect_depth`]).
pub fn inspect(g: &Graph) -> String {
    inspect_depth(g, DEFAULT_DEPTH)
}

/// [`inspect`] printing `depth` levels in full, like `util.inspect`'s `depth`
/// option: the root is level 0, and a non-empty object, array, map, set,
/// buffer, view, memory or error with a cause below level `depth` prints as
/// its kind in brackets (`[Object]`, `[Array]`, `[Map]`, `[Uint8Array]`, ...).
/// Any depth is safe for the stack; the text grows with the depth printed
/// (two spaces of indentation per level), so `usize::MAX` on a very deep
/// graph makes output quadratic in its depth.
///
/// ```
/// let g = structured_clone::decode(b"\xff\x0fA\x01A\x01A\x00$\x00\x00$\x00\x01$\x00\x01")?;
/// assert_eq!(structured_clone::inspect::inspect_depth(&g, 0), "[ [Array] ]");
/// assert_eq!(structured_clone::inspect::inspect_depth(&g, 1), "[ [ [] ] ]");
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub fn inspect_depth(g: &Graph, depth: usize) -> String {
    let mut refs: HashMap<ObjectId, usize> = HashMap::new();
    count_refs(g, &g.root, &mut refs);
    let mut p = Printer {
        g,
        refs,
        labels: HashMap::new(),
        path: HashSet::new(),
        depth,
    };
    let node = p.value(&g.root);
    let mut out = String::new();
    layout(&node, 0, &mut out);
    out
}

/// Formats one value of a graph (as [`inspect`]).
pub fn inspect_value(g: &Graph, v: &Value) -> String {
    inspect(&Graph {
        heap: g.heap.clone(),
        root: v.clone(),
    })
}

fn count_refs(g: &Graph, root: &Value, refs: &mut HashMap<ObjectId, usize>) {
    let mut stack = vec![root.clone()];
    while let Some(v) = stack.pop() {
        let Value::Object(id) = v else { continue };
        let n = refs.entry(id).or_insert(0);
        *n += 1;
        if *n > 1 {
            continue;
        }
        let Some(obj) = g.heap.get(id) else { continue };
        match obj {
            HeapValue::Object(p) | HeapValue::SparseArray { properties: p, .. } => {
                stack.extend(p.iter().map(|(_, v)| v.clone()))
            }
            HeapValue::DenseArray {
                elements,
                properties,
            } => {
                stack.extend(elements.iter().flatten().cloned());
                stack.extend(properties.iter().map(|(_, v)| v.clone()));
            }
            HeapValue::Map(e) => e
                .iter()
                .for_each(|(k, v)| stack.extend([k.clone(), v.clone()])),
            HeapValue::Set(s) => stack.extend(s.iter().cloned()),
            HeapValue::View(view) => stack.push(Value::Object(view.buffer)),
            HeapValue::Error(e) => stack.extend(e.cause.iter().cloned()),
            HeapValue::WasmMemory { buffer, .. } => stack.push(Value::Object(*buffer)),
            HeapValue::WasmGrowableSharedArrayBuffer { memory, .. } => {
                stack.push(Value::Object(*memory))
            }
            _ => {}
        }
    }
}

/// A formatted piece: text, or a bracketed list laid out on one or many lines.
enum Node {
    Text(String),
    List {
        open: String,
        items: Vec<Node>,
        close: &'static str,
    },
}

impl Node {
    fn prepend(&mut self, prefix: &str) {
        match self {
            Node::Text(t) | Node::List { open: t, .. } => t.insert_str(0, prefix),
        }
    }
}

impl Drop for Node {
    // Iterative: the default drop recurses once per level of nesting.
    fn drop(&mut self) {
        let Node::List { items, .. } = self else {
            return;
        };
        let mut stack = std::mem::take(items);
        while let Some(mut n) = stack.pop() {
            if let Node::List { items, .. } = &mut n {
                stack.append(items);
            }
        }
    }
}

/// The width of `n` on one line, or some width over `limit` once it is known
/// to exceed it: the walk stops there, so its cost (and recursion) is bounded
/// by `limit`, not by the size of the tree (every level adds a few columns).
fn flat_len(n: &Node, limit: usize) -> usize {
    match n {
        Node::Text(t) => t.len(),
        Node::List { open, items, close } => {
            let mut len = open.len() + close.len() + 2;
            for i in items {
                if len > limit {
                    break;
                }
                len += flat_len(i, limit - len) + 2;
            }
            len
        }
    }
}

const WIDTH: usize = 76;

fn layout(n: &Node, indent: usize, out: &mut String) {
    // One level per nested list, as deep as the depth asked for.
    stacker::maybe_grow(crate::de::STACK_RED_ZONE, crate::de::STACK_SEGMENT, || {
        layout_list(n, indent, out)
    })
}

fn layout_list(n: &Node, indent: usize, out: &mut String) {
    match n {
        Node::Text(t) => out.push_str(t),
        Node::List { open, items, close } => {
            out.push_str(open);
            if items.is_empty() {
                out.push_str(close.trim_start());
                return;
            }
            if indent <= WIDTH
                && flat_len(n, WIDTH - indent) <= WIDTH - indent
                && items
                    .iter()
                    .all(|i| !matches!(i, Node::Text(t) if t.contains('\n')))
            {
                out.push(' ');
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    layout(it, indent, out);
                }
                out.push(' ');
            } else {
                for (i, it) in items.iter().enumerate() {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent + 2));
                    layout(it, indent + 2, out);
                    if i + 1 < items.len() {
                        out.push(',');
                    }
                }
                out.push('\n');
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(close.trim_start());
        }
    }
}

struct Printer<'g> {
    g: &'g Graph,
    refs: HashMap<ObjectId, usize>,
    labels: HashMap<ObjectId, usize>,
    /// The objects being printed: one per level above the current one.
    path: HashSet<ObjectId>,
    /// Levels printed in full.
    depth: usize,
}

fn quote(s: &JsString) -> String {
    let text = s.to_string_lossy();
    let q = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(q);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else {
        js_number_to_string(n)
    }
}

fn key(k: &Key) -> String {
    match k {
        Key::Int32(i) => format!("'{i}'"),
        Key::Double(d) => format!("'{}'", js_number_to_string(*d)),
        Key::String(s) => {
            let t = s.to_string_lossy();
            let ident = t
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
                && t.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
            if ident {
                t.into_owned()
            } else {
                quote(s)
            }
        }
    }
}

/// ISO 8601 like `Date.prototype.toISOString`.
fn iso_date(ms: f64) -> String {
    if ms.is_nan() {
        return "Invalid Date".into();
    }
    let ms = ms as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{y:+07}")
    };
    format!("{year}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let frac = (h & 0x3ff) as f64;
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Element strings of a typed array's bytes.
fn elements(kind: ViewKind, b: &[u8]) -> Vec<String> {
    use ViewKind::*;
    let size = kind.element_size() as usize;
    b.chunks_exact(size)
        .map(|c| match kind {
            Int8 => (c[0] as i8).to_string(),
            Uint8 | Uint8Clamped | NodeBuffer | DataView => c[0].to_string(),
            Int16 => i16::from_le_bytes([c[0], c[1]]).to_string(),
            Uint16 => u16::from_le_bytes([c[0], c[1]]).to_string(),
            Float16 => number(f16_to_f64(u16::from_le_bytes([c[0], c[1]]))),
            Int32 => i32::from_le_bytes([c[0], c[1], c[2], c[3]]).to_string(),
            Uint32 => u32::from_le_bytes([c[0], c[1], c[2], c[3]]).to_string(),
            Float32 => number(f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64),
            Float64 => number(f64::from_le_bytes(c.try_into().unwrap_or([0; 8]))),
            BigInt64 => format!("{}n", i64::from_le_bytes(c.try_into().unwrap_or([0; 8]))),
            BigUint64 => format!("{}n", u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))),
        })
        .collect()
}

fn hex_bytes(b: &[u8], max: usize) -> String {
    let mut s: Vec<String> = b.iter().take(max).map(|x| format!("{x:02x}")).collect();
    if b.len() > max {
        s.push(format!("... {} more bytes", b.len() - max));
    }
    s.join(" ")
}

const MAX_ITEMS: usize = 100;

impl Printer<'_> {
    fn value(&mut self, v: &Value) -> Node {
        Node::Text(match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int32(i) => i.to_string(),
            Value::Double(d) => number(*d),
            Value::BigInt(b) => format!("{b}n"),
            Value::String(s) => quote(s),
            Value::Object(id) => return self.object(*id),
        })
    }

    fn props(&mut self, items: &mut Vec<Node>, props: &[(Key, Value)]) {
        for (k, v) in props {
            let k = key(k);
            items.push(self.prefixed(format!("{k}: "), v));
        }
    }

    fn prefixed(&mut self, prefix: String, v: &Value) -> Node {
        let mut node = self.value(v);
        node.prepend(&prefix);
        node
    }

    fn object(&mut self, id: ObjectId) -> Node {
        if let Some(&n) = self.labels.get(&id) {
            let what = if self.path.contains(&id) {
                "Circular"
            } else {
                "Ref"
            };
            return Node::Text(format!("[{what} *{n}]"));
        }
        let label = if self.refs.get(&id).copied().unwrap_or(0) > 1 {
            let n = self.labels.len() + 1;
            self.labels.insert(id, n);
            format!("<ref *{n}> ")
        } else {
            String::new()
        };
        let Some(obj) = self.g.heap.get(id) else {
            return Node::Text(format!("[missing object {}]", id.0));
        };
        let mut node = match collapsed(&self.g.heap, obj) {
            // Past the depth, as util.inspect: the kind alone.
            Some(kind) if self.path.len() > self.depth => Node::Text(kind),
            _ => {
                self.path.insert(id);
                let node = stacker::maybe_grow(
                    crate::de::STACK_RED_ZONE,
                    crate::de::STACK_SEGMENT,
                    || self.object_body(obj),
                );
                self.path.remove(&id);
                node
            }
        };
        node.prepend(&label);
        node
    }

    fn list(open: impl Into<String>, items: Vec<Node>, close: &'static str) -> Node {
        Node::List {
            open: open.into(),
            items,
            close,
        }
    }

    fn object_body(&mut self, obj: &HeapValue) -> Node {
        let mut items = Vec::new();
        match obj {
            HeapValue::Object(props) => {
                self.props(&mut items, props);
                Self::list("{", items, "}")
            }
            HeapValue::DenseArray {
                elements,
                properties,
            } => {
                let mut holes = 0;
                for e in elements.iter() {
                    if items.len() >= MAX_ITEMS {
                        break;
                    }
                    match e {
                        None => holes += 1,
                        Some(v) => {
                            if holes > 0 {
                                items.push(Node::Text(empty_items(holes)));
                                holes = 0;
                            }
                            items.push(self.value(v));
                        }
                    }
                }
                if holes > 0 {
                    items.push(Node::Text(empty_items(holes)));
                }
                if elements.len() > MAX_ITEMS {
                    items.push(Node::Text(format!(
                        "... {} more items",
                        elements.len() - MAX_ITEMS
                    )));
                }
                self.props(&mut items, properties);
                Self::list("[", items, "]")
            }
            HeapValue::SparseArray { length, properties } => {
                let mut indexed: Vec<(u32, &Value)> = Vec::new();
                let mut named = Vec::new();
                for (k, v) in properties {
                    match crate::keys::canon(k) {
                        crate::keys::Canon::Index(i) => indexed.push((i, v)),
                        _ => named.push((k.clone(), v.clone())),
                    }
                }
                indexed.sort_by_key(|p| p.0);
                let mut next = 0u64;
                for (i, v) in indexed.into_iter().take(MAX_ITEMS) {
                    if i as u64 > next {
                        items.push(Node::Text(empty_items(i as u64 - next)));
                    }
                    items.push(self.value(v));
                    next = i as u64 + 1;
                }
                if (*length as u64) > next {
                    items.push(Node::Text(empty_items(*length as u64 - next)));
                }
                self.props(&mut items, &named);
                Self::list("[", items, "]")
            }
            HeapValue::Date(t) => Node::Text(iso_date(*t)),
            HeapValue::RegExp { pattern, flags } => {
                let f: String = regexp_flags::LETTERS
                    .iter()
                    .filter(|(b, _)| flags & b != 0)
                    .map(|(_, c)| *c)
                    .collect();
                Node::Text(format!("/{}/{f}", pattern.to_string_lossy()))
            }
            HeapValue::BooleanObject(b) => Node::Text(format!("[Boolean: {b}]")),
            HeapValue::NumberObject(n) => Node::Text(format!("[Number: {}]", number(*n))),
            HeapValue::BigIntObject(b) => Node::Text(format!("[BigInt: {b}n]")),
            HeapValue::StringObject(s) => Node::Text(format!("[String: {}]", quote(s))),
            HeapValue::Map(entries) => {
                for (k, v) in entries.iter().take(MAX_ITEMS) {
                    let k = self.value(k);
                    let mut s = String::new();
                    layout(&k, 0, &mut s);
                    items.push(self.prefixed(format!("{s} => "), v));
                }
                Self::list(format!("Map({}) {{", entries.len()), items, "}")
            }
            HeapValue::Set(values) => {
                for v in values.iter().take(MAX_ITEMS) {
                    items.push(self.value(v));
                }
                Self::list(format!("Set({}) {{", values.len()), items, "}")
            }
            HeapValue::ArrayBuffer(ab) => {
                let name = if ab.max_byte_length.is_some() {
                    "ArrayBuffer (resizable)"
                } else {
                    "ArrayBuffer"
                };
                items.push(Node::Text(format!(
                    "[Uint8Contents]: <{}>",
                    hex_bytes(&ab.data, MAX_ITEMS)
                )));
                items.push(Node::Text(format!("byteLength: {}", ab.data.len())));
                if let Some(m) = ab.max_byte_length {
                    items.push(Node::Text(format!("maxByteLength: {m}")));
                }
                if ab.immutable {
                    items.push(Node::Text("immutable: true".into()));
                }
                Self::list(format!("{name} {{"), items, "}")
            }
            HeapValue::SharedArrayBuffer { id } => {
                Node::Text(format!("SharedArrayBuffer {{ id: {id} }}"))
            }
            HeapValue::TransferredArrayBuffer { id } => {
                Node::Text(format!("[Transferred ArrayBuffer {id}]"))
            }
            HeapValue::View(view) => self.view(view),
            HeapValue::Error(e) => {
                let head = match (&e.stack, &e.message) {
                    (Some(s), _) => s.to_string_lossy().into_owned(),
                    (None, Some(m)) => format!("{}: {}", e.prototype.name(), m.to_string_lossy()),
                    (None, None) => e.prototype.name().to_string(),
                };
                match &e.cause {
                    None => Node::Text(format!("[{head}]")),
                    Some(c) => {
                        items.push(self.prefixed("[cause]: ".into(), c));
                        Self::list(format!("[{head}] {{"), items, "}")
                    }
                }
            }
            HeapValue::Host(b) => Node::Text(format!("[HostObject <{}>]", hex_bytes(b, MAX_ITEMS))),
            HeapValue::WasmSharedArrayBuffer { id, byte_length } => Node::Text(format!(
                "SharedArrayBuffer {{ id: {id}, wasmMemory: true, byteLength: {byte_length} }}"
            )),
            HeapValue::WasmGrowableSharedArrayBuffer { id, memory } => {
                items.push(Node::Text(format!("id: {id}")));
                items.push(Node::Text("growable: true".into()));
                items.push(self.prefixed("wasmMemory: ".into(), &Value::Object(*memory)));
                Self::list("SharedArrayBuffer {", items, "}")
            }
            HeapValue::WasmModule { transfer_id } => {
                Node::Text(format!("[WebAssembly.Module transfer {transfer_id}]"))
            }
            HeapValue::WasmMemory {
                maximum_pages,
                memory64,
                buffer,
            } => {
                items.push(Node::Text(match maximum_pages {
                    -1 => "maximumPages: none".into(),
                    n => format!("maximumPages: {n}"),
                }));
                if *memory64 {
                    items.push(Node::Text("memory64: true".into()));
                }
                items.push(self.prefixed("buffer: ".into(), &Value::Object(*buffer)));
                Self::list("WebAssembly.Memory {", items, "}")
            }
            HeapValue::SharedObject { index } => Node::Text(format!("[Shared object {index}]")),
        }
    }

    fn view(&mut self, view: &View) -> Node {
        let bytes = crate::ser::view_bytes(&self.g.heap, view);
        match (view.kind, bytes) {
            (ViewKind::NodeBuffer, Some(b)) => Node::Text(format!("<Buffer {}>", hex_bytes(b, 50))),
            (ViewKind::DataView, _) => {
                let mut items = vec![
                    Node::Text(format!("byteLength: {}", view.byte_length)),
                    Node::Text(format!("byteOffset: {}", view.byte_offset)),
                ];
                items.push(self.prefixed("buffer: ".into(), &Value::Object(view.buffer)));
                Self::list("DataView {", items, "}")
            }
            (kind, Some(b)) => {
                let els = elements(kind, b);
                let n = els.len();
                let mut items: Vec<Node> =
                    els.into_iter().take(MAX_ITEMS).map(Node::Text).collect();
                if n > MAX_ITEMS {
                    items.push(Node::Text(format!("... {} more items", n - MAX_ITEMS)));
                }
                Self::list(format!("{}({n}) [", kind.js_name()), items, "]")
            }
            (kind, None) => {
                let items = vec![self.prefixed("buffer: ".into(), &Value::Object(view.buffer))];
                Self::list(format!("{} {{", kind.js_name()), items, "}")
            }
        }
    }
}

/// What `obj` prints as past the depth limit: `None` for what prints
/// without nesting (scalars, dates, empty containers), as in `util.inspect`.
fn collapsed(heap: &Heap, obj: &HeapValue) -> Option<String> {
    let kind = match obj {
        HeapValue::Object(p) if !p.is_empty() => "Object",
        HeapValue::DenseArray {
            elements,
            properties,
        } if !elements.is_empty() || !properties.is_empty() => "Array",
        HeapValue::SparseArray { length, properties } if *length > 0 || !properties.is_empty() => {
            "Array"
        }
        HeapValue::Map(e) if !e.is_empty() => "Map",
        HeapValue::Set(s) if !s.is_empty() => "Set",
        HeapValue::ArrayBuffer(_) => "ArrayBuffer",
        HeapValue::WasmGrowableSharedArrayBuffer { .. } => "SharedArrayBuffer",
        HeapValue::WasmMemory { .. } => "WebAssembly.Memory",
        HeapValue::Error(e) if e.cause.is_some() => e.prototype.name(),
        HeapValue::View(v) => match (v.kind, crate::ser::view_bytes(heap, v)) {
            // One line of bytes.
            (ViewKind::NodeBuffer, Some(_)) => return None,
            (ViewKind::DataView, _) | (_, None) => v.kind.js_name(),
            (kind, Some(b)) if b.len() >= kind.element_size() as usize => kind.js_name(),
            _ => return None,
        },
        _ => return None,
    };
    Some(format!("[{kind}]"))
}

fn empty_items(n: u64) -> String {
    if n == 1 {
        "<1 empty item>".into()
    } else {
        format!("<{n} empty items>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ArrayBuffer, ErrorObject, ErrorPrototype};

    fn view(heap: &mut Heap, kind: ViewKind) -> HeapValue {
        let buffer = heap.insert(HeapValue::ArrayBuffer(ArrayBuffer::new(vec![1, 2])));
        HeapValue::View(View {
            buffer,
            kind,
            byte_offset: 0,
            byte_length: 2,
            length_tracking: false,
            backed_by_rab: false,
        })
    }

    #[test]
    fn past_the_depth_containers_print_as_their_kind() {
        let mut heap = Heap::new();
        let error = |cause| {
            HeapValue::Error(Box::new(ErrorObject {
                prototype: ErrorPrototype::RangeError,
                message: Some("m".into()),
                stack: None,
                cause,
            }))
        };
        let uint8 = view(&mut heap, ViewKind::Uint8);
        let buffer = view(&mut heap, ViewKind::NodeBuffer);
        let items = [
            HeapValue::Object(vec![("a".into(), Value::Int32(1))]),
            HeapValue::Object(vec![]),
            HeapValue::DenseArray {
                elements: vec![None],
                properties: vec![],
            },
            HeapValue::DenseArray {
                elements: vec![],
                properties: vec![],
            },
            HeapValue::Map(vec![(Value::Int32(1), Value::Int32(2))]),
            HeapValue::Set(vec![]),
            HeapValue::ArrayBuffer(ArrayBuffer::new(vec![1])),
            uint8,
            buffer,
            HeapValue::Date(0.0),
            error(Some(Value::Int32(1))),
            error(None),
        ];
        let elements = items
            .into_iter()
            .map(|v| Some(Value::Object(heap.insert(v))))
            .collect();
        let root = heap.insert(HeapValue::DenseArray {
            elements,
            properties: vec![],
        });
        let g = Graph::from_parts(heap, Value::Object(root));
        assert_eq!(
            inspect_depth(&g, 0),
            "[\n  [Object],\n  {},\n  [Array],\n  [],\n  [Map],\n  Set(0) {},\n  \
             [ArrayBuffer],\n  [Uint8Array],\n  <Buffer 01 02>,\n  \
             1970-01-01T00:00:00.000Z,\n  [RangeError],\n  [RangeError: m]\n]"
        );
        let full = inspect_depth(&g, 1);
        for part in ["{ a: 1 }", "Map(1) { 1 => 2 }", "Uint8Array(2) [ 1, 2 ]"] {
            assert!(full.contains(part), "{full}");
        }
    }

    /// Layout and dropping the formatted tree go as deep as the graph, so
    /// they must not use the thread's stack per level.
    #[test]
    fn any_depth_is_safe_on_a_small_stack() {
        const LEVELS: usize = 2000;
        let mut heap = Heap::new();
        let mut v = Value::Undefined;
        for _ in 0..LEVELS {
            v = Value::Object(heap.insert(HeapValue::DenseArray {
                elements: vec![Some(v)],
                properties: vec![],
            }));
        }
        let g = Graph::from_parts(heap, v);
        let text = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || inspect_depth(&g, usize::MAX))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(text.matches('[').count(), LEVELS);
        let innermost = format!("\n{}undefined\n", " ".repeat(2 * LEVELS));
        assert!(text.contains(&innermost));
    }
}
