//! Archives (tar, plain or compressed, and zip): their members are inputs of their own, read one
//! after another as streams, never unpacked to disk.
//!
//! A support bundle, a CI job's log archive or a folder of rotated logs packed with `tar` is
//! what a user points culprit at during an incident. Each regular file in it becomes a source
//! named `ARCHIVE/MEMBER` (`bundle.tar.gz/var/log/syslog`), whose own compression and encoding
//! are recognised like a file's; folders, links and devices in the archive hold no text of their
//! own and are passed over, and so are version-control folders, as a folder walk does.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::time::{Duration, SystemTime};

use super::open::Counted;

/// An archive inside an archive inside ... this many is not opened (a guard against archives
/// built to nest without end).
pub const MAX_NESTING: usize = 4;

/// The archive formats recognised from an input's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    Tar,
    Zip,
}

impl ArchiveKind {
    pub fn name(self) -> &'static str {
        match self {
            ArchiveKind::Tar => "tar",
            ArchiveKind::Zip => "zip",
        }
    }

    /// A zip archive starts with a member's local header (or, empty, with the end of its
    /// directory); a POSIX or GNU tar archive has `ustar` at offset 257 of its first header,
    /// and an old (v7) one, which has no such mark, a header whose fields are all in place.
    ///
    /// The rest of the header must agree (a tar header's checksum, a zip member's compression
    /// method and name length), so that a text that happens to start so is still read as text.
    pub fn sniff(head: &[u8]) -> Option<ArchiveKind> {
        if head.starts_with(b"PK\x05\x06") && head.len() == 22 {
            return Some(ArchiveKind::Zip);
        }
        if head.starts_with(b"PK\x03\x04") && head.len() >= 30 {
            let method = u16::from_le_bytes([head[8], head[9]]);
            let name_len = u16::from_le_bytes([head[26], head[27]]);
            let known = matches!(
                method,
                0 | 1 | 6 | 8 | 9 | 12 | 14 | 19 | 20 | 93 | 95 | 96 | 97 | 98 | 99
            );
            return (known && name_len > 0).then_some(ArchiveKind::Zip);
        }
        if head.len() < 512 || !tar_checksum_ok(&head[..512]) {
            return None;
        }
        (&head[257..262] == b"ustar" || v7_tar_header(&head[..512])).then_some(ArchiveKind::Tar)
    }
}

/// Whether a tar header without the `ustar` mark is an old-style (v7) one: a name, octal
/// numbers for mode, owner, size and time, and a known entry type. Its checksum is checked
/// apart ([`tar_checksum_ok`]).
fn v7_tar_header(header: &[u8]) -> bool {
    // An octal number field: digits, padded with spaces or NULs on either side (an owner
    // may be left all NUL).
    let octal = |field: &[u8], may_be_empty: bool| {
        let digits = field.trim_ascii_start().split(|&b| b == 0 || b == b' ');
        let digits = digits.into_iter().next().unwrap_or_default();
        (may_be_empty || !digits.is_empty())
            && digits.iter().all(|b| (b'0'..=b'7').contains(b))
            && field
                .iter()
                .all(|&b| b == 0 || b == b' ' || b.is_ascii_digit())
    };
    let name = &header[..100];
    name[0] != 0
        && name.iter().all(|&b| b == 0 || b >= b' ')
        && [(100..108, false), (108..116, true), (116..124, true)]
            .into_iter()
            .chain([(124..136, false), (136..148, false)])
            .all(|(r, empty)| octal(&header[r], empty))
        && matches!(header[156], 0 | b'0'..=b'7')
}

/// Whether a tar header's checksum field (octal, at 148) is the sum of its bytes, the field
/// itself counted as spaces (unsigned, or signed as some old tar programs summed).
fn tar_checksum_ok(header: &[u8]) -> bool {
    let field = &header[148..156];
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&b| b == b' ')
        .take_while(|b| (b'0'..=b'7').contains(b))
        .collect();
    let Some(want) = std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| i64::from_str_radix(d, 8).ok())
    else {
        return false;
    };
    let spaces = 8 * i64::from(b' ');
    let outside = |i: &usize| !(148..156).contains(i);
    let unsigned: i64 = header
        .iter()
        .enumerate()
        .filter(|(i, _)| outside(i))
        .map(|(_, &b)| i64::from(b))
        .sum::<i64>()
        + spaces;
    let signed: i64 = header
        .iter()
        .enumerate()
        .filter(|(i, _)| outside(i))
        .map(|(_, &b)| i64::from(b as i8))
        .sum::<i64>()
        + spaces;
    want == unsigned || want == signed
}

