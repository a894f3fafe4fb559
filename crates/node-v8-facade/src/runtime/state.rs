//! Per-isolate runtime state, kept in an isolate slot so that native
//! callbacks and other crates reach it from any scope.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::rc::Rc;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::event_loop::{Macrotask, RemoteTask};
use super::modules::ModuleMap;

/// Everything the runtime keeps per isolate.
pub(crate) struct RuntimeState {
    /// The object returned by `bootstrap.js` (fireTimer, processTicks, ...).
    pub hooks: Option<v8::Global<v8::Object>>,
    /// Hook functions already looked up on `hooks`.
    pub hook_cache: HashMap<&'static str, v8::Global<v8::Function>>,
    pub timers: TimerQueue,
    pub immediates_total: u32,
    pub immediates_refed: u32,
    /// Whether the JS `process.nextTick` queue is non-empty.
    pub has_ticks: bool,
    pub macrotasks: VecDeque<Macrotask>,
    pub remote_tx: crossbeam_channel::Sender<RemoteTask>,
    pub remote_rx: crossbeam_channel::Receiver<RemoteTask>,
    /// Live `KeepAlive` guards plus in-flight remote tasks.
    pub keep_alive: Arc<AtomicUsize>,
    /// Set by `process.exit` / a fatal error: the loop stops and this is the code.
    pub exit_code: Option<i32>,
    /// The report printed for the last fatal error.
    pub fatal_report: Option<String>,
    /// Message of the exception being reported (TryCatch message, for the source arrow).
    pub pending_message: Option<v8::Global<v8::Message>>,
    /// Source arrow computed for the error being reported.
    pub pending_arrow: Option<String>,
    /// Rejected promises without handler, in rejection order.
    pub unhandled: Vec<(v8::Global<v8::Promise>, v8::Global<v8::Value>)>,
    pub modules: ModuleMap,
    pub v8_module: Option<v8::Global<v8::Object>>,
    /// Promise of the main ES module's evaluation (top-level await).
    pub main_promise: Option<v8::Global<v8::Promise>>,
    pub start: Instant,
    pub time_origin_ms: f64,
}

impl Default for RuntimeState {
    fn default() -> Self {
        let (remote_tx, remote_rx) = crossbeam_channel::unbounded();
        let time_origin_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0);
        RuntimeState {
            hooks: None,
            hook_cache: HashMap::new(),
            timers: TimerQueue::default(),
            immediates_total: 0,
            immediates_refed: 0,
            has_ticks: false,
            macrotasks: VecDeque::new(),
            remote_tx,
            remote_rx,
            keep_alive: Arc::new(AtomicUsize::new(0)),
            exit_code: None,
            fatal_report: None,
            pending_message: None,
            pending_arrow: None,
            unhandled: Vec::new(),
            modules: ModuleMap::default(),
            v8_module: None,
            main_promise: None,
            start: Instant::now(),
            time_origin_ms,
        }
    }
}

/// The runtime state of `isolate` (created on first use).
pub(crate) fn state(isolate: &mut v8::Isolate) -> Rc<RefCell<RuntimeState>> {
    v8_host::state::get_or_init::<RuntimeState>(isolate)
}

/// Armed timers ordered by deadline, then by arming order (Node fires equal
/// deadlines in creation order). Re-arming or cancelling leaves a stale heap
/// entry behind that is skipped by sequence number.
#[derive(Default)]
pub(crate) struct TimerQueue {
    heap: BinaryHeap<Reverse<(Instant, u64, u32)>>,
    armed: HashMap<u32, (u64, bool)>,
    seq: u64,
    /// How many armed timers are ref'ed (keep the loop alive).
    refed: usize,
}

impl TimerQueue {
    /// Arms (or re-arms) timer `id` to fire after `ms` milliseconds.
    pub fn start(&mut self, id: u32, ms: f64, refed: bool) {
        self.seq += 1;
        let ms = if ms.is_finite() {
            ms.clamp(0.0, 2_147_483_647.0)
        } else {
            1.0
        };
        let deadline = Instant::now() + Duration::from_secs_f64(ms / 1000.0);
        self.heap.push(Reverse((deadline, self.seq, id)));
        self.disarm(id);
        self.armed.insert(id, (self.seq, refed));
        self.refed += usize::from(refed);
    }

    fn disarm(&mut self, id: u32) {
        if let Some((_, true)) = self.armed.remove(&id) {
            self.refed -= 1;
        }
    }

