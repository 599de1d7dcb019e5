//! Each runner's form from output it really printed (the fixtures of `tests/runners.rs`, made
//! by running the tools; see `tests/fixtures/runners/README.md`), and the same findings for
//! every way of cutting the input.

use super::*;

fn findings(text: &str) -> Findings {
    let mut t = RunnerTrail::global();
    let mut chunk = RunnerTrail::default();
    for (i, l) in text.lines().enumerate() {
        chunk.add(0, i as u64 + 1, &Record::plain(l.as_bytes()));
    }
    t.absorb(chunk);
    t.findings()
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/runners/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

fn names(f: &Findings) -> Vec<&str> {
    f.tests.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn cargo_test_names_each_failure_with_its_assertion_and_place() {
    let f = findings(&fixture("cargo-test.log"));
    assert_eq!(names(&f), ["tests::parse_empty", "tests::add_negative"]);
    let pe = &f.tests[0];
    assert_eq!(pe.tool, Tool::Cargo);
    assert_eq!(
        pe.message_text().as_deref(),
        Some("assertion `left == right` failed")
    );
    assert_eq!(pe.message.as_ref().unwrap().pos.line, 14);
    assert_eq!(pe.left.as_ref().unwrap().0, "[]");
    assert_eq!(pe.right.as_ref().unwrap().0, "[0]");
    assert_eq!(
        (pe.file.as_deref(), pe.file_line),
        (Some("src/lib.rs"), Some(22))
    );
    assert_eq!(pe.block, Some((11, 16)));
    // The message of a panic is on the line after `panicked at …:`.
    assert_eq!(
        f.tests[1].message_text().as_deref(),
        Some("add(-2, 1) should be -1, got 0")
    );
}

#[test]
fn nextest_reads_the_captured_stderr_of_each_test() {
    let f = findings(&fixture("nextest.log"));
    assert_eq!(names(&f), ["tests::parse_empty", "tests::add_negative"]);
    assert!(f.tests.iter().all(|t| t.tool == Tool::Nextest));
    assert_eq!(
        f.tests[1].message_text().as_deref(),
        Some("add(-2, 1) should be -1, got 0")
    );
    assert_eq!(f.tests_failed, 2);
}

#[test]
fn pytest_joins_the_report_and_the_short_summary() {
    let f = findings(&fixture("pytest.log"));
    assert_eq!(
        names(&f),
        [
            "tests/test_calc.py::test_slug_uses_dashes",
            "tests/test_calc.py::test_mean_of_nothing",
            "tests/test_calc.py::TestSlug::test_keeps_digits"
        ]
    );
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("AssertionError: assert 'hello_world' == 'hello-world'")
    );
    assert_eq!(f.tests[0].file_line, Some(9));
    // The test's own line, not the helper's where the exception was raised.
    assert_eq!(
        (f.tests[1].file.as_deref(), f.tests[1].file_line),
        (Some("tests/test_calc.py"), Some(13))
    );
    assert_eq!(
        f.tests[1].message_text().as_deref(),
        Some("ZeroDivisionError: division by zero")
    );
}

#[test]
fn unittest_header_ruler_does_not_end_its_report() {
    let f = findings(&fixture("unittest.log"));
    assert_eq!(names(&f), ["test_words.TitleTest.test_two_words"]);
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("AssertionError: 'Hello world' != 'Hello World'")
    );
    assert_eq!(f.tests[0].file_line, Some(13));
}

#[test]
fn go_test_plain_and_json_agree() {
    for name in ["go-test.log", "go-test-json.log"] {
        let f = findings(&fixture(name));
        let mut n = names(&f);
        n.sort();
        assert_eq!(n, ["TestLen", "TestPopEmpty"], "{name}");
        let len = f.tests.iter().find(|t| t.name == "TestLen").unwrap();
        assert_eq!(
            len.message_text().as_deref(),
            Some("stack_test.go:17: Len() = 2, want 1"),
            "{name}"
        );
        assert_eq!(len.suite.as_deref(), Some("example.com/mini/stack"));
        let pop = f.tests.iter().find(|t| t.name == "TestPopEmpty").unwrap();
        assert!(pop
            .message_text()
            .unwrap()
            .starts_with("panic: runtime error: index out of range [-1]"));
    }
}

#[test]
fn go_test_v_gives_a_subtest_its_message_printed_before_its_verdict() {
    // `go test -v` streams a subtest's log under its `=== RUN` line and says `--- FAIL:` only
    // after every subtest ran; the message ends in a colon and goes on on the next line.
    let f = findings(&fixture("go-test-v-subtests.log"));
    assert_eq!(names(&f), ["TestFiles", "TestFiles/b"]);
    let b = &f.tests[1];
    assert_eq!(
        b.message_text().as_deref(),
        Some(
            "table_test.go:14: Did not expect an error but got: \
             open testdata/b.golden: no such file or directory"
        )
    );
    assert_eq!(
        (b.file.as_deref(), b.file_line),
        (Some("table_test.go"), Some(14))
    );
    assert_eq!(b.block, Some((3, 5)));
    assert_eq!(b.listing.as_ref().map(|l| l.pos.line), Some(9));
    assert_eq!(f.tests[0].message, None, "the parent logged nothing");
}

