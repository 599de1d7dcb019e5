//! Whole-program behaviour through the binary: what a user sees on stdout, stderr and in the
//! exit status.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn culprit() -> Command {
    let mut cmd = Command::cargo_bin("culprit").unwrap();
    cmd.env("NO_COLOR", "1").env("TZ", "UTC");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// `culprit parse --format jsonl PATH`: one JSON object per event, in order. The run must succeed.
fn parse_events(path: &Path) -> Vec<Value> {
    let out = culprit()
        .args(["parse", "--format", "jsonl"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn analyze_is_the_default_subcommand_and_counts_lines() {
    let v = json_of(
        culprit()
            .arg(fixture("app-incident.log"))
            .args(["--format", "json"]),
    );
    assert_eq!(v["schema"], "culprit.report/v1");
    assert_eq!(v["summary"]["lines"], 14);
    assert_eq!(v["inputs"][0]["lines"], 14);
    assert!(v["causes"].as_array().is_some());
    let explicit = json_of(
        culprit()
            .arg("analyze")
            .arg(fixture("app-incident.log"))
            .args(["--format", "json"]),
    );
    assert_eq!(v, explicit);
}

#[test]
fn human_report_shows_the_problems() {
    culprit()
        .arg(fixture("app-incident.log"))
        .assert()
        .success()
        .stdout(predicate::str::contains("14 lines"))
        .stdout(
            predicate::str::contains("Most frequent problems")
                .or(predicate::str::contains("No warnings")),
        );
}

#[test]
fn stdin_is_read_when_piped_and_with_a_dash() {
    let data = std::fs::read(fixture("app-incident.log")).unwrap();
    let piped = json_of(
        culprit()
            .args(["--format", "json"])
            .write_stdin(data.clone()),
    );
    assert_eq!(piped["inputs"][0]["source"], "<stdin>");
    assert_eq!(piped["summary"]["lines"], 14);
    let dash = json_of(culprit().args(["--format", "json", "-"]).write_stdin(data));
    assert_eq!(dash["summary"], piped["summary"]);
}

#[test]
fn a_missing_path_is_one_error_line_and_exit_2_but_other_inputs_are_read() {
    let out = culprit()
        .arg("/nonexistent/culprit/missing.log")
        .arg(fixture("app-incident.log"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("culprit: /nonexistent/culprit/missing.log: no such file or folder"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["lines"], 14);
}

#[test]
fn empty_file_and_dev_null_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.log");
    std::fs::write(&empty, b"").unwrap();
    for path in [empty.as_path(), Path::new("/dev/null")] {
        let v = json_of(culprit().arg(path).args(["--format", "json"]));
        assert_eq!(v["summary"]["lines"], 0, "{}", path.display());
        assert_eq!(v["summary"]["events"], 0);
        culprit().arg(path).assert().success();
    }
}

#[test]
fn binary_files_are_skipped_with_a_warning_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("core.bin");
    std::fs::write(&bin, b"\x7fELF\x02\x01\x01\x00\x00\x00binary\x00stuff\n").unwrap();
    let out = culprit()
        .arg(&bin)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("core.bin: skipped: binary file"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["inputs"][0]["skipped"]
        .as_str()
        .unwrap()
        .contains("NUL byte"));
    // --text reads it anyway.
    let v = json_of(culprit().arg(&bin).args(["--format", "json", "--text"]));
    assert_eq!(v["summary"]["lines"], 1);
}

/// A log as Windows PowerShell's `Out-File` and `>` write it: UTF-16LE with a byte-order mark
/// and CRLF line ends.
fn windows_utf16_log(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    for u in text.replace('\n', "\r\n").encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn utf16_logs_are_read_as_text_not_skipped_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("setup.log");
    let text = "2024-01-15 10:00:00 INFO Starte Dienst\n\
                2024-01-15 10:00:01 ERROR Zugriff verweigert: C:\\Programme\\Dienst\\config.xml\n\
                2024-01-15 10:00:02 INFO Beendet\n";
    std::fs::write(&path, windows_utf16_log(text)).unwrap();
    let out = culprit()
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing to warn about: the text is shorter than the file, which did not shrink.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let input = &v["inputs"][0];
    assert_eq!(input["skipped"], Value::Null, "{input}");
    assert_eq!(input["encoding"], "UTF-16LE");
    assert_eq!(input["lines"], 3);
    assert_eq!(v["summary"]["by_level"]["error"], 1);
    let evidence = v["causes"][0]["evidence"][0].clone();
    assert_eq!(evidence["line"], 2);
    assert!(
        evidence["text"]
            .as_str()
            .unwrap()
            .contains("Zugriff verweigert: C:\\Programme"),
        "{evidence}"
    );
    // The human report names the encoding and reads the context lines back decoded.
    culprit()
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("UTF-16LE"))
        .stdout(predicate::str::contains("INFO Starte Dienst"));
    // `--encoding none` reads the bytes as they are: binary, skipped with the usual warning.
    let out = culprit()
        .arg(&path)
        .args(["--format", "json", "--encoding", "none"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("setup.log: skipped: binary file"));
}

#[test]
fn a_named_encoding_is_read_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.log");
    std::fs::write(
        &path,
        b"2024-01-15 09:59:59 INFO \xd6ffne \xdcbersicht\n\
          2024-01-15 10:00:00 ERROR Datei nicht gefunden: \xdcbersicht.txt\n",
    )
    .unwrap();
    let message = |v: &Value| {
        v["causes"][0]["evidence"][0]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let v = json_of(
        culprit()
            .arg(&path)
            .args(["--format", "json", "-E", "latin1"]),
    );
    assert!(message(&v).ends_with("Übersicht.txt"), "{}", message(&v));
    assert_eq!(v["inputs"][0]["encoding"], "windows-1252");
    // The human report's context lines are read back in the same encoding.
    culprit()
        .arg(&path)
        .args(["-E", "latin1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("INFO Öffne Übersicht"));
    // A UTF-8 file with a byte-order mark: the mark is dropped, and the file did not shrink.
    let marked = dir.path().join("marked.log");
    std::fs::write(
        &marked,
        b"\xef\xbb\xbf2024-01-15 10:00:00 ERROR boom\n2024-01-15 10:00:01 INFO ok\n",
    )
    .unwrap();
    let out = culprit()
        .arg(&marked)
        .args(["--format", "json", "-E", "latin1"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["first_timestamp"], "2024-01-15T10:00:00Z");
    assert_eq!(v["inputs"][0]["encoding"], Value::Null);
    // Read as UTF-8, the Latin-1 byte is invalid and shows as U+FFFD.
    let v = json_of(culprit().arg(&path).args(["--format", "json"]));
    assert!(
        message(&v).ends_with("\u{fffd}bersicht.txt"),
        "{}",
        message(&v)
    );
    assert_eq!(v["inputs"][0]["encoding"], Value::Null);
    culprit()
        .arg(&path)
        .args(["--encoding", "klingon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --encoding 'klingon'"));
}

#[test]
fn docker_compose_output_is_read_per_service() {
    // `docker compose up` as a CI job prints it: services' lines interleaved behind their
    // `name  |` prefix (one of them coloured), Compose's own lines between.
    let events = parse_events(&fixture("compose-up.log"));
    let at = |line: u64| {
        events
            .iter()
            .find(|e| e["line"] == line)
            .unwrap_or_else(|| panic!("no event starts at line {line}: {events:?}"))
    };
    assert!(events.iter().all(|e| e["format"] == "compose"));
    assert_eq!(at(3)["origin"], "api-1");
    assert_eq!(at(3)["level"], "info");
    assert_eq!(at(3)["message"], "starting api on :8080");
    // The Go panic is one event of api-1's, not glued to another service's line before it.
    assert_eq!(at(10)["kind"], "go-panic");
    assert_eq!(at(10)["end_line"], 15);
    assert_eq!(at(10)["origin"], "api-1");
    assert_eq!(at(9)["end_line"], 9);
    assert_eq!(at(16)["level"], "error");
    assert_eq!(at(16)["message"], "api-1 exited with code 2");
    let v = json_of(
        culprit()
            .arg(fixture("compose-up.log"))
            .args(["--format", "json"]),
    );
    assert_eq!(v["inputs"][0]["format"], "compose");
    let ids: Vec<&str> = v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(ids.contains(&"go.nil-pointer"), "{ids:?}");
}

#[test]
fn kubectl_prefixed_output_is_read_per_container() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pods.log");
    std::fs::write(
        &path,
        "[pod/api-7d9f8c5b4-x2xkq/api] 2024-01-15T10:00:01.002Z INFO  starting api on :8080\n\
         [pod/api-7d9f8c5b4-7hjk2/api] panic: runtime error: index out of range [3] with length 3\n\
         [pod/api-7d9f8c5b4-7hjk2/api] \n\
         [pod/api-7d9f8c5b4-7hjk2/api] goroutine 1 [running]:\n\
         [pod/api-7d9f8c5b4-7hjk2/api] main.main()\n\
         [pod/api-7d9f8c5b4-7hjk2/api] \t/app/main.go:42 +0x1d\n\
         [pod/api-7d9f8c5b4-x2xkq/api] 2024-01-15T10:00:05.002Z WARN  retrying\n",
    )
    .unwrap();
    let events = parse_events(&path);
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0]["format"], "kubectl");
    assert_eq!(events[0]["origin"], "api-7d9f8c5b4-x2xkq/api");
    assert_eq!(events[0]["level"], "info");
    assert_eq!(events[1]["kind"], "go-panic");
    assert_eq!(
        (events[1]["line"].clone(), events[1]["end_line"].clone()),
        (2.into(), 6.into())
    );
    assert_eq!(events[2]["message"], "retrying");
}

#[test]
fn invalid_utf8_crlf_and_a_final_line_without_newline_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mixed.log");
    std::fs::write(
        &f,
        b"ERROR bad \xff\xfe bytes\r\nWARN second\r\nINFO last without newline",
    )
    .unwrap();
    let v = json_of(culprit().arg(&f).args(["--format", "json"]));
    assert_eq!(v["summary"]["lines"], 3);
    assert_eq!(v["summary"]["events"], 3);
    let lines = parse_events(&f);
    assert_eq!(lines.len(), 3);
    assert!(
        lines[2]["message"]
            .as_str()
            .unwrap()
            .ends_with("last without newline"),
        "{:?}",
        lines[2]
    );
    assert!(
        !lines[1]["message"].as_str().unwrap().ends_with('\r'),
        "{:?}",
        lines[1]
    );
}

#[test]
fn a_line_over_the_cap_is_read_up_to_it_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("long.log");
    let mut file = std::fs::File::create(&f).unwrap();
    file.write_all(b"before\n").unwrap();
    file.write_all(&vec![b'x'; 3_000_000]).unwrap();
    file.write_all(b"\nafter\n").unwrap();
    drop(file);
    let out = culprit()
        .arg(&f)
        .args(["--format", "json", "--max-line-bytes", "1000000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["lines"], 3);
    assert_eq!(v["inputs"][0]["truncated_lines"], 1);
    assert_eq!(v["inputs"][0]["truncated_bytes"], 2_000_000);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("long.log: 1 line(s) longer than the cap")
    );
}

#[test]
fn compressed_inputs_are_read_and_a_truncated_gzip_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(fixture("app-incident.log")).unwrap();
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&text).unwrap();
    let gz = e.finish().unwrap();
    let good = dir.path().join("app.log.gz");
    std::fs::write(&good, &gz).unwrap();
    let v = json_of(culprit().arg(&good).args(["--format", "json"]));
    assert_eq!(v["summary"]["lines"], 14);
    assert_eq!(v["inputs"][0]["compression"], "gzip");

    let cut = dir.path().join("cut.log.gz");
    std::fs::write(&cut, &gz[..gz.len() / 2]).unwrap();
    let out = culprit()
        .arg(&cut)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("culprit: ") && stderr.contains("cut.log.gz"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// A tar archive of `(path, bytes)` files, as `tar cf` writes it.
fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, bytes) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(1_795_000_000);
        b.append_data(&mut h, path, *bytes).unwrap();
    }
    b.into_inner().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A support bundle: the incident log, a rotated (gzip) log, a binary file.
