//! The runtime as a library: scripts, macrotasks from Rust and other
//! threads, and uncaught-exception reporting from native code.

use std::time::Duration;

use node_v8_facade::runtime::{
    enqueue_macrotask, has_event_loop, report_uncaught, Runtime, RuntimeError, RuntimeOptions,
};

fn runtime() -> Runtime {
    Runtime::new(RuntimeOptions {
        argv: vec!["nodev8".into(), "test".into()],
        v8_flags: Vec::new(),
        env: Some(vec![("ONLY".into(), "this".into())]),
        coverage_dir: None,
    })
    .expect("runtime starts")
}

#[test]
fn execute_script_returns_inspected_values_and_errors() {
    let mut rt = runtime();
    assert_eq!(
        rt.execute_script("a.js", "({ a: [1, 'x'], b: 2n })")
            .unwrap(),
        "{ a: [ 1, 'x' ], b: 2n }"
    );
    assert_eq!(
        rt.execute_script("b.js", "Object.keys(process.env)")
            .unwrap(),
        "[ 'ONLY' ]"
    );
    assert_eq!(
        rt.execute_script("c.js", "typeof require").unwrap(),
        "'undefined'"
    );
    match rt.execute_script("d.js", "null.x") {
        Err(RuntimeError::Exception { message }) => {
            assert!(
                message.starts_with("TypeError: Cannot read properties of null"),
                "{message}"
            );
            assert!(message.contains("at d.js:1:6"), "{message}");
        }
        other => panic!("expected an exception, got {other:?}"),
    }
    assert!(matches!(
        rt.execute_script("e.js", "let = ;"),
        Err(RuntimeError::Exception { .. })
    ));
}

#[test]
fn timers_and_rust_macrotasks_share_the_loop() {
    let mut rt = runtime();
    assert!(has_event_loop(rt.isolate()));
    let plain = v8::Isolate::new(Default::default());
    assert!(!has_event_loop(&plain));
    drop(plain);
    rt.execute_script(
        "setup.js",
        "globalThis.log = []; setTimeout(() => log.push('timer'), 5); process.nextTick(() => log.push('tick'));",
    )
    .unwrap();
    enqueue_macrotask(
        rt.isolate(),
        Box::new(|scope: &mut v8::PinScope| {
            let code = v8::String::new(
                scope,
                "log.push('rust task'); process.nextTick(() => log.push('tick after task'))",
            )
            .unwrap();
            let script = v8::Script::compile(scope, code, None).unwrap();
            script.run(scope).unwrap();
        }),
    );
    rt.run_event_loop().unwrap();
    // The timer may fire before or after the task (it depends on how long
    // the task waited); the task's own nextTick must follow it immediately.
    let log = rt.execute_script("check.js", "log.join()").unwrap();
    assert!(
        log == "'tick,rust task,tick after task,timer'"
            || log == "'tick,timer,rust task,tick after task'",
        "{log}"
    );
}

#[test]
fn other_threads_post_work_while_holding_the_loop_open() {
    let mut rt = runtime();
    rt.execute_script("setup.js", "globalThis.received = []")
        .unwrap();
    let handle = rt.loop_handle();
    let guard = handle.keep_alive();
    let worker = std::thread::spawn(move || {
        for i in 0..3 {
            std::thread::sleep(Duration::from_millis(5));
            assert!(handle.post(Box::new(move |scope: &mut v8::PinScope| {
                let code = v8::String::new(scope, &format!("received.push({i})")).unwrap();
                v8::Script::compile(scope, code, None)
                    .unwrap()
                    .run(scope)
                    .unwrap();
            })));
        }
        drop(guard);
    });
    rt.run_event_loop().unwrap();
    worker.join().unwrap();
    assert_eq!(
        rt.execute_script("check.js", "received").unwrap(),
        "[ 0, 1, 2 ]"
    );
}

fn report_from_rust(rt: &mut Runtime) {
    enqueue_macrotask(
        rt.isolate(),
        Box::new(|scope: &mut v8::PinScope| {
            let message = v8::String::new(scope, "reported from Rust").unwrap();
            let error = v8::Exception::range_error(scope, message);
            report_uncaught(scope, error);
        }),
    );
}