#[test]
fn jest_reads_expected_and_received() {
    let f = findings(&fixture("jest.log"));
    assert_eq!(
        names(&f),
        [
            "total › counts quantity",
            "discount › takes ten percent off"
        ]
    );
    let t = &f.tests[0];
    assert_eq!(t.suite.as_deref(), Some("./cart.test.js"));
    assert_eq!(
        t.message_text().as_deref(),
        Some("expect(received).toBe(expected) // Object.is equality")
    );
    assert_eq!(t.expected.as_ref().unwrap().0, "6");
    assert_eq!(t.actual.as_ref().unwrap().0, "2");
    assert_eq!(
        (t.file.as_deref(), t.file_line),
        (Some("cart.test.js"), Some(9))
    );
}

#[test]
fn compiler_errors_with_their_place() {
    let f = findings(&fixture("rustc-error.log"));
    assert_eq!(
        f.builds.len(),
        1,
        "cargo's `could not compile` is no error of its own"
    );
    let e = &f.builds[0];
    assert_eq!(e.message, "mismatched types [E0308]");
    assert_eq!(
        (e.file.as_deref(), e.file_line),
        (Some("src/lib.rs"), Some(2))
    );
    let cases = [
        ("gcc-error.log", "main.c", 5, "expected ‘;’ before ‘return’"),
        (
            "tsc-error.log",
            "price.ts",
            10,
            "Type 'string' is not assignable to type 'number'. [TS2322]",
        ),
        (
            "go-build-error.log",
            "./main.go",
            6,
            "cannot use \"three\" (untyped string constant) as int value in variable declaration",
        ),
    ];
    for (name, file, line, msg) in cases {
        let f = findings(&fixture(name));
        assert_eq!(f.builds.len(), 1, "{name}");
        let e = &f.builds[0];
        assert_eq!(
            (e.file.as_deref(), e.file_line, e.message.as_str()),
            (Some(file), Some(line), msg),
            "{name}"
        );
        assert!(f.tests.is_empty());
    }
}

#[test]
fn a_dependency_failure_is_not_a_compiler_error() {
    let f = findings(&fixture("cargo-dependency.log"));
    assert_eq!(f.builds.len(), 1);
    assert!(f.builds[0].dependency);
    assert!(f.builds[0]
        .message
        .starts_with("failed to select a version for the requirement"));
}

#[test]
fn documented_forms_of_other_runners() {
    // JUnit 4's assertEquals message, as Surefire prints it.
    let f = findings(
        "[ERROR] testAdd(com.example.AppTest)  Time elapsed: 0.01 s  <<< FAILURE!\n\
         java.lang.AssertionError: expected:<4> but was:<5>\n\
         \tat com.example.AppTest.testAdd(AppTest.java:14)\n",
    );
    assert_eq!(names(&f), ["com.example.AppTest.testAdd"]);
    let t = &f.tests[0];
    assert_eq!(t.expected.as_ref().unwrap().0, "4");
    assert_eq!(t.actual.as_ref().unwrap().0, "5");
    assert_eq!(t.file_line, Some(14));
    // PHPUnit's numbered list and its assertion wording.
    let f = findings(
        "There was 1 failure:\n\n1) CalcTest::testAdd\nFailed asserting that 2 matches expected 3.\n",
    );
    assert_eq!(names(&f), ["CalcTest::testAdd"]);
    assert_eq!(f.tests[0].expected.as_ref().unwrap().0, "3");
    // ctest's list of failed tests.
    let f = findings("The following tests FAILED:\n\t  2 - test_parse (Failed)\n");
    assert_eq!(names(&f), ["test_parse"]);
}

