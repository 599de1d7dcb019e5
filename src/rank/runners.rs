//! Failing tests and build errors as causes: what the test runners and build tools said
//! failed (`summary::runners`), each with its assertion first, the values it compared, and
//! how to rerun just that test.

use super::{weight, Cand, Confidence, Evidence, Ranked};
use crate::patterns::{Role, Severity};
use crate::summary::runners::{clean, BuildError, FailedTest, Findings, Line, Tool};
use crate::summary::Pos;

/// Failing tests (and build errors) made candidates; the rest are only named in the summary.
const CANDIDATES: usize = 20;
/// Evidence lines kept per test.
const EVIDENCE_MAX: usize = 6;

/// What the runners reported, for the report's summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestsSummary {
    /// Failing tests reported (also those not kept).
    pub failed: u64,
    /// The names of the kept ones, in input order.
    pub names: Vec<String>,
    /// Compiler errors and dependency failures reported.
    pub build_errors: u64,
}

impl TestsSummary {
    pub fn of(f: &Findings) -> TestsSummary {
        // R CMD check's failed checks are causes, but no tests.
        let checks = f.tests.iter().filter(|t| t.tool == Tool::RCmdCheck).count() as u64;
        TestsSummary {
            failed: f.tests_failed.saturating_sub(checks),
            names: f
                .tests
                .iter()
                .filter(|t| t.tool != Tool::RCmdCheck)
                .map(|t| t.name.clone())
                .collect(),
            build_errors: f.builds_failed,
        }
    }

    /// `3 tests failed: a::b, c::d, e::f`; `None` when none did.
    pub fn line(&self, show: usize) -> Option<String> {
        if self.failed == 0 {
            return None;
        }
        let shown: Vec<&str> = self.names.iter().take(show).map(String::as_str).collect();
        let noun = if self.failed == 1 { "test" } else { "tests" };
        let mut s = format!("{} {noun} failed: {}", self.failed, shown.join(", "));
        let more = self.failed.saturating_sub(shown.len() as u64);
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
        Some(s)
    }
}

fn ev(l: &Line) -> Evidence {
    Evidence {
        pos: l.pos,
        text: l.text.clone(),
    }
}

fn blank(pos: Pos) -> Ranked {
    Ranked {
        kind: "test-failure",
        id: String::new(),
        title: String::new(),
        category: String::from("test"),
        severity: Severity::High,
        role: Role::Cause,
        count: 1,
        first: pos,
        last: pos,
        evidence: Vec::new(),
        fields: Vec::new(),
        explanation: String::new(),
        remediation: Vec::new(),
        why: Vec::new(),
        related: Vec::new(),
        logit: weight::BASE,
        score: 0.0,
        confidence: Confidence::Low,
        at_onset: false,
    }
}

/// The candidates of the failing tests and build errors.
pub fn candidates(f: &Findings) -> Vec<Cand> {
    let mut out = Vec::new();
    for t in f.tests.iter().take(CANDIDATES) {
        if let Some(c) = test_candidate(t) {
            out.push(c);
        }
    }
    // A compiler's errors in one file are one cause: the first, which the later ones often
    // follow from, with the others as its evidence. Twenty errors of one broken file are not
    // twenty causes to read past.
    let mut files: Vec<(Tool, &str, usize)> = Vec::new();
    for b in f.builds.iter().take(CANDIDATES) {
        let same = match (&b.file, b.dependency) {
            (Some(file), false) => files
                .iter()
                .find(|(t, f, _)| *t == b.tool && *f == file.as_str())
                .map(|&(_, _, i)| i),
            _ => None,
        };
        match same {
            Some(i) => more_in_file(&mut out[i], b),
            None => {
                if let (Some(file), false) = (&b.file, b.dependency) {
                    files.push((b.tool, file.as_str(), out.len()));
                }
                out.push(build_candidate(b));
            }
        }
    }
    for c in out.iter_mut().filter(|c| c.ranked.count > 1) {
        let more = c.ranked.count - 1;
        let noun = if more == 1 { "error" } else { "errors" };
        let e = &mut c.ranked.explanation;
        if !e.ends_with(['.', '!', '?']) {
            e.push('.');
        }
        e.push_str(&format!(
            " It reported {more} more {noun} in the same file."
        ));
    }
    out
}

/// Adds a later error of the same file to the candidate of its first.
fn more_in_file(c: &mut Cand, b: &BuildError) {
    let r = &mut c.ranked;
    r.count += 1;
    if r.evidence.len() < EVIDENCE_MAX {
        r.evidence.push(ev(&b.line));
    }
    let last = b.location.as_ref().unwrap_or(&b.line).pos;
    if last.line > r.last.line {
        r.last = last;
    }
}

