//! `file://` URLs the way Node makes and resolves them, for coverage files:
//! the inspector's script URLs, `pathToFileURL` keys of the
//! `source-map-cache`, and WHATWG relative resolution of source-map
//! references against `file:` bases.
//!
//! Only what those need: bases are `file:` URLs without host; references
//! with another scheme are kept as written (WHATWG would also normalise
//! them, e.g. lowercase an `http:` host).

use std::path::{Component, Path, PathBuf};

/// Bytes the WHATWG path percent-encode set adds to C0 controls, DEL and
/// non-ASCII.
const PATH_SET: &[u8] = b" \"#<>?`{}";
/// Node's `pathToFileURL` also encodes these (checked against Node 20).
const PATH_TO_FILE_URL_EXTRA: &[u8] = b"%[\\]^|~";

fn encode_into(out: &mut String, text: &str, set: &[u8], extra: &[u8]) {
    for &byte in text.as_bytes() {
        let plain = (0x21..0x7f).contains(&byte) && !set.contains(&byte) && !extra.contains(&byte);
        if plain {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The URL Node's inspector reports for a script named by an absolute path
/// (`node::url::FromFilePath`): WHATWG path encoding plus `%`, and `\`
/// becomes `/`. `None` for a name that is not an absolute path (a URL,
/// `node:...`, an eval name).
pub(crate) fn inspector_url_of_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let mut url = String::from("file://");
    encode_into(&mut url, &path.replace('\\', "/"), PATH_SET, b"%");
    Some(url)
}

/// Node's `pathToFileURL(path).href` on POSIX: the path is resolved
/// against `cwd` and normalised like `path.resolve` (a trailing `/` is
/// kept), then percent-encoded.
pub(crate) fn path_to_file_url(path: &str, cwd: &Path) -> String {
    let joined = cwd.join(path);
    let mut parts: Vec<&str> = Vec::new();
    for component in joined.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str().unwrap_or_default()),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    let mut resolved = format!("/{}", parts.join("/"));
    if path.ends_with('/') && resolved != "/" {
        resolved.push('/');
    }
    let mut url = String::from("file://");
    encode_into(&mut url, &resolved, PATH_SET, PATH_TO_FILE_URL_EXTRA);
    url
}

/// The URL of an ES module file, as Node's loader makes it
/// (`pathToFileURL`); `path` is absolute.
pub(crate) fn module_url(path: &Path) -> String {
    path_to_file_url(&path.to_string_lossy(), Path::new("/"))
}

/// The scheme of an absolute URL (`data`, `http`, ...), lowercased.
pub(crate) fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// WHATWG dot-segment removal on a path starting with `/`.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let lower = segment.to_ascii_lowercase();
        let single = lower == "." || lower == "%2e";
        let double = matches!(lower.as_str(), ".." | ".%2e" | "%2e." | "%2e%2e");
        if double {
            out.pop();
        }
        if single || double {
            if i == last {
                out.push("");
            }
            continue;
        }
        out.push(segment);
    }
    format!("/{}", out.join("/"))
}

/// `new URL(input, base).href` for a `file:` `base` without host; `None`
/// when `base` is not such a URL. (Host names are not validated.)
pub(crate) fn resolve(input: &str, base: &str) -> Option<String> {
    // The parser trims C0 controls and spaces and drops tabs and newlines.
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    let input: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if let Some(scheme) = scheme_of(&input) {
        if scheme != "file" {
            return Some(input);
        }
        let rest = input[5..].replace('\\', "/");
        let rest = rest.trim_start_matches('/');
        return resolve(&format!("/{rest}"), "file:///");
    }
    let base_path = base.strip_prefix("file://")?;
    let base_path = base_path.split(['#', '?']).next().unwrap_or("/");
    let input = input.replace('\\', "/");
    if let Some(rest) = input.strip_prefix("//") {
        // `//host/path`; `localhost` is the empty host of file URLs.
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host = host.to_ascii_lowercase();
        let host = if host == "localhost" {
            ""
        } else {
            host.as_str()
        };
        let path = if path.is_empty() { "/" } else { path };
        let local = resolve(path, "file:///")?;
        return Some(format!("file://{host}{}", &local["file://".len()..]));
    }
    let (reference, fragment) = match input.split_once('#') {
        Some((r, f)) => (r.to_owned(), Some(f.to_owned())),
        None => (input.clone(), None),
    };
    let (path_part, query) = match reference.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (reference.clone(), None),
    };
    let path = if path_part.starts_with('/') {
        path_part
    } else if path_part.is_empty() {
        base_path.to_owned()
    } else {
        let dir = &base_path[..=base_path.rfind('/').unwrap_or(0)];
        format!("{dir}{path_part}")
    };
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let mut url = String::from("file://");
    encode_into(&mut url, &remove_dot_segments(&path), PATH_SET, b"");
    if let Some(query) = query {
        url.push('?');
        encode_into(&mut url, &query, b" \"#<>'", b"");
    }
    if let Some(fragment) = fragment {
        url.push('#');
        encode_into(&mut url, &fragment, b" \"<>`", b"");
    }
    Some(url)
}