/// XCTest's failures as `xcodebuild test`, Linux's `swift test` and xcpretty print them (in
/// their own wording; no Swift toolchain runs here). An iOS job's failing test was not named:
/// Xcode's assertion line was taken for a compile error, and xcpretty's lines were not read,
/// so the job's first error line ranked first, whichever it was.
#[test]
fn xctest_as_xcodebuild_swift_test_and_xcpretty_print_it() {
    let xcode = "Test Suite 'CalcTests' started at 2026-11-26 12:00:00.000\n\
        Test Case '-[CalcTests.CalcTests testAdd]' started.\n\
        /Users/ci/Calc/Tests/CalcTests/CalcTests.swift:14: error: -[CalcTests.CalcTests testAdd] : XCTAssertEqual failed: (\"4\") is not equal to (\"5\")\n\
        Test Case '-[CalcTests.CalcTests testAdd]' failed (0.002 seconds).\n\
        Test Case '-[CalcTests.CalcTests testSub]' started.\n\
        Test Case '-[CalcTests.CalcTests testSub]' passed (0.001 seconds).\n\
        Executed 2 tests, with 1 failure (0 unexpected) in 0.003 (0.004) seconds\n";
    let f = findings(xcode);
    assert_eq!(names(&f), ["CalcTests.CalcTests.testAdd"]);
    let t = &f.tests[0];
    assert_eq!(t.tool, Tool::Xctest);
    assert_eq!(
        t.message_text().as_deref(),
        Some("XCTAssertEqual failed: (\"4\") is not equal to (\"5\")")
    );
    assert_eq!(t.file_line, Some(14));
    assert!(f.builds.is_empty(), "{:?}", f.builds);

    let linux = "Test Case 'CalcTests.testAdd' started at 2026-11-26 12:00:00.000\n\
        /src/Tests/CalcTests/CalcTests.swift:14: error: CalcTests.testAdd : XCTAssertTrue failed - \n\
        Test Case 'CalcTests.testAdd' failed (0.002 seconds)\n";
    let f = findings(linux);
    assert_eq!(names(&f), ["CalcTests.testAdd"]);
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("XCTAssertTrue failed -")
    );

    let xcpretty = "CalcTests\n    \u{2713} testSub (0.001 seconds)\n    \
        \u{2717} testAdd, XCTAssertEqual failed: (\"4\") is not equal to (\"5\")\n\
        \n\
        \n\
        CalcTests.CalcTests\n\
        \x20 testAdd, XCTAssertEqual failed: (\"4\") is not equal to (\"5\")\n\
        \x20 /Users/ci/Calc/Tests/CalcTests/CalcTests.swift:14\n\
        \x20 ```\n\
        \x20       XCTAssertEqual(add(2, 2), 5)\n\
        \x20 ```\n\
        \n\
        \t Executed 2 tests, with 1 failure (0 unexpected) in 0.003 (0.004) seconds\n";
    let f = findings(xcpretty);
    assert_eq!(names(&f), ["testAdd"]);
    let t = &f.tests[0];
    assert_eq!(
        t.message_text().as_deref(),
        Some("XCTAssertEqual failed: (\"4\") is not equal to (\"5\")")
    );
    // The summary's lines, which name the place, over the progress line.
    assert_eq!(t.message.as_ref().unwrap().pos.line, 7);
    assert_eq!(t.file_line, Some(14));
    assert_eq!(f.tests_failed, 1);

    // A Quick spec's failure reads the same; a plain line of that shape without a place
    // under it is no test, and Swift's own compile errors stay compile errors.
    let f = findings(
        "  should_add, expected to equal <5>, got <4>\n  /src/Tests/CalcSpec.swift:9\n\n\
         \x20 note, expected to finish soon\n\n\
         /src/Sources/Calc/Calc.swift:3:9: error: cannot find 'x' in scope\n",
    );
    assert_eq!(names(&f), ["should_add"]);
    assert_eq!(f.builds.len(), 1);
    assert_eq!(f.builds[0].message, "cannot find 'x' in scope");
}

/// ScalaTest's failures as sbt prints them (in its own wording; sbt's plugins come from Maven
/// Central, which these machines cannot reach). A Scala job's failing test was not named: its
/// `*** FAILED ***` line was not read, and an error line of the tests' own logging ranked first.
#[test]
fn scalatest_under_sbt() {
    let f = findings(
        "[info] LimitTest:\n\
         [info] - accepts requests under the limit\n\
         [info] - rejects requests over the limit *** FAILED ***\n\
         [info]   9.0 was not greater than or equal to 10 (LimitTest.scala:87)\n\
         [info] - counts rejected requests\n\
         [info] *** 1 TEST FAILED ***\n\
         [error] Failed tests:\n\
         [error] \tcom.example.LimitTest\n",
    );
    assert_eq!(names(&f), ["rejects requests over the limit"]);
    let t = &f.tests[0];
    assert_eq!(t.tool, Tool::Scalatest);
    assert_eq!(
        t.message_text().as_deref(),
        Some("9.0 was not greater than or equal to 10 (LimitTest.scala:87)")
    );
    assert_eq!(
        (t.file.as_deref(), t.file_line),
        (Some("LimitTest.scala"), Some(87))
    );
    assert_eq!(t.message.as_ref().unwrap().pos.line, 4);
    // Its report is its two lines: the next tests' output is not in it.
    let f = findings(
        "[info] - rejects requests over the limit *** FAILED ***
         [info]   9.0 was not greater than or equal to 10 (LimitTest.scala:87)
         [info] - logs a failed call
         java.lang.Exception: fail
         	at com.example.CallTest.apply(CallTest.scala:74)
",
    );
    assert_eq!(f.tests[0].block, Some((1, 2)));
}

