//! The `"source-map-cache"` of Node's coverage files: for every loaded
//! module whose source has a `sourceMappingURL` magic comment (as V8 reads
//! it), the module's line lengths (UTF-16 units, `\r` counted), the parsed
//! source map with `sources` made absolute, and the map's URL when it could
//! not be loaded. Behaviour follows Node 20's
//! `lib/internal/source_map/source_map_cache.js` (checked against its output):
//! keys in load order, a `sourceURL` magic comment adds a second key, a
//! `data:` map must be `application/json` and its payload is everything
//! between the first and second comma, anything unreadable gives
//! `"data": null`.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::file_url::{file_url_to_path, path_to_file_url, resolve, scheme_of};

/// Source maps larger than this are not read (`"data": null`).
const MAX_MAP_BYTES: u64 = 256 << 20;

/// Entries in insertion order (a re-recorded key keeps its place).
#[derive(Default)]
pub(crate) struct SourceMapCache {
    entries: Vec<(String, Value)>,
}

impl SourceMapCache {
    /// Records the module `filename` (absolute path or URL) with source
    /// `content` and V8's `source_mapping_url` (empty: nothing to record).
    pub(crate) fn record(
        &mut self,
        filename: &str,
        content: &str,
        source_mapping_url: &str,
        cwd: &Path,
    ) {
        if source_mapping_url.is_empty() {
            return;
        }
        let Some(key) = normalize_referrer(filename, cwd) else {
            return;
        };
        let data = data_from_url(&key, source_mapping_url, cwd);
        let url = if data.is_null() {
            Value::from(source_mapping_url)
        } else {
            Value::Null
        };
        let entry = json!({ "lineLengths": line_lengths(content), "data": data, "url": url });
        let source_url = last_magic_comment(content, "sourceURL").map(|url| {
            if has_leading_protocol(&url) {
                url
            } else {
                path_to_file_url(&url, cwd)
            }
        });
        if let Some(source_url) = source_url {
            self.insert(key, entry.clone());
            self.insert(source_url, entry);
        } else {
            self.insert(key, entry);
        }
    }

    fn insert(&mut self, key: String, entry: Value) {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = entry,
            None => self.entries.push((key, entry)),
        }
    }

    /// The `"source-map-cache"` object; `None` when nothing was recorded
    /// (Node then leaves the key out).
    pub(crate) fn to_json(&self) -> Option<Value> {
        if self.entries.is_empty() {
            return None;
        }
        let map: Map<String, Value> = self.entries.iter().cloned().collect();
        Some(Value::Object(map))
    }
}

/// Node's `normalizeReferrerURL`: absolute paths become file URLs, URLs
/// stay, anything else is not cached.
fn normalize_referrer(filename: &str, cwd: &Path) -> Option<String> {
    if filename.starts_with('/') {
        Some(path_to_file_url(filename, cwd))
    } else if filename.starts_with("file://") || scheme_of(filename).is_some() {
        Some(filename.to_owned())
    } else {
        None
    }
}

