//! RegExp pattern syntax check, as V8's `JSRegExp::New` does on read.
//!
//! V8 compiles a deserialized RegExp's pattern and fails the read when it is
//! not a valid JavaScript regular expression under its flags. The syntax is
//! checked here by parsing with `regress` (an ECMAScript regex engine), after
//! one scan of the pattern. The rule is to never reject a pattern V8
//! accepts, so the pattern is accepted unchecked where the answers could
//! differ or the parse could get expensive:
//! - regress's own size limits (nesting, captures, loops): V8 has other ones;
//! - patterns longer than [`MAX_CHECKED_LEN`] code units or nested deeper than
//!   [`MAX_DEPTH`], with over [`MAX_PROPERTY_ESCAPES`] property escapes or
//!   [`MAX_STRINGS`] strings (length and escapes count [`ICASE_SLOWDOWN`] times in a
//!   `(?i:…)` group), or whose duplicate-name check or `v`-mode set
//!   operations would cost regress quadratic work (see [`scan`]).
//!
//! Where regress reads a pattern differently from V8, the pattern is given to
//! it as V8 reads it (see [`code_points`]), and `\b*` (which regress allows)
//! is rejected by the scan. tests/vectors/regexp.json holds V8 15.2's
//! verdicts on 22,780 pattern and flag pairs: the check accepts every one V8
//! accepts, and rejects all but 6 of those V8 rejects.

use crate::error::{Error, ErrorKind};
use crate::reader::Reader;
use crate::string::{JsStr, JsString};
use crate::value::regexp_flags;
// The parser alone (what `Regex::from_unicode` runs before compiling): the
// check needs no matcher, and skipping the compiler halves its cost.
use regress::backends::try_parse;

/// Longer patterns are not checked: some regress steps are quadratic in the
/// number of class ranges, and V8's own limits differ at that size anyway.
const MAX_CHECKED_LEN: usize = 16 * 1024;
/// Deeper patterns are accepted unchecked: regress refuses nesting past 256
/// (V8 has a limit of its own), and this keeps clear of it. With this, the
/// length limit (at most 16 Ki groups or loops) and the budgets below,
/// regress's size limits are never reached; they are still accepted below.
const MAX_DEPTH: usize = 250;
/// Upper bound of element comparisons regress may spend on duplicate group
/// names or `v`-mode string sets (a few milliseconds).
const WORK_BUDGET: u64 = 4_000_000;
/// Element comparisons allowed for `v`-mode set operations on strings
/// (`[\p{RGI_Emoji}--\p{RGI_Emoji}]` takes 1.6e7, about 10 ms).
const SET_WORK_BUDGET: u64 = 20_000_000;
/// Strings regress may hold for string properties and `\q{}` (one
/// `\p{RGI_Emoji}`, which takes about a millisecond to build).
const MAX_STRINGS: u64 = 4096;
/// Unicode property escapes: each builds a set of up to a thousand ranges
/// (some tens of microseconds).
const MAX_PROPERTY_ESCAPES: u64 = 32;
/// How much more the limits above count inside `(?i:…)`: case folding makes
/// regress's ranges, property escapes and strings several times slower.
const ICASE_SLOWDOWN: u64 = 8;
/// Work one deserializer may spend checking patterns, in units of about a
/// microsecond (see [`Scan::cost`]): a blob of costly patterns (each
/// `(?i:\p{L}\p{L}\p{L})` takes regress about a millisecond) is then read in
/// about a tenth of a second, the rest of its patterns unchecked.
pub(crate) const WORK_PER_DESERIALIZER: u64 = 100_000;
/// Units one Unicode property escape costs regress (tens of microseconds).
const PROPERTY_ESCAPE_COST: u64 = 40;
/// Stack one nesting level of the regress parser may take (unoptimised builds
/// included), so deep patterns get a fresh stack segment first.
const STACK_PER_LEVEL: usize = 24 * 1024;

/// Reads a RegExp's flag bits, refusing those V8 refuses: unknown bits,
/// `l` (the experimental linear engine is off by default) and `u` with `v`.
pub(crate) fn read_flags(r: &mut Reader<'_>) -> crate::Result<u32> {
    let at = r.position();
    let flags = r.varint32("RegExp flags")?;
    let bad = (u32::MAX << 9) | regexp_flags::LINEAR;
    let uv = regexp_flags::UNICODE | regexp_flags::UNICODE_SETS;
    if flags & bad != 0 || flags & uv == uv {
        return Err(Error::at(ErrorKind::InvalidRegExpFlags(flags), at));
    }
    Ok(flags)
}

