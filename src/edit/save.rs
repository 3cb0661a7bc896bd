//! Saving edited files safely: refuse when the file changed on disk since it was read,
//! write a temporary file in the same directory, fsync it, keep mode and owner, rename it
//! over the original (through a symlink, onto its target), fsync the directory.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is not what was read: someone else edited it meanwhile.
    ChangedOnDisk(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::ChangedOnDisk(p) => write!(
                f,
                "{}: the file changed on disk since it was read; nothing was written (run the command again)",
                p.display()
            ),
            SaveError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Written {
        backup: Option<PathBuf>,
    },
    /// The new bytes equal the bytes on disk.
    Unchanged,
}

/// Options of a save.
#[derive(Debug, Clone, Default)]
pub struct SaveOptions {
    /// Keep the old file as `FILE.imtacfg-YYYYmmddTHHMMSS`.
    pub backup: bool,
    /// Testing only: stop after the temporary file is written and synced, before the
    /// rename, as a crash there would.
    #[doc(hidden)]
    pub crash_before_rename: bool,
}

/// Save `new` over `path`, which must still hold `original` (`None`: must not exist).
pub fn save(
    path: &Path,
    original: Option<&[u8]>,
    new: &[u8],
    opts: &SaveOptions,
) -> Result<Saved, SaveError> {
    let io = |e: std::io::Error| SaveError::Io(path.to_path_buf(), e);
    // Write through a symlink: replace its target, keep the link.
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(io)?,
        _ => path.to_path_buf(),
    };
    let current = match fs::read(&target) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if current.as_deref() != original {
        return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
    }
    if current.as_deref() == Some(new) {
        return Ok(Saved::Unchanged);
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta = fs::metadata(&target).ok();
    let backup = match (&current, opts.backup) {
        (Some(old), true) => {
            let b = backup_path(&target);
            fs::write(&b, old).map_err(io)?;
            if let Some(m) = &meta {
                let _ = fs::set_permissions(&b, m.permissions());
            }
            Some(b)
        }
        _ => None,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".imtacfg-")
        .tempfile_in(&dir)
        .map_err(io)?;
    tmp.write_all(new).map_err(io)?;
    if let Some(m) = &meta {
        fs::set_permissions(tmp.path(), m.permissions()).map_err(io)?;
        keep_owner(tmp.as_file(), m);
    }
    tmp.as_file().sync_all().map_err(io)?;
    if opts.crash_before_rename {
        // Leave the temporary file behind, as a crash would; the original is untouched.
        let _ = tmp.keep();
        return Err(io(std::io::Error::other("simulated crash before rename")));
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(Saved::Written { backup })
}

#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::io::AsRawFd;
    // SAFETY: fchown on a descriptor we own; failure (not root) leaves the owner as is.
    unsafe {
        libc::fchown(file.as_raw_fd(), meta.uid(), meta.gid());
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _meta: &fs::Metadata) {}

/// `FILE.imtacfg-YYYYmmddTHHMMSS` (UTC), with a counter if that exists already.
fn backup_path(path: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86400, secs % 86400);
    let (y, m, d) = civil_from_days(days as i64);
    let stamp = format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    let base = format!("{}.imtacfg-{stamp}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}.{n}"));
        n += 1;
    }
    candidate
}

/// Days since 1970-01-01 to a (year, month, day) date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_782), (2026, 11, 25));
    }

    #[test]
    fn refuses_a_file_changed_on_disk() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("option.dat");
        fs::write(&p, "A=2\n").unwrap();
        let e = save(&p, Some(b"A=1\n"), b"A=3\n", &SaveOptions::default()).unwrap_err();
        assert!(matches!(e, SaveError::ChangedOnDisk(_)));
        assert_eq!(fs::read(&p).unwrap(), b"A=2\n");
    }

    #[test]
    fn crash_before_rename_keeps_the_original() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("option.dat");
        fs::write(&p, "A=1\n").unwrap();
        let opts = SaveOptions {
            crash_before_rename: true,
            ..Default::default()
        };
        assert!(save(&p, Some(b"A=1\n"), b"A=2\n", &opts).is_err());
        assert_eq!(fs::read(&p).unwrap(), b"A=1\n");
    }
}
