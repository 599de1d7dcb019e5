//! Each signal on a small hand-made summary: what a user would see go wrong without it.

use super::*;
use crate::engine::LineHit;
use crate::event::{Event, EventKind};
use crate::patterns::PatternSet;
use crate::record::Record;
use crate::summary::{Summary, Window};
use std::borrow::Cow;

const LIBRARY: &str = r#"
[[pattern]]
id = "t.oom"
title = "OOM kill"
category = "memory"
severity = "critical"
role = "cause"
literals = ["Out of memory"]
regex = ['Out of memory: Killed process']
explanation = "killed"
remediation = ["look"]
symptoms = ["t.refused"]
[pattern.examples]
match = ["Out of memory: Killed process 1 (x)"]
no_match = ["memory fine"]

[[pattern]]
id = "t.refused"
title = "Connection refused"
category = "network"
severity = "critical"
role = "symptom"
literals = ["Connection refused"]
regex = ['Connection refused']
explanation = "refused"
remediation = ["look"]
[pattern.examples]
match = ["connect: Connection refused"]
no_match = ["connected"]

[[pattern]]
id = "t.noise"
title = "Routine noise"
category = "network"
severity = "critical"
role = "cause"
literals = ["link flapped"]
regex = ['link flapped']
explanation = "noise"
remediation = ["look"]
[pattern.examples]
match = ["link flapped"]
no_match = ["link up"]
"#;

fn set() -> PatternSet {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.toml"), LIBRARY).unwrap();
    crate::patterns::load(&crate::patterns::LoadOptions {
        builtin: false,
        dirs: vec![dir.path().to_path_buf()],
    })
    .unwrap()
}

/// A summary built line by line as the engine would: `(second, level, message)`.
fn summary(set: &PatternSet, lines: &[(i64, Option<Level>, &str)]) -> Summary {
    let mut s = Summary::global(Window::default(), 1000);
    for (i, (sec, level, msg)) in lines.iter().enumerate() {
        let line = i as u64 + 1;
        let ts = (*sec >= 0).then(|| Timestamp::from_unix_seconds(1_700_000_000 + sec));
        let rec = Record {
            timestamp: ts,
            level: *level,
            origin: None,
            message: Cow::Borrowed(msg.as_bytes()),
            header: ts.is_some(),
            meta: false,
            service: false,
            step: false,
        };
        s.add_record(0, line, &rec);
        s.add_event(
            0,
            &Event {
                line,
                end_line: line,
                timestamp: ts,
                level: *level,
                origin: None,
                message: Cow::Borrowed(msg.as_bytes()),
                kind: EventKind::Plain,
                root: None,
            },
        );
        if level.is_none_or(|l| l >= Level::Notice) {
            for h in set.match_text(msg.as_bytes()) {
                s.add_hit(
                    0,
                    &LineHit {
                        pattern: h.pattern,
                        line,
                        timestamp: ts,
                        text: msg.as_bytes(),
                        capture: h.capture.as_ref(),
                    },
                );
            }
        }
    }
    s
}

fn ranked(set: &PatternSet, s: &Summary) -> Ranking {
    rank(s, &s.problems.cluster(), set, Options::default())
}

fn ids(r: &Ranking) -> Vec<&str> {
    r.causes.iter().map(|c| c.id.as_str()).collect()
}

/// An incident in a busy log: steady noise all along, then a cause and its symptoms.
fn incident() -> Vec<(i64, Option<Level>, String)> {
    let mut v: Vec<(i64, Option<Level>, String)> = Vec::new();
    for sec in 0..600 {
        v.push((sec, Some(Level::Info), format!("request {sec} served")));
        if sec % 60 == 5 {
            v.push((sec, Some(Level::Error), String::from("link flapped")));
        }
        if sec == 400 {
            v.push((
                sec,
                Some(Level::Error),
                String::from("Out of memory: Killed process 812 (postgres)"),
            ));
        }
        if (401..460).contains(&sec) {
            for k in 0..5 {
                v.push((
                    sec,
                    Some(Level::Error),
                    format!("connect to 10.0.0.{k}:5432: Connection refused"),
                ));
            }
        }
    }
    v
}