/// [`check`] as a reader's error at `at`, the pattern's offset.
pub(crate) fn check_at(
    pattern: &JsString,
    flags: u32,
    budget: &mut u64,
    at: usize,
) -> crate::Result<()> {
    check(pattern, flags, budget).map_err(|reason| {
        let pattern = pattern.to_string_lossy().into_owned();
        Error::at(ErrorKind::InvalidRegExp { pattern, reason }, at)
    })
}

/// Checks `pattern` under the `flags` bits: `Err(reason)` when V8 would throw
/// a SyntaxError for it (with regress's description of the problem).
///
/// `budget` is the work left for this deserializer: a pattern costing more
/// is accepted unchecked, as V8 might accept it; a checked one spends its cost.
fn check(pattern: &JsString, flags: u32, budget: &mut u64) -> Result<(), String> {
    // `v` implies Unicode mode for the syntax; i, m, s, g, y, d do not change it.
    let sets = flags & regexp_flags::UNICODE_SETS != 0;
    let unicode = sets || flags & regexp_flags::UNICODE != 0;
    let parse_flags = regress::Flags {
        unicode,
        unicode_sets: sets,
        no_opt: true,
        ..regress::Flags::default()
    };
    match pattern.repr() {
        JsStr::OneByte(b) => {
            let units = b.iter().map(|&c| u32::from(c));
            check_units(units, b.len(), parse_flags, false, budget)
        }
        JsStr::TwoByte(u) => check_two_byte(u, parse_flags, budget),
        // V8 decodes a UTF-8 pattern leniently, as `code_units` does.
        JsStr::Utf8(_) => check_two_byte(&pattern.code_units(), parse_flags, budget),
    }
}

fn check_two_byte(units: &[u16], flags: regress::Flags, budget: &mut u64) -> Result<(), String> {
    let surrogates = units.iter().any(|&c| is_surrogate(u32::from(c)));
    check_units(
        units.iter().map(|&c| u32::from(c)),
        units.len(),
        flags,
        surrogates,
        budget,
    )
}

fn check_units<I>(
    units: I,
    len: usize,
    flags: regress::Flags,
    surrogates: bool,
    budget: &mut u64,
) -> Result<(), String>
where
    I: Iterator<Item = u32> + Clone,
{
    // Without syntax characters a pattern is literal text, valid in every mode.
    let syntax = |ch: u32| ch < 0x80 && b"\\^$.*+?()[]{}|".contains(&(ch as u8));
    if len > MAX_CHECKED_LEN || !units.clone().any(syntax) {
        return Ok(());
    }
    let scan = scan(units.clone(), flags);
    if scan.quantified_boundary {
        // V8: "Nothing to repeat" (regress lets `\b*` through).
        return Err("nothing to repeat after \\b or \\B".into());
    }
    let Some(depth) = scan.depth else {
        return Ok(());
    };
    if scan.cost > *budget {
        return Ok(());
    }
    *budget -= scan.cost;
    let need = (depth + 4) * STACK_PER_LEVEL;
    let parse = |points: &mut dyn FnMut() -> Result<(), regress::Error>| {
        stacker::maybe_grow(need, need * 2, points)
    };
    let res = if surrogates || scan.escaped_lead_surrogate || scan.braced_u_escape {
        let points = code_points(units, flags);
        parse(&mut || try_parse(points.iter().copied(), flags).map(drop))
    } else {
        parse(&mut || try_parse(units.clone(), flags).map(drop))
    };
    match res {
        Ok(()) => Ok(()),
        // regress's own limits, not JavaScript syntax.
        Err(e) if e.text.contains("limit exceeded") || e.text.contains("too deeply nested") => {
            Ok(())
        }
        Err(e) => Err(e.text),
    }
}

fn is_surrogate(unit: u32) -> bool {
    (0xD800..0xE000).contains(&unit)
}
fn is_lead(unit: u32) -> bool {
    (0xD800..0xDC00).contains(&unit)
}

