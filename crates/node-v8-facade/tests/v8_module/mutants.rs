//! structured-clone's reader against V8 15.2's on damaged input: bytes of
//! arbitrary graphs with a few bytes changed, inserted, removed or cut off.
//! Each must be refused by both readers or read by both as the same value
//! (V8 writes back the bytes we write for the value we read).
//!
//! Two differences are deliberate, and each is recognised precisely:
//! - Error fields out of V8 15.2's order (Node 20 writes a cause before the
//!   stack): we read them, and V8 reads the value once we write it in its order.
//! - Version-13 data that only the second try reads (crbug.com/1284506): V8
//!   does not reset its object ids for that try, so its back-references can
//!   name objects of the failed first try; we number the second try as the
//!   writer did. Such input is recognised by our first try alone failing.

use crate::graphs::{build, spec, v8_writes_back};
use crate::random_graphs::{plain_bytes, v8_read_and_write, v8_safe};
use crate::serdes::{hex_of, v8_serialize};
use crate::{eval, with_module};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use structured_clone::{Graph, HeapValue};

/// splitmix64: mutations reproducible from the seed alone.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    // Never the header: other versions are read by other rules (V8 reads
    // legacy versions below 13, which structured-clone does not).
    for _ in 0..1 + rng.below(3) {
        let at = 2 + rng.below(bytes.len().saturating_sub(2));
        match rng.below(6) {
            0 | 1 if at < bytes.len() => bytes[at] = rng.next() as u8,
            2 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            3 => bytes.insert(at.min(bytes.len()), rng.next() as u8),
            4 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => bytes.truncate(at.max(2)),
        }
    }
}

fn ours(bytes: &[u8]) -> structured_clone::Result<Graph> {
    let mut de = structured_clone::Deserializer::new(bytes);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_graph(root))
}

/// Our first try alone at version-13 `bytes`: a reader told version 12 reads
/// them as version 13 without the second try (views without flags).
fn first_try_fails(bytes: &[u8]) -> bool {
    if bytes.get(..2) != Some(&[0xFF, 13]) {
        return false;
    }
    let mut de = structured_clone::Deserializer::new(&bytes[2..]);
    de.set_wire_format_version(12);
    de.read_value().is_err()
}

/// Whether V8 refused `g` only for its Error fields' order: it reads the same
/// value written in its order.
fn refused_for_error_order(scope: &mut v8::PinScope<'_, '_>, g: &Graph) -> bool {
    let has_cause = g
        .heap
        .iter()
        .any(|(_, o)| matches!(o, HeapValue::Error(e) if e.cause.is_some()));
    let Ok(ours) = plain_bytes(g, 16) else {
        return false;
    };
    has_cause && v8_read_and_write(scope, &ours).is_ok()
}

/// How the two readers judged the mutants, and where they differ.
#[derive(Default)]
struct Tally {
    count: usize,
    both_read: usize,
    both_refused: usize,
    error_order: usize,
    v13_retry: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Judges `bytes` with both readers, V8's in a fresh context (V8's bytes
    /// for a value depend on the shapes its context has seen).
    fn judge(&mut self, scope: &mut v8::PinScope<'_, '_>, bytes: &[u8]) {
        v8::scope!(let scope, scope);
        let context = v8::Context::new(scope, Default::default());
        let scope = &mut v8::ContextScope::new(scope, context);
        self.count += 1;
        let theirs = v8_read_and_write(scope, bytes);
        let mine = ours(bytes);
        let difference = match (&theirs, &mine) {
            (Err(_), Err(_)) => {
                self.both_refused += 1;
                None
            }
            (Ok(got), Ok(g)) => {
                self.both_read += 1;
                let want = plain_bytes(&v8_writes_back(g), 16);
                (want.as_ref().ok() != Some(got)).then(|| {
                    let want = want.map(|w| hex_of(&w)).unwrap_or_else(|e| e.to_string());
                    format!(
                        "read by both\n  V8 writes {}\n  we write  {want}",
                        hex_of(got)
                    )
                })
            }
            (Ok(_), Err(e)) => Some(format!("V8 reads, we refuse: {e}")),
            (Err(e), Ok(_)) => Some(format!("V8 refuses ({e}), we read")),
        };
        let Some(difference) = difference else { return };
        if first_try_fails(bytes) {
            self.v13_retry += 1;
        } else if matches!(&mine, Ok(g) if theirs.is_err() && refused_for_error_order(scope, g)) {
            self.error_order += 1;
        } else {
            self.failures
                .push(format!("{}: {difference}", hex_of(bytes)));
        }
    }

    fn check(self) {
        let Tally {
            count,
            both_read,
            both_refused,
            error_order,
            v13_retry,
            failures,
        } = self;
        eprintln!(
            "{count} mutants: {both_read} read by both, {both_refused} refused by both; \
             set aside: {error_order} for Error field order, {v13_retry} for the version-13 retry"
        );
        assert!(
            both_read > count / 10,
            "only {both_read} of {count} read by both"
        );
        assert!(
            error_order + v13_retry < count / 100,
            "{error_order} + {v13_retry} set aside of {count}"
        );
        assert!(
            failures.is_empty(),
            "{} differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// `MUTANTS` (default `default`) and `MUTANT_SEED` (default 1) from the
/// environment, for longer runs than CI's.
fn settings(default: usize) -> (usize, u64) {
    let var = |name: &str| std::env::var(name).ok().and_then(|s| s.parse().ok());
    (
        var("MUTANTS").unwrap_or(default as u64) as usize,
        var("MUTANT_SEED").unwrap_or(1),
    )
}

#[test]
fn damaged_graphs_are_judged_as_v8_judges_them() {
    let (count, seed) = settings(3000);
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed as u8; 32]),
    );
    let strategy = (proptest::collection::vec(spec(), 1..6), 0usize..8);
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    with_module(|scope| {
        for _ in 0..count {
            let (specs, root) = strategy.new_tree(&mut runner).unwrap().current();
            let mut g = build(&specs, root);
            v8_safe(&mut g);
            let version = [13, 14, 15, 16][rng.below(4)];
            let mut bytes = plain_bytes(&g, version).unwrap();
            mutate(&mut bytes, &mut rng);
            tally.judge(scope, &bytes);
        }
    });
    tally.check();
}

/// The same for values V8 made and wrote (`random_values.js`: holey and
/// double arrays, dictionary objects, two-byte and cons strings, ...).
#[test]
fn damaged_v8_values_are_judged_as_v8_judges_them() {
    let (count, seed) = settings(2000);
    let values = 500;
    let generator = include_str!("random_values.js");
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    with_module(|scope| {
        let made = eval(
            scope,
            &format!("globalThis.values = ({generator})({seed}, {values}); values.length"),
        );
        assert_eq!(made, values.to_string());
        let written: Vec<Vec<u8>> = (0..values)
            .map(|i| v8_serialize(scope, &format!("values[{i}]")))
            .collect();
        for _ in 0..count {
            let mut bytes = written[rng.below(values)].clone();
            mutate(&mut bytes, &mut rng);
            tally.judge(scope, &bytes);
        }
    });
    tally.check();
}