fn bundle() -> Vec<u8> {
    let incident = std::fs::read(fixture("app-incident.log")).unwrap();
    tar_of(&[
        ("bundle/var/log/app.log", &incident),
        (
            "bundle/var/log/app.log.1.gz",
            &gzip(b"Jan 10 00:00:00 h app[1]: started\n"),
        ),
        ("bundle/core", b"\x7fELF\x02\x01\x01\0\0\0"),
    ])
}

#[test]
fn the_files_in_an_archive_are_read_as_inputs_named_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let plain = json_of(
        culprit()
            .arg(fixture("app-incident.log"))
            .args(["--format", "json"]),
    );
    let tgz = dir.path().join("bundle.tar.gz");
    std::fs::write(&tgz, gzip(&bundle())).unwrap();
    let out = culprit()
        .arg(&tgz)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = tgz.display().to_string();
    let inputs: Vec<(String, Value, Value)> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["source"].as_str().unwrap().to_string(),
                i["format"].clone(),
                i["compression"].clone(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        vec![
            (name.clone(), "tar".into(), "gzip".into()),
            (
                format!("{name}/bundle/var/log/app.log"),
                plain["inputs"][0]["format"].clone(),
                Value::Null
            ),
            (
                format!("{name}/bundle/var/log/app.log.1.gz"),
                "syslog".into(),
                "gzip".into()
            ),
            (format!("{name}/bundle/core"), Value::Null, Value::Null),
        ]
    );
    assert_eq!(
        v["summary"]["lines"],
        plain["summary"]["lines"].as_u64().unwrap() + 1
    );
    // The same cause as in the log on its own, pointing at the member.
    assert_eq!(v["causes"][0]["id"], plain["causes"][0]["id"]);
    assert_eq!(
        v["causes"][0]["evidence"][0]["source"],
        format!("{name}/bundle/var/log/app.log")
    );
    // The binary member is named where it was skipped.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bundle.tar.gz/bundle/core: skipped: binary file"),
        "{stderr}"
    );

    // Piped in, the archive is read the same way, named after stdin.
    let v = json_of(
        culprit()
            .args(["--format", "json"])
            .write_stdin(gzip(&bundle())),
    );
    assert_eq!(v["inputs"][1]["source"], "<stdin>/bundle/var/log/app.log");
    assert_eq!(v["causes"][0]["id"], plain["causes"][0]["id"]);

    // In a folder, an archive is read like the files beside it.
    let folder = dir.path().join("logs");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("b.tar"), bundle()).unwrap();
    // A Java package is a zip archive too, of class files: it is not opened.
    std::fs::write(folder.join("lib.jar"), bundle()).unwrap();
    let out = culprit()
        .arg(&folder)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["summary"]["lines"],
        plain["summary"]["lines"].as_u64().unwrap() + 1
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lib.jar: skipped: a .jar package (tar archive), not an archive of logs"),
        "{stderr}"
    );
}

