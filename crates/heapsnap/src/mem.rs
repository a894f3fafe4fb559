//! Allocation helpers for the big columns. Zero-filled vectors come straight
//! from `alloc_zeroed` (fresh OS pages, no extra pass). Transparent huge pages
//! were tried and dropped: with the common `defrag=madvise` setting the
//! kernel compacts memory on every fault, which cost more system time
//! (4.9 s vs 2.0 s on a 1.2 GB snapshot) than the faults it saved.

/// `vec![value; n]` for non-zero fill values.
pub(crate) fn filled<T: Copy>(n: usize, value: T) -> Vec<T> {
    vec![value; n]
}

/// `vec![0; n]` (fresh zero pages from the OS, no extra pass).
pub(crate) fn zeroed<T>(n: usize) -> Vec<T>
where
    Vec<T>: ZeroedVec,
{
    <Vec<T> as ZeroedVec>::zeroed(n)
}

/// Vectors `vec![0; n]` can allocate with `alloc_zeroed`.
pub(crate) trait ZeroedVec {
    fn zeroed(n: usize) -> Self;
}

impl ZeroedVec for Vec<u32> {
    fn zeroed(n: usize) -> Self {
        vec![0; n]
    }
}

impl ZeroedVec for Vec<u64> {
    fn zeroed(n: usize) -> Self {
        vec![0; n]
    }
}

/// Turns per-bucket counts in `first[i + 1]` into CSR offsets and places
/// items: `place` is called with a callback `put(bucket, item)` for every
/// item, in the same order as during counting. Returns the items.
pub(crate) fn fill_csr(
    first: &mut [u32],
    place: impl FnOnce(&mut dyn FnMut(usize, u32)),
) -> Vec<u32> {
    let n = first.len() - 1;
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut items: Vec<u32> = zeroed(first[n] as usize);
    // Use `first[b]` as the cursor of bucket b; afterwards first[b] = end of
    // b = start of b + 1, so shift back by one.
    place(&mut |bucket, item| {
        items[first[bucket] as usize] = item;
        first[bucket] += 1;
    });
    first.copy_within(0..n, 1);
    first[0] = 0;
    items
}

/// `v.reserve_exact(additional)`: columns are sized once, never doubled.
pub(crate) fn reserve<T>(v: &mut Vec<T>, additional: usize) {
    v.reserve_exact(additional);
}

/// Hints the CPU to fetch `slice[i]` into cache (no effect if `i` is out of
/// range or on other architectures). Graph walks know which nodes come next
/// long before they read them; fetching ahead overlaps the cache misses.
#[inline(always)]
pub(crate) fn prefetch<T>(slice: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = slice.get(i) {
        // SAFETY: a prefetch is only a hint: it never faults and has no
        // visible effect; the address is that of a live element anyway.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                x as *const T as *const i8,
            )
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}
