//! The snapshot's string table, stored as one byte buffer plus end offsets
//! (one allocation instead of one `String` per entry).

/// All strings of a snapshot, addressed by their index in the file's
/// `strings` array.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StringTable {
    bytes: String,
    ends: Vec<usize>,
}

impl StringTable {
    /// Builds a table from decoded bytes and end offsets. Invalid UTF-8
    /// (only possible in hand-made files, V8 escapes all non-ASCII) is
    /// replaced per string.
    pub(crate) fn from_parts(bytes: Vec<u8>, ends: Vec<usize>) -> Self {
        let valid = std::str::from_utf8(&bytes).is_ok();
        let bytes = match String::from_utf8(bytes) {
            Ok(s) if ends.iter().all(|&e| s.is_char_boundary(e)) => s,
            other => {
                let raw = match other {
                    Ok(s) => s.into_bytes(),
                    Err(e) => e.into_bytes(),
                };
                let _ = valid;
                return Self::lossy(&raw, &ends);
            }
        };
        StringTable { bytes, ends }
    }

    fn lossy(raw: &[u8], ends: &[usize]) -> Self {
        let mut t = StringTable::default();
        let mut start = 0;
        for &end in ends {
            t.push(&String::from_utf8_lossy(&raw[start..end]));
            start = end;
        }
        t
    }

    /// Appends a string, returning its index.
    pub fn push(&mut self, s: &str) -> u32 {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
        (self.ends.len() - 1) as u32
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string at `index`, or `""` if out of range.
    pub fn get(&self, index: u32) -> &str {
        let i = index as usize;
        if i >= self.ends.len() {
            return "";
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// Bytes used by the table (text plus offsets).
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }

    /// Iterates over all strings in index order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len()).map(move |i| self.get(i as u32))
    }
}
