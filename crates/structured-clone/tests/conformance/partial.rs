//! Partial reads: a visitor that reads only the first entries of each
//! container must get exactly the outcome (value or error with its offset) of
//! a full read, the deserializer skipping and checking the rest. Shared by the
//! property tests and the `serde` fuzz target (which includes this file).

/// The outcomes, as `Debug` text, of a full read of `bytes` and of a read
/// that keeps only the first `keep` entries of every container.
pub fn full_and_partial(bytes: &[u8], keep: usize) -> (String, String) {
    let full = read_with(bytes, std::marker::PhantomData::<serde::de::IgnoredAny>).map(|_| ());
    let partial = read_with(bytes, Stopper { keep });
    (format!("{full:?}"), format!("{partial:?}"))
}

/// Reads one value with `seed` as `from_slice` does, `end` included.
fn read_with<'de, S: serde::de::DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> structured_clone::Result<S::Value> {
    let mut de = structured_clone::serde_de::WireDeserializer::new(bytes);
    de.read_header()?;
    let v = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Reads any value but only the first `keep` entries of each object, array,
/// `Map` and `Set`: the deserializer must skip (and check) the rest exactly
/// as a full read would.
#[derive(Clone, Copy)]
struct Stopper {
    keep: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for Stopper {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! accept {
    ($($name:ident: $t:ty),*) => {
        $(fn $name<E: serde::de::Error>(self, _: $t) -> Result<(), E> { Ok(()) })*
    };
}

impl<'de> serde::de::Visitor<'de> for Stopper {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("anything")
    }
    accept!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128,
        visit_u128: u128, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        for _ in 0..self.keep {
            if a.next_element_seed(self)?.is_none() {
                break;
            }
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        for _ in 0..self.keep {
            if a.next_key_seed(self)?.is_none() {
                break;
            }
            a.next_value_seed(self)?;
        }
        Ok(())
    }
}