#[test]
fn zip_archives_and_archives_in_archives_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let incident = std::fs::read(fixture("app-incident.log")).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("logs/app.log", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(&incident).unwrap();
    let zipped = w.finish().unwrap().into_inner();
    let zip = dir.path().join("job-logs.zip");
    std::fs::write(&zip, &zipped).unwrap();
    let v = json_of(culprit().arg(&zip).args(["--format", "json"]));
    assert_eq!(v["inputs"][0]["format"], "zip");
    let member = format!("{}/logs/app.log", zip.display());
    assert_eq!(v["inputs"][1]["source"], member.as_str());
    assert_eq!(v["summary"]["lines"], 14);

    // A zip inside a tar is read as a stream, by its members' headers.
    let outer = dir.path().join("outer.tar");
    std::fs::write(&outer, tar_of(&[("ci/job-logs.zip", &zipped)])).unwrap();
    let v = json_of(culprit().arg(&outer).args(["--format", "json"]));
    assert_eq!(
        v["inputs"][2]["source"],
        format!("{}/ci/job-logs.zip/logs/app.log", outer.display())
    );
    assert_eq!(v["summary"]["lines"], 14);
}

/// A zip written as a stream (`zip -r - .`, `jar`, a program writing to a pipe): its
/// members' lengths follow their data, so it cannot be read front to back.
fn streamed_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = zip::ZipWriter::new_stream(&mut out);
    for (path, bytes) in files {
        w.start_file(*path, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    out
}

#[test]
fn a_zip_written_as_a_stream_is_read_piped_in_and_inside_a_tar() {
    let incident = std::fs::read(fixture("app-incident.log")).unwrap();
    let zipped = streamed_zip(&[("logs/app.log", &incident)]);
    let v = json_of(
        culprit()
            .args(["--format", "json"])
            .write_stdin(zipped.clone()),
    );
    assert_eq!(v["inputs"][1]["source"], "<stdin>/logs/app.log");
    assert_eq!(v["summary"]["lines"], 14);
    let v = json_of(
        culprit()
            .args(["--format", "json"])
            .write_stdin(tar_of(&[("ci/logs.zip", &zipped)])),
    );
    assert_eq!(v["inputs"][2]["source"], "<stdin>/ci/logs.zip/logs/app.log");
    assert_eq!(v["summary"]["lines"], 14);
}

#[test]
fn archives_nest_four_deep_and_an_empty_one_is_said_to_be() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = tar_of(&[(
        "app.log",
        b"2026-11-26 12:00:00,000 ERROR [main] app - boom\n",
    )]);
    for depth in 1..=4 {
        bytes = tar_of(&[(&format!("level{depth}.tar"), &bytes)]);
    }
    let path = dir.path().join("deep.tar");
    std::fs::write(&path, &bytes).unwrap();
    let out = culprit()
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let inputs = v["inputs"].as_array().unwrap();
    // deep.tar and three archives in it are opened; the fourth inside it is not.
    assert_eq!(inputs.len(), 5, "{inputs:?}");
    assert_eq!(
        inputs[4]["skipped"], "tar archive inside 4 others, not opened",
        "{inputs:?}"
    );
    assert_eq!(v["summary"]["lines"], 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("level1.tar: skipped: tar archive inside 4 others"),
        "{stderr}"
    );

    let empty = dir.path().join("empty.zip");
    std::fs::write(&empty, streamed_zip(&[])).unwrap();
    let out = culprit().arg(&empty).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.zip: skipped: the archive holds no files"),
        "{stderr}"
    );
}

#[test]
fn two_files_of_one_name_in_an_archive_get_no_context_rather_than_the_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = String::new();
    let mut new = String::new();
    for i in 1..=10 {
        old.push_str(&format!(
            "2026-11-26 12:00:{i:02},000 INFO [main] app - tick {i}\n"
        ));
        new.push_str(&if i == 6 {
            format!("2026-11-26 12:00:{i:02},000 ERROR [main] app - write failed: No space left on device\n")
        } else {
            format!("2026-11-26 12:00:{i:02},000 INFO [main] app - tick {i}\n")
        });
    }
    // `tar rf` appends a newer copy under the same name.
    let path = dir.path().join("dup.tar");
    std::fs::write(
        &path,
        tar_of(&[("app.log", old.as_bytes()), ("app.log", new.as_bytes())]),
    )
    .unwrap();
    let out = culprit().arg(&path).args(["-C", "1"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("tick 6"), "{stdout}");
    assert!(
        stdout.contains("more than one file has this name, so no context is shown"),
        "{stdout}"
    );
}

#[test]
fn github_annotations_of_a_file_in_an_archive_name_no_repository_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logs.tar.gz");
    std::fs::write(&path, gzip(&bundle())).unwrap();
    let out = culprit()
        .arg(&path)
        .args(["--format", "github"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("::error ") || stdout.starts_with("::warning "),
        "{stdout}"
    );
    assert!(!stdout.contains("file="), "{stdout}");
    let out = culprit()
        .arg(fixture("app-incident.log"))
        .args(["--format", "github"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("file="));
}

#[test]
fn the_inputs_table_lists_twenty_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..25 {
        std::fs::copy(
            fixture("app-incident.log"),
            dir.path().join(format!("{i:02}.log")),
        )
        .unwrap();
    }
    let out = culprit().arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("19.log"), "{stdout}");
    assert!(!stdout.contains("20.log "), "{stdout}");
    assert!(stdout.contains("… 5 more inputs"), "{stdout}");
}