/// The Scala compiler's errors, alone (a real run, `scalac-error.log`), under sbt and under
/// Maven's scala plugin (in their own wording; their plugins come from Maven Central, which
/// these machines cannot reach). A Scala job whose build failed had its compile errors read as
/// plain error lines, and the last of them ranked first; a message of several lines was cut
/// at its first.
#[test]
fn scalac_errors_alone_under_sbt_and_under_maven() {
    let f = findings(&fixture("scalac-error.log"));
    let got: Vec<(&str, u64, &str, u64)> = f
        .builds
        .iter()
        .map(|e| {
            (
                e.file.as_deref().unwrap(),
                e.file_line.unwrap(),
                e.message.as_str(),
                e.line.pos.end_line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Price.scala",
                4,
                "type mismatch; found : Int required: String",
                5
            ),
            ("Price.scala", 7, "value lenght is not a member of Int", 8),
        ],
        "the message's lines joined, the source line and caret in its report"
    );
    assert!(f.builds.iter().all(|e| e.tool == Tool::Scalac));

    // sbt 1.x: its level column before every line, the column after the line number; a
    // warning is no error, nor are sbt's closing lines.
    let sbt = "[info] Compiling 31 Scala sources to /src/typed/target/classes ...
[warn] /src/typed/src/main/scala/a/Setup.scala:3:8: Unused import
[warn] import a.b.Unused
[warn]        ^
[error] /src/typed/src/main/scala/a/Setup.scala:10:8: object Logger is not a member of package akka.actor.typed
[error] import akka.actor.typed.Logger
[error]        ^
[error] /src/typed/src/main/scala/a/Impl.scala:120:17: overloaded method value error with alternatives:
[error]   (x$1: org.slf4j.Marker,x$2: String)Unit <and>
[error]   (x$1: String,x$2: Any)Unit
[error]  cannot be applied to (Throwable, String)
[error]         ctx.log.error(failure, \"Save snapshot failed [{}].\")
[error]                 ^
[error] two errors found
[error] (typed / Compile / compileIncremental) Compilation failed
[error] Total time: 101 s, completed Jul 29, 2019 9:41:55 PM
";
    let f = findings(sbt);
    let got: Vec<(&str, u64, &str, u64, u64)> = f
        .builds
        .iter()
        .map(|e| {
            (
                e.file.as_deref().unwrap(),
                e.file_line.unwrap(),
                e.message.as_str(),
                e.line.pos.line,
                e.line.pos.end_line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "/src/typed/src/main/scala/a/Setup.scala",
                10,
                "object Logger is not a member of package akka.actor.typed",
                5,
                7
            ),
            (
                "/src/typed/src/main/scala/a/Impl.scala",
                120,
                "overloaded method value error with alternatives: (x$1: org.slf4j.Marker,x$2: String)Unit <and> (x$1: String,x$2: Any)Unit cannot be applied to (Throwable, String)",
                8,
                13
            ),
        ]
    );
    assert_eq!(f.builds_failed, 2, "each error counted once");
    split_anywhere("sbt", sbt);

    // Older sbt prints no column; Maven's plugin says the level twice. Without a caret under
    // it, an error is its first line.
    let f = findings(
        "[error] /src/A.scala:12: not found: value x
[error]     x + 1
[error]     ^
[WARNING] /src/B.scala:3: warning: match may not be exhaustive.
[ERROR] /src/B.scala:9: error: ';' expected but ')' found.
[INFO] compile in 3.1 s
",
    );
    let got: Vec<(&str, u64, &str)> = f
        .builds
        .iter()
        .map(|e| {
            (
                e.file.as_deref().unwrap(),
                e.file_line.unwrap(),
                e.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("/src/A.scala", 12, "not found: value x"),
            ("/src/B.scala", 9, "';' expected but ')' found."),
        ]
    );
}

/// testthat's failures, under `R CMD check` (R 4.2.2, testthat 3.1.6: the check shows the
/// tests' last 13 lines, which cut the first failure's report) and alone. An R job's failing
/// test was not named; `R CMD check failed` and the tests' own expected errors ranked first.
#[test]
fn testthat_under_r_cmd_check_and_alone() {
    let f = findings(&fixture("r-cmd-check.log"));
    // The check that warned is named by its words; the failed `checking tests` only wraps
    // the failing test it shows.
    assert_eq!(
        names(&f),
        [
            "checking for missing documentation entries",
            "discount of a refund"
        ]
    );
    let doc = &f.tests[0];
    assert_eq!((doc.tool, doc.warning), (Tool::RCmdCheck, true));
    assert_eq!(
        doc.message_text().as_deref(),
        Some("Undocumented code objects: \u{2018}add_prices\u{2019} \u{2018}discount\u{2019}")
    );
    let refund = &f.tests[1];
    assert_eq!((refund.tool, refund.warning), (Tool::Testthat, false));
    assert_eq!(
        refund.message_text().as_deref(),
        Some("Error in `discount(-5)`: price must not be negative")
    );
    assert_eq!(
        (refund.file.as_deref(), refund.file_line),
        (Some("test-prices.R"), Some(10))
    );

    let f = findings(&fixture("testthat.log"));
    assert_eq!(
        names(&f),
        ["discount takes ten percent off", "discount of a refund"]
    );
    let ten = &f.tests[0];
    assert_eq!(
        ten.message_text().as_deref(),
        Some("discount(100) (`actual`) not equal to 90 (`expected`).")
    );
    assert_eq!(ten.expected.as_ref().map(|v| v.0.as_str()), Some("90"));
    assert_eq!(ten.actual.as_ref().map(|v| v.0.as_str()), Some("80"));
    assert_eq!(
        (ten.file.as_deref(), ten.file_line),
        (Some("test-prices.R"), Some(6))
    );
    assert_eq!(f.tests_failed, 2);
}

/// testthat 2 under `R CMD check`, in its own wording (the testthat here is 3.1.6): the report
/// cut at 80 columns in its place, the results, the list of failures with their places, and
/// testthat's own last error, which is no test's message. testthat 3.2 places a report by
/// line and column.
#[test]
fn testthat_2_and_3_2_reports() {
    let f = findings(
        "* checking tests ...\n\
         \x20 Running \u{2018}test-all.R\u{2019} [10s/15s]\n\
         \x20ERROR\n\
         Running the tests in \u{2018}tests/test-all.R\u{2019} failed.\n\
         Last 13 lines of output:\n\
         \x20 \n\
         \x20 \u{2500}\u{2500} 2. Failure: All man pages have an entry in staticdocs/index.r (@test-staticdo\n\
         \x20 length(missing) not equal to 0.\n\
         \x20 1/1 mismatches\n\
         \x20 \n\
         \x20 \u{2550}\u{2550} testthat results  \u{2550}\u{2550}\u{2550}\u{2550}\u{2550}\u{2550}\n\
         \x20 [ OK: 822 | SKIPPED: 0 | WARNINGS: 0 | FAILED: 2 ]\n\
         \x20 1. Error: app with both r/ and R/ prefers R/ (@test-app.R#41) \n\
         \x20 2. Failure: All man pages have an entry in staticdocs/index.r (@test-staticdocs.R#43) \n\
         \x20 \n\
         \x20 Error: testthat unit tests failed\n\
         \x20 Execution halted\n\
         * checking PDF version of manual ... OK\n\
         * DONE\n\
         \n\
         Status: 1 ERROR, 1 NOTE\n",
    );
    assert_eq!(
        names(&f),
        [
            "All man pages have an entry in staticdocs/index.r",
            "app with both r/ and R/ prefers R/"
        ]
    );
    let man = &f.tests[0];
    assert_eq!(man.tool, Tool::Testthat);
    assert_eq!(
        man.message_text().as_deref(),
        Some("length(missing) not equal to 0.")
    );
    // Its place from the list, where the report's was cut.
    assert_eq!(
        (man.file.as_deref(), man.file_line),
        (Some("test-staticdocs.R"), Some(43))
    );
    assert_eq!(man.block, Some((7, 8)));
    // Listed only: no message, and not testthat's last words.
    assert_eq!(f.tests[1].message_text(), None);

    let f = findings(
        "\u{2500}\u{2500} Failure (test-prices.R:6:3): discount takes ten percent off \u{2500}\u{2500}\u{2500}\u{2500}\n\
         discount(100) (`actual`) not equal to 90 (`expected`).\n\
         \n\
         [ FAIL 1 | WARN 0 | SKIP 0 | PASS 1 ]\n",
    );
    assert_eq!(names(&f), ["discount takes ten percent off"]);
    assert_eq!(
        (f.tests[0].file.as_deref(), f.tests[0].file_line),
        (Some("test-prices.R"), Some(6))
    );
    // Words of the kind in other output are no report.
    for line in [
        "1. Failure: see the log",
        "Error (code 12): connection refused",
        "  Failure (retrying): fetch https://example.com",
    ] {
        assert_eq!(lines::classify(line.as_bytes()), None, "{line}");
    }
}

/// `R CMD check`'s own failed checks, in R 4.2.2's words: the examples that stopped (the
/// error, not the check's wrapper, is the message), tests that are not testthat's, and a
/// check's verdict on a line of its own. Checks that pass leave nothing.
#[test]
fn r_cmd_check_failed_checks() {
    let f = findings(
        "* checking Rd contents ... OK\n\
         * checking examples ... ERROR\n\
         Running examples in \u{2018}mini-Ex.R\u{2019} failed\n\
         The error most likely occurred in:\n\
         \n\
         > ### Name: discount\n\
         > discount(-1)\n\
         Error in discount(-1) : price must not be negative\n\
         Execution halted\n\
         * checking for unstated dependencies in \u{2018}tests\u{2019} ... OK\n\
         * checking tests ...\n\
         \x20 Running \u{2018}run.R\u{2019}\n\
         \x20ERROR\n\
         Running the tests in \u{2018}tests/run.R\u{2019} failed.\n\
         Complete output:\n\
         \x20 > library(mini)\n\
         \x20 > stopifnot(add_prices(1, 1) == 3)\n\
         \x20 Error: add_prices(1, 1) == 3 is not TRUE\n\
         \x20 Execution halted\n\
         * DONE\n\
         \n\
         Status: 2 ERRORs, 1 NOTE\n",
    );
    assert_eq!(names(&f), ["checking examples", "checking tests"]);
    assert!(f
        .tests
        .iter()
        .all(|t| t.tool == Tool::RCmdCheck && !t.warning));
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("Error in discount(-1) : price must not be negative")
    );
    assert_eq!(f.tests[0].block, Some((2, 8)));
    assert_eq!(
        f.tests[1].message_text().as_deref(),
        Some("Error: add_prices(1, 1) == 3 is not TRUE")
    );
    // The checks end with `* DONE`: what is printed after them is no check's.
    let f = findings(
        "* checking examples ... ERROR\n\
         Running examples in \u{2018}mini-Ex.R\u{2019} failed\n\
         * DONE\n\
         \n\
         Status: 1 ERROR\n\
         Error in readRDS(file) : error reading from connection\n",
    );
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("Running examples in \u{2018}mini-Ex.R\u{2019} failed")
    );
    assert_eq!(f.tests[0].block, Some((1, 2)));

    // A failing test that only testthat 2's list names, in the form of 00check.log (the
    // verdict on the check's line): the check still gives way to it.
    let f = findings(
        "* checking tests ... ERROR\n\
         \x20 Running \u{2018}test-all.R\u{2019} [10s/15s]\n\
         Running the tests in \u{2018}tests/test-all.R\u{2019} failed.\n\
         Last 13 lines of output:\n\
         \x20 1. Error: app with both r/ and R/ prefers R/ (@test-app.R#41) \n\
         \x20 \n\
         \x20 Error: testthat unit tests failed\n\
         * checking PDF version of manual ... OK\n",
    );
    assert_eq!(names(&f), ["app with both r/ and R/ prefers R/"]);

    // Installation, in the same form; a check in progress that passes is none.
    let f = findings(
        "* checking tests ...\n\
         \x20 Running \u{2018}run.R\u{2019}\n\
         \x20OK\n\
         * checking whether package \u{2018}mini\u{2019} can be installed ... ERROR\n\
         Installation failed.\n\
         See \u{2018}/tmp/mini.Rcheck/00install.out\u{2019} for details.\n\
         * DONE\n",
    );
    assert_eq!(
        names(&f),
        ["checking whether package \u{2018}mini\u{2019} can be installed"]
    );
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("Installation failed.")
    );
}

