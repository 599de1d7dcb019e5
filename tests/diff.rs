//! `culprit diff` and saved baselines, through the binary, on real pairs of passing and failing
//! test-suite runs (tests/fixtures/diff/README.md says how they were made).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn pairs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures/diff")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("fault.txt").exists())
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no pairs under {}", root.display());
    v
}

fn files(pair: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(pair)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    v.sort();
    v
}

fn diff(baselines: &[PathBuf], target: &Path, extra: &[&str]) -> (i32, Value) {
    let mut cmd = Command::cargo_bin("culprit").unwrap();
    cmd.args(["diff", "--format", "json", "--quiet"]);
    for b in baselines {
        cmd.arg("--baseline").arg(b);
    }
    cmd.args(extra).arg(target);
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, serde_json::from_slice(&out.stdout).unwrap())
}

fn read_log(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut s)
            .unwrap();
        s
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

/// The lines of the failing run that no passing run has, digits aside: what a plain
/// comparison of the runs calls new, the failure's own output among them.
fn plainly_new(baselines: &[PathBuf], target: &Path) -> usize {
    let digits = regex::Regex::new(r"[0-9]+").unwrap();
    let mask = |l: &str| digits.replace_all(l.trim_end(), "0").into_owned();
    let seen: std::collections::HashSet<String> = baselines
        .iter()
        .flat_map(|b| read_log(b).lines().map(mask).collect::<Vec<_>>())
        .collect();
    read_log(target)
        .lines()
        .filter(|l| !seen.contains(&mask(l)))
        .count()
}

fn fault_rank(report: &Value, fault: &regex::Regex) -> Option<u64> {
    report["causes"].as_array().unwrap().iter().find_map(|c| {
        let mut texts = vec![c["title"].as_str().unwrap()];
        texts.extend(
            c["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["text"].as_str().unwrap()),
        );
        texts
            .iter()
            .any(|t| fault.is_match(t))
            .then(|| c["rank"].as_u64().unwrap())
    })
}

/// Under 1% of the lines new; or, where the failing run is so short that 1% of it is less
/// than the failure's own output (a build that stopped before the tests, a runner that stopped
/// at its first failing binary), no more lines new than a plain comparison finds.
#[test]
fn the_injected_fault_is_in_the_top_3_and_under_1_percent_of_lines_are_new() {
    for pair in pairs() {
        let fault = regex::Regex::new(
            std::fs::read_to_string(pair.join("fault.txt"))
                .unwrap()
                .trim(),
        )
        .unwrap();
        let bad = &files(&pair, "bad.log")[0];
        let (_, report) = diff(&files(&pair, "good"), bad, &[]);
        let rank = fault_rank(&report, &fault);
        assert!(
            rank.is_some_and(|r| r <= 3),
            "{}: the fault is at rank {rank:?}",
            pair.display()
        );
        let b = &report["baseline"];
        let new = b["new_lines"].as_u64().unwrap();
        let share = new as f64 / b["target_lines"].as_f64().unwrap();
        let plain = plainly_new(&files(&pair, "good"), bad);
        assert!(
            share < 0.01 || new <= plain as u64,
            "{}: {share:.4} of lines new ({new}; a plain comparison finds {plain})",
            pair.display()
        );
        assert_eq!(report["causes"][0]["novelty"]["status"], "new");
    }
}

#[test]
fn a_passing_run_against_its_peer_has_almost_nothing_new() {
    for pair in pairs() {
        let goods = files(&pair, "good");
        let (code, report) = diff(&goods[..1], &goods[1], &["--fail-on-new", "low"]);
        let b = &report["baseline"];
        assert!(
            b["new_lines"].as_u64().unwrap() * 1000 < b["target_lines"].as_u64().unwrap(),
            "{}: {}",
            pair.display(),
            b["new_lines"]
        );
        assert_eq!(code, 0, "{}: nothing new of any severity", pair.display());
    }
}

#[test]
fn fail_on_new_exits_1_when_something_new_appears() {
    let pair = &pairs()[0];
    let (code, _) = diff(
        &files(pair, "good"),
        &files(pair, "bad.log")[0],
        &["--fail-on-new", "low"],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_saved_baseline_gives_the_same_causes_as_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    for pair in pairs() {
        let goods = files(&pair, "good");
        let bad = &files(&pair, "bad.log")[0];
        let model = dir.path().join("base.culprit");
        Command::cargo_bin("culprit")
            .unwrap()
            .args(["baseline", "build", "--quiet", "-o"])
            .arg(&model)
            .args(&goods)
            .assert()
            .success();
        let (_, from_logs) = diff(&goods, bad, &[]);
        let (_, from_model) = diff(std::slice::from_ref(&model), bad, &[]);
        assert_eq!(
            from_logs["causes"],
            from_model["causes"],
            "{}",
            pair.display()
        );
        assert_eq!(from_logs["baseline"], from_model["baseline"]);

        // Built from one run, then updated with the other: the same again.
        Command::cargo_bin("culprit")
            .unwrap()
            .args(["baseline", "build", "--quiet", "-o"])
            .arg(&model)
            .arg(&goods[0])
            .assert()
            .success();
        Command::cargo_bin("culprit")
            .unwrap()
            .args(["baseline", "update", "--quiet", "-o"])
            .arg(&model)
            .arg(&model)
            .args(&goods[1..])
            .assert()
            .success();
        let (_, updated) = diff(std::slice::from_ref(&model), bad, &[]);
        assert_eq!(from_logs["causes"], updated["causes"], "{}", pair.display());
    }
}

#[test]
fn a_baseline_of_another_version_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("old.culprit");
    std::fs::write(&model, b"culprit.baseline/v0\n\x28\xb5\x2f\xfd").unwrap();
    let target = dir.path().join("t.log");
    std::fs::write(&target, b"hello\n").unwrap();
    let out = Command::cargo_bin("culprit")
        .unwrap()
        .args(["diff", "--baseline"])
        .arg(&model)
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "culprit: {}: baseline format 'culprit.baseline/v0'",
            model.display()
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_corrupt_baseline_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bad.culprit");
    std::fs::write(&model, b"culprit.baseline/v1\nnot a zstd stream").unwrap();
    let out = Command::cargo_bin("culprit")
        .unwrap()
        .args(["diff", "--baseline"])
        .arg(&model)
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("corrupt baseline"), "{err}");
}

