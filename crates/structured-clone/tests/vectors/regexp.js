#!/usr/bin/env node
// Regenerates regexp.json: RegExp patterns with flags and whether the engine
// running this script accepts them (`new RegExp(p, f)` does not throw), which
// is what V8's ValueDeserializer requires of a RegExp (`JSRegExp::New`).
// The oracle is V8 15.2 (the workspace's pinned engine), through `nodev8`:
//   cd /work/main && source .ci/env.sh && cargo run -q -p node-v8-facade --bin nodev8 -- \
//     crates/structured-clone/tests/vectors/regexp.js > crates/structured-clone/tests/vectors/regexp.json
// (`node` runs it too, but Node 20's V8 11.3 lacks `(?i:)` modifiers and
// duplicate named groups.) Plain JavaScript: no modules, output on stdout.
// Each case is [pattern, flags, accepted]; a pattern with lone surrogates is
// given as an array of UTF-16 code units (JSON text cannot hold them).
'use strict';

// A small deterministic PRNG (mulberry32), so the corpus is reproducible.
let seed = 0x5eed1234;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

const patterns = new Set();
const add = (p) => patterns.add(p);

// Hand-picked: Annex B web-compat syntax, Unicode-mode errors, new syntax.
[
  '', 'a', '(', ')', '[', ']', '{', '}', '|', '*', '+', '?', 'a**', 'a??', 'a{1}', 'a{1,}', 'a{1,2}',
  'a{2,1}', '{', 'a{', 'a{1', 'a{1,', 'a{,1}', '{1}', 'x{1}{1}', 'a{1}?', 'a{99999999999999999999}',
  'a{1,99999999999999999999}', '\\', 'a\\', '\\c', '\\c1', '\\ca', '\\cZ', '\\c_', '[\\c]', '[\\c1]',
  '[\\c_]', '[\\c-]', '\\1', '\\8', '\\9', '\\01', '\\00', '\\0', '\\07', '\\377', '\\400', '(a)\\1',
  '(a)\\2', '\\1(a)', '(a)\\10', '[\\1]', '[\\8]', '[\\0]', '[\\00]', '\\k', '\\k<a>', '\\k<a',
  '(?<a>x)\\k<a>', '(?<a>x)\\k<b>', '(?<a>x)\\k', '\\k<a>(?<a>x)', '(?<a>)(?<a>)', '(?<a>)|(?<a>)',
  '((?<a>)|(?<a>))', '(?:(?<a>)|(?<a>))(?<a>)', '(?<a>)|((?<a>)|(?<a>))', '(?<𝒜>x)', '(?<\\u{1d49c}>x)',
  '(?<\\ud835\\udc9c>x)', '(?<a\\u0041>x)', '(?<1a>x)', '(?<$>x)', '(?<_>x)', '(?<a-b>x)', '(?<>x)',
  '(?<a>x', '(?a)', '(?', '(?:', '(?:a)', '(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '(?=a)*', '(?!a)+',
  '(?=a){2}', '(?<=a)*', '(?<!a)?', '^*', '$+', '\\b*', '\\B{1}', '(?i:a)', '(?-i:a)', '(?i-i:a)',
  '(?ii:a)', '(?i-:a)', '(?-:a)', '(?:)', '(?m:a)', '(?s-m:a)', '(?ims:a)', '(?x:a)', '(?i)a',
  '(?i:a', '(?i-s:a)', '(?--i:a)', '\\p{L}', '\\P{L}', '\\p{Lu}', '\\p{Letter}', '\\p{General_Category=L}',
  '\\p{gc=Lu}', '\\p{Script=Latin}', '\\p{sc=Grek}', '\\p{Script_Extensions=Latin}', '\\p{scx=Latn}',
  '\\p{ASCII}', '\\p{Any}', '\\p{Assigned}', '\\p{ASCII_Hex_Digit}', '\\p{Emoji}', '\\p{RGI_Emoji}',
  '\\P{RGI_Emoji}', '\\p{Basic_Emoji}', '\\p{Emoji_Keycap_Sequence}', '\\p{RGI_Emoji_Flag_Sequence}',
  '\\p{RGI_Emoji_ZWJ_Sequence}', '[\\p{RGI_Emoji}]', '[^\\p{RGI_Emoji}]', '\\p{Unknown}', '\\p{l}',
  '\\p{Script=Unknown}', '\\p{Script}', '\\p{=L}', '\\p{L', '\\p', '\\pL', '\\p{}', '\\P{Any}', '[\\p{L}]',
  '[^\\P{L}]', '\\p{Lowercase_Letter}', '\\p{Script=Hira}', '\\p{Block=Basic_Latin}', '\\p{InBasicLatin}',
  '[a-z]', '[z-a]', '[a-]', '[-a]', '[a-\\d]', '[\\d-a]', '[\\d-\\w]', '[\\w-]', '[a-\\s]', '[--]',
  '[\\b]', '[\\B]', '[\\-]', '[\\]]', '[]', '[^]', '[[]', '[[]]', '[a[b]]', '[\\q{abc}]', '[\\q{a|bc}]',
  '[a&&b]', '[a--b]', '[[a]&&[b]]', '[[a]--[b]]', '[\\w&&\\d]', '[\\w--\\d]', '[\\w&&\\d&&a]',
  '[\\w--\\d--a]', '[\\w&&\\d--a]', '[a&&&b]', '[a&&]', '[&&a]', '[a--]', '[a-z--b]', '[(]', '[)]',
  '[{]', '[}]', '[/]', '[|]', '[\\(]', '[a&b]', '[a!!b]', '[a##b]', '[a$$b]', '[a%%b]', '[a**b]',
  '[a++b]', '[a,,b]', '[a..b]', '[a::b]', '[a;;b]', '[a<<b]', '[a==b]', '[a>>b]', '[a??b]', '[a@@b]',
  '[a^^b]', '[a``b]', '[a~~b]', '[\\p{RGI_Emoji}--\\q{x}]', '[\\p{RGI_Emoji}&&\\p{Emoji}]',
  '[\\p{Emoji}--\\p{ASCII}]', '[[\\p{L}--[a-z]]&&\\p{ASCII}]', '[\\q{}]', '[\\q{a}', '[\\q]', '\\q{a}',
  '\\u', '\\u1', '\\u12', '\\u123', '\\u1234', '\\u{1}', '\\u{10FFFF}', '\\u{110000}', '\\u{}',
  '\\u{1F600}', '\\uD83D\\uDE00', '\\uD83D', '[\\uD83D\\uDE00-\\uFFFF]', '[\\u{1F600}-\\u{1F601}]',
  '[\\u{1F601}-\\u{1F600}]', '\\x', '\\x1', '\\x12', '\\xg', '\\a', '\\e', '\\z', '\\Z', '\\_', '\\-',
  '\\ ', '\\/', '\\.', '\\$', '\\^', '\\%', '\\@', '\\!', '\\"', "\\'", '\\<', '\\>', '\\=', '\\~',
  '\\#', '\\&', '\\,', '\\:', '\\;', '\\`', '\\d', '\\D', '\\s', '\\S', '\\w', '\\W', '\\n', '\\r',
  '\\t', '\\v', '\\f', 'a|', '|a', '||', '()', '(()', '())', '(?:a|b)*', '(a)*\\1', '(?<=a)b',
  '(?<=(?<a>x))\\k<a>', 'x(?=y)*', 'x(?!y){1,2}', '\\b+', '^?', '$?', 'a{,}', 'a{,5}', '\\}', '\\{',
  '\\]', '}', ']', 'a]', 'a}', '{}', '{a}', '{1,2', 'x{1,2}?', '[\\s-\\S]', '[\\S-a]',
  '\\p{Script_Extensions=Unknown}', '\\p{General_Category=Unknown}', '\\p{scx=Zzzz}', '\\p{sc=Zyyy}',
  '\\p{Lu}\\p{Ll}\\p{Lt}', '(?<a>.)(?<b>.)\\k<a>\\k<b>', '(?<a>.)(?<b>.)(?<a>.)', '\\0\\1\\2\\3',
  '\\08', '\\80', '[\\08]', '\\c\\d', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', '(a)\\01', '\\k<a>|(?<a>x)',
  '\\u{61}{2}', '\\u{2}', '[\\u{61}-\\u{62}]', '[\\u{62}-\\u{61}]', '(?<\\u{61}>x)\\k<\\u{61}>', '(?<a\\u{62}>x)\\k<ab>',
  '\\u{', '\\u{}', '\\u{61', 'x\\u{1,2}', '\\u{1F600}+', '[\\u{1F600}-\\u{1F601}]{1}', '\\\\u{61}*',
  '(?<\\u{1d49c}>x)\\k<\\u{1d49c}>', '[\\\\u{61}]', '\\u{ 1}', '\\u{110000}*',
].forEach(add);