#[test]
fn report_uncaught_reaches_uncaught_exception_listeners() {
    let mut rt = runtime();
    rt.execute_script(
        "setup.js",
        "globalThis.seen = []; process.on('uncaughtException', (e, origin) => seen.push(e.message, origin));",
    )
    .unwrap();
    report_from_rust(&mut rt);
    rt.run_event_loop().unwrap();
    assert_eq!(
        rt.execute_script("check.js", "seen").unwrap(),
        "[ 'reported from Rust', 'uncaughtException' ]"
    );
}

#[test]
fn report_uncaught_without_listener_stops_the_loop_with_exit_code_1() {
    let mut rt = runtime();
    rt.execute_script(
        "setup.js",
        "globalThis.late = false; setTimeout(() => { late = true; }, 20);",
    )
    .unwrap();
    report_from_rust(&mut rt);
    match rt.run_event_loop() {
        Err(RuntimeError::Uncaught { report, exit_code }) => {
            assert_eq!(exit_code, 1);
            assert!(
                report.contains("RangeError: reported from Rust"),
                "{report}"
            );
        }
        other => panic!("expected Uncaught, got {other:?}"),
    }
    assert_eq!(rt.exit_code(), Some(1));
}

#[test]
fn process_exit_from_a_script_is_reported_as_an_exit_code() {
    let mut rt = runtime();
    rt.execute_script("exit.js", "setTimeout(() => process.exit(4), 1)")
        .unwrap();
    rt.run_event_loop().unwrap();
    assert_eq!(rt.exit_code(), Some(4));
}

#[test]
fn posting_to_a_dropped_runtime_fails_cleanly() {
    let handle = {
        let mut rt = runtime();
        rt.loop_handle()
    };
    assert!(!handle.post(Box::new(|_scope: &mut v8::PinScope| {})));
    drop(handle.keep_alive());
}

#[test]
fn a_panicking_macrotask_is_reported_as_an_uncaught_error() {
    let mut rt = runtime();
    rt.execute_script(
        "setup.js",
        "globalThis.seen = []; process.on('uncaughtException', (e) => seen.push(e.message));",
    )
    .unwrap();
    enqueue_macrotask(
        rt.isolate(),
        Box::new(|_scope: &mut v8::PinScope| panic!("deliberate test panic")),
    );
    rt.run_event_loop().unwrap();
    assert_eq!(
        rt.execute_script("check.js", "seen").unwrap(),
        "[ 'a Rust macrotask panicked: deliberate test panic' ]"
    );
}

#[test]
fn v8_flags_apply_even_after_v8_was_initialised() {
    drop(runtime());
    let mut rt = Runtime::new(RuntimeOptions {
        v8_flags: vec!["--expose-gc".into()],
        ..RuntimeOptions::default()
    })
    .unwrap();
    assert_eq!(
        rt.execute_script("gc.js", "typeof gc").unwrap(),
        "'function'"
    );
    assert_eq!(
        rt.execute_script("argv.js", "process.execArgv").unwrap(),
        "[ '--expose-gc' ]"
    );
}

#[test]
fn coverage_dir_collects_and_the_dropped_runtime_writes_the_file() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("created/on/write");
    let mut rt = Runtime::new(RuntimeOptions {
        env: Some(vec![("NODE_V8_COVERAGE".into(), "relative".into())]),
        coverage_dir: Some(dir.clone()),
        ..RuntimeOptions::default()
    })
    .unwrap();
    // process.env shows the absolute directory, in place of the given value.
    assert_eq!(
        rt.execute_script("env.js", "Object.entries(process.env)")
            .unwrap(),
        format!("[ [ 'NODE_V8_COVERAGE', '{}' ] ]", dir.display())
    );
    rt.execute_script(
        "/virtual/lib.js",
        "function twice(x) { return 2 * x; } twice(1); twice(2);",
    )
    .unwrap();
    assert!(!dir.exists(), "nothing is written before exit");
    drop(rt);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(files[0].as_ref().unwrap().path()).unwrap()).unwrap();
    let script = json["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"] == "file:///virtual/lib.js")
        .expect("the absolute script name is reported as a file URL");
    let twice = script["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["functionName"] == "twice")
        .unwrap();
    assert_eq!(twice["ranges"][0]["count"], 2);
}