/// File name extensions of software packages and documents that are zip or tar archives: their
/// members are code, images and markup, not logs (a Java project's `target/` folder holds
/// hundreds of `.jar` files of class files).
const PACKAGES: &[&str] = &[
    "jar", "war", "ear", "aar", "apk", "ipa", "whl", "egg", "nupkg", "vsix", "xpi", "docx", "xlsx",
    "pptx", "odt", "ods", "odp", "epub", "kmz", "gem", "crate", "ova",
];

/// The extension of `name` (a path) when it names a package or document that is an archive but
/// not one of logs: such an archive is not opened.
pub fn package_extension(name: &str) -> Option<&'static str> {
    let file = name.rsplit(['/', '\\']).next()?;
    let (_, ext) = file.rsplit_once('.')?;
    PACKAGES
        .iter()
        .find(|p| p.eq_ignore_ascii_case(ext))
        .copied()
}

/// An archive opened for reading its members.
pub struct Archive<'a> {
    pub kind: ArchiveKind,
    reader: ArchiveReader<'a>,
}

enum ArchiveReader<'a> {
    /// Read front to back: a tar stream, or a zip archive that is not a file of its own (piped
    /// in, or inside another archive), read by its members' local headers.
    Stream(Box<dyn Read + 'a>),
    /// A zip file on disk, read by its central directory.
    File(Counted<File>),
}

impl<'a> Archive<'a> {
    pub(super) fn stream(kind: ArchiveKind, reader: Box<dyn Read + 'a>) -> Archive<'a> {
        Archive {
            kind,
            reader: ArchiveReader::Stream(reader),
        }
    }

    pub(super) fn zip_file(file: Counted<File>) -> Archive<'a> {
        Archive {
            kind: ArchiveKind::Zip,
            reader: ArchiveReader::File(file),
        }
    }

    /// Hands every regular file of the archive to `each`, in archive order, until `each`
    /// returns false. An error is what stopped the reading of the archive itself; the members
    /// before it were handed over. (A member's own read errors reach whoever reads it.)
    pub fn members(self, each: &mut dyn FnMut(Member<'_>) -> bool) -> io::Result<()> {
        match (self.kind, self.reader) {
            (ArchiveKind::Tar, ArchiveReader::Stream(r)) => tar_members(r, each),
            (ArchiveKind::Tar, ArchiveReader::File(f)) => tar_members(Box::new(f), each),
            (ArchiveKind::Zip, ArchiveReader::File(f)) => zip_file_members(f, each),
            (ArchiveKind::Zip, ArchiveReader::Stream(r)) => zip_stream_members(r, each),
        }
    }
}

/// A regular file in an archive.
pub struct Member<'m> {
    /// Its path in the archive, `/`-separated, without a leading `./` or `/`.
    pub path: String,
    /// When it was last changed, as the archive records it.
    pub modified: Option<SystemTime>,
    pub reader: Box<dyn Read + 'm>,
}

/// Version-control folders hold history, not logs (as in a folder walk).
fn in_skipped_folder(path: &str) -> bool {
    path.split('/')
        .rev()
        .skip(1)
        .any(|c| super::walk::SKIPPED_DIRS.contains(&c))
}

/// A member's path as reports name it: `/`-separated, relative.
fn clean_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    loop {
        if let Some(rest) = p.strip_prefix("./") {
            p = rest.to_string();
        } else if let Some(rest) = p.strip_prefix('/') {
            p = rest.to_string();
        } else {
            return p;
        }
    }
}