/// Node's `fileURLToPath`: the percent-decoded path of a host-less `file:`
/// URL (query and fragment dropped); `None` for other URLs or an encoded `/`.
pub(crate) fn file_url_to_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("file://")?;
    if !rest.starts_with('/') {
        return None;
    }
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    if path.to_ascii_lowercase().contains("%2f") {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8_lossy(&out).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values are Node 20's output for the same calls.
    #[test]
    fn inspector_urls_match_node() {
        assert_eq!(
            inspector_url_of_path("/tmp/a b/c#1?.js").as_deref(),
            Some("file:///tmp/a%20b/c%231%3F.js")
        );
        assert_eq!(
            inspector_url_of_path("/x/%/\\/é.js").as_deref(),
            Some("file:///x/%25///%C3%A9.js")
        );
        assert_eq!(
            inspector_url_of_path("/w[x]|^~{}`q/a.js").as_deref(),
            Some("file:///w[x]|^~%7B%7D%60q/a.js")
        );
        assert_eq!(inspector_url_of_path("node:internal/x"), None);
        assert_eq!(inspector_url_of_path("file:///a.js"), None);
        assert_eq!(inspector_url_of_path("[eval]"), None);
    }

    #[test]
    fn path_to_file_url_matches_node() {
        let cwd = Path::new("/cwd");
        assert_eq!(path_to_file_url("/x/./y/../z/", cwd), "file:///x/z/");
        assert_eq!(path_to_file_url("/x//y", cwd), "file:///x/y");
        assert_eq!(path_to_file_url("/é", cwd), "file:///%C3%A9");
        assert_eq!(path_to_file_url("gen/q.js", cwd), "file:///cwd/gen/q.js");
        assert_eq!(
            path_to_file_url("/a{x}[y]`|^~!$&'()*+,;=@:%\\.js", cwd),
            "file:///a%7Bx%7D%5By%5D%60%7C%5E%7E!$&'()*+,;=@:%25%5C.js"
        );
    }

    #[test]
    fn resolve_matches_node() {
        let base = "file:///x/y";
        assert_eq!(resolve("a b.ts", base).unwrap(), "file:///x/a%20b.ts");
        assert_eq!(resolve("../../../q", base).unwrap(), "file:///q");
        assert_eq!(resolve("./", base).unwrap(), "file:///x/");
        assert_eq!(
            resolve("x?a b#c d", base).unwrap(),
            "file:///x/x?a%20b#c%20d"
        );
        assert_eq!(resolve("a\\b", base).unwrap(), "file:///x/a/b");
        assert_eq!(resolve("/%7e[x]", base).unwrap(), "file:///%7e[x]");
        assert_eq!(resolve("src/../m.ts", base).unwrap(), "file:///x/m.ts");
        assert_eq!(
            resolve("http://e.com/z.ts", base).unwrap(),
            "http://e.com/z.ts"
        );
        assert_eq!(resolve("file:///a/./b", base).unwrap(), "file:///a/b");
        assert_eq!(resolve("..", base).unwrap(), "file:///");
        let base = "file:///a/b/c.js";
        assert_eq!(resolve("//X/y/../z", base).unwrap(), "file://x/z");
        assert_eq!(resolve("//", base).unwrap(), "file:///");
        assert_eq!(resolve("///z", base).unwrap(), "file:///z");
        assert_eq!(resolve("//h", base).unwrap(), "file://h/");
        assert_eq!(resolve("//localhost/a", base).unwrap(), "file:///a");
        assert_eq!(resolve(".//a", base).unwrap(), "file:///a/b//a");
        assert_eq!(resolve("a//b/..", base).unwrap(), "file:///a/b/a//");
    }

    #[test]
    fn file_url_to_path_decodes() {
        assert_eq!(
            file_url_to_path("file:///a%20b/c.map?x#y").unwrap(),
            PathBuf::from("/a b/c.map")
        );
        assert_eq!(file_url_to_path("file:///a%2fb"), None);
        assert_eq!(file_url_to_path("http://x/y"), None);
        assert_eq!(file_url_to_path("file:///%").unwrap(), PathBuf::from("/%"));
    }

    proptest::proptest! {
        /// Encoding is lossless: decoding gives the path back (with `\\` as
        /// `/` for the inspector form), and URLs are plain ASCII.
        #[test]
        fn file_urls_round_trip(path in "/[a-z%#?\\\\ é😀\\[\\]{}`^|~./]{0,24}") {
            let url = inspector_url_of_path(&path).unwrap();
            proptest::prop_assert!(url.is_ascii() && !url.contains(' '));
            let back = file_url_to_path(&url).unwrap();
            proptest::prop_assert_eq!(back.to_str().unwrap(), path.replace('\\', "/"));
        }

        /// Resolution against a file base stays a host-less file URL
        /// without dot segments.
        #[test]
        fn resolved_urls_have_no_dot_segments(reference in "[a-z./]{0,16}") {
            let url = resolve(&reference, "file:///a/b/c.js").unwrap();
            let rest = url.strip_prefix("file://").unwrap();
            let path = &rest[rest.find('/').unwrap()..];
            for segment in path.split('/') {
                proptest::prop_assert!(segment != "." && segment != "..", "{}", url);
            }
        }
    }
}