#[test]
fn a_truncated_archive_is_an_error_naming_it_after_the_files_read() {
    let dir = tempfile::tempdir().unwrap();
    let incident = std::fs::read(fixture("app-incident.log")).unwrap();
    let mut tar = tar_of(&[("a.log", &incident), ("b.log", &incident)]);
    // Cut inside the second file's header.
    let second = 512 + incident.len().div_ceil(512) * 512;
    tar.truncate(second + 100);
    let cut = dir.path().join("cut.tar");
    std::fs::write(&cut, &tar).unwrap();
    let out = culprit()
        .arg(&cut)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "culprit: {}: unexpected end of the archive (truncated file?), after 1 file(s)",
            cut.display()
        )
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["lines"], 14);
}

#[test]
fn context_lines_of_an_archive_member_are_read_back_from_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 1..=20 {
        text.push_str(&format!(
            "2026-11-26 12:00:{i:02},000 INFO [main] app - tick {i}\n"
        ));
    }
    text.push_str("2026-11-26 12:00:21,000 INFO [main] app - flushing orders to /data/orders.db\n");
    text.push_str(
        "2026-11-26 12:00:22,000 ERROR [main] app - write failed: No space left on device\n",
    );
    let tgz = dir.path().join("b.tgz");
    std::fs::write(
        &tgz,
        gzip(&tar_of(&[
            ("other.log", b"x\n"),
            ("srv/app.log", text.as_bytes()),
        ])),
    )
    .unwrap();
    let out = culprit().arg(&tgz).args(["-C", "1"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("app.log:21- 2026-11-26 12:00:21,000 INFO [main] app - flushing orders"),
        "{stdout}"
    );
    assert!(stdout.contains("app.log:22: "), "{stdout}");
    assert!(!stdout.contains("note:"), "{stdout}");
}

#[test]
fn folders_are_walked_and_an_unreadable_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("app-incident.log"), dir.path().join("a.log")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(fixture("app-incident.log"), dir.path().join("sub/b.log")).unwrap();
    let v = json_of(culprit().arg(dir.path()).args(["--format", "json"]));
    assert_eq!(v["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(v["summary"]["lines"], 28);

    // Permission checks do not apply to root, so make the file unreadable another way where
    // needed: a dangling symbolic link is unreadable for everyone.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("gone.log"),
            dir.path().join("sub/dangling.log"),
        )
        .unwrap();
        let out = culprit()
            .arg(dir.path())
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("dangling.log"), "{stderr}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["summary"]["lines"], 28);
    }
}

#[test]
fn same_json_for_one_and_two_threads_and_any_chunk_size() {
    let base = culprit()
        .arg(fixture("app-incident.log"))
        .args(["--format", "json", "-j1"])
        .output()
        .unwrap();
    for extra in [["-j2", "--chunk-size=7"], ["-j2", "--chunk-size=64"]] {
        let other = culprit()
            .arg(fixture("app-incident.log"))
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(base.stdout, other.stdout, "{extra:?}");
    }
}

