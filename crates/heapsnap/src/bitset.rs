//! A fixed-size bit set (one bit per node or edge).

#[derive(Debug, Clone, Default)]
pub(crate) struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub(crate) fn new(len: usize) -> Self {
        BitSet {
            words: vec![0; len.div_ceil(64)],
        }
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> bool {
        self.words[i >> 6] & (1u64 << (i & 63)) != 0
    }

    /// The 64-bit words (bit `i` is in word `i / 64`), for prefetching.
    pub(crate) fn words(&self) -> &[u64] {
        &self.words
    }

    #[inline]
    pub(crate) fn set(&mut self, i: usize) {
        self.words[i >> 6] |= 1u64 << (i & 63);
    }
}

/// A vector of 2-bit values (four per byte), for small per-node enums.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Packed2 {
    bytes: Vec<u8>,
    len: usize,
}

impl Packed2 {
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.bytes
            .reserve_exact((self.len + additional).div_ceil(4) - self.bytes.len());
    }

    /// Appends `v`, saturated to 3.
    pub(crate) fn push(&mut self, v: u64) {
        if self.len.is_multiple_of(4) {
            self.bytes.push(0);
        }
        let last = self.bytes.len() - 1;
        self.bytes[last] |= (v.min(3) as u8) << (2 * (self.len % 4));
        self.len += 1;
    }

    pub(crate) fn get(&self, i: usize) -> Option<u8> {
        (i < self.len).then(|| (self.bytes[i / 4] >> (2 * (i % 4))) & 3)
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    pub(crate) fn capacity_bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::Packed2;

    #[test]
    fn packed2_round_trips_and_saturates() {
        let mut p = Packed2::default();
        p.reserve(10);
        let values = [0u64, 1, 2, 3, 7, 2, 1, 0, 2, 255];
        for &v in &values {
            p.push(v);
        }
        for (i, &v) in values.iter().enumerate() {
            assert_eq!(p.get(i), Some(v.min(3) as u8));
        }
        assert_eq!(p.get(values.len()), None);
    }
}
