//! Logs of real test runners and compilers (`tests/fixtures/runners`, each made by running
//! the tool on a tiny project with a known failure; the README there gives the commands):
//! culprit names every failing test with its assertion message, ranks a failing test or build
//! error first, names no passing test, and says so in one summary line.

use assert_cmd::Command;
use serde_json::Value;

fn analyze(fixture: &str, extra: &[&str]) -> Value {
    let path = format!(
        "{}/tests/fixtures/runners/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::cargo_bin("culprit")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["analyze", "--format", "json", &path])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("the report is JSON")
}

/// Every failing test's name and assertion message, with the tests that passed.
struct Case {
    fixture: &'static str,
    failing: &'static [(&'static str, &'static str)],
    passing: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        fixture: "cargo-test.log",
        failing: &[
            ("tests::parse_empty", "assertion `left == right` failed"),
            ("tests::add_negative", "add(-2, 1) should be -1, got 0"),
        ],
        passing: &["parse_simple"],
    },
    Case {
        fixture: "nextest.log",
        failing: &[
            ("tests::parse_empty", "assertion `left == right` failed"),
            ("tests::add_negative", "add(-2, 1) should be -1, got 0"),
        ],
        passing: &["parse_simple", "adds_small_numbers"],
    },
    Case {
        fixture: "pytest.log",
        failing: &[
            (
                "tests/test_calc.py::test_slug_uses_dashes",
                "AssertionError: assert 'hello_world' == 'hello-world'",
            ),
            (
                "tests/test_calc.py::test_mean_of_nothing",
                "ZeroDivisionError: division by zero",
            ),
            (
                "tests/test_calc.py::TestSlug::test_keeps_digits",
                "AssertionError: assert 'route_66' == 'route 66'",
            ),
        ],
        passing: &["test_mean_of_two"],
    },
    Case {
        fixture: "pytest-junit.xml",
        failing: &[
            (
                "tests.test_calc.test_slug_uses_dashes",
                "AssertionError: assert 'hello_world' == 'hello-world'",
            ),
            (
                "tests.test_calc.test_mean_of_nothing",
                "ZeroDivisionError: division by zero",
            ),
            (
                "tests.test_calc.TestSlug.test_keeps_digits",
                "AssertionError: assert 'route_66' == 'route 66'",
            ),
        ],
        passing: &["test_mean_of_two"],
    },
    Case {
        fixture: "unittest.log",
        failing: &[(
            "test_words.TitleTest.test_two_words",
            "AssertionError: 'Hello world' != 'Hello World'",
        )],
        passing: &["test_single_word"],
    },
    Case {
        fixture: "go-test.log",
        failing: &[
            ("TestLen", "Len() = 2, want 1"),
            (
                "TestPopEmpty",
                "panic: runtime error: index out of range [-1]",
            ),
        ],
        passing: &["TestPushPop"],
    },
    Case {
        fixture: "go-test-json.log",
        failing: &[
            ("TestLen", "Len() = 2, want 1"),
            (
                "TestPopEmpty",
                "panic: runtime error: index out of range [-1]",
            ),
        ],
        passing: &["TestPushPop"],
    },
    Case {
        fixture: "jest.log",
        failing: &[
            (
                "total › counts quantity",
                "expect(received).toBe(expected) // Object.is equality",
            ),
            (
                "discount › takes ten percent off",
                "expect(received).toEqual(expected) // deep equality",
            ),
        ],
        passing: &["adds prices"],
    },
    Case {
        fixture: "testthat.log",
        failing: &[
            (
                "discount takes ten percent off",
                "discount(100) (`actual`) not equal to 90 (`expected`).",
            ),
            ("discount of a refund", "price must not be negative"),
        ],
        passing: &["adds prices"],
    },
    Case {
        fixture: "r-cmd-check.log",
        failing: &[("discount of a refund", "price must not be negative")],
        passing: &["adds prices"],
    },
    Case {
        fixture: "tasty.log",
        failing: &[
            ("adds prices", "expected: 5"),
            ("average of nothing", "Exception: divide by zero"),
            ("slug/of nothing", "expected: \"-\""),
            ("uses dashes", "expected: \"a-b\""),
            ("keeps its length", "*** Failed! Falsified"),
        ],
        passing: &["has no spaces"],
    },
];