fn tar_members<'a>(
    reader: Box<dyn Read + 'a>,
    each: &mut dyn FnMut(Member<'_>) -> bool,
) -> io::Result<()> {
    let mut archive = tar::Archive::new(reader);
    for entry in archive.entries().map_err(tar_error)? {
        let entry = entry.map_err(tar_error)?;
        let header = entry.header();
        if !matches!(
            header.entry_type(),
            tar::EntryType::Regular | tar::EntryType::Continuous
        ) {
            continue;
        }
        let path = clean_path(&String::from_utf8_lossy(&entry.path_bytes()));
        if path.is_empty() || in_skipped_folder(&path) {
            continue;
        }
        let modified = header
            .mtime()
            .ok()
            .filter(|&s| s > 0)
            .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s)));
        let size = entry.size();
        let go_on = each(Member {
            path,
            modified,
            reader: Box::new(Whole {
                inner: entry,
                left: size,
            }),
        });
        if !go_on {
            break;
        }
    }
    Ok(())
}

/// A tar reading error; the stream ending inside a header, or while skipping the rest of a
/// member, is an unexpected end, as it is.
fn tar_error(e: io::Error) -> io::Error {
    let text = e.to_string();
    if e.kind() != io::ErrorKind::UnexpectedEof
        && (text.contains("entire block") || text.contains("EOF during skip"))
    {
        io::Error::new(io::ErrorKind::UnexpectedEof, e)
    } else {
        e
    }
}

/// A tar member's reader that fails when the archive ends before the size its header gave:
/// a plain tar cut short ended the member quietly, as if it were whole.
struct Whole<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Whole<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.left > 0 && !buf.is_empty() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, ArchiveCut));
        }
        self.left = self.left.saturating_sub(n as u64);
        Ok(n)
    }
}

/// The error of a member an archive ends inside of.
#[derive(Debug)]
pub struct ArchiveCut;

impl std::fmt::Display for ArchiveCut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unexpected end of the archive (truncated file?)")
    }
}

impl std::error::Error for ArchiveCut {}

/// A zip archive's members, by its central directory (at its end, so the archive must be
/// seekable); when there is none (a download cut short), by the members' local headers up to
/// the cut, and the missing directory is the error.
fn zip_file_members<F: Read + Seek>(
    mut file: F,
    each: &mut dyn FnMut(Member<'_>) -> bool,
) -> io::Result<()> {
    let mut archive = match zip::ZipArchive::new(&mut file) {
        Ok(a) => a,
        Err(e @ (zip::result::ZipError::InvalidArchive(_) | zip::result::ZipError::Io(_))) => {
            file.seek(SeekFrom::Start(0))?;
            zip_local_members(&mut file, each)?;
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("no zip directory at the end ({e}); truncated file?"),
            ));
        }
        Err(e) => return Err(zip_error(e)),
    };
    for i in 0..archive.len() {
        let name = archive
            .name_for_index(i)
            .and_then(Result::ok)
            .map(|n| n.to_string())
            .unwrap_or_default();
        let file = match archive.by_index(i) {
            Ok(f) => f,
            Err(zip::result::ZipError::UnsupportedArchive(why)) => {
                // An encrypted member or a compression method not built in: said in the
                // member's place, and the others are still read.
                let go_on = each(Member {
                    path: clean_path(&name),
                    modified: None,
                    reader: Box::new(Failing(Some(io::Error::other(format!("not read: {why}"))))),
                });
                if !go_on {
                    break;
                }
                continue;
            }
            Err(e) => return Err(zip_error(e)),
        };
        if !hand_over(file, each) {
            break;
        }
    }
    Ok(())
}

