//! Uncaught exceptions and unhandled rejections: Node's report and exit codes.

use crate::support::{nodev8, normalize};

#[test]
fn uncaught_error_prints_source_arrow_and_stack_and_exits_1() {
    let run = nodev8(&[], "uncaught.js", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "before\n");
    let stderr = normalize(&run.stderr);
    let want = "<scripts>/uncaught.js:2\n  throw new Error('boom');\n  ^\n\nError: boom\n    at thrower (<scripts>/uncaught.js:2:9)\n    at Object.<anonymous> (<scripts>/uncaught.js:5:1)\n";
    assert!(stderr.starts_with(want), "stderr was:\n{stderr}");
}

#[test]
fn uncaught_error_shows_extra_properties_after_exit_listeners() {
    let run = nodev8(&[], "uncaught_code.js", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "exit event 1\n");
    let stderr = normalize(&run.stderr);
    assert!(
        stderr.starts_with("<scripts>/uncaught_code.js:4\nthrow err;\n^\n\nTypeError: bad thing\n"),
        "{stderr}"
    );
    assert!(stderr.ends_with(" {\n  code: 'ERR_BAD'\n}\n"), "{stderr}");
}

#[test]
fn thrown_primitive_is_printed_after_the_arrow() {
    let run = nodev8(&[], "throw_string.js", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        normalize(&run.stderr),
        "\n<scripts>/throw_string.js:1\nthrow 'just a string';\n^\njust a string\n"
    );
}

#[test]
fn unhandled_rejection_is_fatal_like_node_20() {
    let run = nodev8(&[], "rejection.js", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout, "",
        "timers must not run after the fatal rejection"
    );
    let stderr = normalize(&run.stderr);
    assert_eq!(
        stderr,
        "<scripts>/rejection.js:3\n  throw new RangeError('async failure');\n        ^\n\nRangeError: async failure\n    at main (<scripts>/rejection.js:3:9)\n"
    );
}

#[test]
fn rejection_with_a_non_error_reason_reports_err_unhandled_rejection() {
    let run = nodev8(&[], "rejection_value.js", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason \"42\".\n"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("{\n  code: 'ERR_UNHANDLED_REJECTION'\n}\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn unsettled_top_level_await_exits_13() {
    let run = nodev8(&[], "tla_unsettled.mjs", &[]);
    assert_eq!(run.code, 13);
    assert_eq!(run.stdout, "waiting forever\n");
}

#[test]
fn missing_script_is_a_clear_error() {
    let run = nodev8(&[], "does-not-exist.js", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("Cannot find module"), "{}", run.stderr);
    assert!(run.stderr.contains("does-not-exist.js"), "{}", run.stderr);
}

#[test]
fn importing_an_unknown_builtin_is_err_unknown_builtin_module() {
    let run = nodev8(&[], "esm_unknown_builtin.mjs", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:nope\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("{\n  code: 'ERR_UNKNOWN_BUILTIN_MODULE'\n}\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn module_syntax_errors_point_at_the_token() {
    let run = nodev8(&[], "esm_syntax_error.mjs", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "a module that fails to parse runs nothing");
    let stderr = normalize(&run.stderr);
    assert!(
        stderr.starts_with(
            "file://<scripts>/esm_syntax_error.mjs:2\nconst broken = ;\n               ^\n\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("SyntaxError: Unexpected token ';'"),
        "{stderr}"
    );
}
