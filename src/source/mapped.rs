//! Reading a large regular file through a memory map instead of `read` calls.
//!
//! `read` copies every byte from the page cache into a buffer of ours. On the 2 GB benchmark
//! logs that copy was ~9% of all CPU time, nearly the whole of the reader thread's share; a map
//! lets the workers read the page cache in place (ripgrep maps single large files for the same
//! reason). Two things make a plain map unfit for a log reader, and are dealt with here:
//!
//! - **A file truncated while it is mapped** (`logrotate`'s `copytruncate` does that to live
//!   logs): reading a page past the new end raises SIGBUS, which kills the process. A SIGBUS
//!   handler puts zero pages in place of the rest of any map of ours that it hits, so the read
//!   goes on (the lost part reads as NUL bytes) and the map remembers it was cut; the engine
//!   then reports that the file shrank while it was read, as it does after a short `read`.
//! - **Resident memory**: the pages of a map that were read count in the process's RSS until
//!   they are unmapped. The engine hands each chunk's pages back once the chunk is done
//!   ([`Mapping::release`]), so RSS stays bounded by the chunks in flight, as with buffers.
//!
//! Only Linux maps files; elsewhere [`Mapping::open`] declines and the file is read.
//!
//! This is the crate's only `unsafe` code (the crate denies it elsewhere): mapping a file, the
//! `madvise` that hands pages back, and the signal handler. `--no-mmap` turns it off.
#![allow(unsafe_code)]

use std::fs::File;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Files smaller than this are read: a map's set-up and page faults cost more than the copy
/// they save.
pub const MAP_MIN: u64 = 8 << 20;

/// A whole regular file, mapped read-only.
pub struct Mapping {
    map: memmap2::Mmap,
    /// Its slot in the table the SIGBUS handler looks in.
    slot: usize,
}

impl std::fmt::Debug for Mapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mapping")
            .field("len", &self.map.len())
            .finish()
    }
}

impl Mapping {
    /// Maps `file`, whose size was `len` when it was opened; `None` when it cannot be mapped
    /// (not Linux, a failed `mmap`, too many maps at once), and the file is then read.
    pub fn open(file: &File, len: u64) -> Option<Mapping> {
        if !cfg!(target_os = "linux") || len == 0 || usize::try_from(len).is_err() {
            return None;
        }
        guard::install()?;
        // SAFETY: the map is read-only and private to this process. Another process may still
        // change the file under it; a truncation is caught by the SIGBUS handler (see the
        // module's notes), and other changes can at worst give wrong text, never wrong memory.
        let map = unsafe { memmap2::MmapOptions::new().len(len as usize).map(file) }.ok()?;
        let slot = guard::register(map.as_ptr() as usize, map.len())?;
        Some(Mapping { map, slot })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether the file turned out shorter than the map while it was read: the missing part
    /// read as NUL bytes.
    pub fn was_cut(&self) -> bool {
        guard::REGIONS[self.slot].cut.load(Ordering::Acquire)
    }

    /// Asks the kernel to map `start..end` at once, ahead of reading it: one call instead of a
    /// page fault for every few pages.
    pub fn prepare(&self, start: usize, end: usize) {
        #[cfg(target_os = "linux")]
        let _ = self.map.advise_range(
            memmap2::Advice::PopulateRead,
            start,
            end.saturating_sub(start),
        );
        #[cfg(not(target_os = "linux"))]
        let _ = (start, end);
    }

    /// Unmaps the pages of `start..end` from the process (they stay in the page cache, and a
    /// later read maps them again), so that what was read stops counting as resident memory.
    pub fn release(&self, start: usize, end: usize) {
        #[cfg(unix)]
        // SAFETY: DONTNEED on a read-only file map never changes what it reads: a page read
        // again is mapped again from the page cache (or, past a truncation, from the zero pages
        // the SIGBUS handler put there, which read as zeros again).
        let _ = unsafe {
            self.map.unchecked_advise_range(
                memmap2::UncheckedAdvice::DontNeed,
                start,
                end.saturating_sub(start),
            )
        };
        #[cfg(not(unix))]
        let _ = (start, end);
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        guard::unregister(self.slot);
    }
}

/// A mapped range the SIGBUS handler may repair.
struct Region {
    start: AtomicUsize,
    len: AtomicUsize,
    cut: AtomicBool,
}

mod guard {
    use super::*;

    /// Maps alive at once; more are read instead (the engine maps one input at a time).
    const SLOTS: usize = 64;

    #[allow(clippy::declare_interior_mutable_const)]
    const FREE: Region = Region {
        start: AtomicUsize::new(0),
        len: AtomicUsize::new(0),
        cut: AtomicBool::new(false),
    };

    pub(super) static REGIONS: [Region; SLOTS] = [FREE; SLOTS];

    /// Takes a free slot for the map at `start`.
    pub(super) fn register(start: usize, len: usize) -> Option<usize> {
        for (i, r) in REGIONS.iter().enumerate() {
            if r.len
                .compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                r.cut.store(false, Ordering::Release);
                r.start.store(start, Ordering::Release);
                r.len.store(len, Ordering::Release);
                return Some(i);
            }
        }
        None
    }

