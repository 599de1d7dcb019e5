//! Turning the paths a user named into the list of inputs to read.

use std::path::{Path, PathBuf};

/// Version-control folders hold history, not logs.
pub(super) const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj"];

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Stdin,
    File(PathBuf),
}

/// One input to read, with the name reports use for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub kind: InputKind,
}

impl Input {
    pub fn stdin() -> Input {
        Input {
            name: String::from("<stdin>"),
            kind: InputKind::Stdin,
        }
    }

    pub fn file(path: &Path) -> Input {
        Input {
            name: path.display().to_string(),
            kind: InputKind::File(path.to_path_buf()),
        }
    }
}

/// A path that could not be turned into inputs, with the reason, for a one-line error.
#[derive(Debug)]
pub struct ExpandError {
    pub path: String,
    pub reason: String,
}

/// Expands the named paths: files stay as they are, folders are walked recursively in name
/// order (version-control folders skipped), `-` is stdin. Paths that cannot be read are
/// returned as errors; the rest are still read.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<ExpandError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin());
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(ExpandError {
                path: path.display().to_string(),
                reason: io_reason(&e),
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::file(path)),
        }
    }
    (inputs, errors)
}

fn walk_dir(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<ExpandError>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(e.file_type().is_dir()
                && e.depth() > 0
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => inputs.push(Input::file(e.path())),
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let reason = if let Some(ancestor) = e.loop_ancestor() {
                    format!("symbolic link loop back to {}", ancestor.display())
                } else if let Some(io) = e.io_error() {
                    io_reason(io)
                } else {
                    e.to_string()
                };
                errors.push(ExpandError { path, reason });
            }
        }
    }
}

/// An I/O error as a short reason, without Rust's `(os error N)` suffix noise kept only where
/// it says something.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => String::from("no such file or folder"),
        PermissionDenied => String::from("permission denied"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_name_order_without_vcs_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/.git")).unwrap();
        std::fs::write(dir.path().join("b/.git/HEAD"), "ref").unwrap();
        std::fs::write(dir.path().join("b/z.log"), "z").unwrap();
        std::fs::write(dir.path().join("a.log"), "a").unwrap();
        let (inputs, errors) = expand(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty());
        let names: Vec<_> = inputs
            .iter()
            .map(|i| {
                Path::new(&i.name)
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, vec!["a.log", "b/z.log"]);
    }

    #[test]
    fn a_missing_path_is_an_error_naming_it() {
        let (inputs, errors) = expand(&[PathBuf::from("/nonexistent/culprit-test.log")]);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].reason, "no such file or folder");
    }
}