/// tasty's failing tests (tasty 1.4.2.3 with tasty-hunit and tasty-quickcheck, GHC 9.0.2):
/// HUnit's place and values, an exception, a QuickCheck counterexample, a test's groups where
/// tasty names them to rerun it. A Haskell job's failing test was not named: the result column
/// weighed its line, but the evidence stopped there, before the output that says what failed.
#[test]
fn tasty_names_each_failure_with_its_output() {
    let f = findings(&fixture("tasty.log"));
    assert_eq!(
        names(&f),
        [
            "adds prices",
            "average of nothing",
            "slug/of nothing",
            "uses dashes",
            "keeps its length"
        ]
    );
    assert!(f.tests.iter().all(|t| t.tool == Tool::Tasty));
    let adds = &f.tests[0];
    assert_eq!(adds.message_text().as_deref(), Some("expected: 5"));
    assert_eq!(adds.expected.as_ref().map(|v| v.0.as_str()), Some("5"));
    assert_eq!(adds.actual.as_ref().map(|v| v.0.as_str()), Some("3"));
    assert_eq!(
        (adds.file.as_deref(), adds.file_line),
        (Some("Main.hs"), Some(19))
    );
    assert_eq!(adds.rerun.as_deref(), Some("'/adds prices/'"));
    assert_eq!(adds.block, Some((3, 7)));
    assert_eq!(
        f.tests[1].message_text().as_deref(),
        Some("Exception: divide by zero")
    );
    assert_eq!(f.tests[2].rerun.as_deref(), Some("'/slug.of nothing/'"));
    assert_eq!(
        f.tests[4].message_text().as_deref(),
        Some("*** Failed! Falsified (after 35 tests and 5 shrinks): \" \"")
    );
    assert_eq!(f.tests_failed, 5);
}

