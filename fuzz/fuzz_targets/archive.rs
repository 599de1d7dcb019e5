//! Archives: whatever the bytes, opening a stream and reading the members of the archive it
//! turns out to be (tar, zip, nested in each other and in compression) never panics, and a
//! tar archive built around the input gives the input back as its member, whole; cut or
//! corrupted, an error or some bytes, never a crash.
#![no_main]

use std::io::Read;

use culprit::source::{open_stream, Content, TextEncoding, MAX_NESTING};
use libfuzzer_sys::fuzz_target;

/// Reads every member (at most 8 MiB of each, 1,000 of them), opening archives in archives as
/// the engine does; returns the members' paths and texts.
fn read_all(bytes: &[u8], depth: usize, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok((content, ..)) = open_stream(
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        TextEncoding::Auto,
    ) else {
        return;
    };
    members(content, depth, out);
}

fn members(content: Content<'_>, depth: usize, out: &mut Vec<(String, Vec<u8>)>) {
    match content {
        Content::Text(r) => {
            let mut text = Vec::new();
            let _ = r.take(8 << 20).read_to_end(&mut text);
            out.push((String::new(), text));
        }
        Content::Archive(_) if depth >= MAX_NESTING => {}
        Content::Archive(a) => {
            let mut n = 0;
            let _ = a.members(&mut |m| {
                n += 1;
                let path = m.path;
                if let Ok((c, ..)) = open_stream(m.reader, TextEncoding::Auto) {
                    let before = out.len();
                    members(c, depth + 1, out);
                    for (p, _) in &mut out[before..] {
                        *p = if p.is_empty() {
                            path.clone()
                        } else {
                            format!("{path}/{p}")
                        };
                    }
                }
                n < 1000
            });
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    read_all(data, 0, &mut out);

    let Some((&cut, body)) = data.split_first() else {
        return;
    };
    // Text that reads as nothing but text: no NUL byte, no compression's or encoding's mark.
    let mut text = b"log: ".to_vec();
    text.extend(body.iter().map(|&b| if b == 0 { b' ' } else { b }));
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(text.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "./logs/app.log", &text[..]).unwrap();
    let tar = b.into_inner().unwrap();
    let mut out = Vec::new();
    read_all(&tar, 0, &mut out);
    if culprit::source::ArchiveKind::sniff(&text).is_none() {
        assert_eq!(out, vec![("logs/app.log".to_string(), text)], "tar round trip");
    }
    // Cut and corrupted: an error or some members, never a crash.
    let at = cut as usize % tar.len();
    let _ = read_all(&tar[..at], 0, &mut Vec::new());
    let mut bad = tar.clone();
    bad[at] ^= 0x5a;
    read_all(&bad, 0, &mut Vec::new());
});
