//! In-process V8 inspector sessions (one shared `V8Inspector` per isolate,
//! any number of sessions), used where V8's features have no other public
//! API: precise coverage and the CPU / sampling heap profilers.
//!
//! Requests are dispatched synchronously: the response arrives through the
//! channel before `dispatch_protocol_message` returns.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use v8::inspector::{
    Channel, ChannelImpl, StringBuffer, StringView, V8Inspector, V8InspectorClient,
    V8InspectorClientImpl, V8InspectorClientTrustLevel, V8InspectorSession,
};

/// An inspector request that failed.
#[derive(Debug, thiserror::Error)]
#[error("inspector request {method} failed: {detail}")]
pub struct ProtocolError {
    /// The protocol method, e.g. `Profiler.takePreciseCoverage`.
    pub method: &'static str,
    /// The inspector's error or why no answer could be read.
    pub detail: String,
}

struct Client;
impl V8InspectorClientImpl for Client {
    /// Scripts named by an absolute path (CommonJS modules) are reported
    /// with a `file://` URL, as Node's inspector client does (coverage and
    /// profile consumers expect URLs).
    fn resource_name_to_url(
        &self,
        resource_name: &StringView,
    ) -> Option<v8::UniquePtr<StringBuffer>> {
        let url = file_url_of_path(&resource_name.to_string())?;
        Some(StringBuffer::create(StringView::from(url.as_bytes())))
    }
}

/// `file://` URL of an absolute path as Node's inspector makes it
/// (`node::url::FromFilePath`, WHATWG path encoding): bytes outside
/// printable ASCII and `%`, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`,
/// `}` are percent-encoded and `\` becomes `/` (checked against Node 20).
/// `None` for a name that is not an absolute path (a URL, `node:...`, an
/// eval name).
pub(crate) fn file_url_of_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let mut url = String::with_capacity(path.len() + 7);
    url.push_str("file://");
    for &byte in path.as_bytes() {
        let plain = byte.is_ascii_graphic()
            && !matches!(
                byte,
                b'%' | b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}'
            );
        if byte == b'\\' {
            url.push('/');
        } else if plain {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(url)
}

#[derive(Clone, Default)]
struct Responses(Rc<RefCell<HashMap<i32, String>>>);

impl ChannelImpl for Responses {
    fn send_response(&self, call_id: i32, message: v8::UniquePtr<StringBuffer>) {
        if let Some(buffer) = message.as_ref() {
            self.0
                .borrow_mut()
                .insert(call_id, buffer.string().to_string());
        }
    }
    fn send_notification(&self, _message: v8::UniquePtr<StringBuffer>) {}
    fn flush_protocol_notifications(&self) {}
}

#[derive(Default)]
struct SharedInspector(Option<Rc<V8Inspector>>);

/// One session. Field order is drop order: the session goes before (its
/// share of) the inspector.
pub(crate) struct Session {
    session: V8InspectorSession,
    responses: Responses,
    next_id: i32,
    _inspector: Rc<V8Inspector>,
}

impl Session {
    /// Opens a new session on the isolate's inspector (created on first use).
    pub(crate) fn connect(isolate: &mut v8::Isolate) -> Session {
        let shared = v8_host::state::get_or_init::<SharedInspector>(isolate);
        let existing = shared.borrow().0.clone();
        let inspector = match existing {
            Some(inspector) => inspector,
            None => {
                let inspector = Rc::new(V8Inspector::create(
                    isolate,
                    V8InspectorClient::new(Box::new(Client)),
                ));
                shared.borrow_mut().0 = Some(inspector.clone());
                inspector
            }
        };
        let responses = Responses::default();
        let session = inspector.connect(
            1,
            Channel::new(Box::new(responses.clone())),
            StringView::empty(),
            V8InspectorClientTrustLevel::FullyTrusted,
        );
        Session {
            session,
            responses,
            next_id: 0,
            _inspector: inspector,
        }
    }

    /// Sends `method` with JSON `params`; the response's `result`.
    pub(crate) fn call(
        &mut self,
        method: &'static str,
        params: &str,
    ) -> Result<serde_json::Value, ProtocolError> {
        self.next_id += 1;
        let id = self.next_id;
        let message = format!(r#"{{"id":{id},"method":"{method}","params":{params}}}"#);
        self.session
            .dispatch_protocol_message(StringView::from(message.as_bytes()));
        let response = self.responses.0.borrow_mut().remove(&id);
        let response = response.ok_or_else(|| ProtocolError {
            method,
            detail: "no response".into(),
        })?;
        let mut json: serde_json::Value =
            serde_json::from_str(&response).map_err(|e| ProtocolError {
                method,
                detail: e.to_string(),
            })?;
        if let Some(error) = json.get("error") {
            return Err(ProtocolError {
                method,
                detail: error.to_string(),
            });
        }
        Ok(json["result"].take())
    }
}

#[cfg(test)]
mod tests {
    use super::file_url_of_path;

    #[test]
    fn absolute_paths_become_percent_encoded_file_urls() {
        assert_eq!(
            file_url_of_path("/tmp/a b/c#1?.js").as_deref(),
            Some("file:///tmp/a%20b/c%231%3F.js")
        );
        assert_eq!(
            file_url_of_path("/x/%/\\/é.js").as_deref(),
            Some("file:///x/%25///%C3%A9.js")
        );
        assert_eq!(
            file_url_of_path("/w[x]|^~{}`q/a.js").as_deref(),
            Some("file:///w[x]|^~%7B%7D%60q/a.js")
        );
        assert_eq!(file_url_of_path("node:internal/x"), None);
        assert_eq!(file_url_of_path("file:///a.js"), None);
        assert_eq!(file_url_of_path("[eval]"), None);
    }
}