/// `^\w+://`
fn has_leading_protocol(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// JavaScript's `\s`.
fn is_js_space(c: char) -> bool {
    c == '\u{feff}' || (c.is_whitespace() && c != '\u{85}')
}

/// The last match of Node's `/\/[*/]#\s+<name>=([^\s]+)/g` in `content`.
fn last_magic_comment(content: &str, name: &str) -> Option<String> {
    let chars: Vec<char> = content.chars().collect();
    let name: Vec<char> = name.chars().chain(['=']).collect();
    let mut last = None;
    let mut i = 0;
    while i + 3 < chars.len() {
        if chars[i] == '/' && matches!(chars[i + 1], '*' | '/') && chars[i + 2] == '#' {
            let mut j = i + 3;
            while j < chars.len() && is_js_space(chars[j]) {
                j += 1;
            }
            if j > i + 3 && chars[j..].starts_with(&name) {
                let start = j + name.len();
                let mut end = start;
                while end < chars.len() && !is_js_space(chars[end]) {
                    end += 1;
                }
                if end > start {
                    last = Some(chars[start..end].iter().collect());
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    last
}

/// Length of each line in UTF-16 units; lines end at `\n`, U+2028, U+2029.
fn line_lengths(content: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut length = 0;
    for c in content.chars() {
        if matches!(c, '\n' | '\u{2028}' | '\u{2029}') {
            out.push(length);
            length = 0;
        } else {
            length += c.len_utf16();
        }
    }
    out.push(length);
    out
}

/// The parsed source map of a module at `script_url`, or `null`.
fn data_from_url(script_url: &str, source_mapping_url: &str, cwd: &Path) -> Value {
    match scheme_of(source_mapping_url).as_deref() {
        Some("data") => from_data_url(script_url, source_mapping_url, cwd),
        Some(_) => Value::Null,
        None => resolve(source_mapping_url, script_url)
            .map_or(Value::Null, |map_url| from_file(&map_url, cwd)),
    }
}

fn from_file(map_url: &str, cwd: &Path) -> Value {
    let Some(path) = file_url_to_path(map_url) else {
        return Value::Null;
    };
    if std::fs::metadata(&path).map_or(true, |m| m.len() > MAX_MAP_BYTES) {
        return Value::Null;
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return Value::Null;
    };
    match serde_json::from_str(&String::from_utf8_lossy(&bytes)) {
        Ok(data) => sources_to_absolute(map_url, data, cwd),
        Err(_) => Value::Null,
    }
}

/// `data:[<type>][;base64],<payload>` (the URL's pathname, split at commas).
fn from_data_url(script_url: &str, url: &str, cwd: &Path) -> Value {
    let pathname = &url[5..];
    let pathname = pathname.split(['?', '#']).next().unwrap_or_default();
    let mut parts = pathname.split(',');
    let format = parts.next().unwrap_or_default();
    let Some(payload) = parts.next() else {
        return Value::Null;
    };
    let params: Vec<&str> = format.split(';').collect();
    if params[0] != "application/json" {
        return Value::Null;
    }
    let text = if params.last() == Some(&"base64") {
        String::from_utf8_lossy(&decode_base64_lenient(payload)).into_owned()
    } else {
        payload.to_owned()
    };
    match serde_json::from_str(&text) {
        Ok(data) => sources_to_absolute(script_url, data, cwd),
        Err(_) => Value::Null,
    }
}

/// Base64 as Node's `Buffer.from(s, 'base64')` reads it: both alphabets,
/// other characters skipped, stops at `=`.
fn decode_base64_lenient(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// JavaScript's `String(value)` for JSON values.
fn js_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                if v.is_null() {
                    String::new()
                } else {
                    js_string(v)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".to_owned(),
        other => other.to_string(),
    }
}

fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// `sources` prefixed with `sourceRoot` and resolved against `base`
/// (absolute paths become file URLs); `sourceRoot` becomes `""`. `null`
/// where Node's code would throw (no `sources` array, unresolvable URL).
fn sources_to_absolute(base: &str, mut data: Value, cwd: &Path) -> Value {
    let Some(object) = data.as_object_mut() else {
        return Value::Null;
    };
    let root = object
        .get("sourceRoot")
        .filter(|r| js_truthy(r))
        .map(js_string)
        .unwrap_or_default();
    let Some(Value::Array(sources)) = object.get_mut("sources") else {
        return Value::Null;
    };
    for source in sources.iter_mut() {
        let joined = format!("{root}{}", js_string(source));
        let absolute = if joined.starts_with('/') {
            Some(path_to_file_url(&joined, cwd))
        } else {
            resolve(&joined, base)
        };
        match absolute {
            Some(url) => *source = Value::String(url),
            None => return Value::Null,
        }
    }
    object.insert("sourceRoot".to_owned(), Value::from(""));
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_lengths_count_utf16_units_and_keep_cr() {
        assert_eq!(line_lengths("ab\r\nc\u{2028}😀\n"), vec![3, 1, 2, 0]);
        assert_eq!(line_lengths(""), vec![0]);
    }

    #[test]
    fn magic_comments_take_the_last_match() {
        let text = "//# sourceURL=a.js\n/*#\tsourceURL=b.js */ x //#sourceURL=c.js";
        assert_eq!(
            last_magic_comment(text, "sourceURL").as_deref(),
            Some("b.js")
        );
        assert_eq!(
            last_magic_comment("//#//# sourceURL=x", "sourceURL").as_deref(),
            Some("x")
        );
        assert_eq!(last_magic_comment("//# sourceURL=", "sourceURL"), None);
    }

    #[test]
    fn base64_is_lenient_like_buffer_from() {
        assert_eq!(decode_base64_lenient("eyJ2Ijo\nzfQ=="), b"{\"v\":3}");
        assert_eq!(decode_base64_lenient("_-8"), vec![0xff, 0xef]);
    }

    #[test]
    fn data_urls_and_sources_resolve_like_node() {
        let cwd = Path::new("/cwd");
        // Node 20: base64 payload, sourceRoot prepended, keys kept in place.
        let url = "data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbIm1haW4ubXRzIl0sInNvdXJjZVJvb3QiOiJzcmMvIiwibWFwcGluZ3MiOiJBQUFBIn0=";
        assert_eq!(
            data_from_url("file:///t/main.mjs", url, cwd).to_string(),
            r#"{"version":3,"sources":["file:///t/src/main.mts"],"sourceRoot":"","mappings":"AAAA"}"#
        );
        // A comma inside plain JSON cuts the payload: null, as in Node.
        let plain = r#"data:application/json,{"version":3,"sources":["b.ts"]}"#;
        assert!(data_from_url("file:///t/b.js", plain, cwd).is_null());
        assert!(data_from_url("file:///t/b.js", "data:text/plain;base64,e30=", cwd).is_null());
        assert!(data_from_url("file:///t/b.js", "https://x/y.map", cwd).is_null());
        let no_sources = "data:application/json,{}";
        assert!(data_from_url("file:///t/b.js", no_sources, cwd).is_null());
        assert_eq!(
            sources_to_absolute(
                "file:///t/maps/m.map",
                json!({"sources": ["../a.ts", "/abs/q.ts", "http://e.com/z.ts", null]}),
                cwd
            ),
            json!({"sources": ["file:///t/a.ts", "file:///abs/q.ts", "http://e.com/z.ts", "file:///t/maps/null"], "sourceRoot": ""})
        );
    }

    #[test]
    fn cache_keeps_load_order_and_adds_source_url_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("q.map"),
            r#"{"version":3,"sources":["q.ts"],"mappings":""}"#,
        )
        .unwrap();
        let script = dir.path().join("q.js");
        let content = "q();\n//# sourceURL=gen/q.js\n//# sourceMappingURL=q.map\n";
        let mut cache = SourceMapCache::default();
        assert!(cache.to_json().is_none());
        cache.record(script.to_str().unwrap(), content, "q.map", dir.path());
        cache.record("/nowhere/a.js", "x", "missing.map", dir.path());
        cache.record("[eval]", "x", "e.map", dir.path());
        cache.record("/nowhere/b.js", "x", "", dir.path());
        let json = cache.to_json().unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        let base = format!("file://{}", dir.path().display());
        assert_eq!(
            keys,
            [
                &format!("{base}/q.js"),
                &format!("{base}/gen/q.js"),
                &"file:///nowhere/a.js".to_owned()
            ]
        );
        let entry = &json[format!("{base}/q.js")];
        assert_eq!(entry["lineLengths"], json!([4, 22, 26, 0]));
        assert_eq!(entry["data"]["sources"], json!([format!("{base}/q.ts")]));
        assert_eq!(entry["url"], Value::Null);
        let missing = &json["file:///nowhere/a.js"];
        assert_eq!(missing["data"], Value::Null);
        assert_eq!(missing["url"], "missing.map");
    }

    fn encode_base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        while !out.len().is_multiple_of(4) {
            out.push('=');
        }
        out
    }

    proptest::proptest! {
        /// Line lengths plus one unit per separator add up to the UTF-16
        /// length of the text.
        #[test]
        fn line_lengths_cover_the_text(text in "(a|\\r|\\n|\u{2028}|\u{2029}|😀|é){0,40}") {
            let lengths = line_lengths(&text);
            let separators = text.chars().filter(|c| matches!(c, '\n' | '\u{2028}' | '\u{2029}')).count();
            proptest::prop_assert_eq!(lengths.len(), separators + 1);
            let total: usize = lengths.iter().sum::<usize>() + separators;
            proptest::prop_assert_eq!(total, text.encode_utf16().count());
        }

        /// Lenient decoding reads standard base64, also with whitespace.
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let encoded = encode_base64(&bytes);
            proptest::prop_assert_eq!(&decode_base64_lenient(&encoded), &bytes);
            let spaced: String = encoded.chars().flat_map(|c| [c, '\n']).collect();
            proptest::prop_assert_eq!(&decode_base64_lenient(&spaced), &bytes);
        }
    }
}