fn test_causes(report: &Value) -> Vec<&Value> {
    report["causes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "test-failure")
        .collect()
}

#[test]
fn every_failing_test_is_named_with_its_assertion() {
    for case in CASES {
        let report = analyze(case.fixture, &[]);
        let tests = test_causes(&report);
        for (name, message) in case.failing {
            let cause = tests
                .iter()
                .find(|c| c["fields"]["test"] == *name)
                .unwrap_or_else(|| panic!("{}: no cause for {name}", case.fixture));
            assert_eq!(cause["title"], format!("test failed: {name}"));
            let msg = cause["fields"]["message"].as_str().unwrap();
            assert!(
                msg.contains(message),
                "{}: {name}: message {msg:?}",
                case.fixture
            );
            // The first evidence line is the assertion, as it stands in the file.
            let first = &cause["evidence"][0];
            assert!(first["line"].as_u64().unwrap() >= 1);
            assert!(
                first["text"].as_str().unwrap().contains(message)
                    || case.fixture == "pytest-junit.xml",
                "{}: {name}: evidence {first}",
                case.fixture
            );
            assert!(!cause["remediation"][0].as_str().unwrap().is_empty());
        }
        assert_eq!(
            report["tests"]["failed"],
            case.failing.len(),
            "{}",
            case.fixture
        );
        let top = &report["causes"][0]["kind"];
        assert!(
            top == "test-failure" || top == "build-error",
            "{}: rank 1 is {top}",
            case.fixture
        );
        for p in case.passing {
            assert!(
                !report["tests"]["names"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n.as_str().unwrap().contains(p)),
                "{}: passing {p} named",
                case.fixture
            );
            assert!(
                !test_causes(&report)
                    .iter()
                    .any(|c| c["fields"]["test"].as_str().unwrap().contains(p)),
                "{}: passing {p} is a cause",
                case.fixture
            );
        }
    }
}

#[test]
fn the_summary_line_names_the_failed_tests() {
    let report = analyze("pytest.log", &[]);
    assert_eq!(
        report["tests"]["summary"],
        "3 tests failed: tests/test_calc.py::test_slug_uses_dashes, \
         tests/test_calc.py::test_mean_of_nothing, tests/test_calc.py::TestSlug::test_keeps_digits"
    );
    let path = format!(
        "{}/tests/fixtures/runners/cargo-test.log",
        env!("CARGO_MANIFEST_DIR")
    );
    for format in ["human", "markdown", "html"] {
        let out = Command::cargo_bin("culprit")
            .unwrap()
            .env("NO_COLOR", "1")
            .args(["--format", format, &path])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        // Markdown escapes the underscores.
        let line = "2 tests failed: tests::parse_empty, tests::add_negative";
        assert!(
            out.contains(line) || out.contains(&line.replace('_', "\\_")),
            "{format}: {out}"
        );
    }
}

#[test]
fn compile_and_dependency_errors_rank_first() {
    for (fixture, title) in [
        (
            "rustc-error.log",
            "build error: src/lib.rs:2: mismatched types [E0308]",
        ),
        (
            "gcc-error.log",
            "build error: main.c:5: expected ‘;’ before ‘return’",
        ),
        (
            "tsc-error.log",
            "build error: price.ts:10: Type 'string' is not assignable to type 'number'. [TS2322]",
        ),
        (
            "go-build-error.log",
            "build error: ./main.go:6: cannot use \"three\" (untyped string constant) as int value in variable declaration",
        ),
        (
            "scalac-error.log",
            "build error: Price.scala:4: type mismatch; found : Int required: String",
        ),
        (
            "cargo-dependency.log",
            "dependency error: failed to select a version for the requirement `serde = \"=0.0.99\"`",
        ),
    ] {
        let report = analyze(fixture, &[]);
        let top = &report["causes"][0];
        assert_eq!(top["kind"], "build-error", "{fixture}");
        assert_eq!(top["title"], title, "{fixture}");
        assert_eq!(report["tests"]["failed"], 0);
    }
}

#[test]
fn a_compilers_errors_in_one_file_are_one_cause_led_by_the_first() {
    // gcc rejected two lines of main.c and one of util.c. The user fixes a file from its first
    // error (later ones often follow from it): one cause a file, not one an error line, which
    // pushed every other cause out of the first five when a broken header gave twenty.
    let report = analyze("gcc-two-files.log", &[]);
    let builds: Vec<&Value> = report["causes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "build-error")
        .collect();
    assert_eq!(builds.len(), 2, "{}", report["causes"]);
    let main = builds[0];
    assert_eq!(
        main["title"],
        "build error: main.c:6: expected ‘;’ before ‘return’"
    );
    assert_eq!(main["count"], 2);
    let lines: Vec<u64> = main["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        [2, 9],
        "the second error of main.c is among its evidence"
    );
    let explanation = main["explanation"].as_str().unwrap();
    assert!(
        explanation.ends_with("‘return’. It reported 1 more error in the same file."),
        "{explanation}"
    );
    assert_eq!(
        builds[1]["title"],
        "build error: util.c:2: expected ‘;’ before ‘}’ token"
    );
    assert_eq!(builds[1]["count"], 1);
}

#[test]
fn the_same_findings_for_every_chunk_size_and_thread_count() {
    for case in CASES.iter().filter(|c| c.fixture.ends_with(".log")) {
        let whole = analyze(case.fixture, &["-j", "1"]);
        for chunk in ["64", "700"] {
            let split = analyze(case.fixture, &["-j", "2", "--chunk-size", chunk]);
            assert_eq!(
                split["causes"], whole["causes"],
                "{} chunk {chunk}",
                case.fixture
            );
            assert_eq!(split["tests"], whole["tests"]);
        }
    }
}
