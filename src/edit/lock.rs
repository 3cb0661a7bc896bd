//! One editor at a time per configuration directory.
//!
//! Editing commands that write take an advisory lock (`flock`) on the configuration
//! directory before they read the configuration, and hold it until every file is saved,
//! so two administrators editing at once apply their changes one after the other instead
//! of one losing the other's (crudini and postconf lock in the same spirit). Locking the
//! directory itself leaves nothing behind in a checkout. Where directories cannot be
//! locked (NFS emulates `flock` with write locks), the lock is taken on a lock file,
//! `.imtacfg.lock`, created in the directory and never removed (removing lock files races).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

/// The lock file's name.
pub const LOCK_FILE: &str = ".imtacfg.lock";

/// A held lock; released on drop.
#[derive(Debug)]
pub struct EditLock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another editor held it for the whole wait.
    Busy {
        /// What was locked: the configuration directory, or its `.imtacfg.lock`.
        path: PathBuf,
        /// How long imtacfg waited before giving up.
        waited: Duration,
    },
    /// The directory or the lock file could not be opened or locked.
    Io {
        /// The directory or lock file concerned.
        path: PathBuf,
        /// The error of the system call.
        error: std::io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { path, waited } => write!(
                f,
                "{}: another imtacfg has been editing this configuration for {} s; nothing was written (try again)",
                path.display(),
                waited.as_secs()
            ),
            LockError::Io { path, error } => write!(f, "{}: cannot lock: {error}", path.display()),
        }
    }
}

impl std::error::Error for LockError {}

impl EditLock {
    /// Take the lock of directory `dir`, waiting up to `timeout` for another editor.
    pub fn acquire(dir: &Path, timeout: Duration) -> Result<EditLock, LockError> {
        let io = |path: &Path, error| LockError::Io { path: path.to_path_buf(), error };
        let d = File::open(dir).map_err(|e| io(dir, e))?;
        match wait_for(&d, dir, timeout) {
            Err(LockError::Io { .. }) => {}
            other => return other.map(|()| EditLock { _file: d }),
        }
        let path = dir.join(LOCK_FILE);
        let mut o = OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // The tree may hold a link or a FIFO under this name: never follow or block.
            o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).mode(0o644);
        }
        let file = o.open(&path).map_err(|e| io(&path, e))?;
        if !file.metadata().map_err(|e| io(&path, e))?.is_file() {
            return Err(io(&path, std::io::Error::other("not a regular file")));
        }
        wait_for(&file, &path, timeout).map(|()| EditLock { _file: file })
    }
}

/// Try to lock `file` until `timeout` has passed.
fn wait_for(file: &File, path: &Path, timeout: Duration) -> Result<(), LockError> {
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(LockError::Busy { path: path.to_path_buf(), waited: start.elapsed() });
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(LockError::Io { path: path.to_path_buf(), error });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_editor_waits_then_gives_up() {
        let d = tempfile::tempdir().unwrap();
        let held = EditLock::acquire(d.path(), Duration::from_secs(1)).unwrap();
        let e = EditLock::acquire(d.path(), Duration::from_millis(50)).unwrap_err();
        assert!(matches!(e, LockError::Busy { .. }), "{e}");
        drop(held);
        EditLock::acquire(d.path(), Duration::from_millis(50)).unwrap();
        // Nothing is left behind in the directory.
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    }
}
