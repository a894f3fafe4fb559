//! The `source` V8 keeps for a RegExp made from a pattern: V8's
//! `JSRegExp::Initialize` and `EscapeRegExpSource`, which `RegExp.prototype.source`
//! shows and `ValueSerializer` writes.

use crate::string::{JsStr, JsString};

const BACKSLASH: u16 = b'\\' as u16;
const SLASH: u16 = b'/' as u16;

/// `pattern` as V8 keeps it: `(?:)` for the empty pattern; `/` outside a
/// character class and line terminators escaped, a backslash before a line
/// terminator dropped (the terminator gets its own escape). A one-byte or
/// two-byte pattern keeps its representation.
pub(super) fn v8_source(pattern: &JsString) -> JsString {
    if pattern.is_empty() {
        return JsString::from("(?:)");
    }
    let units = pattern.code_units();
    let mut out = Vec::with_capacity(units.len());
    let mut in_class = false;
    let mut i = 0;
    while let Some(&c) = units.get(i) {
        i += 1;
        match c {
            BACKSLASH if units.get(i).is_some_and(|&n| escape(n).is_some()) => continue,
            BACKSLASH => {
                // An escape: the next unit is copied as it is.
                out.push(c);
                out.extend(units.get(i));
                i += 1;
                continue;
            }
            SLASH if !in_class => out.push(BACKSLASH),
            0x5B => in_class = true,  // '['
            0x5D => in_class = false, // ']'
            _ => {}
        }
        match escape(c) {
            Some(text) => out.extend(text.encode_utf16()),
            None => out.push(c),
        }
    }
    match pattern.repr() {
        JsStr::TwoByte(_) => JsString::two_byte(out),
        _ => JsString::from_utf16(out),
    }
}

/// The escape V8 writes for a line terminator.
fn escape(c: u16) -> Option<&'static str> {
    match c {
        0x0A => Some("\\n"),
        0x0D => Some("\\r"),
        0x2028 => Some("\\u2028"),
        0x2029 => Some("\\u2029"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn source(p: &str) -> String {
        v8_source(&JsString::from(p)).to_string_lossy().into_owned()
    }

    #[test]
    fn sources_as_v8_keeps_them() {
        // `new RegExp(p).source` in Node 20 for each pattern.
        for (pattern, want) in [
            ("", "(?:)"),
            ("a/b", "a\\/b"),
            ("a\\/b", "a\\/b"),
            ("[/]/", "[/]\\/"),
            ("[\\]/]/", "[\\]/]\\/"),
            ("a\nb\rc", "a\\nb\\rc"),
            ("a\\\nb", "a\\nb"),
            ("\u{2028}\u{2029}", "\\u2028\\u2029"),
            ("é/€", "é\\/€"),
        ] {
            assert_eq!(source(pattern), want, "{pattern:?}");
        }
        // A trailing backslash (no valid pattern, but no panic either).
        assert_eq!(source("x\\"), "x\\");
    }

    #[test]
    fn representation_is_kept() {
        let two = JsString::two_byte(vec![0x61, 0x2F]);
        assert!(matches!(v8_source(&two).repr(), JsStr::TwoByte(u) if *u == [0x61, 0x5C, 0x2F]));
        let one = JsString::from("a/é");
        assert_eq!(v8_source(&one).as_one_byte(), Some(&b"a\\/\xE9"[..]));
        // The empty pattern becomes the one-byte "(?:)" either way.
        let empty = JsString::two_byte(Vec::new());
        assert_eq!(v8_source(&empty).as_one_byte(), Some(&b"(?:)"[..]));
    }

    proptest! {
        // What V8 keeps is already escaped: escaping it again changes
        // nothing, and no raw line terminator is left.
        #[test]
        fn escaping_is_idempotent(units in proptest::collection::vec(
            prop_oneof![Just(0x5Cu16), Just(0x2F), Just(0x5B), Just(0x5D), Just(0x0A),
                Just(0x0D), Just(0x2028), Just(0x2029), Just(0x61), any::<u16>()],
            0..24,
        )) {
            let once = v8_source(&JsString::two_byte(units));
            let twice = v8_source(&once);
            prop_assert_eq!(twice.code_units(), once.code_units());
            prop_assert!(!once.code_units().iter().any(|&c| escape(c).is_some()));
        }
    }
}
