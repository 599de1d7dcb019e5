//! genlog: writes deterministic production-like logs (see `culprit::testgen`).
//!
//! ```text
//! cargo run --release --example genlog -- --size 1G --seed 7 --mix -o big.log
//! cargo run --release --example genlog -- --size 20M --format log4j --scenario oom -o oom.log
//! ```
//!
//! With `--scenario`, the ground truth (1-based cause line numbers, as JSON) goes to `--truth
//! FILE`, else to `<output>.truth.json` next to `-o FILE`, else to stderr as one JSON line.
//! A summary line with the throughput goes to stderr unless `--quiet`.

use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use culprit::testgen::{self, Config, Format, Layout, Scenario};

#[derive(Parser, Debug)]
#[command(about = "Writes deterministic, production-like logs for benchmarks and tests.")]
struct Args {
    /// Output size: bytes, or with a K/M/G suffix (binary: 1G = 1024^3 bytes).
    #[arg(long, default_value = "100M", value_parser = parse_size)]
    size: u64,
    /// Seed: the same seed and options give the same bytes on every platform.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Every program in its own layout, interleaved (a detection stress test).
    #[arg(long, conflicts_with = "format")]
    mix: bool,
    /// One layout for the whole file (default syslog). See --list.
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// Inject an incident whose cause is not the last error. See --list.
    #[arg(long, value_parser = parse_scenario)]
    scenario: Option<Scenario>,
    /// Where the incident's cause goes, as a fraction of the size.
    #[arg(long, default_value_t = 0.6)]
    at: f64,
    /// Write here instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write the scenario's ground truth here (default: <output>.truth.json, or stderr).
    #[arg(long)]
    truth: Option<PathBuf>,
    /// List formats and scenarios, then exit.
    #[arg(long)]
    list: bool,
    /// No summary line on stderr.
    #[arg(short, long)]
    quiet: bool,
}

fn parse_size(s: &str) -> Result<u64, String> {
    testgen::parse_size(s).ok_or_else(|| format!("not a size: {s:?} (try 500M or 1G)"))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

fn parse_scenario(s: &str) -> Result<Scenario, String> {
    Scenario::from_name(s).ok_or_else(|| {
        let names: Vec<_> = Scenario::ALL.iter().map(|s| s.name()).collect();
        format!("unknown scenario {s:?}; one of: {}", names.join(", "))
    })
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.list {
        println!(
            "formats:   mix (--mix), {}",
            names(Format::ALL.iter().map(|f| f.name()))
        );
        println!(
            "scenarios: {}",
            names(Scenario::ALL.iter().map(|s| s.name()))
        );
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        // `genlog | head` is a normal way to look at the output.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("genlog: {e}");
            ExitCode::from(2)
        }
    }
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

fn run(args: &Args) -> io::Result<()> {
    let mut cfg = Config::new(args.size, args.seed);
    cfg.layout = if args.mix {
        Layout::Mix
    } else {
        Layout::Single(args.format.unwrap_or(Format::Syslog))
    };
    cfg.scenario = args.scenario;
    cfg.incident_at = args.at;

    let started = Instant::now();
    // The generator hands over 1 MiB blocks, so no BufWriter is needed in between: it would
    // pass writes that large straight through anyway.
    let summary = match &args.output {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            testgen::generate(&cfg, file)?
        }
        None => testgen::generate(&cfg, io::stdout().lock())?,
    };
    let secs = started.elapsed().as_secs_f64();

    if let Some(truth) = &summary.truth {
        let json = truth.to_json();
        let path = args.truth.clone().or_else(|| {
            args.output.as_ref().map(|o| {
                let mut p = o.clone().into_os_string();
                p.push(".truth.json");
                PathBuf::from(p)
            })
        });
        match path {
            Some(p) => std::fs::write(&p, json + "\n")
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?,
            None => eprintln!("{json}"),
        }
    } else if args.scenario.is_some() {
        eprintln!("genlog: the file is too small for the incident; no ground truth written");
    }
    if !args.quiet {
        let mut err = io::stderr().lock();
        // Shares of events by level, indexed like `Level::ALL` (trace .. critical).
        let pct = |range: std::ops::Range<usize>| {
            100.0 * summary.by_level[range].iter().sum::<u64>() as f64
                / summary.events.max(1) as f64
        };
        writeln!(
            err,
            "genlog: {} bytes, {} lines, layout {}{} in {:.2} s ({:.0} MB/s); \
             events: {:.1}% trace..notice, {:.1}% warn, {:.1}% error+",
            summary.bytes,
            summary.lines,
            cfg.layout.name(),
            args.scenario
                .map(|s| format!(", scenario {s}"))
                .unwrap_or_default(),
            secs,
            summary.bytes as f64 / 1e6 / secs.max(1e-9),
            pct(0..4),
            pct(4..5),
            pct(5..7),
        )?;
    }
    Ok(())
}