fn test_candidate(t: &FailedTest) -> Option<Cand> {
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut push = |l: &Line| {
        if evidence.len() < EVIDENCE_MAX
            && evidence
                .iter()
                .all(|e| (e.pos.source, e.pos.line) != (l.pos.source, l.pos.line))
        {
            evidence.push(ev(l));
        }
    };
    // The assertion first, then the values it compared, the place, the report's header.
    let value_lines = [&t.expected, &t.actual, &t.left, &t.right];
    for l in t
        .message
        .iter()
        .chain(t.more.iter())
        .chain(
            value_lines
                .iter()
                .filter_map(|v| v.as_ref().map(|(_, l)| l)),
        )
        .chain(t.location.iter())
        .chain(t.header.iter())
        .chain(t.listing.iter())
    {
        push(l);
    }
    // A test is first seen where its runner first named it (a progress line before the
    // summary that details it): of two failing tests, the one that failed first.
    let first = evidence
        .iter()
        .map(|e| e.pos)
        .min_by_key(|p| (p.source, p.line))?;
    let mut r = blank(first);
    if let Some(last) = evidence
        .iter()
        .map(|e| e.pos)
        .max_by_key(|p| (p.source, p.line))
    {
        r.last = last;
    }
    // A check of `R CMD check` is no test: it says what it checked and its verdict.
    let check = t.tool == Tool::RCmdCheck;
    let verdict = if t.warning { "WARNING" } else { "ERROR" };
    r.id = format!("test:{}", t.name);
    r.title = if check {
        format!("R CMD check {verdict}: {}", t.name)
    } else {
        format!("test failed: {}", t.name)
    };
    if let Some((a, b)) = t.block {
        if let Some(h) = evidence.iter_mut().find(|e| e.pos.line == a) {
            h.pos.end_line = b.max(a);
        }
    }
    let message = t.message_text();
    let mut fields = vec![
        (String::from("test"), t.name.clone()),
        (String::from("runner"), t.tool.name().to_string()),
    ];
    if let Some(s) = &t.suite {
        fields.push((String::from("suite"), s.clone()));
    }
    if let Some(f) = &t.file {
        fields.push((String::from("file"), f.clone()));
    }
    if let Some(l) = t.file_line {
        fields.push((String::from("line"), l.to_string()));
    }
    if let Some(m) = &message {
        fields.push((String::from("message"), m.clone()));
    }
    for (k, v) in [
        ("expected", &t.expected),
        ("actual", &t.actual),
        ("left", &t.left),
        ("right", &t.right),
    ] {
        if let Some((v, _)) = v {
            fields.push((k.to_string(), v.clone()));
        }
    }
    let place = match (&t.file, t.file_line) {
        (Some(f), Some(l)) => format!(" at {f}:{l}"),
        (Some(f), None) => format!(" in {f}"),
        _ => String::new(),
    };
    let mut explanation = if check {
        format!("R CMD check's step {} ended in {verdict}", t.name)
    } else {
        format!("The test {} ({}) failed{place}", t.name, t.tool.name())
    };
    match &message {
        Some(m) => {
            explanation.push_str(&format!(": {m}"));
            // The sentences that follow need the message's to end.
            if !m.ends_with(['.', '!', '?']) {
                explanation.push('.');
            }
        }
        None => explanation.push('.'),
    }
    if let (Some((e, _)), Some((a, _))) = (&t.expected, &t.actual) {
        explanation.push_str(&format!(" It expected {e} and got {a}."));
    } else if let (Some((l, _)), Some((rt, _))) = (&t.left, &t.right) {
        explanation.push_str(&format!(" The two sides differ: left {l}, right {rt}."));
    }
    if let Some((a, b)) = t.block {
        if b > a {
            explanation.push_str(&format!(" Its output is on lines {a}–{b}."));
        }
    }
    r.explanation = explanation;
    r.remediation = if check {
        vec![
            format!("Rerun the check: {}", rerun(t)),
            String::from("Read the check's details after its line; fix what they name."),
        ]
    } else {
        vec![
            format!("Rerun just this test: {}", rerun(t)),
            String::from(
                "Read the assertion and the values it compared; fix the code or the expectation.",
            ),
        ]
    };
    r.fields = fields;
    r.last = evidence
        .iter()
        .map(|e| e.pos)
        .max_by_key(|p| p.line)
        .unwrap_or(first);
    r.evidence = evidence;
    let mut c = Cand { ranked: r };
    c.add(
        weight::TEST_FAILED,
        format!(
            "{} reported this {} as failed",
            t.tool.name(),
            if check { "check" } else { "test" }
        ),
    );
    if t.warning {
        c.add(
            weight::ONLY_WARNED,
            String::from("it warned: that fails the run only where warnings are made errors"),
        );
    }
    if message.is_some() {
        c.add(
            weight::WITH_MESSAGE,
            String::from("its assertion message is known"),
        );
    }
    Some(c)
}

