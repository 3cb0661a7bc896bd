//! Saving edited files without losing anything: not a concurrent change, not a byte of
//! the old file, not its mode, owner, group, extended attributes or ACLs.
//!
//! A new version is written to a temporary file in the same directory, given the old
//! file's owner, group, extended attributes (POSIX ACLs and SELinux labels are extended
//! attributes) and mode (setuid and setgid bits included, set after the owner because a
//! change of owner clears them), checked, and synced. When any of it cannot be kept the
//! save is refused with the reason. The old file is then compared with what was read
//! right before the new one takes its place, and on Linux the two are swapped atomically
//! (`renameat2(RENAME_EXCHANGE)`), so the old version can be checked once more after the
//! swap and the swap undone if someone changed it in between. Where the swap is not
//! supported a plain rename is used. A backup is the old file itself (renamed, or hard
//! linked), so it is complete by construction and needs no space; when neither works it
//! is a synced copy, and a copy that cannot be completed is removed and the save refused.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::access::{open_no_block, read_limited};

/// Why a file was not written.
#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is not what was read: someone else edited it meanwhile.
    ChangedOnDisk(PathBuf),
    /// Something of the old file (owner, an extended attribute, a mode bit) could not be
    /// given to the new one.
    CannotKeep {
        /// The file being saved.
        path: PathBuf,
        /// What cannot be kept, in words (such as "the owner and group").
        what: String,
    },
    /// Reading, writing, syncing or renaming this path failed.
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
            SaveError::CannotKeep { path, what } => write!(
                f,
                "{}: cannot keep {what} on the new version; nothing was written",
                path.display()
            ),
            SaveError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The new version took the old one's place.
    Written {
        /// Where the old version was kept, when a backup was asked for.
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
    /// For a new file: the file whose mode (and, for root, owner and group) it takes,
    /// normally a sibling in the configuration directory.
    pub like: Option<PathBuf>,
    /// Testing only: stop after the temporary file is written and synced, before the
    /// rename, as a crash there would.
    #[doc(hidden)]
    pub crash_before_rename: bool,
}

/// Save `new` over `path` (a real path: no symbolic link), which must still hold
/// `original` (`None`: must not exist).
pub fn save(
    path: &Path,
    original: Option<&[u8]>,
    new: &[u8],
    opts: &SaveOptions,
) -> Result<Saved, SaveError> {
    let io = |e: std::io::Error| SaveError::Io(path.to_path_buf(), e);
    let dir = crate::model::config_set::parent_dir(path);
    let Some(original) = original else {
        return create(path, &dir, new, opts);
    };
    let (old, meta) = read_current(path, original.len())?;
    if old != original {
        return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
    }
    if old == new {
        return Ok(Saved::Unchanged);
    }
    let tmp = Temp::create(&dir, path, 0o600).map_err(io)?;
    tmp.file().write_all(new).map_err(io)?;
    keep_metadata(path, &meta, tmp.file())?;
    tmp.file().sync_all().map_err(io)?;
    if opts.crash_before_rename {
        // Leave the temporary file behind, as a crash would; the original is untouched.
        tmp.keep();
        return Err(io(std::io::Error::other("simulated crash before rename")));
    }
    // The last look before the new version takes the old one's place.
    if read_current(path, original.len())?.0 != original {
        return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
    }
    let backup = match exchange(tmp.path(), path) {
        Ok(()) => {
            // The temporary name now holds the old file: was it still what was read?
            let swapped = fs::read(tmp.path()).map_err(io)?;
            if swapped != original {
                // Put theirs back; ours goes.
                exchange(tmp.path(), path).map_err(io)?;
                return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
            }
            if opts.backup {
                let b = backup_path(path);
                fs::rename(tmp.path(), &b).map_err(io)?;
                tmp.keep();
                Some(b)
            } else {
                None
            }
        }
        Err(_) => {
            let b = if opts.backup { Some(make_backup(path, &dir, original)?) } else { None };
            fs::rename(tmp.path(), path).map_err(io)?;
            tmp.keep();
            b
        }
    };
    sync_dir(&dir);
    Ok(Saved::Written { backup })
}

/// Create a file that must not exist yet, with the mode of `opts.like` (else the
/// umask's), never replacing one that appeared meanwhile.
fn create(path: &Path, dir: &Path, new: &[u8], opts: &SaveOptions) -> Result<Saved, SaveError> {
    let io = |e: std::io::Error| SaveError::Io(path.to_path_buf(), e);
    if path.symlink_metadata().is_ok() {
        return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
    }
    // Without a model the kernel applies the umask to 0666, as for any new file.
    let like = opts.like.as_deref().and_then(|l| fs::metadata(l).ok());
    let tmp = Temp::create(dir, path, 0o666).map_err(io)?;
    tmp.file().write_all(new).map_err(io)?;
    if let Some(m) = &like {
        take_like(tmp.file(), m).map_err(io)?;
    }
    tmp.file().sync_all().map_err(io)?;
    if opts.crash_before_rename {
        tmp.keep();
        return Err(io(std::io::Error::other("simulated crash before rename")));
    }
    // A hard link fails if the name exists: a file that appeared meanwhile is kept.
    match fs::hard_link(tmp.path(), path) {
        Ok(()) => drop(tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
        }
        // No hard links on this file system: a rename that refuses to replace.
        Err(e) => match rename_no_replace(tmp.path(), path) {
            Ok(()) => tmp.keep(),
            Err(r) if r.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
            }
            Err(_) => return Err(io(e)),
        },
    }
    sync_dir(dir);
    Ok(Saved::Written { backup: None })
}

