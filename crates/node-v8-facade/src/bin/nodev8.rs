//! `nodev8 [V8 flags...] script.js [args...]`: runs a script like `node` does
//! (`-e <code>` / `-p <code>` evaluate or print code instead of a file).
//!
//! Leading arguments that start with `-` (other than nodev8's own options)
//! are V8 flags, e.g. `nodev8 --expose-gc script.js`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use node_v8_facade::runtime::{Runtime, RuntimeOptions};

/// Run a JavaScript file (CommonJS, or an ES module if it ends in .mjs) with
/// `require('node:v8')` backed by the real V8.
#[derive(Parser, Debug)]
#[command(
    name = "nodev8",
    version,
    trailing_var_arg = true,
    override_usage = "nodev8 [V8 FLAGS...] <SCRIPT> [ARGS]...\n       nodev8 [V8 FLAGS...] -e|-p <CODE> [ARGS]...",
    after_help = "V8 flags (any argument starting with '-' before the script) go to V8 as in node, \
                  e.g. `nodev8 --expose-gc --max-old-space-size=64 script.js`."
)]
struct Cli {
    /// Evaluate CODE as a script (with `require`) instead of running a file.
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "CODE",
        conflicts_with = "print"
    )]
    eval: Option<String>,
    /// Like --eval, and print the completion value.
    #[arg(short = 'p', long = "print", value_name = "CODE")]
    print: Option<String>,
    /// The script to run (`.mjs`: ES module, otherwise CommonJS).
    #[arg(required_unless_present_any = ["eval", "print"])]
    script: Option<PathBuf>,
    /// Arguments passed to the script (`process.argv.slice(2)`).
    #[arg(allow_hyphen_values = true)]
    args: Vec<String>,
}

/// Splits `argv` (without the program name) into leading V8 flags and the rest.
fn split_v8_flags(argv: Vec<String>) -> (Vec<String>, Vec<String>) {
    let own = [
        "-h",
        "--help",
        "-V",
        "--version",
        "--",
        "-e",
        "--eval",
        "-p",
        "--print",
    ];
    let split = argv
        .iter()
        .position(|a| {
            !a.starts_with('-')
                || own.contains(&a.as_str())
                || a.starts_with("--eval=")
                || a.starts_with("--print=")
        })
        .unwrap_or(argv.len());
    let mut rest = argv;
    let rest_tail = rest.split_off(split);
    (rest, rest_tail)
}

fn main() -> ExitCode {
    let mut argv = std::env::args();
    let program = argv.next().unwrap_or_else(|| "nodev8".to_owned());
    let (v8_flags, rest) = split_v8_flags(argv.collect());
    let cli = Cli::parse_from(std::iter::once(program.clone()).chain(rest));
    // V8 consumes the flags it knows; what is left is not a V8 flag.
    let mut for_v8 = vec![program.clone()];
    for_v8.extend(v8_flags.iter().cloned());
    let unknown = v8::V8::set_flags_from_command_line(for_v8);
    if let Some(bad) = unknown.get(1) {
        eprintln!("nodev8: bad option: {bad}");
        return ExitCode::from(9);
    }

    let exec_path = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or(program);
    // node -e code a b: process.argv = [execPath, a, b]; with a file, the
    // absolute script path comes second.
    let mut process_argv = vec![exec_path];
    let code_to_eval = cli
        .eval
        .clone()
        .map(|c| (c, false))
        .or(cli.print.clone().map(|c| (c, true)));
    if code_to_eval.is_some() {
        process_argv.extend(cli.script.iter().map(|s| s.to_string_lossy().into_owned()));
    } else if let Some(script) = &cli.script {
        let script_abs = std::path::absolute(script).unwrap_or_else(|_| script.clone());
        process_argv.push(script_abs.to_string_lossy().into_owned());
    }
    process_argv.extend(cli.args);

    let options = RuntimeOptions {
        argv: process_argv,
        v8_flags,
        env: None,
        coverage_dir: node_v8_facade::coverage::coverage_dir_from_env(),
    };
    let run = |runtime: &mut Runtime| match (&code_to_eval, &cli.script) {
        (Some((code, print)), _) => runtime.run_eval(code, *print),
        (None, Some(script)) => runtime.run_main(script),
        (None, None) => Ok(0),
    };
    let code = match Runtime::new(options).and_then(|mut runtime| run(&mut runtime)) {
        Ok(code) => code,
        // Uncaught exceptions were already reported on stderr, Node-style.
        Err(err @ node_v8_facade::runtime::RuntimeError::Uncaught { .. }) => err.exit_code(),
        Err(err @ node_v8_facade::runtime::RuntimeError::UnsettledTopLevelAwait(_)) => {
            err.exit_code()
        }
        Err(err) => {
            eprintln!("nodev8: {err}");
            err.exit_code()
        }
    };
    ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::split_v8_flags;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn leading_dash_arguments_are_v8_flags() {
        let (flags, rest) = split_v8_flags(strings(&[
            "--expose-gc",
            "--max-old-space-size=64",
            "a.js",
            "--x",
        ]));
        assert_eq!(flags, strings(&["--expose-gc", "--max-old-space-size=64"]));
        assert_eq!(rest, strings(&["a.js", "--x"]));
    }

    #[test]
    fn eval_and_print_end_the_v8_flags() {
        let (flags, rest) = split_v8_flags(strings(&["--expose-gc", "-e", "gc()", "x"]));
        assert_eq!(flags, strings(&["--expose-gc"]));
        assert_eq!(rest, strings(&["-e", "gc()", "x"]));
        let (flags, rest) = split_v8_flags(strings(&["--print=1+1"]));
        assert!(flags.is_empty());
        assert_eq!(rest, strings(&["--print=1+1"]));
    }

    #[test]
    fn help_and_version_stay_with_clap() {
        let (flags, rest) = split_v8_flags(strings(&["--help"]));
        assert!(flags.is_empty());
        assert_eq!(rest, strings(&["--help"]));
    }
}
