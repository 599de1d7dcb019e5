//! The line forms of test runners, compilers and dependency resolvers, one line at a time.
//!
//! [`classify`] looks at a line only when a literal automaton finds one of the few fixed
//! strings these forms contain (`---- `, `panicked at`, `● `, `--- FAIL:`, `: error:` …);
//! most lines of a log contain none and cost one pass of that automaton (shared with the CI
//! reader, see [`crate::summary::literals`]). A line that does is
//! read by the small hand parser of its form. Nothing here keeps state: what a line means in
//! the context of the lines around it is decided by the machine in `runners`.

use crate::summary::literals::{Hit, Hits, RUNNER_HITS};

/// The tool whose output a form belongs to; decides how a test is named and rerun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tool {
    Cargo,
    Nextest,
    Pytest,
    Unittest,
    Go,
    Jest,
    Vitest,
    Mocha,
    Surefire,
    Gradle,
    Rspec,
    Phpunit,
    Ctest,
    /// XCTest, as `xcodebuild test`, `swift test` and xcpretty print it (Quick and Nimble
    /// specs run in it too).
    Xctest,
    /// ScalaTest, as sbt and its Maven plugin print it.
    Scalatest,
    /// R's testthat (editions 2 and 3), alone or under `R CMD check`.
    Testthat,
    /// A check of `R CMD check` (`* checking examples ... ERROR`).
    RCmdCheck,
    /// Haskell's tasty (with HUnit, QuickCheck or golden tests under it).
    Tasty,
    /// Pester, PowerShell's test framework (v4 and v5), and the script Pester tests its own
    /// runtime with, which marks tests as Pester does.
    Pester,
    Junit,
    Rustc,
    Cc,
    Javac,
    Tsc,
    GoBuild,
    Kotlinc,
    /// The Scala compiler, alone, under sbt or under Maven's scala plugin.
    Scalac,
    Linker,
    Npm,
    Yarn,
    Pnpm,
    Pip,
    Maven,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Cargo => "cargo test",
            Tool::Nextest => "cargo nextest",
            Tool::Pytest => "pytest",
            Tool::Unittest => "unittest",
            Tool::Go => "go test",
            Tool::Jest => "jest",
            Tool::Vitest => "vitest",
            Tool::Mocha => "mocha",
            Tool::Surefire => "maven surefire",
            Tool::Gradle => "gradle",
            Tool::Rspec => "rspec",
            Tool::Phpunit => "phpunit",
            Tool::Ctest => "ctest",
            Tool::Xctest => "xctest",
            Tool::Scalatest => "scalatest",
            Tool::Testthat => "testthat",
            Tool::RCmdCheck => "R CMD check",
            Tool::Tasty => "tasty",
            Tool::Pester => "pester",
            Tool::Junit => "junit xml",
            Tool::Rustc => "rustc",
            Tool::Cc => "gcc/clang",
            Tool::Javac => "javac",
            Tool::Tsc => "tsc",
            Tool::GoBuild => "go build",
            Tool::Kotlinc => "kotlinc",
            Tool::Scalac => "scalac",
            Tool::Linker => "linker",
            Tool::Npm => "npm",
            Tool::Yarn => "yarn",
            Tool::Pnpm => "pnpm",
            Tool::Pip => "pip",
            Tool::Maven => "maven",
        }
    }
}

/// What one line says, read without context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// A test's failure report starts here (`---- a::b stdout ----`, `____ test_x ____`,
    /// `● suite › name`). `failed` is false for a block that only says a test started
    /// (`=== RUN   TestX`): it fails only if a later line says so.
    Header {
        tool: Tool,
        name: String,
        failed: bool,
    },
    /// A test passed (`--- PASS: TestX`): a block it opened is dropped.
    Passed {
        name: String,
    },
    /// A test is listed as failed, without its output (`test a::b ... FAILED`,
    /// `FAILED tests/x.py::test_y - msg`).
    Failed {
        tool: Tool,
        name: String,
        message: Option<String>,
        file: Option<String>,
        line: Option<u64>,
    },
    /// A group of tests: a test file (`FAIL ./cart.test.js`) or a Go package
    /// (`FAIL\texample.com/pkg\t0.01s`).
    Suite {
        tool: Tool,
        name: String,
    },
    /// Numbered failure lists follow (`Failures:`, `2 failing`, `There was 1 failure:`).
    NumberedList,
    /// `  1) name` in a numbered failure list (RSpec, Mocha, PHPUnit).
    Numbered {
        name: String,
    },
    /// The assertion or exception that failed a test; `weight` orders the candidates of one
    /// block (an assertion over a generic exception line).
    Message {
        text: String,
        weight: u8,
    },
    /// A labelled expected or actual value (`Expected: 6`, `got: 2`).
    Expected(String),
    Actual(String),
    /// `left:` / `right:` of a Rust assertion: which one is expected is not said.
    Left(String),
    Right(String),
    /// A file and line the failure points at. `wants_message`: the message is on the next
    /// line (`panicked at src/lib.rs:22:9:`).
    Location {
        file: String,
        line: u64,
        thread: Option<String>,
        message: Option<String>,
        wants_message: bool,
    },
    /// A Go test's own message: `    stack_test.go:17: Len() = 2, want 1`.
    GoLog {
        file: String,
        line: u64,
        text: String,
    },
    /// The end of the runners' failure blocks (`test result:`, `Test Suites:`, the short
    /// summary of pytest).
    End,
    /// A compiler error; `located` is false for a rustc error whose place follows on a
    /// ` --> file:line:col` line.
    Build {
        tool: Tool,
        file: Option<String>,
        line: Option<u64>,
        message: String,
    },
    /// A dependency resolver failed.
    Dependency {
        tool: Tool,
        message: String,
    },
    /// A check of `R CMD check` (`* checking tests ... ERROR`), with its verdict; `None` when
    /// the verdict follows on a line of its own after the check's progress
    /// (`* checking tests ...`, `  Running 'testthat.R'`, ` ERROR`).
    Check {
        name: String,
        verdict: Option<Verdict>,
    },
    /// The verdict of the check in progress, on a line of its own (` ERROR`).
    Verdict(Verdict),
    /// What the runner says reruns just the test being reported (tasty's
    /// `Use -p '/group.name/' to rerun this test only.`): the argument as printed, quoted.
    Rerun(String),
}

/// What `R CMD check` says of one of its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// `OK`, `NOTE`, `NONE`, `SKIPPED` …: nothing that fails the run.
    Passed,
    /// `WARNING`: fails the run only where warnings are made errors (`--as-cran` on CRAN,
    /// Travis' `warnings_are_errors`, r-lib's `error-on: warning`).
    Warning,
    Error,
}

#[derive(Debug, Clone, Copy)]
enum Lit {
    CargoHeader,
    CargoFailed,
    Panicked,
    RustAssert,
    Left,
    Right,
    NextestFail,
    Underscores,
    PytestE,
    PyFile,
    PyLoc,
    PytestFailed,
    PytestError,
    UnittestHeader,
    UnittestEnd,
    PyException,
    GoFail,
    GoRun,
    GoPass,
    GoSuite,
    GoFile,
    GoPanic,
    Bullet,
    JestSuite,
    Cross,
    ExpectCall,
    Expected,
    Received,
    Got,
    Actual,
    AtFrame,
    VitestArrow,
    SurefireFail,
    SurefireSummary,
    JunitExpected,
    GradleFailed,
    RspecRerun,
    FailureError,
    FailedAsserting,
    NumberedList,
    Numbered,
    CtestFailed,
    CtestList,
    XctestCase,
    XctestCross,
    XctestSummary,
    XctestEnd,
    SourceLine,
    ScalatestFailed,
    ScalaPlace,
    TestthatHeader,
    TestthatEnd,
    RCheck,
    RDone,
    RVerdict,
    RError,
    RFailed,
    TastyFail,
    TastyRerun,
    TastyEnd,
    HsPlace,
    PesterFailed,
    PesterPassed,
    End,
    CcError,
    RustcError,
    RustcArrow,
    TscError,
    JavaBracket,
    KotlinError,
    UndefinedRef,
    Dep(Tool),
}