/// An older tasty's golden test (pandoc's, in tasty's wording): no rerun line, a blank line
/// and a rule before the diff, which is the test's output while it is indented under it.
/// cabal's and prove's verdicts at the start of a line are no test of tasty's.
#[test]
fn tasty_golden_test_output() {
    let f = findings(
        "    custom writer\n\
         \x20     basic:                           OK (0.20s)\n\
         \x20     tables:                          FAIL (0.06s)\n\
         \x20       \n\
         \x20       ------------------------------------------------------------------------\n\
         \x20       --- tables.custom\n\
         \x20       +++ pandoc --quiet tables.native -f native -t ../data/sample.lua\n\
         \x20       +  29 </table>\n\
         \x20       -  29 </table\n\
         \x20       ------------------------------------------------------------------------\n\
         \x20   man\n\
         \x20     reader:                          OK (0.04s)\n\
         \n\
         1 out of 2041 tests failed (45.46s)\n\
         Test suite test-pandoc: FAIL\n\
         Result: FAIL\n",
    );
    assert_eq!(names(&f), ["tables"]);
    let t = &f.tests[0];
    assert_eq!(t.message_text().as_deref(), Some("--- tables.custom"));
    assert_eq!(t.message.as_ref().unwrap().pos.line, 6);
    assert_eq!(t.block, Some((3, 10)));
}

#[test]
fn passing_tests_are_not_named() {
    for name in [
        "cargo-test.log",
        "nextest.log",
        "pytest.log",
        "go-test.log",
        "go-test-json.log",
        "go-test-v-subtests.log",
        "jest.log",
        "unittest.log",
    ] {
        let f = findings(&fixture(name));
        for passing in [
            "parse_simple",
            "adds_small_numbers",
            "test_mean_of_two",
            "TestPushPop",
            "TestFiles/a",
            "TestFiles/c",
            "adds prices",
            "test_single_word",
        ] {
            assert!(
                f.tests.iter().all(|t| !t.name.contains(passing)),
                "{name}: {passing}"
            );
        }
    }
    for (name, passing) in [
        ("testthat.log", "adds prices"),
        ("r-cmd-check.log", "adds prices"),
        ("tasty.log", "has no spaces"),
    ] {
        let f = findings(&fixture(name));
        assert!(
            f.tests.iter().all(|t| t.name != passing),
            "{name}: {passing}"
        );
    }
}

#[test]
fn split_anywhere_gives_the_same_findings() {
    for name in [
        "cargo-test.log",
        "nextest.log",
        "pytest.log",
        "go-test.log",
        "go-test-json.log",
        "go-test-v-subtests.log",
        "jest.log",
        "unittest.log",
        "rustc-error.log",
        "scalac-error.log",
        "r-cmd-check.log",
        "testthat.log",
        "tasty.log",
    ] {
        split_anywhere(name, &fixture(name));
    }
}