#[test]
fn parse_jsonl_has_one_object_per_event_in_order() {
    let objs = parse_events(&fixture("app-incident.log"));
    let lines: Vec<u64> = objs.iter().map(|o| o["line"].as_u64().unwrap()).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    for o in &objs {
        for key in [
            "source",
            "line",
            "end_line",
            "format",
            "timestamp",
            "level",
            "origin",
            "message",
        ] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.log");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
    for i in 0..200_000 {
        writeln!(
            file,
            "2026-11-26 12:00:00,000 ERROR [t] x.Y - failure number {i} in module {}",
            i % 13
        )
        .unwrap();
    }
    drop(file);
    let bin = assert_cmd::cargo::cargo_bin("culprit");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' parse --format jsonl '{}' | head -n 2; echo \"status ${{PIPESTATUS:-done}}\"",
            bin.display(),
            f.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Found by a review: the line after a Node.js location is held until the next line shows
/// whether it is the crash's source line; a known failure in it took the location's time,
/// so `--since` after the location dropped it and `--until` before its own time kept it.
#[test]
fn a_failure_after_a_lone_location_is_placed_at_its_own_time() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("node.log");
    std::fs::write(
        &log,
        "Nov 26 12:00:08 web-1 node[812]: /app/x.js:9\n\
         Nov 26 12:05:00 web-1 node[812]: ERROR open /etc/app.conf: Permission denied\n\
         Nov 26 12:05:01 web-1 node[812]: listening\n",
    )
    .unwrap();
    let ids = |window: &[&str]| -> Vec<String> {
        let report = json_of(culprit().arg(&log).args(["--format", "json"]).args(window));
        report["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let since = ids(&["--since", "2026-11-26 12:01"]);
    assert!(
        since.iter().any(|id| id.contains("permission")),
        "{since:?}"
    );
    let until = ids(&["--until", "2026-11-26 12:01"]);
    assert!(
        !until.iter().any(|id| id.contains("permission")),
        "{until:?}"
    );
}

#[test]
fn since_and_until_restrict_the_window() {
    let all = json_of(
        culprit()
            .arg(fixture("app-incident.log"))
            .args(["--format", "json"]),
    );
    assert_eq!(all["summary"]["events"], 8, "the Java trace is one event");
    let future = json_of(culprit().arg(fixture("app-incident.log")).args([
        "--format",
        "json",
        "--since",
        "2099-01-01",
    ]));
    assert_eq!(future["summary"]["events"], 0);
    assert_eq!(future["summary"]["excluded_events"], 8);
    let early = json_of(culprit().arg(fixture("app-incident.log")).args([
        "--format",
        "json",
        "--since",
        "2026-11-26 12:00:01",
        "--until",
        "2026-11-26T12:02:00.600Z",
    ]));
    assert_eq!(
        early["summary"]["events"], 3,
        "lines 2, 3 and the trace at 4"
    );
    culprit()
        .arg(fixture("app-incident.log"))
        .args(["--since", "not a time"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "culprit: cannot read the time 'not a time'",
        ));
    // A window that holds no time at all was accepted, and the report said 0 events.
    culprit()
        .arg(fixture("app-incident.log"))
        .args(["--since", "2026-11-27", "--until", "2026-11-26"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--since")
                .and(predicate::str::contains("is later than --until")),
        );
}

#[test]
fn usage_errors_exit_2() {
    culprit().args(["--format", "yaml"]).assert().code(2);
    culprit()
        .args(["--input-format", "nonsense", "x.log"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --input-format"));
}

#[test]
fn completions_are_printed() {
    culprit()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("culprit"));
}

/// `culprit completions bash | head -1` panicked (exit 101) when the pipe was closed before
/// the script was written.
#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("culprit"))
        .args(["completions", "bash"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn journal_export_streams_are_read_whole_with_binary_fields() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("journal.export");
    let mut data = b"__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1700000003423456\nPRIORITY=3\n_SYSTEMD_UNIT=app.service\nMESSAGE=disk full on /var\n\n".to_vec();
    data.extend(b"__CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1700000004423456\nPRIORITY=6\nMESSAGE\n");
    data.extend(11u64.to_le_bytes());
    data.extend(b"two\nlines!!\n\n");
    std::fs::write(&f, &data).unwrap();
    let objs = parse_events(&f);
    assert_eq!(objs.len(), 2);
    assert_eq!(objs[0]["format"], "journal-export");
    assert_eq!(objs[0]["level"], "error");
    assert_eq!(objs[0]["origin"], "app.service");
    assert_eq!(objs[1]["message"], "two\nlines!!");
    assert_eq!(
        (objs[1]["line"].as_u64(), objs[1]["end_line"].as_u64()),
        (Some(7), Some(12))
    );
    let v = json_of(culprit().arg(&f).args(["--format", "json"]));
    assert_eq!(v["summary"]["lines"], 13);
    assert_eq!(v["summary"]["by_level"]["error"], 1);
}

#[test]
fn known_failures_are_found_in_journal_export_streams_as_in_journal_json() {
    // The same nginx entry as `journalctl -o export` and `journalctl -o json` write it: the
    // known failure is the top cause of both, its evidence the entry's first line.
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("nginx.export");
    std::fs::write(
        &export,
        "__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1705312800000000\nPRIORITY=6\n\
         _SYSTEMD_UNIT=nginx.service\nMESSAGE=Starting nginx\n\n\
         __CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1705312801000000\nPRIORITY=3\n\
         _SYSTEMD_UNIT=nginx.service\n\
         MESSAGE=bind() to 0.0.0.0:80 failed (98: Address already in use)\n\n",
    )
    .unwrap();
    let json = dir.path().join("nginx.json");
    std::fs::write(
        &json,
        "{\"__REALTIME_TIMESTAMP\":\"1705312800000000\",\"PRIORITY\":\"6\",\"_SYSTEMD_UNIT\":\"nginx.service\",\"MESSAGE\":\"Starting nginx\"}\n\
         {\"__REALTIME_TIMESTAMP\":\"1705312801000000\",\"PRIORITY\":\"3\",\"_SYSTEMD_UNIT\":\"nginx.service\",\"MESSAGE\":\"bind() to 0.0.0.0:80 failed (98: Address already in use)\"}\n",
    )
    .unwrap();
    let top = |path: &Path| {
        let v = json_of(culprit().arg(path).args(["--format", "json"]));
        let c = &v["causes"][0];
        (
            c["id"].clone(),
            c["evidence"][0]["line"].clone(),
            c["count"].clone(),
        )
    };
    assert_eq!(
        top(&export),
        ("nginx.bind-failed".into(), 7.into(), 1.into())
    );
    assert_eq!(top(&json), ("nginx.bind-failed".into(), 2.into(), 1.into()));
}

#[test]
fn pretty_printed_json_objects_are_one_entry_each() {
    // `journalctl -o json-pretty`: each entry over several lines, read as one event spanning
    // them, with its time, level and unit; the known failure points at the entry's first line.
    let entry = |cursor: u32, micros: &str, priority: u8, message: &str| {
        format!(
            "{{\n\t\"__CURSOR\" : \"s=1;i={cursor}\",\n\t\"__REALTIME_TIMESTAMP\" : \"{micros}\",\n\t\"PRIORITY\" : \"{priority}\",\n\t\"_SYSTEMD_UNIT\" : \"nginx.service\",\n\t\"MESSAGE\" : \"{message}\"\n}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nginx.json");
    std::fs::write(
        &path,
        entry(1, "1705312800000000", 6, "Starting nginx")
            + &entry(
                2,
                "1705312801000000",
                3,
                "bind() to 0.0.0.0:80 failed (98: Address already in use)",
            ),
    )
    .unwrap();
    let v = json_of(culprit().arg(&path).args(["--format", "json"]));
    assert_eq!(v["inputs"][0]["format"], "json-pretty");
    assert_eq!(v["inputs"][0]["lines"], 14);
    assert_eq!(v["summary"]["events"], 2);
    assert_eq!(v["summary"]["by_level"]["error"], 1);
    assert_eq!(v["summary"]["first_timestamp"], "2024-01-15T10:00:00Z");
    let cause = &v["causes"][0];
    assert_eq!(cause["id"], "nginx.bind-failed");
    assert_eq!(cause["evidence"][0]["line"], 8);
}

/// `culprit templates`: the table, its JSON form, and per-line output through a pipe.
#[test]
fn templates_fold_lines_and_per_line_covers_every_line_from_a_pipe() {
    let log = "connect to 10.0.0.1:5432 failed after 30 ms\n\
               connect to 10.0.0.2:5432 failed after 45 ms\n\
               user logged in\n\
               connect to 10.0.0.3:5432 failed after 12 ms\n";
    let json = culprit()
        .args(["templates", "--format", "json", "--input-format", "raw"])
        .write_stdin(log)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let templates = doc["templates"].as_array().unwrap();
    assert_eq!(templates.len(), 2, "{doc}");
    assert_eq!(templates[0]["count"], 3, "{doc}");
    assert_eq!(templates[0]["first_seen"]["line"], 1);
    assert_eq!(templates[0]["last_seen"]["line"], 4);
    let lines = culprit()
        .args([
            "templates",
            "--per-line",
            "--format",
            "jsonl",
            "--input-format",
            "raw",
        ])
        .write_stdin(log)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Vec<serde_json::Value> = String::from_utf8(lines)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4, "one object per input line");
    assert_eq!(rows[0]["source"], "<stdin>");
    assert_eq!(rows[0]["template_id"], rows[3]["template_id"]);
    assert_ne!(rows[0]["template_id"], rows[2]["template_id"]);
    assert_eq!(rows[2]["template"], "user logged in");
}

/// Over the cap, the least seen shapes are counted as `other`, and the user is told.
#[test]
fn templates_over_the_cap_are_counted_as_other_and_said_so() {
    let mut log = String::new();
    for i in 0..200 {
        log.push_str("a steady message\n");
        log.push_str(&format!("one-off shape {}\n", "x".repeat(i % 50 + 1)));
    }
    let out = culprit()
        .args([
            "templates",
            "--format",
            "json",
            "--input-format",
            "raw",
            "--max-templates",
            "8",
        ])
        .write_stdin(log)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let kept: u64 = doc["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    let other = doc["other"]["lines"].as_u64().unwrap();
    assert!(other > 0, "{doc}");
    assert_eq!(kept + other, 400, "no line lost: {doc}");
    assert!(doc["templates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["template"] == "a steady message" && t["count"] == 200));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("counted as 'other'"), "{stderr}");
}

#[test]
fn the_human_report_shows_lines_around_the_evidence_read_back_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let mut text = String::new();
    for i in 1..=40 {
        text.push_str(&format!(
            "2026-11-26 12:00:{i:02},000 INFO [main] app - tick {i}\n"
        ));
    }
    text.push_str("2026-11-26 12:00:41,000 INFO [main] app - flushing orders to /data/orders.db\n");
    text.push_str(
        "2026-11-26 12:00:42,000 ERROR [main] app - write failed: No space left on device\n",
    );
    text.push_str("2026-11-26 12:00:43,000 INFO [main] app - retry scheduled in 5s\n");
    std::fs::write(&log, &text).unwrap();

    let out = culprit().arg(&log).args(["-C", "1"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // grep -C style: the line before and after, marked with '-', the evidence with ':'.
    assert!(
        stdout.contains("app.log:41- 2026-11-26 12:00:41,000 INFO [main] app - flushing orders"),
        "{stdout}"
    );
    assert!(stdout.contains("app.log:42: "), "{stdout}");
    assert!(stdout.contains("app.log:43- "), "{stdout}");
    assert!(
        !stdout.contains("app.log:40-"),
        "one line of context only: {stdout}"
    );

    // A compressed file is decompressed again for its context.
    let gz = dir.path().join("app.log.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(text.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let out = culprit().arg(&gz).args(["-C", "1"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("app.log.gz:41- "), "{stdout}");

    // No context: only the evidence line.
    let out = culprit()
        .arg(&log)
        .args(["--context", "0"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("app.log:41-"), "{stdout}");

    // Standard input cannot be read twice: the report says why there is no context.
    let out = culprit().write_stdin(text).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains(":41-"), "{stdout}");
    assert!(
        stdout.contains("note: <stdin>: standard input is read once"),
        "{stdout}"
    );
}

/// Sends SIGINT to process `pid`, as Ctrl-C at a terminal does.
#[cfg(unix)]
fn press_ctrl_c(pid: u32) {
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
}

/// Runs culprit on a pipe, presses Ctrl-C (SIGINT) part way, then ends the pipe as a shell
/// would (the writer gets the same Ctrl-C). Returns the exit status and stdout.
#[cfg(unix)]
fn interrupted_run(command: &[&str], format: &str) -> (Option<i32>, String) {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("culprit");
    let mut child = Std::new(bin)
        .args(command)
        .args(["--format", format, "--color", "never"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "2026-11-26 12:00:00,{:03} ERROR [main] app - request {i} failed: upstream reset\n",
            i % 1000
        ));
    }
    stdin.write_all(text.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Give it time to start and install its handler.
    std::thread::sleep(std::time::Duration::from_millis(800));
    press_ctrl_c(child.id());
    // The input ends right after the Ctrl-C: the run must still see it (the flag is set in the
    // signal handler, not on a thread that may not have run yet).
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn ctrl_c_shows_what_was_read_in_the_human_report_and_nothing_partial_in_json() {
    let (code, stdout) = interrupted_run(&[], "human");
    assert_eq!(code, Some(130), "exit status 130 after Ctrl-C: {stdout}");
    assert!(
        stdout.contains("interrupted (Ctrl-C): this report covers only the first"),
        "{stdout}"
    );
    let (code, stdout) = interrupted_run(&[], "json");
    assert_eq!(code, Some(130));
    assert!(stdout.is_empty(), "no partial JSON document: {stdout}");
}

/// A run waiting on a pipe that never ends is stopped by a second Ctrl-C at once, with 130.
#[cfg(unix)]
#[test]
fn a_second_ctrl_c_ends_the_run_at_once() {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("culprit");
    let mut child = Std::new(bin)
        .args(["--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The input stays open: the first Ctrl-C cannot end the run, which waits for more.
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"2026-11-26 12:00:00,000 ERROR [main] app - failed\n")
        .unwrap();
    // Time for culprit to start and install its handler.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    press_ctrl_c(child.id());
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the first Ctrl-C lets the run end with what it read, once the input ends"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    press_ctrl_c(child.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running 10 s after the second Ctrl-C"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    drop(stdin);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_diff_also_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.log");
    std::fs::write(&good, "2026-11-26 11:00:00,000 INFO [main] app - ready\n").unwrap();
    let good = good.to_str().unwrap();
    for format in ["human", "json"] {
        let (code, stdout) = interrupted_run(&["diff", "-b", good, "-"], format);
        assert_eq!(
            code,
            Some(130),
            "a pipeline must see that the diff was cut short ({format}): {stdout}"
        );
    }
}

/// A Travis job whose install step printed an error and passed, then whose script, a command
/// of several lines, failed on a lint error.
const TRAVIS_JOB: &[u8] = b"travis_fold:start:install\r\x1b[0Ktravis_time:start:0a1\r\x1b[0K$ ./install-deps.sh\r
curl: (22) The requested URL returned error: 404 Not Found\r
using the cached copy of the package index\r
travis_time:end:0a1:start=1,finish=2,duration=1\r\x1b[0Ktravis_fold:end:install\r\x1b[0Ktravis_time:start:0b2\r\x1b[0K$ bash -c \"\r
  make lint\r
\"\r
\r
lint: checking 40 files\r
Error: 'user' is assigned a value but never used (no-unused-vars)\r
lint: 1 problem\r
travis_time:end:0b2:start=2,finish=3,duration=1\r\x1b[0K\x1b[31;1mThe command \"bash -c \"\r
  make lint\r
\"\r
\" exited with 1.\x1b[0m\r
\r
Done. Your build exited with 1.\r
";

#[test]
fn a_travis_job_is_read_step_by_step_and_a_command_of_several_lines_is_not_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("job.log");
    std::fs::write(&path, TRAVIS_JOB).unwrap();
    let report = json_of(culprit().args(["--format", "json"]).arg(&path));
    let causes = report["causes"].as_array().unwrap();
    let step = causes.iter().find(|c| c["kind"] == "ci-step").unwrap();
    let evidence = step["evidence"].as_array().unwrap();
    let lines: Vec<u64> = evidence
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    // The lint error, not the command's text (`make lint`, `"`) that Travis quotes before
    // `" exited with 1.`.
    assert_eq!(lines[0], 9, "{step}");
    assert_eq!(causes[0]["kind"], "ci-step", "{step}");
    assert!(
        step["title"].as_str().unwrap().starts_with("Error: 'user'"),
        "{step}"
    );
    // The install step's error is another step's: Travis' step marks, hidden behind carriage
    // returns, end it.
    assert!(!lines.contains(&2), "{step}");
    let curl = causes
        .iter()
        .find(|c| c["evidence"][0]["line"] == 2)
        .unwrap();
    assert!(
        curl["why"]
            .to_string()
            .contains("not in the output of a failed step"),
        "{curl}"
    );
    // The marker names the whole command's step: its first and last lines, each quoted as it
    // stands at its own place, so that both can be opened.
    let marker: Vec<(u64, &str)> = evidence[evidence.len() - 2..]
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["text"].as_str().unwrap()))
        .collect();
    assert!(
        marker[0].1.starts_with("The command \"bash -c \""),
        "{marker:?}"
    );
    assert_eq!(marker[1].1, "\" exited with 1.", "{marker:?}");
    assert!(marker[0].0 < marker[1].0, "{marker:?}");
    assert!(
        step["why"].to_string().contains("bash -c")
            && step["why"].to_string().contains("exited with 1."),
        "{step}"
    );
}

#[test]
fn a_wevtutil_export_is_read_event_by_event_and_its_disk_failure_ranks_first() {
    // `wevtutil qe System /f:text`: each event a block of `Key: value` lines with its
    // description below. The disk's bad block comes first; the NTFS damage and the SQL Server
    // crashes after it are what it caused, and the DCOM warnings are routine noise.
    let path = fixture("windows-system.txt");
    let v = json_of(culprit().arg(&path).args(["--format", "json"]));
    assert_eq!(v["inputs"][0]["format"], "windows-event-text");
    assert_eq!(v["summary"]["events"], 14);
    assert_eq!(v["summary"]["by_level"]["error"], 5);
    assert_eq!(v["summary"]["by_level"]["warn"], 4);
    assert_eq!(v["summary"]["first_timestamp"], "2026-11-26T07:58:02.311Z");
    let ids: Vec<&str> = v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids.first(), Some(&"windows.disk-error"), "{ids:?}");
    assert!(ids.contains(&"windows.service-crashed"), "{ids:?}");
    // The evidence is the description's line, the one to open.
    let evidence = &v["causes"][0]["evidence"][0];
    assert_eq!(evidence["line"], 110);
    assert_eq!(
        evidence["text"],
        "The device, \\Device\\Harddisk1\\DR1, has a bad block."
    );
    // The retried reads before it are named, below it.
    assert!(ids.contains(&"windows.disk-io-retried"), "{ids:?}");

    // The same export as Windows PowerShell's `>` writes it: UTF-16 with a byte-order mark.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("system-utf16.txt");
    std::fs::write(&wide, utf16).unwrap();
    let w = json_of(culprit().arg(&wide).args(["--format", "json"]));
    assert_eq!(w["inputs"][0]["format"], "windows-event-text");
    assert_eq!(w["causes"][0]["id"], "windows.disk-error");
    assert_eq!(w["summary"]["events"], 14);
}

#[test]
fn a_long_export_read_in_one_piece_loses_no_event() {
    // Sources read whole go to the merge in batches of entries: none is lost or doubled at
    // a batch's edge, for the analysis as for `parse`.
    let mut text = String::new();
    for n in 0..10_000 {
        let (level, what) = if n == 7_000 {
            (
                "Error",
                "The device, \\Device\\Harddisk1\\DR1, has a bad block.",
            )
        } else {
            (
                "Information",
                "The Print Spooler service entered the running state.",
            )
        };
        text.push_str(&format!(
            "Event[{n}]:\n  Log Name: System\n  Source: Service Control Manager\n  Date: 2026-11-26T08:00:00.000\n  Event ID: 7036\n  Level: {level}\n  Description:\n{what}\n\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("system.txt");
    std::fs::write(&path, &text).unwrap();
    let v = json_of(culprit().arg(&path).args(["--format", "json"]));
    assert_eq!(v["summary"]["events"], 10_000);
    assert_eq!(v["summary"]["by_level"]["error"], 1);
    assert_eq!(v["causes"][0]["id"], "windows.disk-error");
    assert_eq!(v["causes"][0]["evidence"][0]["line"], 7_000 * 9 + 8);
    let out = culprit()
        .args(["parse", "--format", "jsonl"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = out
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10_000);
    assert!(lines
        .windows(2)
        .all(|w| w[0]["line"].as_u64() < w[1]["line"].as_u64()));
}

#[test]
fn a_link_checkers_report_is_the_cause_of_its_failed_step() {
    // awesome_bot lists allowed links first (one of them malformed), then its issues: the
    // job failed on those, which a known failure names, not on the allowed link's error.
    let log =
        "travis_time:start:1a2b$ awesome_bot README.md --allow-ssl --white-list example.org\n\
Checking URLs: \u{2713}\u{2713}\u{2717}\n\
> White listed:\n\
  1. [L397]  http://example.org/doc#x] bad URI(is not URI?): http://example.org/doc#x]\n\
\n\
Issues :-(\n\
> Links\n\
  1. [L296] 301 https://github.com/old/name  \u{2192} https://github.com/new/name\n\
  2. [L494] 404 https://example.com/gone\n\
> Dupes\n\
  None \u{2713}\n\
The command \"awesome_bot README.md --allow-ssl --white-list example.org\" exited with 1.\n";
    let v = json_of(
        culprit()
            .args(["--format", "json", "--input-format", "raw"])
            .write_stdin(log),
    );
    assert_eq!(v["causes"][0]["id"], "test.broken-links", "{}", v["causes"]);
    assert_eq!(v["causes"][0]["evidence"][0]["line"], 6);
}

#[test]
fn of_two_failing_xctests_the_one_that_failed_first_ranks_first() {
    // xcpretty marks each failing test as it runs, then details them in a summary. The test
    // that failed first is detailed; the second is only marked. Both are equally sure causes,
    // and the first to fail comes first, not the one whose only line came earlier than the
    // other's summary.
    let log = "$ xcodebuild test -scheme Calc | xcpretty\n\
CalcTests\n    \
    \u{2717} testAdd, XCTAssertEqual failed: (\"4\") is not equal to (\"5\")\n    \
    \u{2717} testSub, XCTAssertTrue failed\n\
\n\
CalcTests.CalcTests\n  \
  testAdd, XCTAssertEqual failed: (\"4\") is not equal to (\"5\")\n  \
  /Users/ci/Calc/Tests/CalcTests/CalcTests.swift:14\n\
\n\
\t Executed 2 tests, with 2 failures (0 unexpected) in 0.003 (0.004) seconds\n\
** TEST FAILED **\n";
    let v = json_of(
        culprit()
            .args(["--format", "json", "--input-format", "raw"])
            .write_stdin(log),
    );
    let ids: Vec<&str> = v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids[..2],
        ["test:testAdd", "test:testSub"],
        "{}",
        v["causes"]
    );
    // Its evidence starts with the summary's line, which says where it failed.
    assert_eq!(v["causes"][0]["evidence"][0]["line"], 7);
    let explanation = v["causes"][0]["explanation"].as_str().unwrap();
    assert!(
        explanation.contains("is not equal to (\"5\"). Its output is on lines 7"),
        "the message's sentence ends before the next: {explanation}"
    );
}

#[test]
fn a_link_checkers_report_outranks_one_link_that_did_not_resolve() {
    // awesome_bot prints every link it checked, then its issues. One checked link's host did
    // not resolve, which a known failure names, but the checker failed the job on its list
    // of issues: that is the cause, as a failing test's report is. (Both were ranked equal,
    // and the earlier line came first.)
    let log = "travis_time:start:1a2b$ awesome_bot README.md --allow-ssl\n\
Links to check: 3\n  \
  1. [L0010] 200 https://github.com/example/ok\n  \
  2. [L0020] 301 https://github.com/old/name  \u{2192} https://github.com/new/name\n  \
  3. [L0030]  https://gone.example.net Failed to open TCP connection to gone.example.net:443 (getaddrinfo: Name or service not known)\n\
Checking URLs: \u{2713}\u{2713}\u{2717}\n\
\n\
Issues :-(\n\
> Links\n  \
  1. [L0020] 301 https://github.com/old/name  \u{2192} https://github.com/new/name\n\
> Dupes\n  \
  None \u{2713}\n\
The command \"awesome_bot README.md --allow-ssl\" exited with 1.\n";
    let v = json_of(
        culprit()
            .args(["--format", "json", "--input-format", "raw"])
            .write_stdin(log),
    );
    assert_eq!(v["causes"][0]["id"], "test.broken-links", "{}", v["causes"]);
    assert_eq!(v["causes"][0]["evidence"][0]["line"], 8);
}

#[test]
fn a_build_scripts_bare_failed_verdict_does_not_outrank_the_error_it_reports() {
    // OTP's build script prints `*** Failed ***` as its last line, after the error its build
    // printed over and over. The verdict names nothing: ranked first, it sent the user to the
    // one line that says no more than the job's red mark.
    let mut log =
        String::from("$ ./scripts/build-otp\nConfiguring..... done\nBuilding OTP..... failed.\n");
    for _ in 0..150 {
        log.push_str(
            "(no logger present) unexpected logger message: {log,error,\"Error in process ~p\",\
             [<0.0.0>,{bad_lib,\"Function not found prim_file:read_nif/1\"}]}\n",
        );
    }
    log.push_str("make[1]: *** [opt] Error 2\nmake: *** [emulator] Error 2\n*** Failed ***\n");
    let v = json_of(
        culprit()
            .args(["--format", "json", "--ci", "--input-format", "raw"])
            .write_stdin(log),
    );
    let top = &v["causes"][0];
    assert_ne!(top["title"], "*** Failed ***", "{}", v["causes"]);
    let text = top["evidence"][0]["text"].as_str().unwrap();
    assert!(text.contains("Function not found"), "{}", v["causes"]);
}

#[test]
fn a_downloaded_github_actions_log_is_read_step_by_step() {
    // The log as GitHub lets one download it: every line behind the runner's timestamp, the
    // step marks and the failure as `##[…]` commands. The job is read as CI, step by step:
    // an error of the step before the failed one, and the upload step after it, are not its
    // cause.
    let log = "2024-01-15T10:29:50.0000000Z ##[group]Run npm ci\n\
2024-01-15T10:29:51.0000000Z npm error: a peer dependency warning that did not stop the install\n\
2024-01-15T10:29:59.0000000Z added 812 packages in 9s\n\
2024-01-15T10:30:00.1234567Z ##[group]Run npm test\n\
2024-01-15T10:30:03.1000000Z > shop@1.0.0 test\n\
2024-01-15T10:30:04.0000000Z Error: connect ECONNREFUSED 127.0.0.1:5432\n\
2024-01-15T10:30:04.1000000Z     at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n\
2024-01-15T10:30:05.0000000Z ##[error]Process completed with exit code 1.\n\
2024-01-15T10:30:06.0000000Z ##[group]Run codecov/codecov-action@v3\n\
2024-01-15T10:30:06.1000000Z fail_ci_if_error: false\n\
2024-01-15T10:30:07.0000000Z [error] There was an error running the uploader: Error uploading to https://codecov.io\n";
    let v = json_of(culprit().args(["--format", "json"]).write_stdin(log));
    assert_eq!(v["inputs"][0]["format"], "github-actions");
    assert_eq!(v["analysis"]["ci"], true, "{}", v["analysis"]);
    assert_eq!(v["causes"][0]["evidence"][0]["line"], 6, "{}", v["causes"]);
    for line in [2, 11] {
        let other = v["causes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["evidence"][0]["line"] == line)
            .unwrap_or_else(|| panic!("no cause at line {line}: {}", v["causes"]));
        let why: Vec<&str> = other["why"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(
            why.iter()
                .any(|w| w.starts_with("not in the output of a failed step")),
            "line {line}: {why:?}"
        );
    }
}

/// A format named with `--input-format` that reads none of the lines analysed them all as one
/// entry's continuation, or as plain text, and said nothing: a user who named the wrong format
/// (or the wrong file) saw a report of nothing. One line on stderr says so and what the lines
/// look like; the run goes on.
#[test]
fn a_named_format_that_reads_no_line_is_said_to() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(
        &log,
        "Nov 20 10:00:00 web1 app[811]: started\nNov 20 10:00:01 web1 app[811]: error: disk full\n",
    )
    .unwrap();
    culprit()
        .args(["--input-format", "json"])
        .arg(&log)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "app.log: --input-format json reads 0 of its first 2 lines;",
        ))
        .stderr(predicate::str::contains("they look like syslog"));
    culprit()
        .args(["--input-format", "syslog"])
        .arg(&log)
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    // A trace's lines fit any format; pretty JSON is read whole (a review found both
    // warned about, with advice that read the file worse).
    let traced = dir.path().join("traced.log");
    let mut text = String::from("ERROR:app:request failed\nTraceback (most recent call last):\n");
    for i in 0..12 {
        text.push_str(&format!("  File \"app.py\", line {i}, in handler\n"));
    }
    text.push_str("KeyError: 'user'\nINFO:app:shutting down\n");
    std::fs::write(&traced, text).unwrap();
    let pretty = dir.path().join("pretty.json");
    std::fs::write(
        &pretty,
        "{\n  \"MESSAGE\": \"hello\",\n  \"PRIORITY\": \"6\"\n}\n",
    )
    .unwrap();
    for (format, path) in [("python", &traced), ("json-pretty", &pretty)] {
        culprit()
            .args(["--input-format", format])
            .arg(path)
            .assert()
            .stderr(predicate::str::contains("--input-format").not());
    }
}