const LITERALS: &[(&str, Lit)] = &[
    ("---- ", Lit::CargoHeader),
    (" ... FAILED", Lit::CargoFailed),
    (" ... FAIL", Lit::CargoFailed),
    (" ... ERROR", Lit::CargoFailed),
    ("panicked at ", Lit::Panicked),
    ("assertion `", Lit::RustAssert),
    ("assertion failed", Lit::RustAssert),
    ("  left: ", Lit::Left),
    (" right: ", Lit::Right),
    ("FAIL [", Lit::NextestFail),
    ("___ ", Lit::Underscores),
    ("E   ", Lit::PytestE),
    ("File \"", Lit::PyFile),
    (".py:", Lit::PyLoc),
    ("FAILED ", Lit::PytestFailed),
    (" FAILED", Lit::PytestFailed),
    ("ERROR ", Lit::PytestError),
    ("FAIL: ", Lit::UnittestHeader),
    ("ERROR: ", Lit::UnittestHeader),
    (
        "-------------------------------------------------",
        Lit::UnittestEnd,
    ),
    ("Error: ", Lit::PyException),
    ("Exception: ", Lit::PyException),
    ("Error [", Lit::PyException),
    ("--- FAIL: ", Lit::GoFail),
    ("=== RUN ", Lit::GoRun),
    ("--- PASS: ", Lit::GoPass),
    ("--- SKIP: ", Lit::GoPass),
    ("FAIL\t", Lit::GoSuite),
    ("_test.go:", Lit::GoFile),
    ("panic: ", Lit::GoPanic),
    ("\u{25cf} ", Lit::Bullet),
    ("FAIL ", Lit::JestSuite),
    ("\u{2715} ", Lit::Cross),
    ("\u{00d7} ", Lit::Cross),
    ("expect(", Lit::ExpectCall),
    ("Expected: ", Lit::Expected),
    ("expected: ", Lit::Expected),
    ("Received: ", Lit::Received),
    ("got: ", Lit::Got),
    ("actual: ", Lit::Actual),
    ("actual  : ", Lit::Actual),
    ("Actual  : ", Lit::Actual),
    ("at ", Lit::AtFrame),
    ("\u{276f} ", Lit::VitestArrow),
    ("<<< FAILURE!", Lit::SurefireFail),
    ("<<< ERROR!", Lit::SurefireFail),
    ("[ERROR]   ", Lit::SurefireSummary),
    ("expected:<", Lit::JunitExpected),
    ("expected: <", Lit::JunitExpected),
    (" FAILED", Lit::GradleFailed),
    ("rspec ./", Lit::RspecRerun),
    ("Failure/Error: ", Lit::FailureError),
    ("Failed asserting that ", Lit::FailedAsserting),
    ("Failures:", Lit::NumberedList),
    (" failing", Lit::NumberedList),
    ("There was 1 failure", Lit::NumberedList),
    ("There were ", Lit::NumberedList),
    ("There was 1 error", Lit::NumberedList),
    (") ", Lit::Numbered),
    ("***Failed", Lit::CtestFailed),
    ("***Exception", Lit::CtestFailed),
    (" (Failed)", Lit::CtestList),
    ("Test Case '", Lit::XctestCase),
    ("\u{2717} ", Lit::XctestCross),
    (", XCT", Lit::XctestSummary),
    (", Asynchronous wait failed", Lit::XctestSummary),
    (", failed", Lit::XctestSummary),
    (", expected ", Lit::XctestSummary),
    ("Executed ", Lit::XctestEnd),
    (".swift:", Lit::SourceLine),
    (".m:", Lit::SourceLine),
    (".mm:", Lit::SourceLine),
    (" *** FAILED ***", Lit::ScalatestFailed),
    (".scala:", Lit::ScalaPlace),
    ("Failure (", Lit::TestthatHeader),
    ("Error (", Lit::TestthatHeader),
    (". Failure: ", Lit::TestthatHeader),
    (". Error: ", Lit::TestthatHeader),
    ("`actual`:", Lit::Actual),
    ("`expected`:", Lit::Expected),
    ("\u{2550}\u{2550} ", Lit::TestthatEnd),
    ("[ OK: ", Lit::TestthatEnd),
    ("[ FAIL ", Lit::TestthatEnd),
    ("* checking ", Lit::RCheck),
    ("* DONE", Lit::RDone),
    ("Status: ", Lit::RDone),
    ("ERROR", Lit::RVerdict),
    ("WARNING", Lit::RVerdict),
    ("Error in ", Lit::RError),
    ("Running the tests in ", Lit::RFailed),
    ("Running examples in ", Lit::RFailed),
    ("FAIL", Lit::TastyFail),
    (" to rerun this test only", Lit::TastyRerun),
    (" tests failed (", Lit::TastyEnd),
    (".hs:", Lit::HsPlace),
    ("but got: ", Lit::Got),
    ("[-] ", Lit::PesterFailed),
    ("[+] ", Lit::PesterPassed),
    ("Tests completed in ", Lit::End),
    ("test result: ", Lit::End),
    ("Test Suites: ", Lit::End),
    ("short test summary info", Lit::End),
    ("Ran ", Lit::End),
    (": fatal error: ", Lit::CcError),
    (": error: ", Lit::CcError),
    ("error[E", Lit::RustcError),
    ("error: ", Lit::RustcError),
    ("--> ", Lit::RustcArrow),
    ("error TS", Lit::TscError),
    (".java:[", Lit::JavaBracket),
    ("e: ", Lit::KotlinError),
    ("undefined reference to", Lit::UndefinedRef),
    (".go:", Lit::Dep(Tool::GoBuild)),
    (
        "failed to select a version for the requirement",
        Lit::Dep(Tool::Cargo),
    ),
    ("no matching package named", Lit::Dep(Tool::Cargo)),
    ("failed to select a version for `", Lit::Dep(Tool::Cargo)),
    ("code ERESOLVE", Lit::Dep(Tool::Npm)),
    ("code ETARGET", Lit::Dep(Tool::Npm)),
    ("code E404", Lit::Dep(Tool::Npm)),
    ("No matching version found for", Lit::Dep(Tool::Npm)),
    ("unable to resolve dependency tree", Lit::Dep(Tool::Npm)),
    ("Couldn't find any versions for", Lit::Dep(Tool::Yarn)),
    ("Couldn't find package", Lit::Dep(Tool::Yarn)),
    ("ERR_PNPM_NO_MATCHING_VERSION", Lit::Dep(Tool::Pnpm)),
    ("ERR_PNPM_FETCH_404", Lit::Dep(Tool::Pnpm)),
    ("ERR_PNPM_PEER_DEP_ISSUES", Lit::Dep(Tool::Pnpm)),
    (
        "Could not find a version that satisfies the requirement",
        Lit::Dep(Tool::Pip),
    ),
    ("No matching distribution found for", Lit::Dep(Tool::Pip)),
    ("ResolutionImpossible", Lit::Dep(Tool::Pip)),
    (
        "Could not resolve dependencies for project",
        Lit::Dep(Tool::Maven),
    ),
    ("Could not find artifact", Lit::Dep(Tool::Maven)),
    ("Failure to find ", Lit::Dep(Tool::Maven)),
    ("Could not resolve all ", Lit::Dep(Tool::Gradle)),
    ("> Could not find ", Lit::Dep(Tool::Gradle)),
    ("> Could not resolve ", Lit::Dep(Tool::Gradle)),
];