fn build_candidate(b: &BuildError) -> Cand {
    let mut r = blank(b.line.pos);
    r.kind = "build-error";
    let place = match (&b.file, b.file_line) {
        (Some(f), Some(l)) => format!("{f}:{l}: "),
        (Some(f), None) => format!("{f}: "),
        _ => String::new(),
    };
    r.evidence.push(ev(&b.line));
    if let Some(l) = &b.location {
        r.evidence.push(ev(l));
        r.last = l.pos;
    }
    let mut fields = vec![(String::from("tool"), b.tool.name().to_string())];
    if let Some(f) = &b.file {
        fields.push((String::from("file"), f.clone()));
    }
    if let Some(l) = b.file_line {
        fields.push((String::from("line"), l.to_string()));
    }
    fields.push((String::from("message"), b.message.clone()));
    r.fields = fields;
    let mut c;
    if b.dependency {
        r.category = String::from("dependency");
        r.id = format!("dependency:{}", b.message);
        r.title = format!("dependency error: {}", b.message);
        r.explanation = format!(
            "{} could not resolve the project's dependencies: {}",
            b.tool.name(),
            b.message
        );
        r.remediation = vec![
            String::from(
                "Check that the named package and version exist in the registry the build uses, and that the version requirement is not too strict.",
            ),
            String::from("Update or regenerate the lock file, then rerun the install step."),
        ];
        c = Cand { ranked: r };
        c.add(
            weight::BUILD_ERROR,
            format!("{} failed to resolve dependencies", b.tool.name()),
        );
    } else {
        r.category = String::from("build");
        r.id = format!("build:{place}{}", b.message);
        r.title = format!("build error: {place}{}", b.message);
        r.explanation = format!(
            "The {} compiler rejected the code{}: {}",
            b.tool.name(),
            match (&b.file, b.file_line) {
                (Some(f), Some(l)) => format!(" at {f}:{l}"),
                _ => String::new(),
            },
            b.message
        );
        r.remediation = vec![format!(
            "Fix the error{}; errors after the first are often caused by it.",
            match (&b.file, b.file_line) {
                (Some(f), Some(l)) => format!(" at {f}:{l}"),
                _ => String::new(),
            }
        )];
        c = Cand { ranked: r };
        c.add(
            weight::BUILD_ERROR,
            format!("{} reported a compile error", b.tool.name()),
        );
    }
    c
}