/// A tar archive of `(path, bytes)` files.
fn tar_of<S: AsRef<str>>(files: &[(S, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, bytes) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, path.as_ref(), &bytes[..]).unwrap();
    }
    b.into_inner().unwrap()
}

/// Two archives of logs (a passing job's and a failing one's) are compared file by file, by
/// their paths in the archives, as two folders are.
#[test]
fn the_members_of_two_archives_are_compared_by_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let pair = &pairs()[0];
    let fault = regex::Regex::new(
        std::fs::read_to_string(pair.join("fault.txt"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let good = read_log(&files(pair, "good")[0]).into_bytes();
    let bad = read_log(&files(pair, "bad.log")[0]).into_bytes();
    let other = b"2026-11-26 12:00:00,000 INFO [main] app - started\n".to_vec();
    let passing = dir.path().join("passing.tar");
    std::fs::write(
        &passing,
        tar_of(&[("job/test.log", good), ("job/other.log", other.clone())]),
    )
    .unwrap();
    let failing = dir.path().join("failing.tar");
    std::fs::write(
        &failing,
        tar_of(&[("job/test.log", bad), ("job/other.log", other)]),
    )
    .unwrap();
    let (_, report) = diff(std::slice::from_ref(&passing), &failing, &[]);
    let rank = fault_rank(&report, &fault);
    assert!(
        rank.is_some_and(|r| r <= 3),
        "the fault is at rank {rank:?}"
    );
    assert_eq!(report["causes"][0]["novelty"]["status"], "new");
    assert!(report["causes"][0]["evidence"][0]["source"]
        .as_str()
        .unwrap()
        .ends_with("failing.tar/job/test.log"));

    // The saved baseline keeps the files apart by their paths in the archive.
    let saved = dir.path().join("base.culprit");
    let out = Command::cargo_bin("culprit")
        .unwrap()
        .args(["baseline", "build", "--quiet", "-o"])
        .arg(&saved)
        .arg(&passing)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&saved).unwrap();
    let body = &bytes[bytes.iter().position(|&b| b == b'\n').unwrap() + 1..];
    let model: Value = serde_json::from_slice(&zstd::decode_all(body).unwrap()).unwrap();
    let mut groups: Vec<&str> = model["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    groups.sort();
    assert_eq!(groups, vec!["job/other.log", "job/test.log"]);
}

/// The same file of two runs' archives pairs whatever each archive's top folder is called
/// (`run-1/`, `run-2/`): its rates are compared with that file's alone in the baseline.
#[test]
fn archives_of_two_runs_pair_their_files_across_run_folders() {
    let dir = tempfile::tempdir().unwrap();
    let lines = |text: &str| -> Vec<u8> {
        (0..100)
            .map(|i| format!("2026-11-26 12:00:{:02},000 {text} {i}\n", i % 60))
            .collect::<String>()
            .into_bytes()
    };
    let errors = lines("ERROR [main] db - query timed out after ms");
    let infos = lines("INFO [main] web - request served in ms");
    let run = |name: &str| {
        let path = dir.path().join(format!("{name}.tar"));
        std::fs::write(
            &path,
            tar_of(&[
                (&format!("{name}/db.log"), errors.clone()),
                (&format!("{name}/web.log"), infos.clone()),
            ]),
        )
        .unwrap();
        path
    };
    let (_, report) = diff(&[run("run-1")], &run("run-2"), &[]);
    let cause = report["causes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains("query timed out"))
        .expect("the timeouts are a cause");
    // 100 lines in 100 of db.log's: 1,000 a thousand lines. Against both files of the run
    // (200 lines) it would be 500.
    assert_eq!(cause["novelty"]["baseline_rate"], 1000.0, "{cause}");
}
