//! Large column allocation: ask Linux for transparent huge pages on big
//! vectors (the system default is often `madvise`), which removes most of
//! the page faults of filling hundreds of MB of columns.

/// `vec![value; n]`, backed by huge pages where available.
pub(crate) fn filled<T: Copy>(n: usize, value: T) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    advise_huge(&v);
    v.resize(n, value);
    v
}

/// `v.reserve_exact(additional)`, backed by huge pages where available.
pub(crate) fn reserve<T>(v: &mut Vec<T>, additional: usize) {
    v.reserve_exact(additional);
    advise_huge(v);
}

fn advise_huge<T>(v: &Vec<T>) {
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes < (8 << 20) {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let start = v.as_ptr() as usize;
        let aligned = (start + 4095) & !4095;
        let end = start + bytes;
        if end > aligned {
            // SAFETY: advice on pages of our own allocation; it never changes contents.
            unsafe {
                libc::madvise(
                    aligned as *mut libc::c_void,
                    end - aligned,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
}
