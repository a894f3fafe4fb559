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
        let url = crate::file_url::inspector_url_of_path(&resource_name.to_string())?;
        Some(StringBuffer::create(StringView::from(url.as_bytes())))
    }
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