// Every ASCII escape, inside and outside a class.
for (let c = 0x20; c < 0x7f; c++) {
  const ch = String.fromCharCode(c);
  add('\\' + ch); add('[\\' + ch + ']'); add('\\c' + ch); add('[\\c' + ch + ']');
  add('a' + ch + 'b'); add('[' + ch + ']'); add(ch); add(ch + '*'); add('[a' + ch + ch + 'b]');
}
// Quantifiers after every kind of atom.
const atoms = ['a', '.', '\\d', '[a]', '(a)', '(?:a)', '(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '^', '$',
  '\\b', '\\B', '\\1', '(?<n>a)', '\\k<n>', '\\p{L}', '\\u{61}', '\\cA', '\\c', '{', '}', ']', '\\q{a}',
  '(?i:a)', '(?<=a)(?<n>b)'];
const quants = ['', '*', '+', '?', '{1}', '{1,}', '{1,2}', '{2,1}', '*?', '{', '{1', '{1,2', '??', '**'];
for (const a of atoms) for (const q of quants) add(a + q);
// Property names and values (valid and not).
const props = ['L', 'Lu', 'Ll', 'Nd', 'N', 'P', 'Cn', 'Co', 'LC', 'Letter', 'Cased_Letter', 'Alpha',
  'Alphabetic', 'White_Space', 'ID_Start', 'ID_Continue', 'Emoji_Presentation', 'Extended_Pictographic',
  'Changes_When_NFKC_Casefolded', 'Bidi_M', 'Bidi_Mirrored', 'Hex', 'Ideographic', 'Dash', 'Math',
  'Noncharacter_Code_Point', 'Regional_Indicator', 'Lowercase', 'Uppercase', 'foo', 'L_', 'lu',
  'Script=Latn', 'Script=Latin', 'Script=latin', 'sc=Cyrl', 'scx=Grek', 'Script_Extensions=Greek',
  'General_Category=Lu', 'gc=L', 'gc=Letter', 'gc=Foo', 'Script=Foo', 'Script=Kawi', 'Script=Nag_Mundari',
  'sc=Unknown', 'sc=Zzzz', 'Script=Sunuwar', 'Script=Todhri', 'General_Category', 'Script', 'sc',
  'Line_Break=AL', 'Basic_Emoji', 'Emoji_Keycap_Sequence', 'RGI_Emoji_Modifier_Sequence',
  'RGI_Emoji_Flag_Sequence', 'RGI_Emoji_Tag_Sequence', 'RGI_Emoji_ZWJ_Sequence', 'RGI_Emoji',
  'Emoji_Component', 'Emoji_Modifier', 'Emoji_Modifier_Base', 'Any', 'ASCII', 'Assigned', 'Cs',
  'Surrogate', 'Private_Use', 'Titlecase_Letter', 'Lt', 'Me', 'Mn', 'Mc', 'Zs', 'Zl', 'Zp', 'Sc',
  'Sk', 'Sm', 'So', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'Cc', 'Cf', 'C', 'M', 'S', 'Z'];
