//! Per-isolate state for independent crates, kept in isolate slots.

use std::cell::RefCell;
use std::rc::Rc;

/// Returns this isolate's instance of `T`, creating it with `T::default()`
/// on first use.
///
/// Use a crate-private type for `T`: slots are keyed by `TypeId`, so private
/// types guarantee that crates sharing an isolate never see each other's
/// state. The `Rc` is cloned out so the caller can keep using the isolate
/// (or a scope over it) while holding the state; never hold a `borrow_mut`
/// across a call that may re-enter JavaScript.
pub fn get_or_init<T: Default + 'static>(isolate: &mut v8::Isolate) -> Rc<RefCell<T>> {
    if let Some(existing) = isolate.get_slot::<Rc<RefCell<T>>>() {
        return existing.clone();
    }
    let fresh = Rc::new(RefCell::new(T::default()));
    isolate.set_slot(fresh.clone());
    fresh
}

/// Returns this isolate's instance of `T` if one was created.
pub fn get<T: 'static>(isolate: &v8::Isolate) -> Option<Rc<RefCell<T>>> {
    isolate.get_slot::<Rc<RefCell<T>>>().cloned()
}

/// Removes and returns this isolate's instance of `T`.
pub fn take<T: 'static>(isolate: &mut v8::Isolate) -> Option<Rc<RefCell<T>>> {
    isolate.remove_slot::<Rc<RefCell<T>>>()
}

/// Marker slot for [`mark_snapshot_creator`].
struct SnapshotCreatorMarker;

/// Records that `isolate` was made by `v8::Isolate::snapshot_creator`
/// (rusty_v8 does not expose this). Call it right after creating a snapshot
/// creator: some V8 APIs crash in such an isolate (heap iteration in
/// `HeapProfiler::QueryObjects` walks a read-only space that is still being
/// built), and the crates refuse them when the marker is set.
pub fn mark_snapshot_creator(isolate: &mut v8::Isolate) {
    isolate.set_slot(Rc::new(SnapshotCreatorMarker));
}

/// Whether [`mark_snapshot_creator`] was called for `isolate`.
pub fn is_snapshot_creator(isolate: &v8::Isolate) -> bool {
    isolate.get_slot::<Rc<SnapshotCreatorMarker>>().is_some()
}
