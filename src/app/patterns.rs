//! `culprit patterns`: list, show, test and try the known-failure library.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use super::{exit, Fatal};
use crate::cli::{ExplainFormat, ListFormat, PatternSource, PatternsArgs, PatternsCommand};
use crate::patterns::{self, LoadOptions, PatternSet};
use crate::report::sanitize;

/// Loads the library the way `analyze` does: built-in, then users' folders.
pub(crate) fn load_patterns(source: &PatternSource) -> Result<PatternSet, Fatal> {
    let opts = LoadOptions::standard(!source.no_builtin_patterns, &source.dirs);
    patterns::load(&opts).map_err(|e| Fatal(e.to_string()))
}

pub(crate) fn run(args: PatternsArgs) -> Result<ExitCode, Fatal> {
    match args.command {
        PatternsCommand::List { format } => {
            let set = load_patterns(&args.source)?;
            list(&set, format)
        }
        PatternsCommand::Show { id } => {
            let set = load_patterns(&args.source)?;
            show(&set, &id)
        }
        PatternsCommand::Test { dirs } => {
            let mut source = args.source.clone();
            source.dirs.extend(dirs.iter().cloned());
            let set = load_patterns(&source)?;
            test(&set, &dirs)
        }
        PatternsCommand::Explain { line, format } => {
            let set = load_patterns(&args.source)?;
            explain(&set, line, format)
        }
    }
}

fn out_err(e: io::Error) -> Result<ExitCode, Fatal> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(ExitCode::from(exit::OK))
    } else {
        Err(Fatal(format!("writing output: {e}")))
    }
}

fn list(set: &PatternSet, format: ListFormat) -> Result<ExitCode, Fatal> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = set
                .patterns()
                .iter()
                .map(|p| {
                    json!({
                        "id": p.id, "title": p.title, "category": p.category,
                        "severity": p.severity.name(), "role": p.role.name(), "source": p.source,
                        "examples": {"match": p.examples.matches.len(), "no_match": p.examples.no_match.len()},
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &items)
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out))
        }
        ListFormat::Human => {
            let mut t = Table::new();
            t.load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic);
            if !io::stdout().is_terminal() {
                t.set_width(120);
            }
            t.set_header(vec!["id", "category", "severity", "role", "title"]);
            for p in set.patterns() {
                t.add_row(vec![
                    p.id.as_str(),
                    &p.category,
                    p.severity.name(),
                    p.role.name(),
                    &p.title,
                ]);
            }
            let categories: std::collections::BTreeSet<&str> =
                set.patterns().iter().map(|p| p.category.as_str()).collect();
            writeln!(out, "{t}").and_then(|_| {
                writeln!(
                    out,
                    "{} patterns in {} categories",
                    set.patterns().len(),
                    categories.len()
                )
            })
        }
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => Ok(ExitCode::from(exit::OK)),
        Err(e) => out_err(e),
    }
}