/// Checks that `text` read in three parts cut anywhere gives the findings of it read whole.
fn split_anywhere(name: &str, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let whole = findings(text);
    for split in 1..lines.len() {
        for second in [split + 1, split + 3, lines.len()] {
            let mut run = RunnerTrail::global();
            let mut parts = [
                RunnerTrail::default(),
                RunnerTrail::default(),
                RunnerTrail::default(),
            ];
            for (i, l) in lines.iter().enumerate() {
                let p = if i < split {
                    0
                } else if i < second {
                    1
                } else {
                    2
                };
                parts[p].add(0, i as u64 + 1, &Record::plain(l.as_bytes()));
            }
            // Chunk values may also be combined before the run's trail takes them.
            let [a, mut b, c] = parts;
            b.absorb(c);
            run.absorb(a);
            run.absorb(b);
            assert_eq!(run.findings(), whole, "{name} split at {split}/{second}");
        }
    }
}

mod segments {
    use super::*;
    use proptest::prelude::*;

    fn fact(line: u64) -> Fact {
        Fact {
            pos: Pos {
                source: 0,
                line,
                end_line: line,
                timestamp: None,
            },
            text: 0..line as usize,
            form: None,
        }
    }

    proptest! {
        /// The segments hold the facts pushed, in order, whatever the runs of pushes and the
        /// trails appended between them (as `absorb` appends a later chunk's).
        #[test]
        fn segments_keep_the_facts_in_order(runs in proptest::collection::vec(0usize..3000, 0..6)) {
            let mut segmented: Vec<Vec<Fact>> = Vec::new();
            let mut reference: Vec<Fact> = Vec::new();
            let mut n = 0;
            for (k, run) in runs.iter().enumerate() {
                let mut later: Vec<Vec<Fact>> = Vec::new();
                for _ in 0..*run {
                    n += 1;
                    reference.push(fact(n));
                    if k % 2 == 0 {
                        push_fact(&mut segmented, fact(n));
                    } else {
                        push_fact(&mut later, fact(n));
                    }
                }
                segmented.extend(later);
            }
            prop_assert!(segmented.iter().all(|s| s.len() <= MAX_SEGMENT));
            let flat: Vec<Fact> = segmented.into_iter().flatten().collect();
            prop_assert_eq!(flat, reference);
        }
    }
}

mod arena {
    use super::*;
    use proptest::prelude::*;

    /// The lines of every runner fixture, end to end: inputs are drawn from them in runs, so
    /// that a header comes with the lines after it.
    fn pool() -> Vec<String> {
        let dir = format!("{}/tests/fixtures/runners", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "log"))
            .collect();
        names.sort();
        names
            .iter()
            .flat_map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                text.lines().map(str::to_string).collect::<Vec<_>>()
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Facts that wait in chunks' arenas (some chunks combined before the run's trail
        /// takes them, their texts moved to another arena) are put together as the same lines
        /// read by the run's trail itself, whose facts never wait.
        #[test]
        fn waiting_facts_read_as_direct_ones(
            runs in proptest::collection::vec((0usize..100_000, 1usize..60), 1..12),
            cuts in proptest::collection::vec((0usize..100_000, any::<bool>()), 0..6),
        ) {
            let pool = pool();
            let lines: Vec<&str> = runs
                .iter()
                .flat_map(|&(start, len)| {
                    let start = start % pool.len();
                    pool[start..(start + len).min(pool.len())].iter().map(String::as_str)
                })
                .collect();
            let mut direct = RunnerTrail::global();
            for (i, l) in lines.iter().enumerate() {
                direct.add(0, i as u64 + 1, &Record::plain(l.as_bytes()));
            }
            let mut at: Vec<(usize, bool)> =
                cuts.iter().map(|&(c, b)| (c % (lines.len() + 1), b)).collect();
            at.sort();
            at.push((lines.len(), false));
            let mut run = RunnerTrail::global();
            // A chunk that waits to take the next one before the run's trail takes it.
            let mut waiting: Option<RunnerTrail> = None;
            let mut from = 0;
            for (to, combine) in at {
                let mut chunk = RunnerTrail::default();
                for (i, l) in lines.iter().enumerate().take(to).skip(from) {
                    chunk.add(0, i as u64 + 1, &Record::plain(l.as_bytes()));
                }
                from = to;
                let chunk = match waiting.take() {
                    Some(mut w) => {
                        w.absorb(chunk);
                        w
                    }
                    None => chunk,
                };
                if combine {
                    waiting = Some(chunk);
                } else {
                    run.absorb(chunk);
                }
            }
            if let Some(w) = waiting {
                run.absorb(w);
            }
            prop_assert_eq!(run.findings(), direct.findings());
        }
    }
}