/// The pattern as V8's parser sees it, for regress: surrogate pairs are one
/// code point in Unicode mode and in group names (elsewhere a non-Unicode
/// pattern is code units, so `[😀-\uFFFF]` is a valid range from the low
/// surrogate). regress joins an escaped pair (`\uD83D\uDE00`) in any mode,
/// V8 only in Unicode mode, and regress fails on `\uD83D\u{…}`: so a
/// `\uD800`-`\uDBFF` escape V8 would not join becomes that code unit. Also,
/// regress reads `\u{…}` as an escape in every mode.
fn code_points<I: Iterator<Item = u32> + Clone>(mut units: I, flags: regress::Flags) -> Vec<u32> {
    let c = |ch: char| ch as u32;
    let escaped_unit = |it: &mut I| -> Option<u32> {
        // `\u` has been read: exactly four hex digits.
        (0..4)
            .map(|_| {
                it.next()
                    .and_then(char::from_u32)
                    .and_then(|c| c.to_digit(16))
            })
            .try_fold(0, |v, d| d.map(|d| v * 16 + d))
    };
    let mut out = Vec::new();
    let (mut class_depth, mut in_name, mut last_lead) = (0usize, false, false);
    while let Some(ch) = units.next() {
        if ch == c('\\') {
            let next = units.next();
            if next == Some(c('u')) && !in_name {
                let mut ahead = units.clone();
                if let Some(unit) = escaped_unit(&mut ahead).filter(|&u| is_lead(u)) {
                    let mut after = ahead.clone();
                    let joins = flags.unicode
                        && after.next() == Some(c('\\'))
                        && after.next() == Some(c('u'))
                        && escaped_unit(&mut after).is_some_and(|u| is_surrogate(u) && !is_lead(u));
                    if !joins {
                        out.push(unit);
                        units = ahead;
                        last_lead = false;
                        continue;
                    }
                }
            }
            // Without `u`, `\u{…}` is the letter u and a brace (Annex B),
            // except in group names; regress reads it as a code point.
            let braced = next == Some(c('u')) && units.clone().next() == Some(c('{'));
            if !(braced && !flags.unicode && !in_name) {
                out.push(ch);
            }
            out.extend(next);
            in_name |=
                next == Some(c('k')) && class_depth == 0 && units.clone().next() == Some(c('<'));
            last_lead = false;
            continue;
        }
        if in_name {
            in_name = ch != c('>');
        } else if class_depth > 0 {
            if ch == c(']') {
                class_depth -= 1;
            } else if ch == c('[') && flags.unicode_sets {
                class_depth += 1;
            }
        } else if ch == c('[') {
            class_depth = 1;
        } else if ch == c('(') {
            let mut ahead = units.clone();
            in_name = ahead.next() == Some(c('?'))
                && ahead.next() == Some(c('<'))
                && !matches!(ahead.next(), Some(x) if x == c('=') || x == c('!'));
        }
        match out.last_mut() {
            Some(lead)
                if last_lead && is_surrogate(ch) && !is_lead(ch) && (flags.unicode || in_name) =>
            {
                *lead = 0x10000 + ((*lead - 0xD800) << 10) + (ch - 0xDC00);
                last_lead = false;
            }
            _ => {
                out.push(ch);
                last_lead = is_lead(ch);
            }
        }
    }
    out
}

/// What one pass over the pattern tells before regress parses it.
struct Scan {
    /// Nesting depth of groups and classes (for the stack), or `None` when
    /// parsing could take regress more than its budget (see the module doc).
    depth: Option<usize>,
    /// `\b` or `\B` with a quantifier, outside a class: always a SyntaxError.
    quantified_boundary: bool,
    /// A `\uD800`-`\uDBFF` escape.
    escaped_lead_surrogate: bool,
    /// A `\u{` without `u` or `v` (where it is `u{`, see [`code_points`]).
    braced_u_escape: bool,
    /// Estimated parse work, in units of about a microsecond.
    cost: u64,
}

