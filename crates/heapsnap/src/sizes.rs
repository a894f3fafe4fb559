//! A column of byte sizes: 32 bits per node, with the rare sizes of 4 GiB
//! and more (retained sizes of the top of a big heap) in a side map.

use std::collections::HashMap;

/// Marks an entry whose value is in the side map.
const BIG: u32 = u32::MAX;

/// `u64` sizes stored in 32 bits each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sizes {
    small: Vec<u32>,
    big: HashMap<u32, u64>,
}

impl Sizes {
    /// `n` zero sizes.
    pub(crate) fn zeroed(n: usize) -> Self {
        Sizes {
            small: crate::mem::zeroed(n),
            big: HashMap::new(),
        }
    }

    /// The size at `i`.
    #[inline]
    pub(crate) fn get(&self, i: u32) -> u64 {
        match self.small[i as usize] {
            BIG => self.big.get(&i).copied().unwrap_or(BIG as u64),
            s => s as u64,
        }
    }

    /// Sets the size at `i`.
    #[inline]
    pub(crate) fn set(&mut self, i: u32, v: u64) {
        if v >= BIG as u64 {
            self.small[i as usize] = BIG;
            self.big.insert(i, v);
        } else {
            if self.small[i as usize] == BIG {
                self.big.remove(&i);
            }
            self.small[i as usize] = v as u32;
        }
    }

    /// Adds `v` to the size at `i`.
    #[inline]
    pub(crate) fn add(&mut self, i: u32, v: u64) {
        let sum = self.get(i) + v;
        self.set(i, sum);
    }

    /// The 32-bit entries (for prefetching).
    pub(crate) fn small(&self) -> &[u32] {
        &self.small
    }
}

#[cfg(test)]
mod tests {
    use super::Sizes;

    #[test]
    fn sizes_of_4_gib_and_more_round_trip() {
        let mut s = Sizes::zeroed(3);
        s.set(0, 5);
        s.set(1, u32::MAX as u64);
        s.add(1, 1);
        s.add(2, u32::MAX as u64 - 1);
        s.add(2, 1);
        assert_eq!(
            (s.get(0), s.get(1), s.get(2)),
            (5, u32::MAX as u64 + 1, u32::MAX as u64)
        );
        s.set(1, 7);
        assert_eq!(s.get(1), 7);
    }
}