fn show(set: &PatternSet, id: &str) -> Result<ExitCode, Fatal> {
    let Some(i) = set.find(id) else {
        let close: Vec<&str> = set
            .patterns()
            .iter()
            .map(|p| p.id.as_str())
            .filter(|other| other.contains(id) || id.contains(*other))
            .take(5)
            .collect();
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", close.join(", "))
        };
        return Err(Fatal(format!(
            "no pattern with id '{id}'{hint}; `culprit patterns list` shows them all"
        )));
    };
    let p = &set.patterns()[i];
    let mut s = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(s, "{}  {}", p.id, p.title);
    let _ = writeln!(
        s,
        "category {} · severity {} · role {} · from {}:{}",
        p.category,
        p.severity.name(),
        p.role.name(),
        p.source,
        p.line
    );
    let _ = writeln!(s, "\nWhat it means\n  {}", p.explanation);
    let _ = writeln!(s, "\nWhat to do");
    for (n, step) in p.remediation.iter().enumerate() {
        let _ = writeln!(s, "  {}. {step}", n + 1);
    }
    let _ = writeln!(
        s,
        "\nMatching\n  literals: {}",
        p.literals
            .iter()
            .map(|l| format!("{l:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for r in &p.regex_sources {
        let _ = writeln!(s, "  regex:    {r}");
    }
    for r in &p.exclude_sources {
        let _ = writeln!(s, "  exclude:  {r}");
    }
    if p.case_insensitive {
        let _ = writeln!(s, "  (ignores case)");
    }
    if !p.symptoms.is_empty() {
        let _ = writeln!(s, "\nUsually causes: {}", p.symptoms.join(", "));
    }
    if !p.symptom_of.is_empty() {
        let _ = writeln!(s, "Usually caused by: {}", p.symptom_of.join(", "));
    }
    let _ = writeln!(s, "\nExamples that match");
    for (line, _) in &p.examples.matches {
        let _ = writeln!(s, "  {}", sanitize::for_display(line.as_bytes(), 400));
    }
    let _ = writeln!(s, "Examples that must not match");
    for line in &p.examples.no_match {
        let _ = writeln!(s, "  {}", sanitize::for_display(line.as_bytes(), 400));
    }
    if !p.references.is_empty() {
        let _ = writeln!(s, "\nReferences");
        for r in &p.references {
            let _ = writeln!(s, "  {r}");
        }
    }
    match io::stdout().lock().write_all(s.as_bytes()) {
        Ok(()) => Ok(ExitCode::from(exit::OK)),
        Err(e) => out_err(e),
    }
}

fn test(set: &PatternSet, dirs: &[std::path::PathBuf]) -> Result<ExitCode, Fatal> {
    let only: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    let in_scope =
        |source: &str| only.is_empty() || only.iter().any(|d| source.starts_with(d.as_str()));
    let failures: Vec<_> = patterns::selftest(set)
        .into_iter()
        .filter(|f| in_scope(&f.source))
        .collect();
    let tested: Vec<_> = set
        .patterns()
        .iter()
        .filter(|p| in_scope(&p.source))
        .collect();
    let examples: usize = tested
        .iter()
        .map(|p| p.examples.matches.len() + p.examples.no_match.len())
        .sum();
    let mut out = io::stdout().lock();
    let mut text = String::new();
    for f in &failures {
        text.push_str(&sanitize::for_display(f.to_string().as_bytes(), 2000));
        text.push('\n');
    }
    let failed_patterns: std::collections::BTreeSet<&str> =
        failures.iter().map(|f| f.id.as_str()).collect();
    text.push_str(&format!(
        "{} patterns, {} examples: {} passed, {} failed\n",
        tested.len(),
        examples,
        tested.len() - failed_patterns.len(),
        failed_patterns.len()
    ));
    if let Err(e) = out.write_all(text.as_bytes()) {
        return out_err(e);
    }
    Ok(ExitCode::from(if failures.is_empty() {
        exit::OK
    } else {
        exit::FAILED_CHECK
    }))
}

fn explain(
    set: &PatternSet,
    line: Option<String>,
    format: ExplainFormat,
) -> Result<ExitCode, Fatal> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let one = |n: usize, text: &[u8], out: &mut dyn Write| -> io::Result<()> {
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let hits = set.match_text(text);
        match format {
            ExplainFormat::Jsonl => {
                let matches: Vec<serde_json::Value> = hits
                    .iter()
                    .map(|h| {
                        let p = &set.patterns()[h.pattern as usize];
                        json!({"id": p.id, "category": p.category, "severity": p.severity.name(), "role": p.role.name()})
                    })
                    .collect();
                serde_json::to_writer(&mut *out, &json!({"line": n, "matches": matches}))?;
                writeln!(out)
            }
            ExplainFormat::Human => {
                if hits.is_empty() {
                    return writeln!(out, "{n}: no pattern matches");
                }
                for h in &hits {
                    let p = &set.patterns()[h.pattern as usize];
                    writeln!(
                        out,
                        "{n}: {} ({}, {}, {}): {}",
                        p.id,
                        p.category,
                        p.severity.name(),
                        p.role.name(),
                        p.title
                    )?;
                    for (k, v) in &h.fields {
                        writeln!(
                            out,
                            "    {k} = {}",
                            sanitize::for_display(v.as_bytes(), 200)
                        )?;
                    }
                    writeln!(
                        out,
                        "    {}",
                        patterns::Pattern::fill(&p.explanation, &h.fields)
                    )?;
                }
                Ok(())
            }
        }
    };
    let result = match line {
        Some(l) => one(1, l.as_bytes(), &mut out),
        None => {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            let mut buf = Vec::new();
            let mut n = 0;
            loop {
                buf.clear();
                match lock.read_until(b'\n', &mut buf) {
                    Ok(0) => break Ok(()),
                    Ok(_) => {
                        n += 1;
                        let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
                        if let Err(e) = one(n, text, &mut out) {
                            break Err(e);
                        }
                    }
                    Err(e) => return Err(Fatal(format!("<stdin>:{}: {e}", n + 1))),
                }
            }
        }
    };
    match result.and_then(|_| out.flush()) {
        Ok(()) => Ok(ExitCode::from(exit::OK)),
        Err(e) => out_err(e),
    }
}