/// Hands a zip member to `each` when it is a regular file outside version-control folders;
/// returns whether to go on.
fn hand_over<R: Read>(
    file: zip::read::ZipFile<'_, R>,
    each: &mut dyn FnMut(Member<'_>) -> bool,
) -> bool {
    if !file.is_file() {
        return true;
    }
    let path = clean_path(&String::from_utf8_lossy(file.name_raw()));
    if path.is_empty() || in_skipped_folder(&path) {
        return true;
    }
    let modified = file.last_modified().and_then(zip_time);
    each(Member {
        path,
        modified,
        reader: Box::new(file),
    })
}

/// A zip archive that is not a file of its own (piped in, or inside another archive): its
/// directory is at its end, and members written as a stream (by `jar`, or `zip` to a pipe) do
/// not say their length before their data, so it is copied to a temporary file first (as it
/// is, compressed; the file is gone when it is closed) and read from there.
fn zip_stream_members<'a>(
    mut reader: Box<dyn Read + 'a>,
    each: &mut dyn FnMut(Member<'_>) -> bool,
) -> io::Result<()> {
    let mut spool = tempfile::tempfile()?;
    // A stream that fails part way (a truncated download) still leaves what came before it.
    let copied = io::copy(&mut reader, &mut spool);
    spool.seek(SeekFrom::Start(0))?;
    zip_file_members(spool, each)?;
    copied.map(|_| ())
}

/// The members of a zip archive by their local headers, front to back, up to the first that
/// cannot be read so.
fn zip_local_members(
    mut reader: &mut dyn Read,
    each: &mut dyn FnMut(Member<'_>) -> bool,
) -> io::Result<()> {
    loop {
        let file = match zip::read::read_zipfile_from_stream(&mut reader) {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(()),
            Err(e) => return Err(zip_error(e)),
        };
        if !hand_over(file, each) {
            return Ok(());
        }
    }
}

/// A zip time (local time of the machine that wrote it, no zone) read as UTC: close enough
/// for what it is used for, inferring the year of timestamps that have none.
fn zip_time(t: zip::DateTime) -> Option<SystemTime> {
    let d = jiff::civil::DateTime::new(
        i16::try_from(t.year()).ok()?,
        t.month() as i8,
        t.day() as i8,
        t.hour() as i8,
        t.minute() as i8,
        t.second() as i8,
        0,
    )
    .ok()?;
    let ts = d
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()?
        .timestamp();
    SystemTime::try_from(ts).ok()
}

fn zip_error(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

/// A reader that fails with its error at the first read.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Whether `file` starts as a zip archive does; it is read again from its start either way.
pub(super) fn is_zip_file(file: &mut File) -> io::Result<bool> {
    let mut head = [0u8; 30];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(ArchiveKind::sniff(&head[..filled]) == Some(ArchiveKind::Zip))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// A tar archive of `(path, text)` files, with a folder, a link and a VCS folder beside them.
    pub(crate) fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        let mut dir = tar::Header::new_gnu();
        dir.set_entry_type(tar::EntryType::Directory);
        dir.set_size(0);
        dir.set_mode(0o755);
        b.append_data(&mut dir, "./logs/", io::empty()).unwrap();
        for (path, text) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(text.len() as u64);
            h.set_mode(0o644);
            h.set_mtime(1_700_000_000);
            // Written into the header as it is: the builder refuses absolute paths, which
            // archives made by other tools (`tar -P`) hold.
            h.as_gnu_mut().unwrap().name[..path.len()].copy_from_slice(path.as_bytes());
            h.set_cksum();
            b.append(&h, *text).unwrap();
        }
        let mut link = tar::Header::new_gnu();
        link.set_entry_type(tar::EntryType::Symlink);
        link.set_size(0);
        b.append_link(&mut link, "logs/latest", "app.log").unwrap();
        let mut h = tar::Header::new_gnu();
        h.set_size(3);
        b.append_data(&mut h, "repo/.git/HEAD", &b"ref"[..])
            .unwrap();
        b.into_inner().unwrap()
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.add_directory("logs/", zip::write::SimpleFileOptions::default())
            .unwrap();
        for (path, text) in files {
            w.start_file(*path, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(text).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// The members of `archive` as `(path, text)`.
    fn listed(archive: Archive<'_>) -> io::Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        archive.members(&mut |mut m| {
            let mut text = String::new();
            m.reader.read_to_string(&mut text).unwrap();
            out.push((m.path, text));
            true
        })?;
        Ok(out)
    }

    fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn archives_are_told_by_their_first_bytes() {
        let tar = tar_of(&[("a.log", b"x\n")]);
        assert_eq!(ArchiveKind::sniff(&tar), Some(ArchiveKind::Tar));
        assert_eq!(ArchiveKind::sniff(&zip_of(&[])), Some(ArchiveKind::Zip));
        assert_eq!(
            ArchiveKind::sniff(&zip_of(&[("a", b"x")])),
            Some(ArchiveKind::Zip)
        );
        for text in [
            &b""[..],
            b"PK",
            b"Jan 10 00:00:00 h app: ustar",
            &[b'u'; 600],
        ] {
            assert_eq!(ArchiveKind::sniff(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_regular_files_of_a_tar_are_its_members_with_clean_paths() {
        let tar = tar_of(&[
            ("./logs/app.log", b"one\ntwo\n"),
            ("/var/log/syslog", b"three\n"),
        ]);
        let got = listed(Archive::stream(
            ArchiveKind::Tar,
            Box::new(Cursor::new(tar)),
        ))
        .unwrap();
        // No folder, no link, nothing of the version-control folder.
        assert_eq!(
            got,
            owned(&[
                ("logs/app.log", "one\ntwo\n"),
                ("var/log/syslog", "three\n")
            ])
        );
    }

    #[test]
    fn zip_files_are_read_by_their_directory_and_as_a_stream() {
        let bytes = zip_of(&[("logs/app.log", b"one\n"), ("b.txt", b"two\n")]);
        let want = owned(&[("logs/app.log", "one\n"), ("b.txt", "two\n")]);
        let stream = Archive::stream(ArchiveKind::Zip, Box::new(Cursor::new(bytes.clone())));
        assert_eq!(listed(stream).unwrap(), want);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs.zip");
        std::fs::write(&path, &bytes).unwrap();
        let mut file = File::open(&path).unwrap();
        assert!(is_zip_file(&mut file).unwrap());
        let counted = Counted {
            inner: file,
            count: Default::default(),
        };
        assert_eq!(listed(Archive::zip_file(counted)).unwrap(), want);
    }

    #[test]
    fn a_truncated_archive_is_an_error_after_the_members_before_the_cut() {
        let tar = tar_of(&[("a.log", &[b'a'; 600]), ("b.log", &[b'b'; 600])]);
        // Cut inside the second member's header.
        let cut = tar[..2148].to_vec();
        let mut seen = Vec::new();
        let result =
            Archive::stream(ArchiveKind::Tar, Box::new(Cursor::new(cut))).members(&mut |mut m| {
                let mut sink = Vec::new();
                let _ = m.reader.read_to_end(&mut sink);
                seen.push(m.path);
                true
            });
        assert_eq!(seen, vec!["a.log".to_string()]);
        assert!(result.is_err());
    }

    /// A plain tar cut inside a member's text: that member's reading fails (it ended quietly,
    /// as if whole), and the archive's error is an unexpected end.
    #[test]
    fn a_member_the_archive_ends_inside_of_is_an_error() {
        let tar = tar_of(&[("a.log", &[b'a'; 3000]), ("b.log", b"b\n")]);
        let cut = tar[..512 + 1500].to_vec();
        let mut reads = Vec::new();
        let result =
            Archive::stream(ArchiveKind::Tar, Box::new(Cursor::new(cut))).members(&mut |mut m| {
                let mut sink = Vec::new();
                reads.push(m.reader.read_to_end(&mut sink).map_err(|e| e.to_string()));
                true
            });
        assert_eq!(
            reads,
            vec![Err(String::from(
                "unexpected end of the archive (truncated file?)"
            ))]
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn an_encrypted_zip_member_is_named_with_why_and_the_others_are_read() {
        let mut bytes = zip_of(&[
            ("a.log", b"one\n"),
            ("b.log", b"two\n"),
            ("c.log", b"three\n"),
        ]);
        // Mark b.log (after the folder and a.log) encrypted in its local header and its
        // directory entry.
        let at = |sig: &[u8], nth: usize| {
            bytes
                .windows(4)
                .enumerate()
                .filter(|(_, w)| *w == sig)
                .nth(nth)
                .unwrap()
                .0
        };
        let (local, central) = (at(b"PK\x03\x04", 2), at(b"PK\x01\x02", 2));
        bytes[local + 6] |= 1;
        bytes[central + 8] |= 1;
        for streamed in [false, true] {
            let mut got = Vec::new();
            let each = &mut |mut m: Member<'_>| {
                let mut text = String::new();
                let read = m
                    .reader
                    .read_to_string(&mut text)
                    .map_err(|e| e.to_string());
                got.push((m.path, read.map(|_| text)));
                true
            };
            if streamed {
                zip_stream_members(Box::new(Cursor::new(bytes.clone())), each).unwrap();
            } else {
                zip_file_members(Cursor::new(bytes.clone()), each).unwrap();
            }
            assert_eq!(got.len(), 3, "{got:?}");
            assert_eq!(got[0], ("a.log".to_string(), Ok("one\n".to_string())));
            assert!(
                got[1]
                    .1
                    .as_ref()
                    .is_err_and(|e| e.starts_with("not read: ")),
                "{got:?}"
            );
            assert_eq!(got[2], ("c.log".to_string(), Ok("three\n".to_string())));
        }
    }

    /// An old-style tar (`tar --format=v7`: no `ustar` mark) was skipped as a binary file.
    #[test]
    fn an_old_style_tar_is_read_as_a_tar() {
        let mut builder = tar::Builder::new(Vec::new());
        let body = b"Jan 10 00:00:00 h app: error: disk full\n";
        let mut header = tar::Header::new_old();
        header.set_path("logs/app.log").unwrap();
        header.set_size(body.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(1_700_000_000);
        header.set_cksum();
        builder.append(&header, &body[..]).unwrap();
        let bytes = builder.into_inner().unwrap();
        assert_ne!(&bytes[257..262], b"ustar");
        assert_eq!(ArchiveKind::sniff(&bytes), Some(ArchiveKind::Tar));
        let got = listed(Archive::stream(
            ArchiveKind::Tar,
            Box::new(Cursor::new(bytes.clone())),
        ))
        .unwrap();
        assert_eq!(
            got,
            owned(&[("logs/app.log", std::str::from_utf8(body).unwrap())])
        );
        // A bad checksum, or text where a number belongs, is no tar header.
        let mut bad = bytes.clone();
        bad[150] = b'7';
        assert_eq!(ArchiveKind::sniff(&bad), None);
        let mut bad = bytes;
        bad[124..136].copy_from_slice(b"ten thousand");
        let mut fixed = tar::Header::new_old();
        fixed.as_mut_bytes().copy_from_slice(&bad[..512]);
        fixed.set_cksum();
        bad[..512].copy_from_slice(fixed.as_bytes());
        assert_eq!(ArchiveKind::sniff(&bad), None);
    }

    #[test]
    fn text_that_starts_like_an_archive_is_not_one() {
        let mut fake = b"2026-11-26 12:00:00 INFO x".to_vec();
        fake.resize(600, b' ');
        fake[257..262].copy_from_slice(b"ustar");
        assert_eq!(ArchiveKind::sniff(&fake), None);
        let mut pk = b"PK\x03\x04 hello, this is a log line and no zip header\n".to_vec();
        pk.resize(64, b' ');
        assert_eq!(ArchiveKind::sniff(&pk), None);
    }

    #[test]
    fn packages_are_told_by_their_extension() {
        assert_eq!(package_extension("target/lib/guava-33.jar"), Some("jar"));
        assert_eq!(package_extension("C:\\build\\App.APK"), Some("apk"));
        assert_eq!(package_extension("bundle.tar.gz/report.docx"), Some("docx"));
        for name in [
            "logs.zip",
            "sosreport.tar.xz",
            "job.tgz",
            "jar",
            "a.jar/x.log",
        ] {
            assert_eq!(package_extension(name), None, "{name}");
        }
    }

    #[test]
    fn paths_lose_leading_dots_and_slashes() {
        assert_eq!(clean_path("./a/b.log"), "a/b.log");
        assert_eq!(clean_path("/./a"), "a");
        assert_eq!(clean_path("logs\\app.log"), "logs/app.log");
        assert!(in_skipped_folder("x/.git/config"));
        assert!(!in_skipped_folder(".git"));
        assert!(!in_skipped_folder("logs/git.log"));
    }
}