    pub fn cancel(&mut self, id: u32) {
        self.disarm(id);
    }

    pub fn set_ref(&mut self, id: u32, refed: bool) {
        if let Some(entry) = self.armed.get_mut(&id) {
            if entry.1 != refed {
                entry.1 = refed;
                if refed {
                    self.refed += 1;
                } else {
                    self.refed -= 1;
                }
            }
        }
    }

    pub fn has_refed(&self) -> bool {
        self.refed > 0
    }

    fn drop_stale(&mut self) {
        while let Some(Reverse((_, seq, id))) = self.heap.peek() {
            if self.armed.get(id).map(|e| e.0) == Some(*seq) {
                break;
            }
            self.heap.pop();
        }
    }

    /// Deadline of the earliest armed timer.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        self.drop_stale();
        self.heap.peek().map(|Reverse((deadline, _, _))| *deadline)
    }

    /// Disarms and returns the earliest timer due at `now`.
    pub fn pop_expired(&mut self, now: Instant) -> Option<u32> {
        self.drop_stale();
        match self.heap.peek() {
            Some(Reverse((deadline, _, id))) if *deadline <= now => {
                let id = *id;
                self.heap.pop();
                self.disarm(id);
                Some(id)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        /// Arm `id`: due now (`true`) or in a day.
        Start(u32, bool, bool),
        Cancel(u32),
        SetRef(u32, bool),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..8u32, any::<bool>(), any::<bool>())
                .prop_map(|(id, due, refed)| Op::Start(id, due, refed)),
            (0..8u32).prop_map(Op::Cancel),
            (0..8u32, any::<bool>()).prop_map(|(id, refed)| Op::SetRef(id, refed)),
        ]
    }

    proptest! {
        /// Against a model: due timers pop in arming order, exactly once;
        /// re-arming/cancelling leaves no stale firing; ref counting is exact.
        #[test]
        fn queue_matches_model(ops in proptest::collection::vec(op(), 0..60)) {
            let mut q = TimerQueue::default();
            // id -> (arming order, due, refed)
            let mut model: HashMap<u32, (usize, bool, bool)> = HashMap::new();
            for (n, op) in ops.iter().enumerate() {
                match *op {
                    Op::Start(id, due, refed) => {
                        q.start(id, if due { 0.0 } else { 86_400_000.0 }, refed);
                        model.insert(id, (n, due, refed));
                    }
                    Op::Cancel(id) => {
                        q.cancel(id);
                        model.remove(&id);
                    }
                    Op::SetRef(id, refed) => {
                        q.set_ref(id, refed);
                        if let Some(entry) = model.get_mut(&id) {
                            entry.2 = refed;
                        }
                    }
                }
                prop_assert_eq!(q.has_refed(), model.values().any(|e| e.2));
            }
            let mut due: Vec<_> = model.iter().filter(|(_, e)| e.1).map(|(id, e)| (e.0, *id)).collect();
            due.sort();
            let now = Instant::now() + Duration::from_millis(5);
            let mut fired = Vec::new();
            while let Some(id) = q.pop_expired(now) {
                fired.push(id);
            }
            prop_assert_eq!(fired, due.iter().map(|(_, id)| *id).collect::<Vec<_>>());
            prop_assert_eq!(q.has_refed(), model.values().any(|e| !e.1 && e.2));
        }
    }

    #[test]
    fn timers_fire_in_deadline_then_creation_order_and_skip_cancelled() {
        let mut q = TimerQueue::default();
        q.start(1, 0.0, true);
        q.start(2, 0.0, true);
        q.start(3, 0.0, false);
        q.cancel(2);
        assert!(q.has_refed());
        let later = Instant::now() + Duration::from_millis(5);
        assert_eq!(q.pop_expired(later), Some(1));
        assert_eq!(q.pop_expired(later), Some(3));
        assert_eq!(q.pop_expired(later), None);
        assert!(!q.has_refed());
    }

    #[test]
    fn rearming_replaces_the_old_deadline() {
        let mut q = TimerQueue::default();
        q.start(7, 0.0, true);
        q.start(7, 60_000.0, true);
        assert_eq!(
            q.pop_expired(Instant::now() + Duration::from_millis(5)),
            None
        );
        assert!(q.next_deadline().is_some());
        q.set_ref(7, false);
        assert!(!q.has_refed());
        q.set_ref(7, true);
        q.set_ref(7, true);
        assert!(q.has_refed());
        q.cancel(7);
        q.cancel(7);
        assert!(!q.has_refed());
    }
}