/// The bytes and metadata of the file at `path` now (it must be a regular file; it is read
/// a little past the expected length, enough to tell it changed).
fn read_current(path: &Path, expected: usize) -> Result<(Vec<u8>, fs::Metadata), SaveError> {
    let io = |e: std::io::Error| SaveError::Io(path.to_path_buf(), e);
    let file = match open_no_block(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
        }
        Err(e) => return Err(io(e)),
    };
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
    }
    let bytes = match read_limited(&file, meta.len(), expected as u64 + 1) {
        Ok(b) => b,
        Err(_) => return Err(SaveError::ChangedOnDisk(path.to_path_buf())),
    };
    Ok((bytes, meta))
}

/// Give `to` the owner, group, extended attributes and mode of the file `meta` describes,
/// then check that they took.
#[cfg(unix)]
fn keep_metadata(path: &Path, meta: &fs::Metadata, to: &File) -> Result<(), SaveError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let cannot = |what: String| SaveError::CannotKeep { path: path.to_path_buf(), what };
    let io = |e: std::io::Error| SaveError::Io(path.to_path_buf(), e);
    let mine = to.metadata().map_err(io)?;
    if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
        std::os::unix::fs::fchown(to, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
            cannot(format!(
                "its owner and group ({}:{}) as user {} ({e}); run as the owner or as root",
                meta.uid(),
                meta.gid(),
                mine.uid()
            ))
        })?;
    }
    let source = File::open(path).map_err(io)?;
    for (name, value) in xattrs(&source).map_err(io)? {
        rustix::fs::fsetxattr(to, name.as_slice(), &value, rustix::fs::XattrFlags::empty())
            .map_err(|e| {
                cannot(format!("its extended attribute {} ({e})", String::from_utf8_lossy(&name)))
            })?;
    }
    // After the owner: changing the owner clears setuid and setgid.
    let mode = meta.mode() & 0o7777;
    to.set_permissions(fs::Permissions::from_mode(mode)).map_err(io)?;
    let now = to.metadata().map_err(io)?;
    if now.mode() & 0o7777 != mode {
        return Err(cannot(format!(
            "its mode {mode:04o} (the new file has {:04o})",
            now.mode() & 0o7777
        )));
    }
    if (now.uid(), now.gid()) != (meta.uid(), meta.gid()) {
        return Err(cannot(format!("its owner and group ({}:{})", meta.uid(), meta.gid())));
    }
    if xattrs(to).map_err(io)? != xattrs(&source).map_err(io)? {
        return Err(cannot("its extended attributes".into()));
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_metadata(path: &Path, meta: &fs::Metadata, to: &File) -> Result<(), SaveError> {
    to.set_permissions(meta.permissions()).map_err(|e| SaveError::Io(path.to_path_buf(), e))
}

/// A new file takes the mode of a sibling (and, for root, its owner and group).
#[cfg(unix)]
fn take_like(to: &File, like: &fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if rustix::process::geteuid().is_root() {
        std::os::unix::fs::fchown(to, Some(like.uid()), Some(like.gid()))?;
    }
    to.set_permissions(fs::Permissions::from_mode(like.mode() & 0o777))
}

#[cfg(not(unix))]
fn take_like(_to: &File, _like: &fs::Metadata) -> std::io::Result<()> {
    Ok(())
}

/// Every extended attribute of a file, sorted by name. A file system without extended
/// attributes has none.
#[cfg(unix)]
fn xattrs(file: &File) -> std::io::Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let unsupported = |e: &rustix::io::Errno| *e == rustix::io::Errno::NOTSUP;
    let len = match rustix::fs::flistxattr_query(file) {
        Ok(n) => n,
        Err(e) if unsupported(&e) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut list = vec![0u8; len];
    let n = rustix::fs::flistxattr(file, &mut list[..])?;
    list.truncate(n);
    let mut out = Vec::new();
    for name in list.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let size = rustix::fs::fgetxattr_query(file, name)?;
        let mut value = vec![0u8; size];
        let n = rustix::fs::fgetxattr(file, name, &mut value[..])?;
        value.truncate(n);
        out.push((name.to_vec(), value));
    }
    out.sort();
    Ok(out)
}

/// Swap two names atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(Into::into)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Rename `from` to `to` unless `to` exists (Linux `renameat2(RENAME_NOREPLACE)`).
#[cfg(target_os = "linux")]
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE).map_err(Into::into)
}

