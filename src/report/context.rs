//! Lines around the evidence, read back from the inputs for the human report (`--context N`).
//!
//! The engine keeps only the lines that show a cause, not their neighbours (keeping every
//! line's neighbours would cost memory on every line). Once the causes are ranked, the few
//! lines around their evidence are read back: each input that is a file is opened again
//! (decompressed and decoded if it was; an archive read up to the member) and streamed up to
//! its last wanted line. Standard input cannot be
//! read twice, so its evidence stays without context and the report says so.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, Read};

use super::Report;
use crate::source::{io_reason, open, open_stream, Content, Input, InputKind, TextEncoding};

/// A source to read again: its name, its path in its input's archives, the lines wanted.
type Wanted<'a> = (&'a str, &'a [String], Vec<u64>);

/// Lines read again, by number.
type Lines = HashMap<u64, Vec<u8>>;

/// Text kept of a context line; longer lines are cut (the renderer cuts again to the width).
const TEXT_CAP: usize = 1024;

/// Fills `before`/`after` of the evidence of the first `causes` causes with up to `n` lines
/// on each side, read as the analysis read them (`text`). Inputs that cannot be read again are
/// named in `report.notes`.
pub fn fill(report: &mut Report, inputs: &[Input], text: TextEncoding, n: usize, causes: usize) {
    if n == 0 {
        return;
    }
    let mut notes = Vec::new();
    let n = n as u64;
    // Wanted lines per source name.
    let mut wanted: HashMap<&str, BTreeSet<u64>> = HashMap::new();
    for cause in report.causes.iter().take(causes) {
        for e in &cause.evidence {
            let set = wanted.entry(e.at.source.as_str()).or_default();
            let end = e.at.end_line.max(e.at.line);
            set.extend(e.at.line.saturating_sub(n).max(1)..=e.at.line);
            set.extend(end + 1..=end + n);
        }
    }
    // The sources to read again, by the input they are or are in: an archive is read once for
    // all of its files that are wanted.
    let mut by_input: BTreeMap<u32, Vec<Wanted<'_>>> = BTreeMap::new();
    for (name, lines) in &wanted {
        let mut named = report.inputs.iter().filter(|i| i.name == *name);
        let Some(source) = named.next() else {
            continue;
        };
        if named.next().is_some() {
            // (An archive can hold two files of one path: `tar rf` appends a newer copy.)
            notes.push(format!(
                "{name}: more than one file has this name, so no context is shown"
            ));
            continue;
        }
        by_input.entry(source.input).or_default().push((
            name,
            &source.members,
            lines.iter().copied().collect(),
        ));
    }
    let mut read: HashMap<String, HashMap<u64, Vec<u8>>> = HashMap::new();
    for (input, sources) in &by_input {
        let Some(input) = inputs.get(*input as usize) else {
            continue;
        };
        if input.kind == InputKind::Stdin {
            for (name, ..) in sources {
                notes.push(format!(
                    "{name}: standard input is read once, so no context is shown"
                ));
            }
            continue;
        }
        let mut got: Vec<Option<io::Result<Lines>>> = sources.iter().map(|_| None).collect();
        let targets: Vec<(&[String], usize)> = sources
            .iter()
            .enumerate()
            .map(|(k, (_, members, _))| (*members, k))
            .collect();
        let walked = open(input, text).and_then(|o| {
            with_texts(o.content, &targets, text, &mut |k, r| {
                got[k] = Some(read_lines(r, &sources[k].2, TEXT_CAP));
            })
        });
        for ((name, ..), got) in sources.iter().zip(got) {
            let got = match (got, &walked) {
                (Some(got), _) => got,
                (None, Err(e)) => Err(io::Error::new(e.kind(), e.to_string())),
                (None, Ok(())) => Err(io::Error::other("it is not in its archive any more")),
            };
            match got {
                Ok(got) => {
                    read.insert(name.to_string(), got);
                }
                Err(e) => notes.push(format!(
                    "{name}: reading it again for context failed: {}",
                    io_reason(&e)
                )),
            }
        }
    }
    for cause in report.causes.iter_mut().take(causes) {
        for e in &mut cause.evidence {
            let Some(lines) = read.get(&e.at.source) else {
                continue;
            };
            let end = e.at.end_line.max(e.at.line);
            let take = |range: std::ops::Range<u64>| -> Vec<(u64, Vec<u8>)> {
                range
                    .filter_map(|l| lines.get(&l).map(|t| (l, t.clone())))
                    .collect()
            };
            e.before = take(e.at.line.saturating_sub(n).max(1)..e.at.line);
            e.after = take(end + 1..end + 1 + n);
            e.raw = lines.get(&e.at.line).cloned();
        }
    }
    report.notes.extend(notes);
}