/// Scans the pattern once, tracking classes as V8 does (`\` escapes the next
/// unit; a class ends at its first unescaped `]`, and nests only with `v`).
///
/// regress records each named group's path of enclosing alternatives and
/// compares every two groups of one name (names² × depth), and `v`-mode `&&`
/// and `--` compare string sets pairwise (operations × strings²).
fn scan<I: Iterator<Item = u32> + Clone>(mut points: I, flags: regress::Flags) -> Scan {
    const fn c(ch: char) -> u32 {
        ch as u32
    }
    let (mut depth, mut max_depth, mut class_depth) = (0usize, 0usize, 0usize);
    let (mut named, mut property_strings, mut strings, mut set_ops) = (0u64, 0u64, 0u64, 0u64);
    let (mut property_escapes, mut len, mut icase) = (0u64, 0u64, false);
    let (mut quantified_boundary, mut escaped_lead_surrogate) = (false, false);
    let mut braced_u_escape = false;
    let mut prev = 0u32;
    while let Some(ch) = points.next() {
        len += 1;
        if ch == c('\\') {
            len += 1;
            let next = points.next().unwrap_or(0);
            let mut ahead = points.clone();
            let (a, b) = (ahead.next().unwrap_or(0), ahead.next().unwrap_or(0));
            if (next == c('p') || next == c('P')) && a == c('{') {
                property_escapes += 1;
                // Possibly a property of strings, by the first letter of its
                // name, with its number of strings in regress 0.12.
                property_strings += match char::from_u32(b) {
                    Some('R') => 3953, // RGI_Emoji and its parts
                    Some('B') => 1400, // Basic_Emoji
                    Some('E') => 12,   // Emoji_Keycap_Sequence
                    _ => 0,
                };
            } else if next == c('q') {
                strings += 1;
            } else if next == c('u') {
                let lead = [c('8'), c('9'), c('a'), c('b'), c('A'), c('B')];
                escaped_lead_surrogate |= (a == c('d') || a == c('D')) && lead.contains(&b);
                braced_u_escape |= a == c('{') && !flags.unicode;
            } else if (next == c('b') || next == c('B')) && class_depth == 0 {
                quantified_boundary |= is_quantifier(points.clone());
            }
            prev = 0;
            continue;
        }
        if class_depth > 0 {
            match ch {
                _ if ch == c(']') => class_depth -= 1,
                _ if ch == c('[') && flags.unicode_sets => class_depth += 1,
                _ if (ch == c('&') || ch == c('-')) && prev == ch => set_ops += 1,
                _ if ch == c('|') => strings += 1,
                _ => {}
            }
        } else if ch == c('[') {
            class_depth = 1;
        } else if ch == c('(') {
            depth += 1;
            icase |= is_icase_modifier(points.clone());
        } else if ch == c(')') {
            depth = depth.saturating_sub(1);
        } else if ch == c('<') && prev == c('?') {
            named += 1;
        }
        max_depth = max_depth.max(depth + class_depth);
        prev = ch;
    }
    let named_cost = named
        .saturating_mul(named)
        .saturating_mul(max_depth as u64 + 1);
    // Property escapes exist only in Unicode mode, and properties of
    // strings and set operations only with `v`.
    let property_escapes = if flags.unicode { property_escapes } else { 0 };
    let (property_strings, set_ops) = match flags.unicode_sets {
        true => (property_strings, set_ops),
        false => (0, 0),
    };
    let strings = property_strings + strings + 1;
    let set_cost = set_ops.saturating_mul(strings).saturating_mul(strings);
    // regress case-folds the contents of `(?i:…)` (the `i` flag itself is
    // not given to it: it does not change the syntax), several times slower.
    let slow = if icase { ICASE_SLOWDOWN } else { 1 };
    let costly = max_depth > MAX_DEPTH
        || len * slow > MAX_CHECKED_LEN as u64
        || named_cost > WORK_BUDGET
        || strings > MAX_STRINGS
        || property_escapes * slow > MAX_PROPERTY_ESCAPES
        || set_cost > SET_WORK_BUDGET;
    let cost = (1 + len / 256 + property_escapes * PROPERTY_ESCAPE_COST + strings / 16) * slow
        + (named_cost + set_cost) / 1000;
    Scan {
        depth: (!costly).then_some(max_depth),
        cost,
        quantified_boundary,
        escaped_lead_surrogate,
        braced_u_escape,
    }
}

/// Whether the units after a `(` open a modifier group that sets `i`
/// (`(?i:`, `(?mi-s:`, ...; not `(?-i:`).
fn is_icase_modifier<I: Iterator<Item = u32>>(mut points: I) -> bool {
    if points.next() != Some(u32::from(b'?')) {
        return false;
    }
    let (mut icase, mut removing) = (false, false);
    for ch in points.take(8) {
        match char::from_u32(ch) {
            Some('i') => icase |= !removing,
            Some('-') => removing = true,
            Some('m' | 's') => {}
            Some(':') => return icase,
            _ => return false,
        }
    }
    false
}

/// Whether the units start with a quantifier: `*`, `+`, `?`, `{n}`, `{n,}`
/// or `{n,m}` (another `{` is a literal in non-Unicode mode).
fn is_quantifier<I: Iterator<Item = u32>>(mut points: I) -> bool {
    let digit = |ch: u32| (u32::from(b'0')..=u32::from(b'9')).contains(&ch);
    match points.next().and_then(char::from_u32) {
        Some('*' | '+' | '?') => true,
        Some('{') => {
            let mut digits = 0;
            let mut comma = false;
            for ch in points {
                match char::from_u32(ch) {
                    Some('}') => return digits > 0,
                    Some(',') if !comma && digits > 0 => comma = true,
                    _ if digit(ch) => digits += 1,
                    _ => return false,
                }
            }
            false
        }
        _ => false,
    }
}