/// The literals, in list order, for the shared automaton of [`crate::summary::literals`].
pub(crate) fn literals() -> impl Iterator<Item = &'static str> {
    LITERALS.iter().map(|(l, _)| *l)
}

/// What a line says, if it is one of the forms above. `line` is the message part of a
/// record (a runner's timestamp taken off).
pub fn classify(line: &[u8]) -> Option<Form> {
    classify_hits(line, &Hits::runners_of(line))
}

/// [`classify`] from the line's runner literals as an overlapping search reports them (one
/// line may hold several, and the first that parses wins).
pub fn classify_hits(line: &[u8], hits: &[Hit]) -> Option<Form> {
    if hits.is_empty() {
        return None;
    }
    match std::str::from_utf8(line) {
        Ok(text) => first_form(hits, text),
        Err(_) => {
            // Offsets move in the repaired text: find them again there.
            let text = String::from_utf8_lossy(line);
            first_form(&Hits::runners_of(text.as_bytes()), &text)
        }
    }
}

/// The first form that parses; an unplaced `error: …` only when nothing more telling does
/// (`error: failed to select a version …` is a dependency failure, not a compiler error).
/// The hits are at most [`RUNNER_HITS`]: a line full of `at ` is prose.
pub(crate) fn first_form(hits: &[Hit], text: &str) -> Option<Form> {
    let mut fallback = None;
    for m in &hits[..hits.len().min(RUNNER_HITS)] {
        match parse(LITERALS[m.index as usize].1, text, m.start) {
            Some(Form::Build {
                tool: Tool::Rustc,
                file: None,
                line,
                message,
            }) => {
                fallback.get_or_insert(Form::Build {
                    tool: Tool::Rustc,
                    file: None,
                    line,
                    message,
                });
            }
            Some(f) => return Some(f),
            None => {}
        }
    }
    fallback
}

/// Text kept of a message or value.
const CAP: usize = 300;

