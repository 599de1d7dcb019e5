//! `culprit diff` and `culprit baseline build|update`.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::{error_line, exit, prepare, report_inputs, Fatal, Prepared};
use crate::cli::{BaselineArgs, BaselineCommand, DiffArgs, InputArgs};
use crate::diff::model::{self, BuildSink, Builder, Model};
use crate::diff::Novelty;
use crate::engine::{self, Sink, SourceMeta};
use crate::event::Event;
use crate::record::Record;
use crate::report::Report;
use crate::source::{self, Input};
use crate::summary::Summary;

/// The group each input is compared under: its path relative to the folder named, or `""`
/// for a file (or stdin) named on its own.
fn groups_of(paths: &[PathBuf], inputs: &[Input]) -> Vec<String> {
    let mut names = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            names.push(String::new());
            continue;
        }
        let (found, _) = source::expand(std::slice::from_ref(p));
        let root = p.display().to_string();
        let is_dir = p.is_dir();
        for i in found {
            let rel = if is_dir {
                i.name
                    .strip_prefix(root.as_str())
                    .unwrap_or(&i.name)
                    .trim_start_matches(['/', '\\'])
                    .to_string()
            } else {
                String::new()
            };
            names.push(rel);
        }
    }
    if names.len() != inputs.len() {
        return vec![String::new(); inputs.len()];
    }
    names
}

/// The group a source is compared under: that of the input it is or is in, followed by its
/// path in that input's archives (so that the members of two archives pair by their paths, as
/// the files of two folders do). A first folder named with a number, as archives of a run are
/// (`run-1/`, `sosreport-web1-2026-11-26/`, `must-gather.local.5821/`), is left out of the path:
/// the same file of two runs pairs whatever the run was called.
fn group_of(groups: &[String], input: u32, member: Option<&str>) -> String {
    let base = groups.get(input as usize).map_or("", String::as_str);
    let member = member.map(|m| match m.split_once('/') {
        Some((first, rest)) if !rest.is_empty() && first.bytes().any(|b| b.is_ascii_digit()) => {
            rest
        }
        _ => m,
    });
    match member {
        None => base.to_string(),
        Some(m) if base.is_empty() => m.to_string(),
        Some(m) => format!("{base}/{m}"),
    }
}

fn is_saved(path: &Path) -> bool {
    let mut head = [0u8; 32];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    model::is_model(&head[..n])
}

fn load(path: &Path) -> Result<Model, Fatal> {
    let mut f = std::fs::File::open(path)
        .map_err(|e| Fatal(format!("{}: {}", path.display(), e.kind())))?;
    model::load(&mut f).map_err(|e| Fatal(format!("{}: {e}", path.display())))
}

/// Reads passing runs (one per path) into `builder`. Returns whether an input failed.
fn build_runs(
    builder: &mut Builder,
    paths: &[PathBuf],
    input: &InputArgs,
    quiet: bool,
) -> Result<bool, Fatal> {
    let mut errored = false;
    for path in paths {
        let args = InputArgs {
            paths: vec![path.clone()],
            ..input.clone()
        };
        let Prepared {
            inputs,
            opts,
            errored: e,
        } = prepare(&args, !quiet)?;
        errored |= e;
        let groups = groups_of(&args.paths, &inputs);
        builder.next_run();
        let sink = BuildSink::new(builder);
        let reports = engine::run(
            &inputs,
            &opts,
            |meta: &SourceMeta| BuildChunk {
                group: group_of(&groups, meta.input, meta.member.as_deref()),
                sink: sink.empty(),
            },
            |c: BuildChunk| builder.absorb(c.sink, &c.group),
        );
        errored |= report_inputs(&reports, quiet);
    }
    Ok(errored)
}

struct BuildChunk {
    group: String,
    sink: BuildSink,
}

impl Sink for BuildChunk {
    fn event(&mut self, _ev: &Event<'_>) {}

    fn record(&mut self, line: u64, rec: &Record<'_>) {
        self.sink.record(line, rec);
    }
}

/// The baseline of `diff --baseline ...`: saved models loaded, logs read, all merged.
fn baseline_of(paths: &[PathBuf], input: &InputArgs, quiet: bool) -> Result<(Model, bool), Fatal> {
    let mut logs = Vec::new();
    let mut saved = Vec::new();
    for p in paths {
        if is_saved(p) {
            saved.push(load(p)?);
        } else {
            logs.push(p.clone());
        }
    }
    let mut builder = Builder::new();
    let errored = if logs.is_empty() {
        false
    } else {
        build_runs(&mut builder, &logs, input, quiet)?
    };
    let mut model = builder.finish();
    for m in &saved {
        model.merge(m);
    }
    Ok((model, errored))
}

/// `culprit baseline build|update`.
pub fn baseline(args: BaselineArgs) -> Result<ExitCode, Fatal> {
    let (output, mut model, input, quiet) = match args.command {
        BaselineCommand::Build {
            output,
            input,
            quiet,
        } => (output, Model::empty(), input, quiet),
        BaselineCommand::Update {
            output,
            baseline,
            input,
            quiet,
        } => (output, load(&baseline)?, input, quiet),
    };
    if input.paths.is_empty() {
        return Err(Fatal(String::from(
            "no passing run named: give the log files or folders of one or more green runs",
        )));
    }
    let mut builder = Builder::new();
    let errored = build_runs(&mut builder, &input.paths, &input, quiet)?;
    if super::interrupt::happened() {
        // A model of half a run would call the rest of it new: write none.
        return Ok(ExitCode::from(super::interrupt::EXIT));
    }
    let built = builder.finish();
    if model.runs == 0 && model.signatures.is_empty() {
        model = built;
    } else {
        model.merge(&built);
    }
    let mut bytes = Vec::new();
    model::save(&model, &mut bytes).map_err(|e| Fatal(format!("writing the baseline: {e}")))?;
    if output.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush()) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                return Err(Fatal(format!("writing the baseline: {e}")));
            }
        }
    } else {
        // Written beside the target and renamed, so that updating a baseline in place never
        // leaves half a file.
        let dir = output
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| Fatal(format!("{}: {e}", output.display())))?;
        tmp.write_all(&bytes)
            .map_err(|e| Fatal(format!("{}: {e}", output.display())))?;
        tmp.persist(&output)
            .map_err(|e| Fatal(format!("{}: {}", output.display(), e.error)))?;
    }
    if !quiet {
        error_line(&format!(
            "baseline {}: {} run{}, {} lines, {} line shapes, {} bytes",
            output.display(),
            model.runs,
            if model.runs == 1 { "" } else { "s" },
            model.lines,
            model.signatures.len(),
            bytes.len()
        ));
    }
    Ok(ExitCode::from(if errored { exit::ERROR } else { exit::OK }))
}