for (const p of props) {
  add('\\p{' + p + '}'); add('\\P{' + p + '}'); add('[\\p{' + p + '}a]'); add('[^\\p{' + p + '}]');
}
// Literal non-ASCII and surrogates (pairs and lone ones).
['é', 'ÿ', '\u0100', '😀', '[😀]', '[😀-😁]', '[😁-😀]', '[😀-\uffff]', '\ud83d', '\ude00', '[\ud800-\udbff]',
  '(?<\ud835\udc9c>x)', '(?<\ud835>x)', '(?<a>x)\ud800', 'a{1}\ud800', '\\k<\ud835\udc9c>(?<\ud835\udc9c>x)',
  '[\ud800]', '\ud800*', '\udc00\ud800', '\u00e9+', '(?<é>x)', '(?<\u00b7>x)', '(?<a\u00b7>x)',
  '(?<a\u200c>x)', '(?<\u200c>x)', '\u2028', '[\u2029]'].forEach(add);
// Deep nesting and many groups (regress limits differ from V8's).
add('('.repeat(300) + ')'.repeat(300));
add('(?:'.repeat(300) + ')'.repeat(300));
add('[['.repeat(100) + ']]'.repeat(100));
add('('.repeat(300) + ')'.repeat(299));
add('(a)'.repeat(2000));
add('(?<a>x)|'.repeat(50) + '(?<a>y)');
add('a*'.repeat(3000));

