//! BigInts of any size, as sign and 64-bit digits.

use std::fmt;

/// A BigInt: sign and little-endian 64-bit magnitude digits, normalised (no
/// high zero digits; zero is never negative). One digit is stored inline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInt(BigRepr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum BigRepr {
    /// Zero (`digit == 0`) or a single digit.
    Small { negative: bool, digit: u64 },
    /// Two or more digits, the highest non-zero.
    Big { negative: bool, digits: Box<[u64]> },
}

impl Default for BigInt {
    fn default() -> BigInt {
        BigInt(BigRepr::Small {
            negative: false,
            digit: 0,
        })
    }
}

impl BigInt {
    /// Builds a BigInt from a sign and little-endian digits, normalising it.
    pub fn new(negative: bool, digits: Vec<u64>) -> BigInt {
        BigInt::from_digits(negative, &digits)
    }
    /// Builds a BigInt from a sign and little-endian digits, normalising it.
    pub fn from_digits(negative: bool, digits: &[u64]) -> BigInt {
        let used = digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1);
        let negative = negative && used > 0;
        match used {
            0 => BigInt::default(),
            1 => BigInt(BigRepr::Small {
                negative,
                digit: digits[0],
            }),
            _ => BigInt(BigRepr::Big {
                negative,
                digits: digits[..used].into(),
            }),
        }
    }
    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        match self.0 {
            BigRepr::Small { negative, .. } | BigRepr::Big { negative, .. } => negative,
        }
    }
    /// Little-endian 64-bit magnitude digits (empty for zero).
    pub fn digits(&self) -> &[u64] {
        match &self.0 {
            BigRepr::Small { digit: 0, .. } => &[],
            BigRepr::Small { digit, .. } => std::slice::from_ref(digit),
            BigRepr::Big { digits, .. } => digits,
        }
    }
    /// The value as an i64 when it fits.
    pub fn to_i64(&self) -> Option<i64> {
        let negative = self.is_negative();
        match self.digits() {
            [] => Some(0),
            [d] if !negative => i64::try_from(*d).ok(),
            [d] => {
                if *d <= 1u64 << 63 {
                    Some((*d as i64).wrapping_neg())
                } else {
                    None
                }
            }
            _ => None,
        }
    }
    /// The value as a u64 when it fits.
    pub fn to_u64(&self) -> Option<u64> {
        match (self.is_negative(), self.digits()) {
            (_, []) => Some(0),
            (false, [d]) => Some(*d),
            _ => None,
        }
    }
    /// The value as an i128 when it fits.
    pub fn to_i128(&self) -> Option<i128> {
        let mag: u128 = match self.digits() {
            [] => 0,
            [a] => *a as u128,
            [a, b] => (*a as u128) | ((*b as u128) << 64),
            _ => return None,
        };
        if self.is_negative() {
            if mag <= 1u128 << 127 {
                Some((mag as i128).wrapping_neg())
            } else {
                None
            }
        } else {
            i128::try_from(mag).ok()
        }
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> BigInt {
        BigInt::from_digits(v < 0, &[v.unsigned_abs()])
    }
}
impl From<u64> for BigInt {
    fn from(v: u64) -> BigInt {
        BigInt::from_digits(false, &[v])
    }
}
impl From<i128> for BigInt {
    fn from(v: i128) -> BigInt {
        let m = v.unsigned_abs();
        BigInt::from_digits(v < 0, &[m as u64, (m >> 64) as u64])
    }
}
impl From<u128> for BigInt {
    fn from(m: u128) -> BigInt {
        BigInt::from_digits(false, &[m as u64, (m >> 64) as u64])
    }
}

impl fmt::Display for BigInt {
    /// Decimal, like JavaScript's `BigInt.prototype.toString()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.digits().is_empty() {
            return f.write_str("0");
        }
        // Repeated division by 10^19 on a scratch copy.
        const CHUNK: u64 = 10_000_000_000_000_000_000;
        let mut mag = self.digits().to_vec();
        let mut chunks = Vec::new();
        while !mag.is_empty() {
            let mut rem: u128 = 0;
            for d in mag.iter_mut().rev() {
                let cur = (rem << 64) | *d as u128;
                *d = (cur / CHUNK as u128) as u64;
                rem = cur % CHUNK as u128;
            }
            chunks.push(rem as u64);
            while mag.last() == Some(&0) {
                mag.pop();
            }
        }
        let mut out = String::with_capacity(chunks.len() * 19 + 1);
        if self.is_negative() {
            out.push('-');
        }
        let mut iter = chunks.iter().rev();
        if let Some(first) = iter.next() {
            out.push_str(&first.to_string());
        }
        for c in iter {
            out.push_str(&format!("{c:019}"));
        }
        f.write_str(&out)
    }
}
