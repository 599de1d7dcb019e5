//! The command line: flags, subcommands and their help text. No I/O here; `app` acts on it.
//!
//! `analyze` is the default subcommand (DESIGN §2.1): `culprit app.log` is `culprit analyze
//! app.log`.

use std::path::PathBuf;

mod when;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use when::parse_when;

#[derive(Debug, Parser)]
#[command(
    name = "culprit",
    version,
    about = "Finds why something broke by reading its logs",
    long_about = "Finds why something broke by reading its logs.\n\n\
        Point it at log files, folders, compressed files (gzip, zstd, bzip2, xz), archives \
        (tar, plain or compressed, and zip: each file in one is read as an input) or a pipe \
        (`journalctl -u nginx --since -1h | culprit`). With no path and piped input it reads stdin.",
    args_conflicts_with_subcommands = true,
    after_help = "Exit status: 0 the analysis ran; 1 a cause at or above --fail-on was found; \
        2 usage error or an input could not be read."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub analyze: AnalyzeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Summarise logs: inputs, levels, the most frequent problems and a timeline (the default).
    Analyze(AnalyzeArgs),
    /// Show how each line was read: format, timestamp, level, origin and message.
    Parse(ParseArgs),
    /// Fold every line into templates (`Connection to <*> refused`) and count them.
    Templates(TemplatesArgs),
    /// List, show, test and try the known-failure patterns.
    Patterns(PatternsArgs),
    /// What is new or grew in a run compared with passing runs (`--baseline`), ranked.
    Diff(DiffArgs),
    /// Build or update a saved baseline of passing runs, for `culprit diff --baseline FILE`.
    Baseline(BaselineArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Options every reading command shares.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Log files or folders to read (folders recursively); `-` or nothing (with piped input)
    /// reads stdin. Compressed files and archives (tar, zip) are recognised by their content;
    /// the files in an archive are inputs named `ARCHIVE/PATH`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read every input as this format instead of detecting it (see `--input-format help`).
    #[arg(long, value_name = "FMT")]
    pub input_format: Option<String>,

    /// Worker threads (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Read files that look binary (contain NUL bytes) instead of skipping them.
    #[arg(short = 'a', long)]
    pub text: bool,

    /// Text encoding of the inputs: `auto` reads UTF-16 (told by its byte-order mark, or by
    /// its NUL bytes) and UTF-8; `none` reads the bytes as they are; or name the encoding of
    /// inputs without a byte-order mark, such as `utf-16le`, `latin1`, `windows-1252`,
    /// `shift_jis` (a mark still says what its input is).
    #[arg(short = 'E', long, value_name = "ENC")]
    pub encoding: Option<String>,

    /// Lines longer than this many bytes are analysed up to it and reported as truncated.
    #[arg(long, value_name = "BYTES", default_value_t = crate::engine::DEFAULT_MAX_LINE)]
    pub max_line_bytes: usize,

    /// Time zone of timestamps that carry none (default: the TZ environment variable or the
    /// system's zone), e.g. `UTC`, `Europe/Berlin`, `+02:00`.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,

    /// Bytes per chunk (for tests of chunk-size independence).
    #[arg(long, hide = true, value_name = "BYTES")]
    pub chunk_size: Option<usize>,
}

/// Where patterns come from.
#[derive(Debug, Clone, Args)]
pub struct PatternSource {
    /// A folder of pattern files (`*.toml`) to add to the library; repeatable. A pattern with a
    /// built-in's id replaces it.
    #[arg(long = "patterns", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,

    /// Leave the built-in pattern library out.
    #[arg(long)]
    pub no_builtin_patterns: bool,
}

#[derive(Debug, Clone, Args)]
pub struct PatternsArgs {
    #[command(subcommand)]
    pub command: PatternsCommand,
    #[command(flatten)]
    pub source: PatternSource,
}

