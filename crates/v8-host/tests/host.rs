//! Integration tests of `v8_host::js` against vectors recorded from Node 20
//! (`tests/*_vectors.json`; regenerate with the scripts named in each test).

use v8_host::js::{self, validate, JsResult};

fn arg_str(
    scope: &mut v8::PinScope<'_, '_>,
    args: &v8::FunctionCallbackArguments,
    i: i32,
) -> String {
    args.get(i).to_rust_string_lossy(scope)
}

fn arg_num(
    scope: &mut v8::PinScope<'_, '_>,
    args: &v8::FunctionCallbackArguments,
    i: i32,
) -> Option<f64> {
    let v = args.get(i);
    if v.is_undefined() {
        None
    } else {
        v.number_value(scope)
    }
}

v8_host::native_fn! {
    fn validate_string(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        validate::string(scope, args.get(0), &name).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_boolean(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        validate::boolean(scope, args.get(0), &name).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_function(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        validate::function(scope, args.get(0), &name).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_object(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        validate::object(scope, args.get(0), &name, Default::default()).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_one_of(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        let list = v8::Local::<v8::Array>::try_from(args.get(2)).expect("array of choices");
        let choices: Vec<String> = (0..list.length())
            .map(|i| list.get_index(scope, i).unwrap().to_rust_string_lossy(scope))
            .collect();
        let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
        validate::one_of(scope, args.get(0), &name, &choices).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_uint32(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        let positive = args.get(2).is_true();
        validate::uint32(scope, args.get(0), &name, positive).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_integer(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        let min = arg_num(scope, &args, 2).unwrap_or(-validate::MAX_SAFE_INTEGER);
        let max = arg_num(scope, &args, 3).unwrap_or(validate::MAX_SAFE_INTEGER);
        validate::integer(scope, args.get(0), &name, min, max).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_int32(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        let min = arg_num(scope, &args, 2).map_or(i32::MIN, |n| n as i32);
        let max = arg_num(scope, &args, 3).map_or(i32::MAX, |n| n as i32);
        validate::int32(scope, args.get(0), &name, min, max).map(drop)
    }
}
v8_host::native_fn! {
    fn validate_number(scope, args, rv) {
        let name = arg_str(scope, &args, 1);
        let min = arg_num(scope, &args, 2);
        let max = arg_num(scope, &args, 3);
        validate::number(scope, args.get(0), &name, min, max).map(drop)
    }
}
v8_host::native_fn! {
    fn inspect(scope, args, rv) {
        let depth = arg_num(scope, &args, 1).map_or(2, |n| n as i32);
        let text = js::inspect::inspect(scope, args.get(0), &js::inspect::Options { depth });
        let text = js::build::string(scope, &text)?;
        rv.set(text.into());
        Ok(())
    }
}
v8_host::native_fn! {
    fn panics(scope, args, rv) {
        let values: Vec<u8> = Vec::new();
        // An out-of-bounds index: a real Rust panic inside a V8 callback.
        let index = args.length() as usize + 3;
        rv.set_uint32(u32::from(values[index]));
        Ok(())
    }
}

fn with_context(test: impl FnOnce(&mut v8::PinScope<'_, '_>)) {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(Default::default());
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let global = context.global(scope);
    let natives: [(&str, v8::FunctionCallback); 11] = [
        ("validateString", validate_string),
        ("validateBoolean", validate_boolean),
        ("validateFunction", validate_function),
        ("validateObject", validate_object),
        ("validateOneOf", validate_one_of),
        ("validateUint32", validate_uint32),
        ("validateInteger", validate_integer),
        ("validateInt32", validate_int32),
        ("validateNumber", validate_number),
        ("inspect", inspect),
        ("panics", panics),
    ];
    for (name, callback) in natives {
        js::build::set_function(scope, global, name, callback).unwrap();
    }
    test(scope);
}

fn eval(scope: &mut v8::PinScope<'_, '_>, source: &str) -> JsResult<String> {
    let source = js::build::string(scope, source)?;
    let script = v8::Script::compile(scope, source, None).ok_or(js::Thrown)?;
    let value = script.run(scope).ok_or(js::Thrown)?;
    Ok(value.to_rust_string_lossy(scope))
}

#[test]
fn validators_match_node_messages_codes_classes_and_stack() {
    // node --expose-internals: see the generator in the commit message.
    let vectors: Vec<(String, serde_json::Value)> =
        serde_json::from_str(include_str!("validator_vectors.json")).unwrap();
    assert!(vectors.len() > 250);
    with_context(|scope| {
        for (expr, expected) in &vectors {
            let source = format!(
                "(() => {{ try {{ {expr}; return JSON.stringify('ok'); }} catch (e) {{ \
                 return JSON.stringify([e.name, e.code, e.message, e.stack.split('\\n')[0]]); }} }})()"
            );
            let got = eval(scope, &source).unwrap();
            let got: serde_json::Value = serde_json::from_str(&got).unwrap();
            assert_eq!(&got, expected, "{expr}");
        }
    });
}

#[test]
fn node_errors_have_own_enumerable_code_and_right_class() {
    with_context(|scope| {
        let got = eval(
            scope,
            "try { validateString(1, 'flags') } catch (e) { \
             JSON.stringify([Object.keys(e), e instanceof TypeError, e.constructor === TypeError, String(e)]) }",
        )
        .unwrap();
        assert_eq!(
            got,
            r#"[["code"],true,true,"TypeError [ERR_INVALID_ARG_TYPE]: The \"flags\" argument must be of type string. Received type number (1)"]"#
        );
        let got = eval(
            scope,
            "try { validateUint32(0, 'limit', true) } catch (e) { e instanceof RangeError }",
        )
        .unwrap();
        assert_eq!(got, "true");
    });
}

#[test]
fn inspect_matches_node_util_inspect() {
    let vectors: Vec<(String, String, String)> =
        serde_json::from_str(include_str!("inspect_vectors.json")).unwrap();
    let mut failures = Vec::new();
    with_context(|scope| {
        for (expr, default_depth, depth0) in &vectors {
            let got = eval(scope, &format!("inspect(({expr}))")).unwrap();
            if &got != default_depth {
                failures.push(format!(
                    "inspect({expr}): got {got:?}, node {default_depth:?}"
                ));
            }
            let got = eval(scope, &format!("inspect(({expr}), 0)")).unwrap();
            if &got != depth0 {
                failures.push(format!(
                    "inspect({expr}, {{depth: 0}}): got {got:?}, node {depth0:?}"
                ));
            }
        }
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn node_errors_survive_a_tampered_object_create() {
    with_context(|scope| {
        let got = eval(
            scope,
            "Object.create = () => { throw new Error('tampered') }; \
             try { validateString(1, 'flags') } catch (e) { [e.code, e instanceof TypeError, e.message.slice(0, 12)].join() }",
        )
        .unwrap();
        assert_eq!(got, "ERR_INVALID_ARG_TYPE,true,The \"flags\" ");
    });
}

#[test]
fn user_code_throwing_during_inspection_does_not_leak() {
    with_context(|scope| {
        let got = eval(
            scope,
            "class X { static [Symbol.hasInstance]() { throw new Error('boom') } }; \
             try { validateOneOf(new X(), 'type', ['a']) } catch (e) { [e.code, e.message.startsWith(\"The argument 'type' must be one of: 'a'. Received \")].join() }",
        )
        .unwrap();
        assert_eq!(got, "ERR_INVALID_ARG_VALUE,true");
    });
}

#[test]
fn a_rust_panic_becomes_a_js_error_and_the_isolate_stays_usable() {
    with_context(|scope| {
        let got = eval(
            scope,
            "try { panics(); 'no throw' } catch (e) { e.code + ' ' + (e instanceof Error) + ' ' + e.message.startsWith('internal error in native function panics()') }",
        )
        .unwrap();
        assert_eq!(got, "ERR_INTERNAL_ASSERTION true true");
        assert_eq!(eval(scope, "1 + 1").unwrap(), "2");
    });
}

#[test]
fn shim_query_objects_counts_only_current_context_instances() {
    with_context(|scope| {
        eval(
            scope,
            "globalThis.A = class A {}; globalThis.keep = [new A(), new A()];",
        )
        .unwrap();
        let global = scope.get_current_context().global(scope);
        let a = validate::property(scope, global, "A").unwrap();
        let a = v8::Local::<v8::Object>::try_from(a).unwrap();
        let proto = validate::property(scope, a, "prototype").unwrap();
        let proto = v8::Local::<v8::Object>::try_from(proto).unwrap();
        let found = v8_host::shim::query_objects(scope, proto).unwrap();
        assert_eq!(found.length(), 2);
        // Objects of another context are not reported.
        let other = v8::Context::new(scope, Default::default());
        let other_scope = &mut v8::ContextScope::new(scope, other);
        let found = v8_host::shim::query_objects(other_scope, proto).unwrap();
        assert_eq!(found.length(), 0);
    });
}

#[test]
fn shim_cpp_heap_statistics_brief_and_detailed() {
    with_context(|scope| {
        let brief =
            v8_host::shim::cpp_heap_statistics(scope, false).expect("V8 15 always has a CppHeap");
        assert!(brief.spaces.is_empty() && brief.type_names.is_empty());
        assert!(brief.used_size_bytes <= brief.committed_size_bytes);
        let detailed = v8_host::shim::cpp_heap_statistics(scope, true).unwrap();
        assert!(!detailed.spaces.is_empty());
        assert!(
            detailed.spaces.iter().any(|s| s.name == "LargePageSpace"),
            "{:?}",
            detailed.spaces.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
    });
}

#[test]
fn quoted_strings_evaluate_back_to_the_original() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    with_context(|scope| {
        let mut runner = TestRunner::new(Config {
            cases: 300,
            ..Config::default()
        });
        let scope = std::cell::RefCell::new(scope);
        let strategy = prop_oneof![
            any::<String>(),
            "[a-z'\"`$\\\\{}\n\t\u{0}-\u{1f}\u{7f}-\u{9f}]{0,20}"
        ];
        runner
            .run(&strategy, |text| {
                let quoted = js::inspect::quote_string(&text);
                let back = eval(
                    &mut scope.borrow_mut(),
                    &format!("JSON.stringify({quoted})"),
                )
                .map_err(|_| TestCaseError::fail(quoted.clone()))?;
                let back: String = serde_json::from_str(&back).unwrap();
                prop_assert_eq!(back, text);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn numerical_separator_only_inserts_underscores_every_three_digits() {
    use proptest::prelude::*;
    use proptest::test_runner::TestRunner;
    TestRunner::default()
        .run(&"-?[1-9][0-9]{0,20}", |digits| {
            let out = js::errors::add_numerical_separator(&digits);
            prop_assert_eq!(out.replace('_', ""), digits.clone());
            let unsigned = out.trim_start_matches('-');
            let groups: Vec<&str> = unsigned.split('_').collect();
            prop_assert!(groups[0].len() <= 3 || groups.len() == 1);
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
            prop_assert_eq!(groups.len() > 1, digits.trim_start_matches('-').len() >= 4);
            Ok(())
        })
        .unwrap();
}