fn cap(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(CAP) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A message put together from several lines, cut as one line's is.
pub(crate) fn cap_message(s: &str) -> String {
    cap(s)
}

/// `file:line` or `file:line:col` at the start of `s`; returns the file, line and the rest
/// after the last number's colon (if any).
fn file_line(s: &str) -> Option<(&str, u64, &str)> {
    // The file may contain `:` only as a Windows drive (`C:\`).
    let skip = if s.len() > 2 && s.as_bytes()[1] == b':' && s.as_bytes()[0].is_ascii_alphabetic() {
        2
    } else {
        0
    };
    let colon = skip + s[skip..].find(':')?;
    let file = &s[..colon];
    if file.is_empty() || file.contains(char::is_whitespace) {
        return None;
    }
    let rest = &s[colon + 1..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let line: u64 = rest[..digits].parse().ok()?;
    let mut rest = &rest[digits..];
    // `:col`
    if let Some(r) = rest.strip_prefix(':') {
        let d = r.bytes().take_while(u8::is_ascii_digit).count();
        rest = if d > 0 { &r[d..] } else { r };
    }
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    Some((file, line, rest))
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace)
}

fn parse(lit: Lit, text: &str, at: usize) -> Option<Form> {
    let trimmed = text.trim();
    let indent = text.len() - text.trim_start().len();
    match lit {
        Lit::CargoHeader => {
            // `---- tests::parse_empty stdout ----`
            let body = trimmed.strip_prefix("---- ")?.strip_suffix(" ----")?;
            let name = body
                .strip_suffix(" stdout")
                .or_else(|| body.strip_suffix(" stderr"))?;
            is_name(name).then(|| Form::Header {
                tool: Tool::Cargo,
                name: name.to_string(),
                failed: true,
            })
        }
        Lit::CargoFailed => {
            // cargo: `test tests::add_negative ... FAILED`;
            // unittest: `test_two_words (test_words.TitleTest.test_two_words) ... FAIL`.
            let (head, tail) = trimmed.rsplit_once(" ... ")?;
            if !matches!(tail, "FAILED" | "FAIL" | "ERROR") {
                return None;
            }
            if let Some(name) = head.strip_prefix("test ") {
                if is_name(name) {
                    return Some(failed(Tool::Cargo, name));
                }
            }
            let (method, class) = head.split_once(" (")?;
            let class = class.strip_suffix(')')?;
            is_name(method).then(|| failed(Tool::Unittest, &unittest_name(method, class.trim())))
        }
        Lit::Panicked => {
            // `thread 'x' (12) panicked at src/lib.rs:22:9:` (the message follows on the
            // next line) or `thread 'x' panicked at 'msg', src/lib.rs:22:9` (Rust < 1.73).
            let thread = trimmed
                .strip_prefix("thread '")
                .and_then(|r| r.split_once('\''))
                .map(|(n, _)| n.to_string());
            let rest = &text[at + "panicked at ".len()..];
            if let Some(old) = rest.strip_prefix('\'') {
                let (msg, place) = old.rsplit_once("', ")?;
                let (file, line, _) = file_line(place.trim())?;
                return Some(Form::Location {
                    file: file.to_string(),
                    line,
                    thread,
                    message: Some(cap(msg)),
                    wants_message: false,
                });
            }
            let (file, line, after) = file_line(rest.trim_end())?;
            Some(Form::Location {
                file: file.to_string(),
                line,
                thread,
                message: None,
                wants_message: after.trim().is_empty(),
            })
        }
        Lit::RustAssert => {
            // `assertion `left == right` failed` / `assertion failed: x > 0`.
            (at == indent).then(|| Form::Message {
                text: cap(trimmed),
                weight: 9,
            })
        }
        Lit::Left => trimmed.strip_prefix("left: ").map(|v| Form::Left(cap(v))),
        Lit::Right => trimmed.strip_prefix("right: ").map(|v| Form::Right(cap(v))),
        Lit::NextestFail => {
            // `        FAIL [   0.019s] (1/4) mini tests::parse_empty`
            let rest = trimmed.strip_prefix("FAIL [")?;
            let (_, rest) = rest.split_once(']')?;
            let mut rest = rest.trim_start();
            if rest.starts_with('(') {
                rest = rest.split_once(')')?.1.trim_start();
            }
            let (binary, name) = rest.rsplit_once(' ')?;
            (is_name(name) && !binary.is_empty()).then(|| Form::Header {
                tool: Tool::Nextest,
                name: name.to_string(),
                failed: true,
            })
        }
        Lit::Underscores => {
            // pytest: `____ test_slug_uses_dashes ____`, `____ TestSlug.test_keeps_digits ____`,
            // `____ ERROR at setup of test_x ____`.
            if indent != 0 || !trimmed.starts_with("___") || !trimmed.ends_with("___") {
                return None;
            }
            let body = trimmed.trim_matches('_').trim();
            let name = body.rsplit(' ').next()?;
            (is_name(name) && name.chars().any(|c| c.is_alphanumeric())).then(|| Form::Header {
                tool: Tool::Pytest,
                name: name.to_string(),
                failed: true,
            })
        }
        Lit::PytestE => {
            // `E       AssertionError: assert 'a' == 'b'`; later `E` lines are its details.
            if at != 0 {
                return None;
            }
            let msg = text[1..].trim();
            (!msg.is_empty()).then(|| Form::Message {
                text: cap(msg),
                weight: 8,
            })
        }
        Lit::PyFile => {
            // `  File "/x/test_words.py", line 13, in test_two_words`
            let rest = trimmed.strip_prefix("File \"")?;
            let (file, rest) = rest.split_once("\", line ")?;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some(Form::Location {
                file: file.to_string(),
                line: digits.parse().ok()?,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::PyLoc => {
            // pytest: `tests/test_calc.py:9: AssertionError` under a failure's code.
            let (file, line, rest) = file_line(text)?;
            let rest = rest.trim();
            (indent == 0
                && file.ends_with(".py")
                && rest
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
            .then(|| Form::Location {
                file: file.to_string(),
                line,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::PytestFailed => {
            // `FAILED tests/test_calc.py::test_x - AssertionError: …` (short summary) or
            // `tests/test_calc.py::test_x FAILED  [ 50%]` (verbose).
            if let Some(rest) = trimmed.strip_prefix("FAILED ") {
                let (id, msg) = match rest.split_once(" - ") {
                    Some((id, msg)) => (id, Some(cap(msg))),
                    None => (rest, None),
                };
                if id.contains("::") && is_name(id) {
                    return Some(Form::Failed {
                        tool: Tool::Pytest,
                        name: id.to_string(),
                        message: msg,
                        file: id.split("::").next().map(str::to_string),
                        line: None,
                    });
                }
                return None;
            }
            let (id, _) = trimmed.split_once(" FAILED")?;
            if id.contains("::") && is_name(id) && id.contains(".py") {
                return Some(failed(Tool::Pytest, id));
            }
            None
        }
        Lit::PytestError => {
            // `ERROR tests/test_x.py::test_y - fixture 'db' not found`
            let rest = trimmed.strip_prefix("ERROR ")?;
            let (id, msg) = rest.split_once(" - ")?;
            (id.contains("::") && is_name(id)).then(|| Form::Failed {
                tool: Tool::Pytest,
                name: id.to_string(),
                message: Some(cap(msg)),
                file: id.split("::").next().map(str::to_string),
                line: None,
            })
        }
        Lit::UnittestHeader => {
            // `FAIL: test_two_words (test_words.TitleTest.test_two_words)`
            if at != 0 {
                return None;
            }
            let rest = trimmed
                .strip_prefix("FAIL: ")
                .or_else(|| trimmed.strip_prefix("ERROR: "))?;
            // Pester's own test script marks a test that threw something other than its
            // assertion's exception `ERROR: - name -> message` (and a failed one `[-] - …`).
            if let Some(form) = rest.strip_prefix("- ").and_then(pester_arrow) {
                return Some(form);
            }
            let (method, class) = rest.split_once(" (")?;
            let class = class.strip_suffix(')')?;
            (is_name(method) && is_name(class)).then(|| Form::Header {
                tool: Tool::Unittest,
                name: unittest_name(method, class),
                failed: true,
            })
        }
        Lit::UnittestEnd => {
            (trimmed.len() >= 60 && trimmed.bytes().all(|b| b == b'-')).then_some(Form::End)
        }
        Lit::PyException => {
            // `AssertionError: 'a' != 'b'`, `java.lang.AssertionError: expected:<1> but was:<2>`,
            // `AssertionError [ERR_ASSERTION]: …` at the start of a line.
            let head = trimmed.split([':', ' ']).next()?;
            let class = head.rsplit('.').next()?;
            if !(class.ends_with("Error") || class.ends_with("Exception") || class == "Error")
                || !head
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '_' || c == '$')
                || !class.starts_with(|c: char| c.is_ascii_uppercase())
            {
                return None;
            }
            let weight = if class.contains("Assert") || class.contains("Comparison") {
                8
            } else {
                6
            };
            Some(Form::Message {
                text: cap(trimmed),
                weight,
            })
        }
        Lit::GoFail => {
            // `--- FAIL: TestLen (0.00s)`, indented for subtests.
            let rest = trimmed.strip_prefix("--- FAIL: ")?;
            let name = rest.split(' ').next()?;
            is_name(name).then(|| Form::Header {
                tool: Tool::Go,
                name: name.to_string(),
                failed: true,
            })
        }
        Lit::GoRun => {
            let name = trimmed.strip_prefix("=== RUN")?.trim();
            is_name(name).then(|| Form::Header {
                tool: Tool::Go,
                name: name.to_string(),
                failed: false,
            })
        }
        Lit::GoPass => {
            let rest = trimmed
                .strip_prefix("--- PASS: ")
                .or_else(|| trimmed.strip_prefix("--- SKIP: "))?;
            let name = rest.split(' ').next()?;
            Some(Form::Passed {
                name: name.to_string(),
            })
        }
        Lit::GoSuite => {
            // `FAIL\texample.com/mini/stack\t0.005s`
            let mut parts = trimmed.split('\t');
            (parts.next()? == "FAIL").then_some(())?;
            let pkg = parts.next()?.trim();
            is_name(pkg).then(|| Form::Suite {
                tool: Tool::Go,
                name: pkg.to_string(),
            })
        }
        Lit::GoFile => {
            // `    stack_test.go:17: Len() = 2, want 1`
            let (file, line, rest) = file_line(trimmed)?;
            if rest.starts_with(" +0x") || rest.is_empty() {
                // A goroutine dump's frame: the place, not a message.
                return Some(Form::Location {
                    file: file.to_string(),
                    line,
                    thread: None,
                    message: None,
                    wants_message: false,
                });
            }
            (indent > 0 && !rest.trim().is_empty()).then(|| Form::GoLog {
                file: file.to_string(),
                line,
                text: cap(rest),
            })
        }
        Lit::GoPanic => {
            // `panic: runtime error: index out of range [-1] [recovered]`
            (at == indent).then(|| Form::Message {
                text: cap(trimmed.trim_end_matches(" [recovered]")),
                weight: 7,
            })
        }
        Lit::Bullet => {
            // Jest: `● total › counts quantity`.
            let name = trimmed.strip_prefix("\u{25cf} ")?;
            (at == indent && !name.is_empty()).then(|| Form::Header {
                tool: Tool::Jest,
                name: name.to_string(),
                failed: true,
            })
        }
        Lit::JestSuite => {
            // Jest: `FAIL ./cart.test.js`; Vitest: ` FAIL  test/x.test.ts > suite > name`.
            let rest = trimmed.strip_prefix("FAIL ")?.trim_start();
            if at != indent {
                return None;
            }
            if let Some((file, name)) = rest.split_once(" > ") {
                return Some(Form::Header {
                    tool: Tool::Vitest,
                    name: format!("{} > {name}", file.trim()),
                    failed: true,
                });
            }
            let file = rest.split(" (").next()?.trim();
            (is_name(file) && file.contains('.')).then(|| Form::Suite {
                tool: Tool::Jest,
                name: file.to_string(),
            })
        }
        Lit::Cross => {
            // Jest/Vitest list: `✕ counts quantity (3 ms)`.
            if at != indent {
                return None;
            }
            let rest = trimmed.split_once(' ')?.1;
            let name = match rest.rsplit_once(" (") {
                Some((n, t)) if t.ends_with("ms)") || t.ends_with(" s)") => n,
                _ => rest,
            };
            (!name.is_empty()).then(|| failed(Tool::Jest, name))
        }
        Lit::ExpectCall => (at == indent && trimmed.contains(").to")).then(|| Form::Message {
            text: cap(trimmed),
            weight: 8,
        }),
        Lit::Expected => {
            // testthat 3 names the sides in backticks: `` `expected`: 90 ``.
            let v = trimmed
                .strip_prefix("Expected: ")
                .or_else(|| trimmed.strip_prefix("expected: "))
                .or_else(|| trimmed.strip_prefix("`expected`:"))?;
            Some(Form::Expected(cap(v)))
        }
        Lit::Received => trimmed
            .strip_prefix("Received: ")
            .map(|v| Form::Actual(cap(v))),
        // HUnit's `expected: 5` / ` but got: 3`.
        Lit::Got => trimmed
            .strip_prefix("got: ")
            .or_else(|| trimmed.strip_prefix("but got: "))
            .map(|v| Form::Actual(cap(v))),
        Lit::Actual => trimmed
            .strip_prefix("actual: ")
            .or_else(|| trimmed.strip_prefix("actual  : "))
            .or_else(|| trimmed.strip_prefix("`actual`:"))
            .or_else(|| trimmed.strip_prefix("Actual  : "))
            .map(|v| Form::Actual(cap(v))),
        Lit::AtFrame => {
            // `at Object.toBe (cart.test.js:9:43)`, `at app//AppTest.testAdd(AppTest.java:14)`.
            if at != indent {
                return None;
            }
            let Some((file, line, _)) = trimmed
                .rfind('(')
                .and_then(|open| trimmed[open + 1..].strip_suffix(')'))
                .and_then(file_line)
            else {
                return powershell_frame(trimmed);
            };
            if file.contains("node_modules") || file.starts_with("node:") {
                return None;
            }
            Some(Form::Location {
                file: file.to_string(),
                line,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::VitestArrow => {
            let rest = trimmed.strip_prefix("\u{276f} ")?;
            let (file, line, _) = file_line(rest)?;
            Some(Form::Location {
                file: file.to_string(),
                line,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::SurefireFail => {
            // `[ERROR] testAdd(com.example.AppTest)  Time elapsed: 0.01 s  <<< FAILURE!` or
            // `[ERROR] com.example.AppTest.testAdd  Time elapsed: 0.012 s  <<< FAILURE!`;
            // a suite line (`Tests run: …`) names no test.
            let rest = trimmed
                .strip_prefix("[ERROR] ")
                .or_else(|| trimmed.strip_prefix("[INFO] "))
                .unwrap_or(trimmed);
            if rest.starts_with("Tests run:") {
                return None;
            }
            let name = rest.split_whitespace().next()?;
            let name = match name.split_once('(') {
                Some((m, c)) => format!("{}.{m}", c.trim_end_matches(')')),
                None => name.to_string(),
            };
            Some(Form::Header {
                tool: Tool::Surefire,
                name,
                failed: true,
            })
        }
        Lit::SurefireSummary => {
            // `[ERROR]   AppTest.testAdd:14 expected:<4> but was:<5>`
            let rest = trimmed.strip_prefix("[ERROR]")?.trim();
            let (head, msg) = rest.split_once(' ').unwrap_or((rest, ""));
            let (name, line) = match head.rsplit_once(':') {
                Some((n, l)) if l.bytes().all(|b| b.is_ascii_digit()) && !l.is_empty() => {
                    (n, l.parse().ok())
                }
                _ => return None,
            };
            (name.contains('.') && is_name(name)).then(|| Form::Failed {
                tool: Tool::Surefire,
                name: name.to_string(),
                message: (!msg.trim().is_empty()).then(|| cap(msg)),
                file: None,
                line,
            })
        }
        Lit::JunitExpected => {
            // `expected:<4> but was:<5>` (JUnit 4), `expected: <4> but was: <5>` (JUnit 5).
            let from = &text[at..];
            let (e, rest) = if let Some(r) = from.strip_prefix("expected:<") {
                r.split_once("> but was:<")?
            } else {
                from.strip_prefix("expected: <")?
                    .split_once("> but was: <")?
            };
            let a = rest.strip_suffix('>').unwrap_or(rest);
            let _ = (e, a);
            Some(Form::Message {
                text: cap(trimmed),
                weight: 8,
            })
        }
        Lit::GradleFailed => {
            // `AppTest > testAdd() FAILED`
            let head = trimmed.strip_suffix(" FAILED")?;
            let (class, method) = head.split_once(" > ")?;
            (is_name(class) && !method.is_empty()).then(|| Form::Header {
                tool: Tool::Gradle,
                name: format!("{class} > {method}"),
                failed: true,
            })
        }
        Lit::RspecRerun => {
            // `rspec ./spec/calc_spec.rb:4 # Calculator adds numbers`
            let rest = trimmed.strip_prefix("rspec ")?;
            let (place, name) = rest.split_once(" # ")?;
            let (file, line, _) = file_line(place)?;
            Some(Form::Failed {
                tool: Tool::Rspec,
                name: name.trim().to_string(),
                message: None,
                file: Some(file.to_string()),
                line: Some(line),
            })
        }
        Lit::FailureError => Some(Form::Message {
            text: cap(trimmed),
            weight: 8,
        }),
        Lit::FailedAsserting => Some(Form::Message {
            text: cap(trimmed),
            weight: 8,
        }),
        Lit::NumberedList => {
            let t = trimmed;
            let yes = t == "Failures:"
                || t.strip_suffix(" failing")
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                || t.starts_with("There was 1 failure")
                || t.starts_with("There was 1 error")
                || (t.starts_with("There were ")
                    && (t.ends_with("failures:") || t.ends_with("errors:")));
            yes.then_some(Form::NumberedList)
        }
        Lit::Numbered => {
            // `  1) Calculator adds numbers`, `1) CalcTest::testAdd`.
            let (n, name) = trimmed.split_once(") ")?;
            (!n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && at == indent + n.len()
                && !name.trim().is_empty())
            .then(|| Form::Numbered {
                name: name.trim().trim_end_matches(':').to_string(),
            })
        }
        Lit::CtestFailed => {
            // `2/3 Test #2: test_parse .......................***Failed    0.01 sec`
            let rest = trimmed.split_once("Test #")?.1;
            let rest = rest.split_once(": ")?.1;
            let name = rest.split([' ', '.']).next()?;
            is_name(name).then(|| failed(Tool::Ctest, name))
        }
        Lit::CtestList => {
            // `	  2 - test_parse (Failed)`
            let head = trimmed.strip_suffix(" (Failed)")?;
            let (n, name) = head.split_once(" - ")?;
            (n.trim().bytes().all(|b| b.is_ascii_digit()) && is_name(name))
                .then(|| failed(Tool::Ctest, name))
        }
        Lit::XctestCase => {
            // `Test Case '-[Module.Class testX]' failed (0.010 seconds).` (Xcode),
            // `Test Case 'Class.testX' failed (0.010 seconds)` (swift-corelibs-xctest).
            let rest = trimmed.strip_prefix("Test Case '")?;
            let (name, verdict) = rest.split_once("' ")?;
            if !verdict.starts_with("failed (") {
                return None;
            }
            xctest_name(name).map(|n| failed(Tool::Xctest, &n))
        }
        Lit::XctestCross => {
            // xcpretty, as the tests run: `    ✗ testX, XCTAssertTrue failed`.
            if at != indent {
                return None;
            }
            let rest = trimmed.strip_prefix('\u{2717}')?.trim_start();
            let (name, message) = rest.split_once(", ")?;
            is_method(name).then(|| Form::Failed {
                tool: Tool::Xctest,
                name: name.to_string(),
                message: Some(cap(message)),
                file: None,
                line: None,
            })
        }
        Lit::XctestSummary => {
            // xcpretty's summary after the run: the class on a line of its own, then
            // `  testX, XCTAssertTrue failed` and `  /path/Tests.swift:55`. The test's line
            // alone is too plain to be sure of: its block fails only when the place follows.
            let name = text.get(indent..at)?;
            (indent == 2 && is_method(name)).then(|| Form::Header {
                tool: Tool::Xctest,
                name: name.to_string(),
                failed: false,
            })
        }
        Lit::XctestEnd => {
            // `Executed 528 tests, with 1 failure (0 unexpected) in 44.353 (45.598) seconds`,
            // after each suite and after xcpretty's summary.
            let rest = trimmed.strip_prefix("Executed ")?;
            let (n, rest) = rest.split_once(' ')?;
            (n.bytes().all(|b| b.is_ascii_digit())
                && rest.starts_with("test")
                && rest.contains(", with "))
            .then_some(Form::End)
        }
        Lit::SourceLine => {
            // A place on a line of its own (xcpretty's summary): `/path/Tests.swift:55`.
            let (file, line, rest) = file_line(trimmed)?;
            rest.is_empty().then(|| Form::Location {
                file: file.to_string(),
                line,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::ScalatestFailed => {
            // `[info] - rejects a negative amount *** FAILED ***` (sbt; its Maven plugin
            // prints no `[info]`), sometimes with the time it took after it.
            let rest = sbt_info(trimmed).strip_prefix("- ")?;
            let (name, _) = rest.split_once(" *** FAILED ***")?;
            (!name.trim().is_empty()).then(|| Form::Header {
                tool: Tool::Scalatest,
                name: name.trim().to_string(),
                failed: true,
            })
        }
        Lit::ScalaPlace => {
            if let Some(diagnostic) = scalac_diagnostic(trimmed) {
                return diagnostic;
            }
            // The assertion under it: `[info]   9.0 was not greater than 10 (LimitTest.scala:73)`.
            let body = sbt_info(trimmed).strip_suffix(')')?;
            let (message, place) = body.rsplit_once(" (")?;
            let (file, line, rest) = file_line(place)?;
            (rest.is_empty() && file.ends_with(".scala") && !message.trim().is_empty()).then(|| {
                Form::Location {
                    file: file.to_string(),
                    line,
                    thread: None,
                    message: Some(cap(message)),
                    wants_message: false,
                }
            })
        }
        Lit::TestthatHeader => testthat_header(trimmed),
        Lit::TestthatEnd => {
            // testthat's results: `══ testthat results ══…` (edition 2), `══ Results ══…`,
            // `[ OK: 797 | SKIPPED: 0 | WARNINGS: 0 | FAILED: 1 ]` (2),
            // `[ FAIL 2 | WARN 0 | SKIP 0 | PASS 1 ]` (3). `══ Failed tests ══` starts the
            // failures instead.
            let t = trimmed;
            let yes = if let Some(rest) = t.strip_prefix("\u{2550}\u{2550} ") {
                !rest.starts_with("Failed")
            } else {
                t.ends_with(" ]") && (t.starts_with("[ OK: ") || t.starts_with("[ FAIL "))
            };
            yes.then_some(Form::End)
        }
        Lit::RCheck => {
            // `* checking tests ... ERROR`, `* checking examples ... [3s/3s] OK`,
            // `* checking tests ...` (the verdict follows the tests' progress).
            let body = trimmed.strip_prefix("* ")?;
            let (name, verdict) = body.rsplit_once(" ...")?;
            if !name.starts_with("checking ") {
                return None;
            }
            let verdict = verdict.trim();
            // `[12s/14s] ERROR`: the check's time first.
            let verdict = match verdict.strip_prefix('[') {
                Some(r) => r.split_once(']').map_or(verdict, |(_, v)| v.trim_start()),
                None => verdict,
            };
            let verdict = match verdict {
                "" => None,
                "ERROR" => Some(Verdict::Error),
                "WARNING" => Some(Verdict::Warning),
                v if v.bytes().all(|b| b.is_ascii_uppercase()) => Some(Verdict::Passed),
                // `...Warning: unable to access index for repository …`: a message of the
                // check's own, and its verdict later.
                _ => None,
            };
            Some(Form::Check {
                name: name.to_string(),
                verdict,
            })
        }
        Lit::RDone => {
            // The end of `R CMD check`'s checks: `* DONE`, then `Status: 1 ERROR, 1 NOTE`.
            let status = trimmed.strip_prefix("Status: ").is_some_and(|r| {
                r == "OK" || ["ERROR", "WARNING", "NOTE"].iter().any(|v| r.contains(v))
            });
            (at == 0 && (trimmed == "* DONE" || status)).then_some(Form::End)
        }
        Lit::RVerdict => match trimmed {
            "ERROR" => Some(Form::Verdict(Verdict::Error)),
            "WARNING" => Some(Form::Verdict(Verdict::Warning)),
            _ => None,
        },
        Lit::RError => {
            // R's error: `Error in f(x) : msg`, rlang's `` Error in `f()`: msg ``.
            (at == indent && (trimmed.contains(" : ") || trimmed.contains("`: "))).then(|| {
                Form::Message {
                    text: cap(trimmed),
                    weight: 7,
                }
            })
        }
        Lit::RFailed => {
            // R CMD check's own word on a check: `Running the tests in ‘tests/x.R’ failed.`,
            // `Running examples in ‘pkg-Ex.R’ failed`; what failed in them says more.
            (at == indent && trimmed.trim_end_matches('.').ends_with(" failed")).then(|| {
                Form::Message {
                    text: cap(trimmed),
                    weight: 5,
                }
            })
        }
        Lit::TastyFail => tasty_fail(text, at),
        Lit::TastyRerun => {
            // `Use -p '/custom writer.tables/' to rerun this test only.`
            let arg = trimmed
                .strip_prefix("Use -p ")?
                .strip_suffix(" to rerun this test only.")?;
            (!arg.is_empty()).then(|| Form::Rerun(arg.to_string()))
        }
        Lit::TastyEnd => {
            // `1 out of 2041 tests failed (45.46s)`
            let (n, rest) = trimmed.split_once(" out of ")?;
            let (m, _) = rest.split_once(" tests failed (")?;
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            (digits(n) && digits(m)).then_some(Form::End)
        }
        Lit::HsPlace => {
            // HUnit's place under a failing test: `test/Tests.hs:19:`; GHC's own errors
            // (`Main.hs:19:34: error:`) say more after it.
            let (file, line, rest) = file_line(trimmed)?;
            (rest.is_empty() && file.ends_with(".hs")).then(|| Form::Location {
                file: file.to_string(),
                line,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::PesterFailed => {
            // `[-] name 15ms`, indented under its Describe (Pester 4, and 5's detailed
            // output), `[-] Describe.Context.name 15ms (10ms|5ms)` (5's normal output), or
            // Pester's own test script's `[-] - name -> message`. What went wrong follows on
            // the next lines, but for the script's.
            let rest = trimmed.strip_prefix("[-] ")?;
            match pester_timed(rest) {
                Some(name) => Some(Form::Header {
                    tool: Tool::Pester,
                    name: name.to_string(),
                    failed: true,
                }),
                None => pester_arrow(rest.strip_prefix("- ").unwrap_or(rest)),
            }
        }
        Lit::PesterPassed => {
            let name = pester_timed(trimmed.strip_prefix("[+] ")?)?;
            Some(Form::Passed {
                name: name.to_string(),
            })
        }
        Lit::End => {
            // Indented, it is a captured output's (nextest prints each test's own).
            if indent > 0 {
                return None;
            }
            let t = trimmed;
            let yes = t.starts_with("test result: ")
                || t.starts_with("Test Suites: ")
                || t.starts_with("Tests completed in ")
                || (t.starts_with('=') && t.contains("short test summary info"))
                || (t.starts_with("Ran ") && t.contains(" test"));
            yes.then_some(Form::End)
        }
        Lit::CcError => {
            // `main.c:5:26: error: expected ';'`, `Foo.java:12: error: cannot find symbol`.
            let (file, line, rest) = file_line(trimmed)?;
            let msg = rest
                .trim_start()
                .strip_prefix("fatal error: ")
                .or_else(|| rest.trim_start().strip_prefix("error: "))?;
            // XCTest reports an assertion as a compiler would an error:
            // `Tests.swift:55: error: -[Module.Class testX] : XCTAssertTrue failed - msg`.
            if let Some((name, message)) = xctest_failure(msg) {
                return Some(Form::Failed {
                    tool: Tool::Xctest,
                    name,
                    message: Some(cap(message)),
                    file: Some(file.to_string()),
                    line: Some(line),
                });
            }
            let tool = if file.ends_with(".java") {
                Tool::Javac
            } else if file.ends_with(".scala") {
                Tool::Scalac
            } else {
                Tool::Cc
            };
            Some(Form::Build {
                tool,
                file: Some(file.to_string()),
                line: Some(line),
                message: cap(msg),
            })
        }
        Lit::RustcError => {
            // `error[E0308]: mismatched types`; the place follows on a ` --> ` line.
            if at != 0 {
                return None;
            }
            let rest = trimmed.strip_prefix("error")?;
            let msg = if let Some(r) = rest.strip_prefix('[') {
                let (code, m) = r.split_once("]: ")?;
                format!("{m} [{code}]")
            } else {
                rest.strip_prefix(": ")?.to_string()
            };
            Some(Form::Build {
                tool: Tool::Rustc,
                file: None,
                line: None,
                message: cap(&msg),
            })
        }
        Lit::RustcArrow => {
            let rest = trimmed.strip_prefix("--> ")?;
            let (file, line, _) = file_line(rest)?;
            Some(Form::Location {
                file: file.to_string(),
                line,
                thread: None,
                message: None,
                wants_message: false,
            })
        }
        Lit::TscError => {
            // `price.ts(10,34): error TS2322: …` or `src/a.ts:10:34 - error TS2322: …`.
            let (place, msg) = trimmed
                .split_once(": error TS")
                .or_else(|| trimmed.split_once(" - error TS"))?;
            let (code, msg) = msg.split_once(": ")?;
            let (file, line) = if let Some((f, l)) = place.split_once('(') {
                (f, l.split(',').next()?.parse().ok()?)
            } else {
                let (f, l, _) = file_line(place)?;
                (f, l)
            };
            Some(Form::Build {
                tool: Tool::Tsc,
                file: Some(file.to_string()),
                line: Some(line),
                message: cap(&format!("{msg} [TS{code}]")),
            })
        }
        Lit::JavaBracket => {
            // Maven: `[ERROR] /src/App.java:[12,8] cannot find symbol`.
            let rest = trimmed.strip_prefix("[ERROR] ")?;
            let (file, rest) = rest.split_once(":[")?;
            let (pos, msg) = rest.split_once("] ")?;
            Some(Form::Build {
                tool: Tool::Javac,
                file: Some(file.to_string()),
                line: pos.split(',').next()?.parse().ok(),
                message: cap(msg),
            })
        }
        Lit::KotlinError => {
            // `e: file:///src/App.kt:12:5 Unresolved reference: foo`
            let rest = trimmed.strip_prefix("e: ")?;
            let rest = rest.strip_prefix("file://").unwrap_or(rest);
            let (place, msg) = rest.split_once(' ')?;
            let (file, line, _) = file_line(place)?;
            file.ends_with(".kt").then(|| Form::Build {
                tool: Tool::Kotlinc,
                file: Some(file.to_string()),
                line: Some(line),
                message: cap(msg),
            })
        }
        Lit::UndefinedRef => Some(Form::Build {
            tool: Tool::Linker,
            file: None,
            line: None,
            message: cap(&text[at..]),
        }),
        Lit::Dep(Tool::GoBuild) => {
            // `./main.go:6:14: cannot use "three" (untyped string constant) as int value`;
            // a test's own `x_test.go:17: msg` has no column.
            let (file, line, rest) = file_line(trimmed)?;
            let cols = trimmed[file.len()..].bytes().filter(|&b| b == b':').count();
            (indent == 0 && file.ends_with(".go") && cols >= 3 && !rest.trim().is_empty()).then(
                || Form::Build {
                    tool: Tool::GoBuild,
                    file: Some(file.to_string()),
                    line: Some(line),
                    message: cap(rest),
                },
            )
        }
        Lit::Dep(tool) => Some(Form::Dependency {
            tool,
            message: cap(trimmed
                .trim_start_matches("npm ERR! ")
                .trim_start_matches("npm error ")
                .trim_start_matches("ERROR: ")
                .trim_start_matches("error: ")
                .trim_start_matches("error ")
                .trim_start_matches("> ")
                .trim_start_matches("[ERROR] ")),
        }),
    }
}

/// A diagnostic of the Scala compiler: `Some(Some(error))`, `Some(None)` for a warning (or
/// note), `None` for a line of another form. The level is sbt's (`[error] /src/A.scala:10:8:
/// msg`, older sbt without the column), or the compiler's own words after the place, alone
/// (`A.scala:10: error: msg`) or under Maven's plugin (`[ERROR] /src/A.scala:10: error: msg`).
fn scalac_diagnostic(s: &str) -> Option<Option<Form>> {
    let (level, rest) = match s.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((level, rest)) => (Some(level), rest.trim_start()),
        None => (None, s),
    };
    let (file, line, msg) = file_line(rest)?;
    if !file.ends_with(".scala") {
        return None;
    }
    let msg = msg.trim();
    let (error, msg) = if let Some(m) = msg.strip_prefix("error:") {
        (true, m.trim_start())
    } else if let Some(m) = ["warning:", "note:"]
        .iter()
        .find_map(|w| msg.strip_prefix(w))
    {
        (false, m.trim_start())
    } else {
        // sbt says the level in its own column only.
        match level? {
            "error" | "ERROR" => (true, msg),
            "warn" | "WARN" | "WARNING" | "info" | "INFO" => (false, msg),
            _ => return None,
        }
    };
    if msg.is_empty() {
        return None;
    }
    Some(error.then(|| Form::Build {
        tool: Tool::Scalac,
        file: Some(file.to_string()),
        line: Some(line),
        message: cap(msg),
    }))
}

/// testthat's report of a failing test (`Error` for an error in the test's code):
/// - edition 3: `── Failure ('test-x.R:12'): name ───` (3.0, 3.1), `── Failure (test-x.R:12:3):
///   name ──` (3.2), without the rules where the reporter has no colour;
/// - edition 2: `── 1. Failure: name (@test-x.R#12)  ───`, cut at 80 columns with its place,
///   and, without the rules, its line in the results' list (`1. Failure: name (@test-x.R#12)`).
///
/// A report is a header whose message follows; a list's line names a test without its output.
fn testthat_header(trimmed: &str) -> Option<Form> {
    let r = testthat_report(trimmed)?;
    if r.listed {
        return Some(Form::Failed {
            tool: Tool::Testthat,
            name: r.name.to_string(),
            message: None,
            file: r.file.map(str::to_string),
            line: r.line,
        });
    }
    Some(Form::Header {
        tool: Tool::Testthat,
        name: r.name.to_string(),
        failed: true,
    })
}

/// The test file and line a testthat report's header names (see [`testthat_header`]).
pub fn testthat_place(text: &str) -> Option<(String, u64)> {
    let r = testthat_report(text.trim())?;
    Some((r.file?.to_string(), r.line?))
}

/// A testthat report's header or list line, read.
struct TestthatReport<'a> {
    name: &'a str,
    file: Option<&'a str>,
    line: Option<u64>,
    /// A line of edition 2's list of failures, not a report's header.
    listed: bool,
}

fn testthat_report(trimmed: &str) -> Option<TestthatReport<'_>> {
    let ruled = trimmed.starts_with('\u{2500}');
    let t = trimmed.trim_start_matches('\u{2500}').trim_start();
    let (t, ruled) = match strip_rule(t) {
        Some(t) => (t, true),
        None => (t, ruled),
    };
    // `1. ` (edition 2).
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && t[digits..].starts_with(". ");
    let t = if numbered { &t[digits + 2..] } else { t };
    let kind = if t.starts_with("Failure") {
        "Failure"
    } else if t.starts_with("Error") {
        "Error"
    } else {
        return None;
    };
    let testthat_file = |f: &str| {
        let f = f.rsplit('/').next().unwrap_or(f);
        f.starts_with("test") && (f.ends_with(".R") || f.ends_with(".r"))
    };
    let rest = &t[kind.len()..];
    let (name, file, line) = if let Some(rest) = rest.strip_prefix(" (") {
        // Edition 3: the place, then the name.
        let (place, name) = rest.split_once("): ")?;
        let (file, line, _) = file_line(place.trim_matches('\''))?;
        if numbered || !testthat_file(file) {
            return None;
        }
        (name.trim(), Some(file), Some(line))
    } else {
        // Edition 2: the name, then the place (`(@test-x.R#12)`), which may be cut.
        let rest = rest.strip_prefix(": ")?;
        if !numbered {
            return None;
        }
        match rest.rsplit_once(" (@") {
            Some((name, place)) => {
                let place = place.trim_end().strip_suffix(')');
                let placed = place
                    .and_then(|p| p.split_once('#'))
                    .filter(|(f, l)| testthat_file(f) && l.bytes().all(|b| b.is_ascii_digit()));
                match placed {
                    Some((f, l)) => (name.trim(), Some(f), l.parse().ok()),
                    // Cut in its place: a report's header only.
                    None if ruled && place.is_none() => (name.trim(), None, None),
                    None => return None,
                }
            }
            // Cut before its place: only a ruled header is sure to be testthat's.
            None if ruled => (rest.trim(), None, None),
            None => return None,
        }
    };
    (!name.is_empty()).then_some(TestthatReport {
        name,
        file,
        line,
        listed: numbered && !ruled,
    })
}

/// `s` without a rule at its end (` ───…`, ` -----`), if it has one.
fn strip_rule(s: &str) -> Option<&str> {
    let body = s.trim_end().trim_end_matches(['\u{2500}', '-']);
    let rule = s.trim_end()[body.len()..].chars().count();
    (rule >= 3 && body.ends_with(' ')).then(|| body.trim_end())
}

/// tasty's line of a failing test: indented under its groups, its name and a colon, padding,
/// then `FAIL`, perhaps with the test's time (`      tables:         FAIL (0.06s)`). `at` is
/// where `FAIL` starts.
fn tasty_fail(text: &str, at: usize) -> Option<Form> {
    let after = text[at + 4..].trim();
    let timed = after
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix("s)"))
        .map(|n| n.strip_suffix('m').unwrap_or(n))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    if !(after.is_empty() || timed) {
        return None;
    }
    let before = &text[..at];
    let head = before.trim_end();
    if head.len() == before.len() {
        return None;
    }
    let name = head.strip_suffix(':')?.trim();
    // A test is in tasty's tree of groups, indented under them; a verdict at the start of a
    // line is another tool's (prove's `Result: FAIL`, cabal's `Test suite tests: FAIL`).
    let indent = head.len() - head.trim_start().len();
    if name.is_empty() || indent < 2 {
        return None;
    }
    Some(Form::Header {
        tool: Tool::Tasty,
        name: name.to_string(),
        failed: true,
    })
}

/// Pester's test line without its mark: the name before the time it took (`12ms`, `6.2s`),
/// and Pester 5's split of that time between the test and the framework (`(2ms|10ms)`).
fn pester_timed(rest: &str) -> Option<&str> {
    let rest = rest.trim_end();
    let rest = match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        Some((head, split)) if split.contains('|') => head.trim_end(),
        _ => rest,
    };
    let (name, time) = rest.rsplit_once(' ')?;
    let number = time.strip_suffix("ms").or_else(|| time.strip_suffix('s'))?;
    let is_time = !number.is_empty()
        && number
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && number.as_bytes()[0].is_ascii_digit();
    let name = name.trim();
    (is_time && !name.is_empty()).then_some(name)
}

/// The message on a failed test's own line (`[-] - name -> message`, `ERROR: - name ->
/// message`): Pester's own test script says it there, Pester itself on the lines after.
pub(crate) fn pester_inline(line: &str) -> Option<&str> {
    let t = line.trim();
    let rest = t
        .strip_prefix("[-] ")
        .or_else(|| t.strip_prefix("ERROR: "))?;
    if pester_timed(rest).is_some() {
        return None;
    }
    rest.split_once(" -> ").map(|(_, m)| m.trim())
}

/// `name -> message`: a failed test of Pester's own test script, with what failed it.
fn pester_arrow(rest: &str) -> Option<Form> {
    let (name, message) = rest.split_once(" -> ")?;
    let name = name.trim();
    (!name.is_empty() && !message.trim().is_empty()).then(|| Form::Header {
        tool: Tool::Pester,
        name: name.to_string(),
        failed: true,
    })
}

/// A frame of a PowerShell stack trace, as Pester prints it under a failed test:
/// `at <ScriptBlock>, /src/Add.Tests.ps1:12` (Pester 5, with the assertion's own code in
/// place of `<ScriptBlock>`) or `at <ScriptBlock>, C:\src\Add.Tests.ps1: line 12` (Pester 4).
fn powershell_frame(trimmed: &str) -> Option<Form> {
    let (_, place) = trimmed.rsplit_once(", ")?;
    let (file, line) = place.rsplit_once(':')?;
    let line = line
        .trim_start()
        .strip_prefix("line ")
        .unwrap_or(line.trim_start());
    let line: u64 = line.parse().ok()?;
    let script = [".ps1", ".psm1"].iter().any(|e| file.ends_with(e));
    (script && !file.contains(char::is_whitespace)).then(|| Form::Location {
        file: file.to_string(),
        line,
        thread: None,
        message: None,
        wants_message: false,
    })
}

/// A line of sbt's output without its `[info] ` (the level of every line a test prints).
fn sbt_info(s: &str) -> &str {
    s.strip_prefix("[info]").map_or(s, str::trim_start)
}

/// A test method's name as xcpretty prints it: one word (`testX`, or a Quick spec's
/// `should_do_this`).
fn is_method(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The dotted name of an XCTest case as Xcode (`-[Module.Class testX]`) or Linux
/// (`Class.testX`) prints it: `Module.Class.testX`, `Class.testX`.
fn xctest_name(s: &str) -> Option<String> {
    if let Some(inner) = s.strip_prefix("-[").and_then(|r| r.strip_suffix(']')) {
        let (class, method) = inner.split_once(' ')?;
        return (is_name(class) && is_method(method)).then(|| format!("{class}.{method}"));
    }
    let (class, method) = s.rsplit_once('.')?;
    (is_name(class) && is_method(method)).then(|| s.to_string())
}

/// The test and the message of an XCTest assertion's `error:` line:
/// `-[Module.Class testX] : XCTAssertTrue failed - msg`.
fn xctest_failure(msg: &str) -> Option<(String, &str)> {
    let (name, message) = msg.split_once(" : ")?;
    let name = xctest_name(name)?;
    // Swift's own errors also read `file:line: error: …`: only a test's name before ` : `
    // makes it a test's failure.
    let method = name.rsplit('.').next()?;
    (method.starts_with("test") || msg.starts_with("-[")).then_some((name, message))
}

fn failed(tool: Tool, name: &str) -> Form {
    Form::Failed {
        tool,
        name: name.to_string(),
        message: None,
        file: None,
        line: None,
    }
}

/// unittest names a test `method (module.Class.method)` (Python ≥ 3.11) or
/// `method (module.Class)`: the dotted id that reruns it.
fn unittest_name(method: &str, class: &str) -> String {
    if class.ends_with(&format!(".{method}")) {
        class.to_string()
    } else {
        format!("{class}.{method}")
    }
}

/// Expected and actual values in a message's own words (`expected:<4> but was:<5>`,
/// `Failed asserting that 2 matches expected 3.`).
pub fn values_in(message: &str) -> Option<(String, String)> {
    if let Some(i) = message.find("expected:<") {
        let (e, rest) = message[i + 10..].split_once("> but was:<")?;
        let a = rest.split('>').next()?;
        return Some((cap(e), cap(a)));
    }
    if let Some(i) = message.find("expected: <") {
        let (e, rest) = message[i + 11..].split_once("> but was: <")?;
        let a = rest.split('>').next()?;
        return Some((cap(e), cap(a)));
    }
    if let Some(rest) = message.strip_prefix("Failed asserting that ") {
        let (a, e) = rest.split_once(" matches expected ")?;
        return Some((cap(e.trim_end_matches('.')), cap(a)));
    }
    None
}