fn as_refs(v: &[(i64, Option<Level>, String)]) -> Vec<(i64, Option<Level>, &str)> {
    v.iter().map(|(a, b, c)| (*a, *b, c.as_str())).collect()
}

#[test]
fn the_cause_outranks_the_symptoms_that_follow_it() {
    let set = set();
    let lines = incident();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    assert_eq!(r.causes[0].id, "t.oom", "{:?}", ids(&r));
    let refused = r.causes.iter().position(|c| c.id == "t.refused").unwrap();
    assert!(refused > 0);
    assert!(r.causes[0]
        .related
        .iter()
        .any(|(id, rel, n)| id == "t.refused" && *rel == "symptom" && *n == 295));
    assert!(r.causes[refused]
        .why
        .iter()
        .any(|w| w.contains("symptom of 't.oom'")));
}

#[test]
fn the_onset_is_where_the_error_rate_jumps() {
    let set = set();
    let lines = incident();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let o = r.onset.expect("an onset");
    let at = o.at.unix_seconds() - 1_700_000_000;
    assert!((395..=401).contains(&at), "onset at {at}");
    assert!(r.causes[0].at_onset);
    assert!(r.causes[0]
        .why
        .iter()
        .any(|w| w.contains("first new problem")));
}

/// In a short log a time bucket is a few seconds: the OOM kill six seconds before the storm
/// of refused connections was "seen only well before the error rate jumped" and lost its place
/// to its own symptom (found by a user review).
#[test]
fn a_cause_seconds_before_the_storm_of_a_short_log_is_at_its_onset() {
    let set = set();
    let mut v: Vec<(i64, Option<Level>, String)> = Vec::new();
    for sec in 0..360 {
        v.push((sec, Some(Level::Info), format!("request {sec} served")));
        if sec == 294 {
            v.push((
                sec,
                Some(Level::Error),
                String::from("Out of memory: Killed process 812 (postgres)"),
            ));
        }
        if sec >= 300 {
            for k in 0..7 {
                v.push((
                    sec,
                    Some(Level::Error),
                    format!("connect to 10.0.0.{k}:5432: Connection refused"),
                ));
            }
        }
    }
    let r = ranked(&set, &summary(&set, &as_refs(&v)));
    let o = r.onset.expect("an onset");
    assert!(o.bucket_seconds < 10, "{}", o.bucket_seconds);
    let oom = r.causes.iter().find(|c| c.id == "t.oom").unwrap();
    assert!(
        !oom.why.iter().any(|w| w.contains("well before")),
        "{:?}",
        oom.why
    );
    assert_eq!(r.causes[0].id, "t.oom", "{:?}", ids(&r));
}

#[test]
fn routine_noise_present_all_along_is_damped() {
    let set = set();
    let lines = incident();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let noise = r.causes.iter().find(|c| c.id == "t.noise").unwrap();
    assert!(noise.why.iter().any(|w| w.starts_with("routine")));
    assert!(noise.score < r.causes[0].score);
}

#[test]
fn a_rare_message_weighs_more_than_a_frequent_one() {
    let set = PatternSet::empty();
    let mut lines: Vec<(i64, Option<Level>, String)> = Vec::new();
    for i in 0..2000 {
        lines.push((-1, Some(Level::Error), format!("retrying job {i}")));
    }
    lines.push((
        -1,
        Some(Level::Error),
        String::from("schema file is corrupt"),
    ));
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    assert!(r.causes[0].title.contains("corrupt"), "{:?}", ids(&r));
}

