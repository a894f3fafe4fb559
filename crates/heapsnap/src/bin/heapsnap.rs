//! `heapsnap`: summary, diff and retaining paths of V8 `.heapsnapshot` files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use heapsnap::{Analysis, HeapSnapshot, ParseOptions, RetainerIndex};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "heapsnap",
    version,
    about = "Analyze V8 .heapsnapshot files (Node, Chrome, Deno)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// Hide the progress bar.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Per class: count, shallow size and retained size, largest retained first.
    Summary {
        /// The snapshot file.
        file: PathBuf,
        /// Rows to show (0 = all).
        #[arg(long, default_value_t = 30)]
        top: usize,
    },
    /// Objects added, removed and grown per class between two snapshots (by node id).
    Diff {
        /// The earlier snapshot.
        old: PathBuf,
        /// The later snapshot.
        new: PathBuf,
        /// Rows to show (0 = all).
        #[arg(long, default_value_t = 30)]
        top: usize,
    },
    /// Shortest retaining paths from the GC roots.
    Retainers {
        /// The snapshot file.
        file: PathBuf,
        /// V8 object id (the `@123` DevTools shows).
        #[arg(long, conflicts_with = "name", required_unless_present = "name")]
        id: Option<u32>,
        /// Class (constructor) name; its largest objects are shown.
        #[arg(long)]
        name: Option<String>,
        /// Paths per object.
        #[arg(long, default_value_t = 3)]
        paths: usize,
        /// Objects to show with --name.
        #[arg(long, default_value_t = 3)]
        limit: usize,
    },
}

fn load(path: &Path, options: ParseOptions, quiet: bool) -> Result<HeapSnapshot, heapsnap::Error> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(size)
    };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.set_message(format!("parsing {}", path.display()));
    let mut tick = |read: u64| bar.set_position(read);
    let snap = HeapSnapshot::open_with(path, options, Some(&mut tick));
    bar.finish_and_clear();
    snap
}

fn analyze(snap: &mut HeapSnapshot, quiet: bool) -> Analysis {
    let spinner = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    let analysis =
        snap.analyze_with(&mut |phase| spinner.set_message(format!("analyzing: {phase}")));
    spinner.finish_and_clear();
    analysis
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn signed_bytes(v: i64) -> String {
    if v >= 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

fn truncate(s: &str, width: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= width {
        one_line
    } else {
        let mut t: String = one_line.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

fn take<T>(rows: &[T], top: usize) -> &[T] {
    if top == 0 || top >= rows.len() {
        rows
    } else {
        &rows[..top]
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::other)?;
    writeln!(out)
}

fn summary(
    file: &Path,
    top: usize,
    json: bool,
    quiet: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut snap = load(file, ParseOptions::default(), quiet)?;
    let analysis = analyze(&mut snap, quiet);
    let s = heapsnap::summarize(&snap, &analysis);
    if json {
        print_json(&s)?;
        return Ok(());
    }
    let st = &s.statistics;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: {} nodes, {} edges, total {} (native {}, code {}, strings {}, JS arrays {}, system {})",
        file.display(),
        s.node_count,
        s.edge_count,
        mb(st.total),
        mb(st.native),
        mb(st.code),
        mb(st.strings),
        mb(st.js_arrays),
        mb(st.system)
    )?;
    if s.unreachable_nodes > 0 {
        writeln!(
            out,
            "note: {} nodes are not reachable from the root",
            s.unreachable_nodes
        )?;
    }
    writeln!(
        out,
        "{:<50} {:>10} {:>14} {:>14} {:>9}",
        "class", "count", "shallow", "retained", "distance"
    )?;
    for c in take(&s.classes, top) {
        writeln!(
            out,
            "{:<50} {:>10} {:>14} {:>14} {:>9}",
            truncate(&c.name, 50),
            c.count,
            c.self_size,
            c.retained_size,
            c.distance
        )?;
    }
    Ok(())
}

fn diff(
    old: &Path,
    new: &Path,
    top: usize,
    json: bool,
    quiet: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let options = ParseOptions { edges: false };
    let a = load(old, options, quiet)?;
    let b = load(new, options, quiet)?;
    let d = heapsnap::diff(&a, &b);
    if json {
        print_json(&d)?;
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} -> {}: nodes {} -> {}, self size {} -> {} ({})",
        old.display(),
        new.display(),
        d.old_node_count,
        d.new_node_count,
        d.old_total_size,
        d.new_total_size,
        signed_bytes(d.new_total_size as i64 - d.old_total_size as i64)
    )?;
    writeln!(
        out,
        "{:<44} {:>9} {:>9} {:>9} {:>12} {:>12} {:>12}",
        "class", "+count", "-count", "Δcount", "+size", "-size", "Δsize"
    )?;
    for c in take(&d.classes, top) {
        writeln!(
            out,
            "{:<44} {:>9} {:>9} {:>9} {:>12} {:>12} {:>12}",
            truncate(&c.name, 44),
            c.added_count,
            c.removed_count,
            signed_bytes(c.count_delta),
            c.added_size,
            c.removed_size,
            signed_bytes(c.size_delta)
        )?;
    }
    Ok(())
}

fn retainers(
    file: &Path,
    id: Option<u32>,
    name: Option<&str>,
    paths: usize,
    limit: usize,
    json: bool,
    quiet: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut snap = load(file, ParseOptions::default(), quiet)?;
    let analysis = analyze(&mut snap, quiet);
    let targets: Vec<u32> = match (id, name) {
        (Some(id), _) => vec![snap.find_by_id(id).ok_or_else(|| {
            heapsnap::Error::NotFound(format!("no node with id @{id} in {}", file.display()))
        })?],
        (None, Some(name)) => {
            let mut v = heapsnap::nodes_of_class(&snap, &analysis, name)?;
            v.truncate(limit.max(1));
            v
        }
        (None, None) => unreachable!("clap requires --id or --name"),
    };
    let index = RetainerIndex::build(&snap);
    let results: Vec<_> = targets
        .iter()
        .map(|&t| heapsnap::retaining_paths(&snap, &analysis, &index, t, paths))
        .collect();
    if json {
        print_json(&results)?;
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    for r in &results {
        let t = &r.target;
        writeln!(
            out,
            "{} @{} ({}): self {} retained {} distance {}",
            truncate(&t.name, 60),
            t.id,
            t.node_type,
            t.self_size,
            t.retained_size,
            t.distance
        )?;
        if r.paths.is_empty() {
            writeln!(out, "  (no retainers)")?;
        }
        for (i, p) in r.paths.iter().enumerate() {
            writeln!(
                out,
                "  path {}{}:",
                i + 1,
                if p.complete { "" } else { " (incomplete)" }
            )?;
            for s in &p.steps {
                writeln!(
                    out,
                    "    {} @{} --[{} {}]-->",
                    truncate(&s.from.name, 60),
                    s.from.id,
                    s.edge_type,
                    truncate(&s.edge_name, 40)
                )?;
            }
            writeln!(out, "    {} @{}", truncate(&t.name, 60), t.id)?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Summary { file, top } => summary(file, *top, cli.json, cli.quiet),
        Command::Diff { old, new, top } => diff(old, new, *top, cli.json, cli.quiet),
        Command::Retainers {
            file,
            id,
            name,
            paths,
            limit,
        } => retainers(
            file,
            *id,
            name.as_deref(),
            *paths,
            *limit,
            cli.json,
            cli.quiet,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("heapsnap: {e}");
            ExitCode::FAILURE
        }
    }
}