struct DiffSink {
    source: u32,
    summary: Summary,
    novelty: Novelty,
    /// The class of the last line read, for the pattern hits on it.
    last: Option<(u64, crate::diff::Class)>,
}

impl Sink for DiffSink {
    fn event(&mut self, ev: &Event<'_>) {
        self.summary.add_event(self.source, ev);
    }

    fn hit(&mut self, hit: &engine::LineHit<'_>) {
        self.summary.add_hit(self.source, hit);
        if let Some((line, class)) = self.last.take().filter(|l| l.0 == hit.line) {
            self.novelty.mark(self.source, line, class);
        }
    }

    fn wants_fields(&self, pattern: u32) -> bool {
        self.summary.wants_fields(pattern)
    }

    fn record(&mut self, line: u64, rec: &Record<'_>) {
        self.summary.add_record(self.source, line, rec);
        self.last = self
            .novelty
            .add(self.source, line, rec)
            .map(|class| (line, class));
    }

    fn test_case(&mut self, case: &crate::record::junit::TestCase) {
        self.summary.add_test_case(self.source, case);
    }
}

/// `culprit diff --baseline GOOD... [PATH ...]`.
pub fn run(args: DiffArgs) -> Result<ExitCode, Fatal> {
    let a = &args.analyze;
    let (model, mut errored) = baseline_of(&args.baselines, &a.input, a.quiet)?;
    if super::interrupt::happened() {
        return Ok(ExitCode::from(super::interrupt::EXIT));
    }
    let model = Arc::new(model);
    let Prepared {
        inputs,
        mut opts,
        errored: e,
    } = prepare(&a.input, !a.quiet)?;
    errored |= e;
    let names: Vec<String> = if a.input.paths.is_empty() {
        vec![String::new(); inputs.len()]
    } else {
        groups_of(&a.input.paths, &inputs)
    };
    let patterns = Arc::new(super::patterns::load_patterns(&a.patterns)?);
    opts.patterns = patterns.clone();
    let window = super::window_of(a, &opts)?;
    let cap = crate::summary::signatures::DEFAULT_CAP;
    let mut summary = Summary::global(window, cap);
    let mut novelty = Novelty::global(model.clone(), cap);
    let reports = engine::run(
        &inputs,
        &opts,
        |meta: &SourceMeta| DiffSink {
            source: meta.index,
            summary: Summary::new(window),
            novelty: Novelty::local(
                model.clone(),
                model.group(&group_of(&names, meta.input, meta.member.as_deref())),
            ),
            last: None,
        },
        |s: DiffSink| {
            summary.absorb(s.summary);
            novelty.absorb(s.novelty);
        },
    );
    errored |= report_inputs(&reports, a.quiet);
    let interrupted = super::interrupt::happened();
    if interrupted && a.format != crate::cli::ReportFormat::Human {
        return Ok(ExitCode::from(super::interrupt::EXIT));
    }
    let all_failed = errored && reports.iter().all(|r| r.error.is_some() && r.lines == 0);
    let mut failed_check = false;
    if !all_failed {
        let mut baseline = None;
        let input_reports = reports.clone();
        // The group of each source, by its number.
        let groups: Vec<Option<u32>> = reports
            .iter()
            .map(|r| {
                let member = (!r.members.is_empty()).then(|| r.members.join("/"));
                model.group(&group_of(&names, r.input, member.as_deref()))
            })
            .collect();
        let mut report = Report::ranked_by(&summary, reports, a.top, &patterns, |s, c| {
            let (ranking, b) = crate::diff::rank(
                s,
                c,
                &patterns,
                crate::rank::Options { ci: a.ci },
                &novelty,
                &groups,
                &input_reports,
            );
            baseline = Some(b);
            ranking
        });
        report.baseline = baseline;
        failed_check = a.fail_on.is_some_and(|threshold| {
            report
                .causes
                .iter()
                .any(|c| c.kind == "pattern" && c.severity >= threshold)
        });
        if let (Some(threshold), Some(b)) = (args.fail_on_new, &report.baseline) {
            failed_check |= report.causes.iter().any(|c| {
                c.severity >= threshold
                    && b.novelty(&c.id)
                        .is_some_and(|n| matches!(n.status, "new" | "grew"))
            });
        }
        if interrupted {
            report.notes.push(super::interrupt::note(report.lines));
        }
        super::write_report(&report, a.format, a.color)?;
    }
    Ok(super::exit_status(errored, failed_check))
}