#[cfg(not(target_os = "linux"))]
fn rename_no_replace(_from: &Path, _to: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Keep the old file under a backup name before a plain rename replaces it: a hard link
/// when the file system has them, else a synced copy (removed again if it cannot be
/// completed, so a backup is whole or absent).
fn make_backup(path: &Path, dir: &Path, old: &[u8]) -> Result<PathBuf, SaveError> {
    let b = backup_path(path);
    if fs::hard_link(path, &b).is_ok() {
        return Ok(b);
    }
    let io = |e: std::io::Error| SaveError::Io(b.clone(), e);
    let tmp = Temp::create(dir, path, 0o600).map_err(io)?;
    copy_synced(tmp.file(), old).map_err(io)?;
    if let Ok(m) = fs::metadata(path) {
        let _ = tmp.file().set_permissions(m.permissions());
    }
    fs::rename(tmp.path(), &b).map_err(io)?;
    tmp.keep();
    Ok(b)
}

/// Write all of `bytes` and sync them, or fail.
fn copy_synced(mut to: impl Write + AsSync, bytes: &[u8]) -> std::io::Result<()> {
    to.write_all(bytes)?;
    to.flush()?;
    to.sync()
}

/// Something that can be synced to disk (a file; tests use writers that fail).
pub trait AsSync {
    /// Flush what was written all the way to the disk (`fsync`).
    fn sync(&self) -> std::io::Result<()>;
}

impl AsSync for &File {
    fn sync(&self) -> std::io::Result<()> {
        self.sync_all()
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A temporary file next to the file it will replace; removed on drop unless kept.
struct Temp {
    path: PathBuf,
    file: File,
    keep: std::cell::Cell<bool>,
}

impl Temp {
    fn create(dir: &Path, for_path: &Path, mode: u32) -> std::io::Result<Temp> {
        let base = for_path
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        for attempt in 0u32.. {
            let path =
                dir.join(format!(".imtacfg-{base}-{}-{}", std::process::id(), unique(attempt)));
            let mut o = fs::OpenOptions::new();
            o.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                o.mode(mode);
            }
            #[cfg(not(unix))]
            let _ = mode;
            match o.open(&path) {
                Ok(file) => {
                    return Ok(Temp { path, file, keep: false.into() });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {}
                Err(e) => return Err(e),
            }
        }
        unreachable!("the loop returns")
    }

    fn file(&self) -> &File {
        &self.file
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Do not remove the file on drop (it was renamed, or a crash is simulated).
    fn keep(&self) {
        self.keep.set(true);
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.keep.get() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A name part that differs between attempts and between runs.
fn unique(attempt: u32) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{nanos:08x}{attempt}")
}

/// `FILE.imtacfg-YYYYmmddTHHMMSS` (UTC), with a counter if that exists already.
fn backup_path(path: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86400, secs % 86400);
    let (y, m, d) = civil_from_days(days as i64);
    let stamp =
        format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}", rem / 3600, rem % 3600 / 60, rem % 60);
    let base = format!("{}.imtacfg-{stamp}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.symlink_metadata().is_ok() {
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
        let opts = SaveOptions { crash_before_rename: true, ..Default::default() };
        assert!(save(&p, Some(b"A=1\n"), b"A=2\n", &opts).is_err());
        assert_eq!(fs::read(&p).unwrap(), b"A=1\n");
    }

    #[test]
    fn writes_keep_a_whole_backup_and_leave_no_temporary_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("option.dat");
        fs::write(&p, "A=1\n").unwrap();
        let opts = SaveOptions { backup: true, ..Default::default() };
        let Saved::Written { backup: Some(b) } = save(&p, Some(b"A=1\n"), b"A=2\n", &opts).unwrap()
        else {
            panic!("no backup")
        };
        assert_eq!(fs::read(&p).unwrap(), b"A=2\n");
        assert_eq!(fs::read(&b).unwrap(), b"A=1\n");
        let names: Vec<String> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn mode_with_setuid_and_setgid_survives() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("imta.cnf");
        fs::write(&p, "a\n").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o6640)).unwrap();
        save(&p, Some(b"a\n"), b"b\n", &SaveOptions::default()).unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o7777, 0o6640);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_takes_its_siblings_mode() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let sibling = d.path().join("imta.cnf");
        fs::write(&sibling, "a\n").unwrap();
        fs::set_permissions(&sibling, fs::Permissions::from_mode(0o644)).unwrap();
        let p = d.path().join("option.dat");
        let opts = SaveOptions { like: Some(sibling), ..Default::default() };
        save(&p, None, b"A=1\n", &opts).unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        // It must not exist: a second creation is refused, the file kept.
        assert!(matches!(save(&p, None, b"A=2\n", &opts), Err(SaveError::ChangedOnDisk(_))));
        assert_eq!(fs::read(&p).unwrap(), b"A=1\n");
    }

    /// A writer that runs out of space after a few bytes, as a full disk does.
    struct Full(usize);

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
            }
            let n = buf.len().min(self.0);
            self.0 -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl AsSync for Full {
        fn sync(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_backup_copy_that_does_not_fit_is_an_error() {
        assert!(copy_synced(Full(3), b"A=1\nB=2\n").is_err());
        assert!(copy_synced(Full(100), b"A=1\nB=2\n").is_ok());
    }
}
