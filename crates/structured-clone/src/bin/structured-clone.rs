//! `structured-clone`: inspect, validate and re-encode V8 wire-format blobs
//! (Node's `v8.serialize` output, IndexedDB values, fuzz artifacts).

use clap::{Args, Parser, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use structured_clone::{
    inspect, DefaultDeserializer, DefaultSerializer, Deserializer, DeserializerDelegate, Graph,
    Serializer,
};

#[derive(Parser)]
#[command(
    name = "structured-clone",
    version,
    about = "Inspect, check and re-encode V8 serialization blobs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the value tree (like Node's util.inspect).
    Dump {
        #[command(flatten)]
        input: Input,
        /// Levels to print in full (the root is level 0), as util.inspect's
        /// `depth`: deeper non-empty objects, arrays, maps, sets, buffers and
        /// views print as their kind, e.g. `[Object]`, `[Array]`, `[Map]`.
        #[arg(long, default_value_t = inspect::DEFAULT_DEPTH)]
        depth: usize,
    },
    /// Validate a blob: exit 1 with the error and its byte offset if it is invalid.
    Check(Input),
    /// Decode and encode again (canonical V8 bytes).
    Reencode {
        #[command(flatten)]
        input: Input,
        /// Output file (`-` for stdout). Written through a temporary file and a rename.
        #[arg(short, long, default_value = "-")]
        output: PathBuf,
        /// Wire version to write (13 to 16).
        #[arg(long, default_value_t = 15)]
        write_version: u32,
        /// Print the output as hex instead of raw bytes.
        #[arg(long)]
        hex_out: bool,
    },
}

#[derive(Args)]
struct Input {
    /// Input file, or `-` for stdin.
    #[arg(default_value = "-")]
    file: PathBuf,
    /// The input is hex text (ASCII hex digits; ASCII whitespace ignored)
    /// rather than raw bytes.
    #[arg(long)]
    hex: bool,
    /// Skip this many bytes before the header (e.g. a framing prefix).
    #[arg(long, default_value_t = 0)]
    skip: usize,
    /// Plain `v8.Deserializer` mode: no Node host-object format for views;
    /// unregistered transfers become placeholders, and SharedArrayBuffer,
    /// WebAssembly.Module and shared-object ids are accepted as they are.
    #[arg(long)]
    plain: bool,
    /// Nesting limit, for reading and (with `reencode`) writing.
    #[arg(long, default_value_t = structured_clone::DEFAULT_MAX_DEPTH)]
    max_depth: usize,
}

fn read_input(input: &Input) -> Result<Vec<u8>, String> {
    let mut raw = Vec::new();
    if input.file == Path::new("-") {
        std::io::stdin()
            .read_to_end(&mut raw)
            .map_err(|e| format!("stdin: {e}"))?;
    } else {
        raw = std::fs::read(&input.file).map_err(|e| format!("{}: {e}", input.file.display()))?;
    }
    if input.hex {
        raw = decode_hex(&raw)?;
    }
    if input.skip > raw.len() {
        return Err(format!(
            "--skip {} is beyond the {} input bytes",
            input.skip,
            raw.len()
        ));
    }
    Ok(raw.split_off(input.skip))
}

/// Hex text to bytes, byte by byte: pairs of ASCII hex digits, with ASCII
/// whitespace skipped anywhere (even between the two digits of a pair).
fn decode_hex(text: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut high = None;
    for (i, &b) in text.iter().enumerate() {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            // \x0b too: `char::is_whitespace` allowed it before.
            b if b.is_ascii_whitespace() || b == 0x0b => continue,
            _ => {
                return Err(format!(
                    "bad hex input: {} at byte offset {i} is not a hex digit",
                    describe_char(&text[i..])
                ))
            }
        };
        match high.take() {
            None => high = Some(digit),
            Some(h) => out.push(h << 4 | digit),
        }
    }
    if high.is_some() {
        return Err("hex input has an odd number of digits".into());
    }
    Ok(out)
}

/// The character `bytes` starts with, quoted, or its first byte in hex when
/// that is not UTF-8.
fn describe_char(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4)];
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    match valid.chars().next() {
        Some(c) => format!("{c:?}"),
        None => format!("byte 0x{:02x}", head[0]),
    }
}

/// For `--plain`: takes every out-of-band id at face value, so a blob made
/// for another process (a worker's SharedArrayBuffer, a transferred module)
/// can still be shown and re-encoded.
struct AcceptIds;

impl DeserializerDelegate for AcceptIds {
    fn get_shared_array_buffer_from_id(&mut self, _id: u32) -> structured_clone::Result<()> {
        Ok(())
    }
    fn get_wasm_module_from_id(&mut self, _id: u32) -> structured_clone::Result<()> {
        Ok(())
    }
    fn get_shared_object_from_index(&mut self, _index: u32) -> structured_clone::Result<()> {
        Ok(())
    }
}

fn decode(input: &Input, bytes: &[u8]) -> Result<(Graph, u32), structured_clone::Error> {
    if input.plain {
        let mut de = Deserializer::with_delegate(bytes, AcceptIds);
        de.set_max_depth(input.max_depth);
        de.set_keep_transfer_placeholders(true);
        de.read_header()?;
        let version = de.wire_format_version();
        let root = de.read_value()?;
        Ok((de.into_graph(root), version))
    } else {
        let mut de = DefaultDeserializer::new(bytes);
        de.set_max_depth(input.max_depth);
        de.read_header()?;
        let version = de.wire_format_version();
        let root = de.read_value()?;
        Ok((de.into_inner().into_graph(root), version))
    }
}

fn encode(g: &Graph, input: &Input, version: u32) -> Result<Vec<u8>, structured_clone::Error> {
    if input.plain {
        let mut ser = Serializer::new();
        ser.set_max_depth(input.max_depth);
        ser.set_write_version(version)?;
        ser.write_header();
        ser.write_value(&g.heap, &g.root)?;
        Ok(ser.release())
    } else {
        let mut ser = DefaultSerializer::new();
        ser.set_max_depth(input.max_depth);
        ser.set_write_version(version)?;
        ser.write_header();
        ser.write_value(&g.heap, &g.root)?;
        Ok(ser.release())
    }
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path == Path::new("-") {
        return std::io::stdout()
            .write_all(bytes)
            .map_err(|e| format!("stdout: {e}"));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or("output path has no file name")?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", path.display())
    })
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Dump { input, depth } => {
            let bytes = read_input(&input)?;
            let (g, _) = decode(&input, &bytes).map_err(|e| e.to_string())?;
            println!("{}", inspect::inspect_depth(&g, depth));
        }
        Command::Check(input) => {
            let bytes = read_input(&input)?;
            let (g, version) = decode(&input, &bytes).map_err(|e| e.to_string())?;
            println!(
                "ok: version {version}, {} bytes, {} objects",
                bytes.len(),
                g.heap.len()
            );
        }
        Command::Reencode {
            input,
            output,
            write_version,
            hex_out,
        } => {
            let bytes = read_input(&input)?;
            let (g, _) = decode(&input, &bytes).map_err(|e| e.to_string())?;
            let out = encode(&g, &input, write_version).map_err(|e| e.to_string())?;
            if hex_out {
                let mut h: String = out.iter().map(|b| format!("{b:02x}")).collect();
                h.push('\n');
                write_output(&output, h.as_bytes())?;
            } else {
                write_output(&output, &out)?;
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