/// Pester's failing tests (in its own wording: these machines have no PowerShell). Pester 5's
/// normal output names a test by its blocks and itself, with the time it took, and says what
/// failed it on the lines under it, then where: the assertion's own code and the test file.
/// A PowerShell job's failing test was not named, and an exception line of the test's
/// output, or the job's last error line, ranked first.
#[test]
fn pester_5_names_the_failed_test_with_its_assertion_and_place() {
    let f = findings(
        "Starting discovery in 1 files.\n\
         Discovery found 3 tests in 41ms.\n\
         Running tests.\n\
         [-] Add.adds two numbers 15ms (10ms|5ms)\n \
         Expected 3, but got 4.\n \
         at $r | Should -Be 3, /home/runner/work/calc/tests/Add.Tests.ps1:12\n \
         at <ScriptBlock>, /home/runner/work/calc/tests/Add.Tests.ps1:10\n\
         [+] /home/runner/work/calc/tests/Add.Tests.ps1 180ms (41ms|120ms)\n\
         Tests completed in 181ms\n\
         Tests Passed: 2, Failed: 1, Skipped: 0 NotRun: 0\n",
    );
    assert_eq!(names(&f), ["Add.adds two numbers"]);
    let t = &f.tests[0];
    assert_eq!(t.tool, Tool::Pester);
    assert_eq!(t.message_text().as_deref(), Some("Expected 3, but got 4."));
    assert_eq!(
        (t.file.as_deref(), t.file_line),
        (Some("/home/runner/work/calc/tests/Add.Tests.ps1"), Some(12))
    );
    assert_eq!(t.block, Some((4, 7)));
}

/// Pester 4 (and 5's detailed output) indents a test under its Describe and Context, and
/// gives the place as `file: line N`; an exception the test threw is its message. Passed and
/// skipped tests are not named, and a passed test ends the failed one's report. (Far into a
/// log: a line with no form of its own is kept only when the line before asks for it.)
#[test]
fn pester_4_under_its_describe() {
    let passed: String = (0..20).map(|i| format!("    [+] adds {i} 4ms\n")).collect();
    let f = findings(&format!(
        "Describing Add\n  \
           Context integers\n\
         {passed}    \
             [-] adds two numbers 15ms\n      \
               Expected 3, but got 4.\n      \
               at <ScriptBlock>, C:\\src\\Add.Tests.ps1: line 12\n      \
               12:             $r | Should -Be 3\n    \
             [!] adds big numbers, is skipped 0ms\n    \
             [-] reads a file 8ms\n      \
               ItemNotFoundException: Cannot find path 'C:\\src\\in.txt' because it does not exist.\n      \
               at <ScriptBlock>, C:\\src\\Add.Tests.ps1: line 20\n    \
             [+] adds one 3ms\n      \
               at Write-Log, C:\\src\\Log.ps1: line 3\n\
         Tests completed in 1.2s\n\
         Tests Passed: 2, Failed: 2, Skipped: 1, Pending: 0, Inconclusive: 0\n",
    ));
    assert_eq!(names(&f), ["adds two numbers", "reads a file"]);
    let t = &f.tests[0];
    assert_eq!(t.message_text().as_deref(), Some("Expected 3, but got 4."));
    assert_eq!(
        (t.file.as_deref(), t.file_line),
        (Some("C:\\src\\Add.Tests.ps1"), Some(12))
    );
    let t = &f.tests[1];
    assert_eq!(
        t.message_text().as_deref(),
        Some(
            "ItemNotFoundException: Cannot find path 'C:\\src\\in.txt' because it does not exist."
        )
    );
    assert_eq!(t.file_line, Some(20));
    assert_eq!(t.block, Some((28, 30)));
}

/// The script Pester tests its own runtime with marks a failed test `[-] - name -> message`
/// and one that threw something else `ERROR: - name -> message`, the message on the test's
/// own line and the stack under it; the first frame is the assertion library's, the test's
/// place the script's.
#[test]
fn pester_self_test_script() {
    let f = findings(
        "| - Invoke-Pester parameters\n\
         [+] - runs one file\n\
         ERROR: - generating tests with external Id -> The property 'Blocks' cannot be found on this object.\n\
         at <ScriptBlock>, /src/Pester/rt/Pester.RSpec.ts.ps1:27\n\
         at t, /src/Pester/rt/p.psm1:103\n\
         [-] - runs all files from the local folder -> Expected and actual values differ!\n\
         Expected: '/tmp/dir/file1.Tests.ps1'\n\
         Actual  : 'file1.Tests.ps1'\n\
         at Verify-Equal, /src/Pester/Dependencies/Axiom/Verify-Equal.ps1:16\n\
         at <ScriptBlock>, /src/Pester/rt/Pester.RSpec.ts.ps1:184\n\
         at t, /src/Pester/rt/p.psm1:103\n\
         at <ScriptBlock>, <No file>:1\n\
         passed 1, failed 2, total 3\n",
    );
    assert_eq!(
        names(&f),
        [
            "generating tests with external Id",
            "runs all files from the local folder"
        ]
    );
    assert!(f.tests.iter().all(|t| t.tool == Tool::Pester));
    assert_eq!(
        f.tests[0].message_text().as_deref(),
        Some("The property 'Blocks' cannot be found on this object.")
    );
    let t = &f.tests[1];
    assert_eq!(
        t.message_text().as_deref(),
        Some("Expected and actual values differ!")
    );
    assert_eq!(t.expected.as_ref().unwrap().0, "'/tmp/dir/file1.Tests.ps1'");
    assert_eq!(t.actual.as_ref().unwrap().0, "'file1.Tests.ps1'");
    assert_eq!(
        (t.file.as_deref(), t.file_line),
        (Some("/src/Pester/rt/Pester.RSpec.ts.ps1"), Some(184))
    );
}