/// Calls `f` with the number and the text of each target found in `content`: a target is the
/// path of a file in the archive `content` is (the path in the outermost archive first), or an
/// empty path for the text of `content` itself. An archive is read once, up to the last
/// target in it.
fn with_texts(
    content: Content<'_>,
    targets: &[(&[String], usize)],
    text: TextEncoding,
    f: &mut dyn FnMut(usize, &mut dyn Read),
) -> io::Result<()> {
    match content {
        Content::Text(mut r) => match targets.iter().find(|(path, _)| path.is_empty()) {
            Some(&(_, k)) => {
                f(k, &mut r);
                Ok(())
            }
            None => Err(io::Error::other("it is not what it was when it was read")),
        },
        Content::Archive(archive) => {
            let mut left = targets.len();
            let mut result = Ok(());
            archive.members(&mut |m| {
                let inner: Vec<(&[String], usize)> = targets
                    .iter()
                    .filter_map(|&(path, k)| match path.split_first() {
                        Some((first, rest)) if *first == m.path => Some((rest, k)),
                        _ => None,
                    })
                    .collect();
                if inner.is_empty() {
                    return true;
                }
                left = left.saturating_sub(inner.len());
                result = open_stream(m.reader, text)
                    .and_then(|(content, ..)| with_texts(content, &inner, text, &mut *f));
                result.is_ok() && left > 0
            })?;
            result
        }
    }
}

/// Reads the lines numbered `wanted` (1-based, ascending) from `r`, each cut to `cap` bytes and
/// without its line ending, and stops after the last one. Lines past the end are missing.
fn read_lines(r: impl Read, wanted: &[u64], cap: usize) -> io::Result<HashMap<u64, Vec<u8>>> {
    let mut out = HashMap::with_capacity(wanted.len());
    let Some(&last) = wanted.last() else {
        return Ok(out);
    };
    let mut r = BufReader::with_capacity(128 << 10, r);
    let mut line = 1u64;
    let mut next = 0usize;
    let mut cur: Option<Vec<u8>> = None;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if let Some(text) = cur.take() {
                out.insert(line, text);
            }
            return Ok(out);
        }
        let mut pos = 0;
        let len = buf.len();
        while pos < len {
            while next < wanted.len() && wanted[next] < line {
                next += 1;
            }
            let is_wanted = next < wanted.len() && wanted[next] == line;
            if !is_wanted && cur.is_none() {
                // Skip whole lines up to the next wanted one in one scan.
                let skip = wanted.get(next).map_or(u64::MAX, |w| w - line);
                let mut newlines = 0u64;
                let mut stop = None;
                for nl in memchr::memchr_iter(b'\n', &buf[pos..]) {
                    newlines += 1;
                    if newlines == skip {
                        stop = Some(pos + nl + 1);
                        break;
                    }
                }
                match stop {
                    Some(p) => {
                        line += newlines;
                        pos = p;
                    }
                    None => {
                        line += newlines;
                        pos = len;
                    }
                }
                continue;
            }
            let text = cur.get_or_insert_with(Vec::new);
            match memchr::memchr(b'\n', &buf[pos..]) {
                Some(nl) => {
                    let piece = &buf[pos..pos + nl];
                    let room = cap.saturating_sub(text.len());
                    text.extend_from_slice(&piece[..piece.len().min(room)]);
                    if text.last() == Some(&b'\r') {
                        text.pop();
                    }
                    out.insert(line, cur.take().unwrap_or_default());
                    if line >= last {
                        return Ok(out);
                    }
                    line += 1;
                    pos += nl + 1;
                }
                None => {
                    let piece = &buf[pos..];
                    let room = cap.saturating_sub(text.len());
                    text.extend_from_slice(&piece[..piece.len().min(room)]);
                    pos = len;
                }
            }
        }
        r.consume(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &[u8], wanted: &[u64], cap: usize) -> Vec<(u64, String)> {
        // A reader that hands out 3 bytes at a time, so lines straddle buffer ends.
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(3).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut got: Vec<(u64, String)> = read_lines(Slow(text), wanted, cap)
            .unwrap()
            .into_iter()
            .map(|(l, t)| (l, String::from_utf8(t).unwrap()))
            .collect();
        got.sort();
        got
    }

    #[test]
    fn the_named_lines_are_read_with_their_numbers() {
        let text = b"one\ntwo\r\nthree\nfour\nfive";
        assert_eq!(
            lines_of(text, &[2, 4, 5], 100),
            vec![
                (2, "two".to_string()),
                (4, "four".to_string()),
                (5, "five".to_string())
            ]
        );
        assert_eq!(lines_of(text, &[1], 100), vec![(1, "one".to_string())]);
        assert_eq!(lines_of(text, &[9], 100), vec![]);
        assert_eq!(
            lines_of(b"\n\nabcdefgh\n", &[3], 4),
            vec![(3, "abcd".to_string())]
        );
    }
}