// Random token soup.
const tokens = ['a', 'b', '1', '0', '9', ',', '-', '^', '$', '.', '|', '*', '+', '?', '(', ')', '[', ']',
  '{', '}', '\\', '\\d', '\\w', '\\b', '\\1', '\\2', '\\k', '<', '>', '(?', '(?:', '(?=', '(?!', '(?<=',
  '(?<!', '(?<a>', '(?<b>', '\\k<a>', '\\k<b>', '{1}', '{1,}', '{2,1}', '{1,2}', '&&', '--', '\\p{L}',
  '\\P{Lu}', '\\p{RGI_Emoji}', '\\q{', '\\q{ab|c}', '\\u', '\\u{', '\\u{1F600}', '\\uD83D', '\\x4',
  '\\x41', '\\c', '\\cA', '\\0', '\\8', 'i', 'm', 's', '-', ':', '(?i:', '(?-i:', '(?i-m:', '😀', 'é',
  '\ud800', '\udc00', '/', '\\/', '\\-', '\\]', '\\[', '[^', ']]', '[['];
for (let n = 0; n < 3000; n++) {
  const len = 1 + Math.floor(rand() * 8);
  let p = '';
  for (let i = 0; i < len; i++) p += pick(tokens);
  add(p);
}
// Random printable-ASCII strings.
const chars = '()[]{}|*+?\\^$.,-:<>=!&abk0123pPqucdx';
for (let n = 0; n < 1500; n++) {
  const len = 1 + Math.floor(rand() * 7);
  let p = '';
  for (let i = 0; i < len; i++) p += pick(chars);
  add(p);
}

function accepts(p, f) {
  try {
    new RegExp(p, f);
    return true;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return false;
  }
}
function wellFormed(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      return false;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

// Syntax depends only on u and v; other flags ride along on a random fourth set.
const extra = ['g', 'i', 'm', 's', 'y', 'd'];
const cases = [];
for (const p of patterns) {
  let r = '';
  for (const f of extra) if (rand() < 0.3) r += f;
  r += pick(['', 'u', 'v']);
  const key = wellFormed(p) ? p : Array.from({ length: p.length }, (_, i) => p.charCodeAt(i));
  for (const f of ['', 'u', 'v', r]) cases.push([key, f, accepts(p, f)]);
}
const lines = cases.map((c) => '  ' + JSON.stringify(c));
console.log('{"cases": [\n' + lines.join(',\n') + '\n]}');