    pub(super) fn unregister(slot: usize) {
        let r = &REGIONS[slot];
        r.start.store(0, Ordering::Release);
        r.len.store(0, Ordering::Release);
    }

    #[cfg(target_os = "linux")]
    mod handler {
        use super::REGIONS;
        use std::sync::atomic::Ordering;
        use std::sync::OnceLock;

        /// The SIGBUS action that was in place before ours (Rust's runtime installs one), run
        /// for faults that are not in a map of ours.
        struct Previous(libc::sigaction);
        // SAFETY: a plain C struct, written once before the handler can run and only read after.
        unsafe impl Sync for Previous {}
        unsafe impl Send for Previous {}

        static PREVIOUS: OnceLock<Option<(Previous, usize)>> = OnceLock::new();

        /// Installs the handler once; `None` if that failed (files are then read).
        pub fn install() -> Option<()> {
            PREVIOUS
                .get_or_init(|| {
                    // SAFETY: sysconf and sigaction with valid, zero-initialised arguments.
                    unsafe {
                        let page = libc::sysconf(libc::_SC_PAGESIZE);
                        let page = usize::try_from(page).ok().filter(|p| p.is_power_of_two())?;
                        let mut old: libc::sigaction = std::mem::zeroed();
                        if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut old) != 0 {
                            return None;
                        }
                        let previous = Previous(old);
                        let mut new: libc::sigaction = std::mem::zeroed();
                        new.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
                        new.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                        libc::sigemptyset(&mut new.sa_mask);
                        // The previous action is stored before ours can run.
                        let stored = Some((previous, page));
                        if libc::sigaction(libc::SIGBUS, &new, std::ptr::null_mut()) != 0 {
                            return None;
                        }
                        stored
                    }
                })
                .as_ref()
                .map(|_| ())
        }

        /// A SIGBUS in a map of ours: the file behind it got shorter. Zero pages take the place
        /// of the rest of the map, the map is marked as cut, and the read that faulted is
        /// retried (and reads zeros). Any other SIGBUS gets the action that was there before.
        extern "C" fn on_sigbus(_: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
            // SAFETY: the kernel hands a valid siginfo to an SA_SIGINFO handler; only
            // async-signal-safe calls (mmap, sigaction) and atomics are used.
            unsafe {
                let Some(Some((previous, page))) = PREVIOUS.get() else {
                    return;
                };
                let addr = (*info).si_addr() as usize;
                for r in REGIONS.iter() {
                    let start = r.start.load(Ordering::Acquire);
                    let len = r.len.load(Ordering::Acquire);
                    if start == 0 || len == usize::MAX || addr < start || addr - start >= len {
                        continue;
                    }
                    let from = addr & !(page - 1);
                    let zeros = libc::mmap(
                        from as *mut libc::c_void,
                        start + len - from,
                        libc::PROT_READ,
                        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                        -1,
                        0,
                    );
                    if zeros != libc::MAP_FAILED {
                        r.cut.store(true, Ordering::Release);
                        return;
                    }
                }
                libc::sigaction(libc::SIGBUS, &previous.0, std::ptr::null_mut());
            }
        }
    }

    #[cfg(target_os = "linux")]
    pub(super) use handler::install;

    #[cfg(not(target_os = "linux"))]
    pub(super) fn install() -> Option<()> {
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_cut_while_mapped_reads_as_zeros_and_is_reported_not_fatal() {
        // logrotate's copytruncate empties a live log while it may be read: reading the lost
        // pages of a map would raise SIGBUS and kill the run.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.log");
        let mut f = File::create(&path).unwrap();
        let line = b"2026-11-27 10:00:00 ERROR something broke\n";
        let len = 64 * 1024;
        let mut written = 0;
        while written < len {
            f.write_all(line).unwrap();
            written += line.len();
        }
        f.flush().unwrap();
        let file = File::open(&path).unwrap();
        let size = file.metadata().unwrap().len();
        let map = Mapping::open(&file, size).expect("a regular file maps");
        assert_eq!(&map.bytes()[..line.len()], line);
        assert!(!map.was_cut());
        // Cut the file to 4 KiB while it is mapped, then read all of the map.
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(4096)
            .unwrap();
        let bytes = map.bytes();
        let zeros = bytes[8192..].iter().filter(|&&b| b == 0).count();
        assert_eq!(zeros, bytes.len() - 8192, "the lost part reads as zeros");
        assert!(map.was_cut(), "the map knows the file was cut");
        assert_eq!(&bytes[..line.len()], line, "what is left reads as before");
        // Pages handed back and read again read the same.
        map.release(0, bytes.len());
        assert_eq!(&map.bytes()[..line.len()], line);
        assert!(map.bytes()[8192..].iter().all(|&b| b == 0));
    }

    #[test]
    fn released_pages_read_again_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.log");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let file = File::open(&path).unwrap();
        let map = Mapping::open(&file, data.len() as u64).unwrap();
        map.prepare(1000, 150_000);
        assert_eq!(map.bytes(), &data[..]);
        map.release(5000, 120_001);
        assert_eq!(map.bytes(), &data[..]);
        assert!(!map.was_cut());
    }
}