/// The command that reruns just this test.
pub fn rerun(t: &FailedTest) -> String {
    let name = t.name.as_str();
    let last = |sep: &str| name.rsplit(sep).next().unwrap_or(name).to_string();
    match t.tool {
        Tool::Cargo => format!("cargo test {name} -- --exact"),
        Tool::Nextest => format!("cargo nextest run {name}"),
        Tool::Pytest => {
            if name.contains("::") && name.contains(".py") {
                format!("pytest '{name}'")
            } else {
                format!("pytest -k '{}'", last("."))
            }
        }
        Tool::Unittest => format!("python -m unittest {name}"),
        Tool::Go => {
            let pattern: Vec<String> = name.split('/').map(|p| format!("^{p}$")).collect();
            format!(
                "go test -run '{}' {}",
                pattern.join("/"),
                t.suite.as_deref().unwrap_or("./...")
            )
        }
        Tool::Jest => {
            let full = name.replace(" \u{203a} ", " ");
            match &t.suite {
                Some(file) => format!("npx jest {file} -t \"{full}\""),
                None => format!("npx jest -t \"{full}\""),
            }
        }
        Tool::Vitest => {
            let mut parts = name.split(" > ");
            let file = parts.next().unwrap_or_default();
            let rest: Vec<&str> = parts.collect();
            format!("npx vitest run {file} -t \"{}\"", rest.join(" "))
        }
        Tool::Mocha => format!("npx mocha --grep \"{name}\""),
        Tool::Surefire => {
            let (class, method) = name.rsplit_once('.').unwrap_or(("", name));
            let simple = class.rsplit('.').next().unwrap_or(class);
            format!("mvn test -Dtest='{simple}#{method}'")
        }
        Tool::Junit => {
            let (class, method) = name.rsplit_once('.').unwrap_or(("", name));
            let simple = class.rsplit('.').next().unwrap_or(class);
            format!(
                "the runner that wrote the report, filtered to {name} (Maven: mvn test -Dtest='{simple}#{method}'; pytest: pytest -k '{method}')"
            )
        }
        Tool::Gradle => {
            let n = name.replace(" > ", ".").replace("()", "");
            format!("gradle test --tests '{n}'")
        }
        Tool::Rspec => match (&t.file, t.file_line) {
            (Some(f), Some(l)) => format!("rspec {f}:{l}"),
            _ => format!("rspec -e \"{name}\""),
        },
        Tool::Phpunit => format!("phpunit --filter '{}'", last("::")),
        Tool::Ctest => format!("ctest -R '^{name}$' --output-on-failure"),
        Tool::Scalatest => match &t.file {
            Some(f) => {
                let class = f.rsplit('/').next().unwrap_or(f).trim_end_matches(".scala");
                format!("sbt \"testOnly *{class} -- -z \\\"{name}\\\"\"")
            }
            None => format!("sbt \"testOnly -- -z \\\"{name}\\\"\""),
        },
        Tool::Testthat => match &t.file {
            // testthat's filter is the test file's name without `test-` and `.R`.
            Some(f) => {
                let file = f.rsplit('/').next().unwrap_or(f);
                let stem = file
                    .trim_end_matches(".R")
                    .trim_end_matches(".r")
                    .trim_start_matches("test")
                    .trim_start_matches(['-', '_']);
                format!(
                    "Rscript -e 'testthat::test_local(filter = \"^{stem}$\")' (the test file {file}; devtools::test(filter = \"^{stem}$\") with testthat 2)"
                )
            }
            None => String::from("Rscript -e 'testthat::test_local()'"),
        },
        Tool::RCmdCheck => String::from(
            "R CMD build . && R CMD check PACKAGE_VERSION.tar.gz (it runs all its checks)",
        ),
        Tool::Tasty => {
            let arg = t
                .rerun
                .clone()
                .unwrap_or_else(|| sh_quote(&format!("/{}/", name.replace('/', "."))));
            format!("cabal test --test-option=-p --test-option={arg} (the test program alone: -p {arg})")
        }
        Tool::Pester => {
            // Pester 5's filter on a test's full name (Describe.Context.It), a wildcard
            // pattern: a name printed without its blocks matches at its end.
            let pattern = format!("'*{}'", name.replace('\'', "''"));
            match &t.file {
                Some(f) => format!("Invoke-Pester -Path '{f}' -FullNameFilter {pattern}"),
                None => format!("Invoke-Pester -FullNameFilter {pattern}"),
            }
        }
        Tool::Xctest => {
            let mut parts: Vec<&str> = name.split('.').collect();
            let method = parts.pop().unwrap_or(name);
            match parts.pop() {
                Some(class) => format!(
                    "xcodebuild test -only-testing:{}/{class}/{method} (a Swift package: swift test --filter '{class}/{method}')",
                    parts.last().copied().unwrap_or("TARGET")
                ),
                None => format!(
                    "xcodebuild test -only-testing:TARGET/CLASS/{method} (a Swift package: swift test --filter '{method}')"
                ),
            }
        }
        _ => format!("rerun {name} with its runner"),
    }
}

/// `s` as one word of a POSIX shell's command line.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The lines each test or build candidate covers: its evidence and its report's block.
pub fn covered(cands: &[Cand]) -> Vec<(u32, u64, u64)> {
    let mut v = Vec::new();
    for c in cands
        .iter()
        .filter(|c| matches!(c.ranked.kind, "test-failure" | "build-error"))
    {
        for e in &c.ranked.evidence {
            v.push((e.pos.source, e.pos.line, e.pos.end_line.max(e.pos.line)));
        }
    }
    v
}

/// Whether a line lies in what a test or build candidate covers.
pub fn is_covered(covered: &[(u32, u64, u64)], source: u32, line: u64) -> bool {
    covered
        .iter()
        .any(|&(s, a, b)| s == source && line >= a && line <= b)
}

/// The text of a line, for `why`.
pub fn short(l: &[u8]) -> String {
    let s = clean(l);
    s.chars().take(80).collect()
}