#[derive(Debug, Clone, Subcommand)]
pub enum PatternsCommand {
    /// List every pattern.
    List {
        /// `human` (a table) or `json` (one object per pattern).
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Everything about one pattern.
    Show {
        /// The pattern's id, e.g. linux.oom-killer.
        id: String,
    },
    /// Check patterns against their own examples; exit 1 if any fails.
    Test {
        /// Only test the patterns of these folders (loaded on top of the library).
        dirs: Vec<PathBuf>,
    },
    /// Which patterns match a line, and what they capture. Without LINE, reads lines from stdin.
    Explain {
        /// A log line.
        line: Option<String>,
        /// `human` or `jsonl` (one object per input line).
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Human,
    Jsonl,
}

#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub patterns: PatternSource,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Show at most N rows in each ranked list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// Only analyse events at or after this time: `2026-11-26 12:00`, `2026-11-26T12:00:00Z`,
    /// `-2h`, `today`, `yesterday` (like journalctl).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,

    /// Only analyse events at or before this time (same forms as --since).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,

    /// When to use colour: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Exit with status 1 when a cause at or above this severity is found.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,

    /// Lines of context shown around the evidence of the top three causes in the human
    /// report, read back from the input files (not from standard input); 0 for none.
    #[arg(short = 'C', long, value_name = "N", default_value_t = 2)]
    pub context: usize,

    /// Read the input as a CI job's log: rank the error output before the step that failed
    /// first (detected on its own from runner markers such as `The command "…" exited with 1`
    /// or `##[error]Process completed with exit code 1`).
    #[arg(long)]
    pub ci: bool,

    /// Print no progress bar and no warnings about skipped inputs (errors still print).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format: `jsonl` (one object per event, DESIGN §2.6) or `human`.
    #[arg(long, value_enum, default_value_t = ParseFormat::Human)]
    pub format: ParseFormat,
}

#[derive(Debug, Clone, Args)]
pub struct TemplatesArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// One object per input line, in order, with the template it belongs to (DESIGN §2.3),
    /// instead of the table of templates.
    #[arg(long)]
    pub per_line: bool,

    /// Output format: `human` (a table), `json` (the table as one document) or `jsonl` (one
    /// object per template, or per line with --per-line).
    #[arg(long, value_enum, default_value_t = TemplatesFormat::Human)]
    pub format: TemplatesFormat,

    /// Show at most N templates in the human table (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top: usize,

    /// Keep at most N distinct message shapes in memory; when more arrive, the least seen are
    /// counted as `other` (reported with their count).
    #[arg(long, value_name = "N", default_value_t = crate::summary::signatures::DEFAULT_CAP)]
    pub max_templates: usize,

    /// When to use colour: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplatesFormat {
    Human,
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For a terminal.
    Human,
    /// DESIGN §2.2, for scripts.
    Json,
    /// An incident summary for a ticket or a pull request.
    Markdown,
    /// One self-contained page.
    Html,
    /// GitHub Actions annotations (and the Markdown summary in $GITHUB_STEP_SUMMARY when set).
    Github,
    /// A GitLab Code Quality report (`artifacts:reports:codequality`).
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    Human,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub use crate::patterns::Severity;

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Each --baseline is one passing run: a log file, a folder of logs (its \
    files are compared with the target files of the same relative path) or a saved baseline \
    (`culprit baseline build`). Without PATH, the target is read from stdin."
)]
pub struct DiffArgs {
    /// A passing run to compare with (repeatable): a log file, a folder, or a saved baseline.
    #[arg(short = 'b', long = "baseline", value_name = "GOOD", required = true)]
    pub baselines: Vec<PathBuf>,

    /// Exit with status 1 when a new or grown cause at or above this severity is found.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on_new: Option<Severity>,

    #[command(flatten)]
    pub analyze: AnalyzeArgs,
}

#[derive(Debug, Clone, Args)]
pub struct BaselineArgs {
    #[command(subcommand)]
    pub command: BaselineCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum BaselineCommand {
    /// Save a model of passing runs (each GOOD a log file or folder, one run each).
    Build {
        /// Where to write the baseline (`-` for stdout).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Print no progress bar and no warnings about skipped inputs.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Add passing runs to a saved baseline: `update -o base.culprit base.culprit GOOD...`.
    Update {
        /// Where to write the updated baseline (may be BASELINE itself).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// The saved baseline to start from.
        #[arg(value_name = "BASELINE")]
        baseline: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Print no progress bar and no warnings about skipped inputs.
        #[arg(short, long)]
        quiet: bool,
    },
}