#[test]
fn the_gravest_level_wins_among_unknown_messages() {
    let set = PatternSet::empty();
    let lines = [
        (-1, Some(Level::Warn), "cache is cold"),
        (-1, Some(Level::Critical), "cannot open journal"),
        (-1, Some(Level::Error), "request took long"),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    assert_eq!(r.causes[0].title, "cannot open journal");
}

#[test]
fn ci_the_error_before_the_failed_step_marker_is_the_cause() {
    let set = PatternSet::empty();
    let lines = [
        (-1, None, "travis_time:start:1$ npm install"),
        (-1, None, "npm WARN deprecated left-pad"),
        (-1, None, "error: an old error in a step that passed"),
        (-1, None, "The command \"npm install\" exited with 0."),
        (-1, None, "travis_time:start:2$ pytest"),
        (-1, None, "tests/test_app.py::test_login FAILED"),
        (-1, None, "E   AssertionError: assert 401 == 200"),
        (-1, None, "=== 1 failed, 20 passed in 2.1s ==="),
        (-1, None, "The command \"pytest\" exited with 1."),
        (-1, None, "Done. Your build exited with 1."),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    assert!(r.ci);
    // pytest listed the test as failed: that comes first.
    let top = &r.causes[0];
    assert_eq!(top.kind, "test-failure");
    assert_eq!(top.title, "test failed: tests/test_app.py::test_login");
    let step = r.causes.iter().find(|c| c.kind == "ci-step").unwrap();
    assert_eq!(step.evidence[0].pos.line, 7, "{:?}", step.evidence);
    assert!(step.title.contains("AssertionError"));
    // The marker names the step, last.
    assert_eq!(step.evidence.last().unwrap().pos.line, 9);
}

#[test]
fn ci_wrappers_are_not_the_cause() {
    let set = PatternSet::empty();
    let lines = [
        (-1, None, "travis_time:start:1$ make"),
        (-1, None, "cc -c main.c"),
        (-1, None, "main.c:3:1: error: unknown type name 'strng'"),
        (-1, None, "make: *** [Makefile:4: main.o] Error 1"),
        (-1, None, "The command \"make\" exited with 2."),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    assert_eq!(r.causes[0].evidence[0].pos.line, 3);
}

#[test]
fn ci_a_tools_closing_words_after_its_failure_report_are_not_the_cause() {
    let set = PatternSet::empty();
    let lines = [
        (-1, None, "travis_time:start:1$ yarn test"),
        (-1, None, "Finished 'default' after 2.14 s"),
        (-1, None, "Please commit all changes generated by building"),
        (-1, None, "error Command failed with exit code 1."),
        (
            -1,
            None,
            "info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.",
        ),
        (-1, None, "The command \"yarn test\" exited with 1."),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    let step = r.causes.iter().find(|c| c.kind == "ci-step").unwrap();
    assert_eq!(
        step.title, "Please commit all changes generated by building",
        "{:?}",
        step.evidence
    );
}

#[test]
fn ci_an_error_early_in_a_long_failed_step_is_in_its_output() {
    // The step's windows keep its last lines; the step itself began at its runner's mark.
    let set = PatternSet::empty();
    let mut lines: Vec<(i64, Option<Level>, String)> = vec![
        (-1, None, String::from("travis_time:start:1$ npm install")),
        (
            -1,
            None,
            String::from("The command \"npm install\" exited with 0."),
        ),
        (-1, None, String::from("travis_time:start:2$ make")),
        (
            -1,
            Some(Level::Error),
            String::from("cc1: out of memory allocating 65536 bytes"),
        ),
    ];
    for i in 0..80 {
        lines.push((-1, None, format!("compiling module {i}")));
    }
    lines.push((
        -1,
        None,
        String::from("The command \"make\" exited with 2."),
    ));
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let oom = r
        .causes
        .iter()
        .find(|c| c.title.contains("out of memory"))
        .unwrap();
    assert!(
        oom.why
            .iter()
            .any(|w| w.starts_with("in the output of the step that failed")),
        "{:?}",
        oom.why
    );
}

/// A long test step printed a harmless error early (the terminal check of vim's suite) and ran
/// on for hundreds of lines: the step's cause is the failure report at its end, shown with
/// what it printed about the failure, not the early line.
#[test]
fn ci_an_error_the_step_ran_on_long_after_is_not_what_it_died_of() {
    let set = PatternSet::empty();
    let mut lines: Vec<(i64, Option<Level>, String)> = vec![
        (-1, None, String::from("travis_time:start:1$ make test")),
        (
            -1,
            None,
            String::from("E558: Terminal entry not found in terminfo"),
        ),
    ];
    for i in 0..300 {
        lines.push((-1, None, format!("Executed Test_x{i}() in 0.01 seconds")));
    }
    for l in [
        "  FAILED:     1 Tests",
        "Failures: ",
        "\tFound errors in Test_popup_beval():",
        "\tfunction RunTheTest[40]..Test_popup_beval line 55: See dump file difference",
        "TEST FAILURE",
        "The command \"make test\" exited with 2.",
    ] {
        lines.push((-1, None, l.to_string()));
    }
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let step = r.causes.iter().find(|c| c.kind == "ci-step").unwrap();
    assert!(step.title.contains("FAILED:     1 Tests"), "{}", step.title);
    let shown: Vec<u64> = step.evidence.iter().map(|e| e.pos.line).collect();
    assert!(
        shown[1..].iter().any(|l| (304..=307).contains(l)),
        "the failure's own report: {shown:?}"
    );
    // Were the early line a burst of its own right before the report, it would still lead.
    let mut close = lines.clone();
    close.drain(2..300);
    let r = ranked(&set, &summary(&set, &as_refs(&close)));
    let step = r.causes.iter().find(|c| c.kind == "ci-step").unwrap();
    assert!(step.title.starts_with("E558"), "{}", step.title);
}

/// Test suites run on after a failed test: of two failed tests far apart, the first is the one
/// to read first, and a line repeated later is not shown twice. (The runner's wording is one
/// culprit does not read as a runner's; ScalaTest's is below.)
#[test]
fn ci_of_failed_tests_far_apart_the_first_leads() {
    let set = PatternSet::empty();
    // A job that runs `command`: `parses dates` fails, 200 tests pass, then `parses times` and
    // `parses dates` fail.
    let job = |command: &str, failed: fn(&str) -> String, passed: fn(usize) -> String| {
        let mut lines = vec![
            format!("travis_time:start:1$ {command}"),
            failed("parses dates"),
        ];
        lines.extend((0..200).map(passed));
        lines.extend([
            failed("parses times"),
            failed("parses dates"),
            format!("The command \"{command}\" exited with 1."),
        ]);
        lines
            .into_iter()
            .map(|l| (-1, None, l))
            .collect::<Vec<(i64, Option<Level>, String)>>()
    };
    let lines = job(
        "./run-tests",
        |n| format!("[info] FAIL: {n}"),
        |i| format!("[info] case {i}: ok"),
    );
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let step = r.causes.iter().find(|c| c.kind == "ci-step").unwrap();
    assert_eq!(step.evidence[0].pos.line, 2, "{:?}", step.evidence);
    let texts: Vec<&[u8]> = step.evidence.iter().map(|e| &*e.text).collect();
    let dates = texts.iter().filter(|t| t.ends_with(b"FAIL: parses dates"));
    assert_eq!(dates.count(), 1, "{texts:?}");

    // ScalaTest's failures are failing tests, the first first; the step's lines are theirs.
    let lines = job(
        "sbt test",
        |n| format!("[info] - {n} *** FAILED ***"),
        |i| format!("[info] - case {i} passes"),
    );
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let titles: Vec<&str> = r.causes.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles[..2],
        ["test failed: parses dates", "test failed: parses times"],
        "{titles:?}"
    );
    assert_eq!(r.causes[0].evidence[0].pos.line, 2);
}

/// A PowerShell job's failed Pester test is its cause, with the command that reruns it. The
/// test's output and the job's last error lines ranked first: the test was not named.
#[test]
fn ci_a_failed_pester_test_leads_and_is_rerun_by_its_full_name() {
    let set = PatternSet::empty();
    let lines: Vec<(i64, Option<Level>, String)> = [
        "travis_time:start:1$ pwsh -c 'Invoke-Pester -EnableExit'",
        "Running tests.",
        "[-] Add.adds two numbers 15ms (10ms|5ms)",
        " RuntimeException: the adder is broken",
        " at Add-Numbers, /src/Add.ps1:4",
        " at <ScriptBlock>, /src/Add.Tests.ps1:12",
        "[+] /src/Add.Tests.ps1 180ms (41ms|120ms)",
        "Tests completed in 181ms",
        "Tests Passed: 2, Failed: 1, Skipped: 0 NotRun: 0",
        "Error: Pester run failed",
        "The command \"pwsh -c 'Invoke-Pester -EnableExit'\" exited with 1.",
    ]
    .into_iter()
    .map(|l| (-1, None, l.to_string()))
    .collect();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let first = &r.causes[0];
    assert_eq!(
        first.title, "test failed: Add.adds two numbers",
        "{:?}",
        r.causes
    );
    assert_eq!(first.evidence[0].pos.line, 4);
    assert_eq!(
        first.remediation[0],
        "Rerun just this test: Invoke-Pester -Path '/src/Add.Tests.ps1' -FullNameFilter '*Add.adds two numbers'"
    );
}

/// sbt compiles a job's modules side by side: the first module's compile errors, then a later
/// module's, enough of them to fill the last error lines before the step's marker. The first
/// error is the one to fix (the later ones often follow from it); it ranked below every error
/// of the later burst.
#[test]
fn ci_the_first_compile_error_of_a_failed_step_leads() {
    let set = PatternSet::empty();
    let mut lines = vec![
        String::from("travis_time:start:1$ sbt compile"),
        String::from("[info] Compiling 31 Scala sources to /src/typed/target/classes ..."),
        String::from(
            "[error] /src/typed/Setup.scala:10:8: object Logger is not a member of package a.b",
        ),
        String::from("[error] import a.b.Logger"),
        String::from("[error]        ^"),
        String::from("[error] one error found"),
    ];
    lines.extend(
        (0..40).map(|i| format!("[info] Compiling {i} Scala sources to /src/m{i}/target ...")),
    );
    for i in 0..12 {
        lines.extend([
            format!("[error] /src/cluster/Receptionist.scala:{}:27: value debug is not a member of Logger", 300 + i),
            String::from("[error]       ctx.log.debug(\"x\")"),
            String::from("[error]               ^"),
        ]);
    }
    lines.extend([
        String::from("[error] 12 errors found"),
        String::from("[error] (cluster / Compile / compileIncremental) Compilation failed"),
        String::from("The command \"sbt compile\" exited with 1."),
    ]);
    let lines: Vec<(i64, Option<Level>, String)> =
        lines.into_iter().map(|l| (-1, None, l)).collect();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    assert_eq!(
        r.causes[0].title,
        "build error: /src/typed/Setup.scala:10: object Logger is not a member of package a.b",
        "{:?}",
        r.causes.iter().map(|c| &c.title).collect::<Vec<_>>()
    );
}

#[test]
fn ci_a_step_that_fails_of_the_same_error_again_is_the_same_cause_shown_where_it_began() {
    // Travis runs the test command after the build command failed, and it fails the same
    // way: one cause, at the first failure, not the last step's copy of it.
    let set = PatternSet::empty();
    let lines = [
        (-1, None, "travis_time:start:1$ make xref"),
        (
            -1,
            None,
            "src/vhost.erl:91: field description undefined in record vhost",
        ),
        (-1, None, "make: *** [app] Error 2"),
        (-1, None, "The command \"make xref\" exited with 2."),
        (-1, None, "travis_time:start:2$ make ct"),
        (-1, None, " GEN    test-dir"),
        (
            -1,
            None,
            "src/vhost.erl:91: field description undefined in record vhost",
        ),
        (-1, None, "make: *** [ct] Error 2"),
        (-1, None, "The command \"make ct\" exited with 2."),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    let top = &r.causes[0];
    assert_eq!(top.id, "ci.failed-step:1", "{:?}", ids(&r));
    assert_eq!(top.evidence[0].pos.line, 2);
    assert_eq!(top.count, 2);
    assert!(
        top.why.iter().any(|w| w.contains("same error (line 7)")),
        "{:?}",
        top.why
    );
    let steps = r.causes.iter().filter(|c| c.kind == "ci-step").count();
    assert_eq!(steps, 1, "{:?}", ids(&r));
}

#[test]
fn ci_two_steps_ending_in_the_same_summary_line_are_two_causes() {
    // Two linters' steps end with the same summary line over different errors: the second
    // failure is its own, not a repeat of the first.
    let set = PatternSet::empty();
    let lines = [
        (
            -1,
            None,
            "travis_time:start:01$ (cd frontend && npx eslint src)",
        ),
        (
            -1,
            None,
            "  12:5  error  'total' is assigned a value but never used  no-unused-vars",
        ),
        (-1, None, "\u{2716} 1 problem (1 error, 0 warnings)"),
        (
            -1,
            None,
            "The command \"(cd frontend && npx eslint src)\" exited with 1.",
        ),
        (
            -1,
            None,
            "travis_time:start:02$ (cd backend && npx eslint src)",
        ),
        (
            -1,
            None,
            "  40:11  error  'client' is not defined  no-undef",
        ),
        (-1, None, "\u{2716} 1 problem (1 error, 0 warnings)"),
        (
            -1,
            None,
            "The command \"(cd backend && npx eslint src)\" exited with 1.",
        ),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    let steps: Vec<&str> = r
        .causes
        .iter()
        .filter(|c| c.kind == "ci-step")
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(steps.len(), 2, "{:?}", ids(&r));
    let backend = r
        .causes
        .iter()
        .find(|c| c.id == "ci.failed-step:2")
        .unwrap();
    assert!(
        backend.evidence.iter().any(|e| e.pos.line == 6),
        "{:?}",
        backend.evidence
    );
}

#[test]
fn ci_without_a_runner_marker_uses_the_end_of_the_log() {
    let set = PatternSet::empty();
    let lines = [
        (-1, None, "running 3 tests"),
        (-1, None, "thread 'parse' panicked at src/lib.rs:9:5:"),
        (-1, None, "assertion failed: x == 2"),
        (-1, None, "test result: FAILED. 2 passed; 1 failed"),
    ];
    let r = ranked(&set, &summary(&set, &lines));
    assert!(r.ci);
    assert_eq!(r.causes[0].id, "ci.log-end");
    assert!(matches!(r.causes[0].evidence[0].pos.line, 2 | 3));
}

#[test]
fn a_java_trace_is_shown_by_its_deepest_cause() {
    let set = PatternSet::empty();
    let mut s = Summary::global(Window::default(), 100);
    s.add_event(
        0,
        &Event {
            line: 1,
            end_line: 4,
            timestamp: None,
            level: Some(Level::Error),
            origin: None,
            message: Cow::Borrowed(b"java.lang.IllegalStateException: write failed"),
            kind: EventKind::JavaTrace,
            root: Some(Cow::Borrowed(
                b"Caused by: java.io.IOException: No space left on device",
            )),
        },
    );
    let r = ranked(&set, &s);
    assert!(r.causes[0].title.contains("No space left"));
    assert!(r.causes[0].why.iter().any(|w| w.contains("root exception")));
}

#[test]
fn nothing_stands_out_when_there_is_only_noise() {
    let set = PatternSet::empty();
    let lines: Vec<(i64, Option<Level>, String)> = (0..300)
        .map(|i| (i, Some(Level::Warn), format!("slow request {i}")))
        .collect();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    assert_eq!(r.confidence, Confidence::Low);
    assert!(r.causes[0].score < 0.5);
}

#[test]
fn scores_are_in_range_and_ranking_is_deterministic() {
    let set = set();
    let lines = incident();
    let s = summary(&set, &as_refs(&lines));
    let a = ranked(&set, &s);
    let b = ranked(&set, &s);
    assert_eq!(a, b);
    for c in &a.causes {
        assert!((0.0..=1.0).contains(&c.score));
    }
    for w in a.causes.windows(2) {
        assert!(w[0].score >= w[1].score);
    }
}

/// A test suite runs on after a failed test, and its last tests' output is what the step's
/// window holds: a test that failed long before the step ended still leads the ones after it.
/// (tasty's purescript suite failed eight tests; the first, the one to read, ranked sixth.)
#[test]
fn ci_a_test_that_failed_early_in_the_step_leads() {
    let set = PatternSet::empty();
    let mut lines: Vec<String> = vec![
        String::from("travis_time:start:1$ stack test"),
        String::from("Tests"),
        String::from("  passing"),
        String::from("    'Coercible.purs' should compile:   FAIL (0.01s)"),
        String::from("      Module Safe.Coerce was not found."),
    ];
    lines.extend((0..200).map(|i| format!("    '{i}.purs' should compile:   OK (0.30s)")));
    // More error lines after it than the step's window holds.
    for name in (1..=13).map(|i| format!("Nominal{i}")) {
        lines.extend([
            format!("    'Coercible{name}.purs' should fail:   FAIL (0.01s)"),
            String::from(
                "      Expected these errors: [\"NoInstanceFound\"], but got: [\"UnknownName\"]",
            ),
        ]);
    }
    lines.extend([
        String::from("14 out of 214 tests failed (174.90s)"),
        String::from("The command \"stack test\" exited with 1."),
    ]);
    let lines: Vec<(i64, Option<Level>, String)> =
        lines.into_iter().map(|l| (-1, None, l)).collect();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    assert_eq!(
        r.causes[0].title,
        "test failed: 'Coercible.purs' should compile",
        "{:?}",
        ids(&r)
    );
    assert_eq!(r.causes[0].evidence[0].pos.line, 5);
}

/// `R CMD check`: its check that only warned is named by what it checked, after the test that
/// failed, though it came first; the failed `checking tests` check is the test's wrapper and
/// no cause of its own.
#[test]
fn ci_r_cmd_check_a_warning_comes_after_a_failing_test() {
    let set = PatternSet::empty();
    let lines: Vec<(i64, Option<Level>, String)> = [
        "travis_time:start:1$ R CMD check mini_0.1.0.tar.gz",
        "* checking Rd \\usage sections ... WARNING",
        "Undocumented arguments in documentation object 'testApp'",
        "  \u{2018}appDir\u{2019}",
        "* checking tests ...",
        "  Running \u{2018}testthat.R\u{2019}",
        " ERROR",
        "Running the tests in \u{2018}tests/testthat.R\u{2019} failed.",
        "Last 13 lines of output:",
        "  \u{2500}\u{2500} Error ('test-prices.R:10'): discount of a refund \u{2500}\u{2500}\u{2500}",
        "  Error in `discount(-5)`: price must not be negative",
        "  [ FAIL 1 | WARN 0 | SKIP 0 | PASS 1 ]",
        "  Error: Test failures",
        "  Execution halted",
        "* DONE",
        "Status: 1 ERROR, 1 WARNING",
        "The command \"R CMD check mini_0.1.0.tar.gz\" exited with 1.",
    ]
    .into_iter()
    .map(|l| (-1, None, l.to_string()))
    .collect();
    let r = ranked(&set, &summary(&set, &as_refs(&lines)));
    let titles: Vec<&str> = r.causes.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles[..2],
        [
            "test failed: discount of a refund",
            "R CMD check WARNING: checking Rd \\usage sections"
        ],
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.contains("checking tests")),
        "{titles:?}"
    );
    assert_eq!(r.tests.failed, 1);
    assert_eq!(r.tests.names, ["discount of a refund"]);
}
