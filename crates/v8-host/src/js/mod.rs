//! Node-style JavaScript glue shared by every crate that installs native
//! functions: errors with Node's classes, codes and exact messages
//! ([`errors`]), Node's argument validators ([`validate`]), a small
//! `util.inspect` for messages and summaries ([`inspect`]), object/function
//! builders ([`build`]) and the panic guard ([`native_fn!`](crate::native_fn)).
//!
//! # Writing a native function
//!
//! ```
//! use v8_host::js::{self, JsResult};
//!
//! v8_host::native_fn! {
//!     /// `greet(name)`: returns `"hello " + name`, validating like Node.
//!     pub fn greet(scope, args, rv) {
//!         let name = js::validate::string(scope, args.get(0), "name")?;
//!         let out = js::build::string(scope, &format!("hello {name}"))?;
//!         rv.set(out.into());
//!         Ok(())
//!     }
//! }
//!
//! v8_host::init();
//! let isolate = &mut v8::Isolate::new(Default::default());
//! v8::scope!(let scope, isolate);
//! let context = v8::Context::new(scope, Default::default());
//! let scope = &mut v8::ContextScope::new(scope, context);
//! let f = js::build::function(scope, "greet", greet).unwrap();
//! // `greet` is a plain `unsafe extern "C" fn`: list it as a snapshot
//! // external reference with `v8::ExternalReference { function: greet }`.
//! let arg = js::build::string(scope, "node").unwrap();
//! let undefined = v8::undefined(scope);
//! let out = f.call(scope, undefined.into(), &[arg.into()]).unwrap();
//! assert_eq!(out.to_rust_string_lossy(scope), "hello node");
//! ```
//!
//! Inside the body, `?` on a [`JsResult`] propagates a pending JavaScript
//! exception (thrown by a validator or by V8 itself) back to the caller.
//! A Rust panic in the body is caught and rethrown as a JavaScript `Error`
//! (code `ERR_INTERNAL_ASSERTION`), so it never unwinds into V8.

pub mod build;
pub mod errors;
pub mod inspect;
pub mod validate;
pub mod warnings;

use std::panic::{catch_unwind, AssertUnwindSafe};

pub use errors::ErrorClass;

/// Marker error: a JavaScript exception is pending in the current scope.
///
/// Produced by every `throw_*`/`validate::*` helper after it threw, and by
/// callers when a V8 call returned `None` (which means V8 threw). Returning
/// it from a [`native_fn!`](crate::native_fn) body hands the exception to
/// the JavaScript caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thrown;

impl std::fmt::Display for Thrown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JavaScript exception is pending")
    }
}

impl std::error::Error for Thrown {}

/// Result of JavaScript-facing code; `Err` means an exception is pending.
pub type JsResult<T> = Result<T, Thrown>;

/// Converts a V8 `Option` (where `None` means "V8 threw") into a [`JsResult`].
pub trait OrThrown<T> {
    /// `Some(v)` → `Ok(v)`, `None` → `Err(Thrown)`.
    fn or_thrown(self) -> JsResult<T>;
}

impl<T> OrThrown<T> for Option<T> {
    fn or_thrown(self) -> JsResult<T> {
        self.ok_or(Thrown)
    }
}

/// Runs `body`, turning a Rust panic into a thrown JavaScript `Error` whose
/// message names `function`. Used by [`native_fn!`](crate::native_fn); call it
/// directly only in hand-written callbacks.
pub fn guard<'s, 'i, F>(scope: &mut v8::PinScope<'s, 'i>, function: &str, body: F)
where
    F: FnOnce(&mut v8::PinScope<'s, 'i>) -> JsResult<()>,
{
    let outcome = catch_unwind(AssertUnwindSafe(|| body(scope)));
    if let Err(payload) = outcome {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let message = format!("internal error in native function {function}(): {detail}");
        errors::throw(scope, ErrorClass::Error, "ERR_INTERNAL_ASSERTION", &message);
    }
}

/// Defines a V8 native function as a plain `unsafe extern "C" fn` with a
/// stable address (usable both for `v8::Function::builder_raw` and as a
/// startup-snapshot `v8::ExternalReference { function }`).
///
/// The body receives `scope: &mut v8::PinScope`, `args:
/// v8::FunctionCallbackArguments` and `rv: v8::ReturnValue` (mutable), and
/// returns [`JsResult<()>`](JsResult). It runs under [`guard`], so a panic
/// becomes a JavaScript exception instead of unwinding into V8.
#[macro_export]
macro_rules! native_fn {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($scope:ident, $args:ident, $rv:ident) $body:block) => {
        $(#[$meta])*
        ///
        /// # Safety
        ///
        /// A V8 `FunctionCallback`: only V8 may call it, with a valid
        /// `FunctionCallbackInfo`.
        $vis unsafe extern "C" fn $name(info: *const $crate::v8::FunctionCallbackInfo) {
            #[allow(unused_mut, unused_variables)]
            fn body<'s, 'i>(
                $scope: &mut $crate::v8::PinScope<'s, 'i>,
                $args: $crate::v8::FunctionCallbackArguments<'s>,
                mut $rv: $crate::v8::ReturnValue<'s, $crate::v8::Value>,
            ) -> $crate::js::JsResult<()> $body
            fn guarded<'s, 'i>(
                scope: &mut $crate::v8::PinScope<'s, 'i>,
                args: $crate::v8::FunctionCallbackArguments<'s>,
                rv: $crate::v8::ReturnValue<'s, $crate::v8::Value>,
            ) {
                $crate::js::guard(scope, stringify!($name), |scope| body(scope, args, rv));
            }
            let callback: $crate::v8::FunctionCallback = $crate::v8::MapFnTo::map_fn_to(guarded);
            // SAFETY: forwarding V8's own, valid `info` to the rusty_v8
            // adapter that builds the scope, arguments and return value.
            unsafe { callback(info) }
        }
    };
}
