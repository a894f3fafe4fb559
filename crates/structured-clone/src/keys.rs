//! Property-key canonicalisation: JavaScript turns every key into an array
//! index or a string, so `1`, `1.0` and `"1"` name the same property.

use crate::string::JsStr;
use crate::value::Key;
use std::borrow::Cow;

/// Largest array index (2^32 - 2).
pub(crate) const MAX_INDEX: u32 = u32::MAX - 1;

/// A key in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Canon<'k> {
    /// An array index.
    Index(u32),
    /// Latin-1 text that is not an index.
    Bytes(&'k [u8]),
    /// UTF-16 text that is not an index.
    Units(Cow<'k, [u16]>),
}

/// JavaScript `Number::toString` for a double.
pub(crate) fn number_to_string(d: f64) -> String {
    if d == 0.0 {
        return "0".to_string();
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format(d).to_string()
}

pub(crate) fn double_index(d: f64) -> Option<u32> {
    if d >= 0.0 && d <= MAX_INDEX as f64 && d.trunc() == d {
        Some(d as u32)
    } else {
        None
    }
}

pub(crate) fn canon(key: &Key) -> Canon<'_> {
    match key {
        Key::Int32(i) if *i >= 0 => Canon::Index(*i as u32),
        Key::Int32(i) => Canon::owned_text(i.to_string()),
        Key::Double(d) => match double_index(*d) {
            Some(i) => Canon::Index(i),
            None => Canon::owned_text(number_to_string(*d)),
        },
        Key::String(s) => match s.as_array_index() {
            Some(i) => Canon::Index(i),
            None => match s.repr() {
                JsStr::OneByte(b) => Canon::Bytes(b),
                JsStr::TwoByte(u) => Canon::Units(Cow::Borrowed(u)),
                JsStr::Utf8(_) => Canon::Units(s.code_units()),
            },
        },
    }
}

impl Canon<'_> {
    fn owned_text(s: String) -> Canon<'static> {
        Canon::Units(Cow::Owned(s.encode_utf16().collect()))
    }

    /// Whether this is the string `length`.
    pub(crate) fn is_length(&self) -> bool {
        self.same(&Canon::Bytes(b"length"))
    }

    /// Equality across representations.
    pub(crate) fn same(&self, other: &Canon<'_>) -> bool {
        match (self, other) {
            (Canon::Index(a), Canon::Index(b)) => a == b,
            (Canon::Bytes(a), Canon::Bytes(b)) => a == b,
            (Canon::Units(a), Canon::Units(b)) => a == b,
            (Canon::Bytes(a), Canon::Units(b)) | (Canon::Units(b), Canon::Bytes(a)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(&x, &y)| x as u16 == y)
            }
            _ => false,
        }
    }

    fn hash(&self) -> u64 {
        // FNV-1a over code units; indices hash into a separate space.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |u: u64| {
            h ^= u;
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        match self {
            Canon::Index(i) => {
                mix(0x1_0000_0000 | *i as u64);
            }
            Canon::Bytes(b) => b.iter().for_each(|&c| mix(c as u64)),
            Canon::Units(u) => u.iter().for_each(|&c| mix(c as u64)),
        }
        h
    }

    /// A readable form for error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Canon::Index(i) => i.to_string(),
            Canon::Bytes(b) => b.iter().map(|&c| c as char).collect(),
            Canon::Units(u) => String::from_utf16_lossy(u),
        }
    }
}

/// Returns the first key that repeats an earlier one.
pub(crate) fn find_duplicate<'k>(keys: &[Canon<'k>]) -> Option<usize> {
    if keys.len() <= 12 {
        for i in 1..keys.len() {
            if keys[..i].iter().any(|k| k.same(&keys[i])) {
                return Some(i);
            }
        }
        return None;
    }
    let mut hashed: Vec<(u64, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.hash(), i))
        .collect();
    hashed.sort_unstable();
    let mut found: Option<usize> = None;
    for w in hashed.windows(2) {
        if w[0].0 == w[1].0 {
            // Equal hashes: compare every pair in this run of equal hashes.
            let (a, b) = (w[0].1, w[1].1);
            if keys[a].same(&keys[b]) {
                let later = a.max(b);
                found = Some(found.map_or(later, |f| f.min(later)));
            }
        }
    }
    if found.is_none() {
        // Runs of three or more equal hashes may hide a non-adjacent pair.
        let mut start = 0;
        while start < hashed.len() {
            let mut end = start + 1;
            while end < hashed.len() && hashed[end].0 == hashed[start].0 {
                end += 1;
            }
            if end - start > 2 {
                for x in start..end {
                    for y in x + 1..end {
                        let (a, b) = (hashed[x].1, hashed[y].1);
                        if keys[a].same(&keys[b]) {
                            let later = a.max(b);
                            found = Some(found.map_or(later, |f| f.min(later)));
                        }
                    }
                }
            }
            start = end;
        }
    }
    found
}
