//! Where log lines come from: files (plain or gzip-compressed, told by their first
//! bytes), standard input, or the log directory of a configuration. Files are read as
//! streams through a fixed buffer, so memory does not grow with the file; a line longer
//! than [`MAX_LINE`] is cut there and the rest of it skipped (the record says how much).
//!
//! Files named on the command line may be anywhere (the user asked for them) but must be
//! regular files; a log directory named by imta_tailor is a path from a file of the
//! configuration and so follows the access rules (inside the configuration directory
//! unless `--allow-outside`). See [`crate::access`].
//!
//! Layer: uses `access`, `log::decode`, `log::record`, `log::time`.

use std::fs::File;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::LogError;
use super::decode::Decoder;
use super::record::Record;
use super::text::Learned;
use super::time::Timestamp;
use crate::access::{Access, not_regular, open_no_block};

/// The longest line kept whole: 1 MiB. Longer lines are cut (and reported).
pub const MAX_LINE: usize = 1 << 20;
const CHUNK: usize = 1 << 20;

/// One input: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (named `-`).
    Stdin,
    /// A file, by its path.
    File(PathBuf),
}

/// The inputs of a run, in the order they are read.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Each input with its name as given (or as found in the log directory).
    pub items: Vec<(String, Source)>,
}

impl Inputs {
    /// The names used in records and messages.
    pub fn names(&self) -> Vec<String> {
        self.items.iter().map(|(n, _)| n.clone()).collect()
    }

    /// Inputs named on the command line (`-` is standard input). Each file must exist and
    /// be a regular file (checked now, so a bad name fails before any output).
    pub fn from_args(args: &[String]) -> Result<Inputs, LogError> {
        Inputs::from_args_limited(args, None)
    }

    /// As [`Inputs::from_args`], refusing files larger than `limit` bytes when one is
    /// given (logs are streamed, so no limit is needed for memory; the user may set one).
    pub fn from_args_limited(args: &[String], limit: Option<u64>) -> Result<Inputs, LogError> {
        let mut items = Vec::new();
        for a in args {
            if a == "-" {
                items.push(("-".to_string(), Source::Stdin));
                continue;
            }
            let p = Path::new(a);
            let meta = std::fs::metadata(p).map_err(|e| LogError::Open {
                path: a.clone(),
                message: if e.kind() == io::ErrorKind::NotFound {
                    "no such file".into()
                } else {
                    e.to_string()
                },
            })?;
            if let Some(what) = not_regular(&meta.file_type()) {
                return Err(LogError::Open {
                    path: a.clone(),
                    message: format!("is {what}, not a regular file; not read"),
                });
            }
            if let Some(limit) = limit
                && meta.len() > limit
            {
                return Err(LogError::Open {
                    path: a.clone(),
                    message: format!(
                        "is {} bytes, over the {limit}-byte limit; not read (raise it with --max-file-size)",
                        meta.len()
                    ),
                });
            }
            items.push((a.clone(), Source::File(p.to_path_buf())));
        }
        Ok(Inputs { items })
    }

    /// The log files of a log directory: `mail.log_yesterday`, `mail.log_current` and
    /// their `connection.log` counterparts, those that exist, checked by `access`.
    /// (`mail.log` is left out: the nightly rollover appends `_yesterday` to it.)
    pub fn from_log_dir(dir: &Path, access: &Access) -> Result<Inputs, LogError> {
        let mut items = Vec::new();
        for name in [
            "mail.log_yesterday", "mail.log_current", "connection.log_yesterday",
            "connection.log_current",
        ] {
            let p = dir.join(name);
            match access.check(&p) {
                Ok(_) => items.push((p.display().to_string(), Source::File(p))),
                Err(crate::access::ReadError::Missing) => {}
                Err(e) => {
                    return Err(LogError::Open {
                        path: p.display().to_string(),
                        message: e.to_string(),
                    });
                }
            }
        }
        if items.is_empty() {
            return Err(LogError::Open {
                path: dir.display().to_string(),
                message: "no mail.log_current or mail.log_yesterday here".into(),
            });
        }
        Ok(Inputs { items })
    }

    /// Put the files in time order by the first time stamp of each (standard input and
    /// files without one keep their place after the others).
    pub fn sort_by_time(&mut self) {
        let mut keyed: Vec<(Option<Timestamp>, usize, (String, Source))> =
            self.items.drain(..).enumerate().map(|(i, it)| (first_time(&it.1), i, it)).collect();
        keyed.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x.cmp(&y).then(a.1.cmp(&b.1)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.1.cmp(&b.1),
        });
        self.items = keyed.into_iter().map(|k| k.2).collect();
    }

    /// Total size of the files in bytes (for a progress bar), if known.
    pub fn total_bytes(&self) -> Option<u64> {
        let mut n = 0;
        for (_, s) in &self.items {
            match s {
                Source::File(p) => n += std::fs::metadata(p).ok()?.len(),
                Source::Stdin => return None,
            }
        }
        Some(n)
    }
}

/// The time stamp of the first decodable line within the first 64 KiB.
fn first_time(s: &Source) -> Option<Timestamp> {
    let Source::File(p) = s else { return None };
    let mut quiet = |_: u64| {};
    let r = open_reader(p, &mut quiet).ok()?;
    let mut lines = LineReader::new(r);
    let mut dec = Decoder::default();
    let mut seen = 0;
    while let Some(Ok(l)) = lines.next_line() {
        seen += l.bytes.len();
        let rec = dec.decode(0, 0, l.bytes, l.newline);
        if rec.time.is_some() {
            return rec.time;
        }
        if seen > 1 << 16 {
            break;
        }
    }
    None
}

/// Counts the bytes read through it.
struct Counting<'p, R> {
    inner: R,
    progress: &'p mut dyn FnMut(u64),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}

/// Open a file for streaming: gzip-compressed when it starts with the gzip magic.
fn open_reader<'p>(
    path: &Path,
    progress: &'p mut dyn FnMut(u64),
) -> io::Result<Box<dyn Read + 'p>> {
    let file: File = open_no_block(path)?;
    let meta = file.metadata()?;
    if let Some(what) = not_regular(&meta.file_type()) {
        return Err(io::Error::other(format!("is {what}, not a regular file")));
    }
    let mut peek = [0u8; 2];
    let mut f = file;
    let got = read_full(&mut f, &mut peek)?;
    let head = io::Cursor::new(peek[..got].to_vec());
    let counted = Counting { inner: head.chain(f), progress };
    if got == 2 && peek == [0x1f, 0x8b] {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(io::BufReader::with_capacity(
            CHUNK, counted,
        ))))
    } else {
        Ok(Box::new(counted))
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// One line as read.
#[derive(Debug)]
pub struct Line<'a> {
    /// The line's bytes, without the `\n`.
    pub bytes: &'a [u8],
    /// A `\n` ended the line (the last line of a file may lack one).
    pub newline: bool,
    /// The line was longer than the limit: these are its first bytes only.
    pub cut: bool,
}

/// Splits a stream into lines through a buffer of bounded size.
pub struct LineReader<R> {
    r: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// A cut line's rest is being skipped.
    skipping: bool,
    max_line: usize,
}

impl<R: Read> LineReader<R> {
    /// A reader that cuts lines at `MAX_LINE` bytes.
    pub fn new(r: R) -> LineReader<R> {
        LineReader::with_max_line(r, MAX_LINE)
    }

    /// A reader that cuts lines at `max_line` bytes.
    pub fn with_max_line(r: R, max_line: usize) -> LineReader<R> {
        LineReader {
            r,
            buf: vec![0; CHUNK.max(max_line) + CHUNK],
            start: 0,
            end: 0,
            eof: false,
            skipping: false,
            max_line,
        }
    }

    /// Read more into the buffer, moving what is left to the front first.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        while self.end < self.buf.len() {
            match self.r.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    self.end += n;
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The next line; `None` at the end.
    pub fn next_line(&mut self) -> Option<io::Result<Line<'_>>> {
        let mut search_from = self.start;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[search_from..self.end]) {
                let nl = search_from + i;
                let s = self.start;
                self.start = nl + 1;
                if self.skipping {
                    // The rest of a cut line (its head was already returned).
                    self.skipping = false;
                    search_from = self.start;
                    continue;
                }
                if nl - s > self.max_line {
                    return Some(Ok(Line {
                        bytes: &self.buf[s..s + self.max_line],
                        newline: false,
                        cut: true,
                    }));
                }
                return Some(Ok(Line { bytes: &self.buf[s..nl], newline: true, cut: false }));
            }
            if self.skipping {
                self.start = self.end;
            } else if self.end - self.start >= self.max_line {
                // Too long: hand out the head now, skip to the next newline.
                let s = self.start;
                self.start += self.max_line;
                self.skipping = true;
                return Some(Ok(Line {
                    bytes: &self.buf[s..s + self.max_line],
                    newline: false,
                    cut: true,
                }));
            }
            if self.eof {
                if self.start < self.end {
                    let s = self.start;
                    self.start = self.end;
                    return Some(Ok(Line {
                        bytes: &self.buf[s..self.end],
                        newline: false,
                        cut: false,
                    }));
                }
                return None;
            }
            search_from = self.end - self.start;
            if let Err(e) = self.fill() {
                self.eof = true;
                self.start = self.end;
                return Some(Err(e));
            }
            search_from = search_from.min(self.end);
        }
    }
}

/// A line's record: decoded, or an error when the line was cut at [`MAX_LINE`].
fn decode_line<'a>(dec: &mut Decoder, file: usize, n: u64, l: &Line<'a>) -> Record<'a> {
    let mut rec = Record::new(file, n, l.bytes, l.newline);
    decode_cut(dec, &mut rec, l.cut);
    rec
}

/// Decode a new record in place; a line cut at [`MAX_LINE`] is an error.
fn decode_cut(dec: &mut Decoder, rec: &mut Record<'_>, cut: bool) {
    dec.decode_into(rec);
    if cut {
        rec.kind = super::record::EntryKind::Error;
        rec.cut = true;
        rec.error = Some(std::borrow::Cow::Owned(format!(
            "line longer than {MAX_LINE} bytes: the first {MAX_LINE} kept, the rest skipped"
        )));
    }
}

/// The record of an input that cannot be read further.
fn read_error(file: usize, n: u64, e: &io::Error) -> Record<'static> {
    let mut rec = Record::new(file, n, b"", false);
    rec.error = Some(std::borrow::Cow::Owned(format!("cannot read further: {e}")));
    rec
}

/// Open an input as a stream, telling `progress` of every block read.
fn open_source<'p>(
    name: &str,
    src: &Source,
    progress: &'p mut dyn FnMut(u64),
) -> Result<Box<dyn Read + 'p>, LogError> {
    Ok(match src {
        Source::Stdin => Box::new(Counting { inner: io::stdin().lock(), progress }),
        Source::File(p) => open_reader(p, progress)
            .map_err(|e| LogError::Open { path: name.to_string(), message: e.to_string() })?,
    })
}

/// The bytes of the batch decoded on the main thread, and of the one decoded on the
/// other: the main thread also hands every record on, so it decodes less.
const MAIN_BATCH: usize = 2 << 20;
const WORKER_BATCH: usize = 4 << 20;
/// The first batch of an input is decoded alone, so that both decoders start with what
/// its lines show of the layout.
const FIRST_BATCH: usize = 64 << 10;

/// Consecutive lines copied out of the reader, to be decoded on either thread.
#[derive(Debug, Default)]
struct Batch {
    bytes: Vec<u8>,
    /// Start, end, newline, cut.
    lines: Vec<(usize, usize, bool, bool)>,
    /// The line number of the first line.
    first: u64,
}

/// Reads a stream straight into batches, split at line ends: the bytes are read once
/// into the batch that decodes them. A line longer than [`MAX_LINE`] is cut there and the
/// rest of it skipped, as [`LineReader`] does.
struct BatchReader<R> {
    r: R,
    /// The start of a line whose end is not read yet, for the next batch.
    carry: Vec<u8>,
    /// Inside the rest of a cut line.
    skipping: bool,
    eof: bool,
}

impl<R: Read> BatchReader<R> {
    fn new(r: R) -> BatchReader<R> {
        BatchReader { r, carry: Vec::new(), skipping: false, eof: false }
    }

    /// Read lines into `b` (numbered from `first`) until at least `limit` bytes or the
    /// end; an I/O error ends the batch and is returned.
    fn fill(&mut self, b: &mut Batch, first: u64, limit: usize) -> Option<io::Error> {
        b.lines.clear();
        b.first = first;
        // Room for the limit, the carried start of a line and one more read.
        let room = limit + MAX_LINE + CHUNK;
        if b.bytes.len() < room {
            b.bytes.resize(room, 0);
        }
        let mut len = self.carry.len();
        b.bytes[..len].copy_from_slice(&self.carry);
        self.carry.clear();
        let mut pos = 0;
        let mut err = None;
        loop {
            while let Some(i) = memchr::memchr(b'\n', &b.bytes[pos..len]) {
                let nl = pos + i;
                if self.skipping {
                    self.skipping = false;
                } else if nl - pos > MAX_LINE {
                    b.lines.push((pos, pos + MAX_LINE, false, true));
                } else {
                    b.lines.push((pos, nl, true, false));
                }
                pos = nl + 1;
            }
            if self.skipping {
                pos = len;
            } else if len - pos > MAX_LINE {
                b.lines.push((pos, pos + MAX_LINE, false, true));
                self.skipping = true;
                pos = len;
            }
            if len >= limit || self.eof || err.is_some() {
                break;
            }
            if pos == len && b.lines.is_empty() {
                // Nothing kept (the rest of a cut line was skipped): read from the start of
                // the room again, so that a line of any length is skipped in this batch.
                pos = 0;
                len = 0;
            }
            match self.r.read(&mut b.bytes[len..]) {
                Ok(0) => self.eof = true,
                Ok(n) => len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => err = Some(e),
            }
        }
        if pos < len {
            if self.eof || err.is_some() {
                b.lines.push((pos, len, false, false));
            } else {
                self.carry.extend_from_slice(&b.bytes[pos..len]);
            }
        }
        err
    }
}

impl Batch {
    /// Decode every line into `into` (emptied, so its room is used again).
    fn decode(
        &self,
        dec: &mut Decoder,
        file: usize,
        into: Vec<Record<'static>>,
    ) -> Vec<Record<'_>> {
        let mut out: Vec<Record<'_>> = into;
        out.clear();
        for (i, &(s, e, newline, cut)) in self.lines.iter().enumerate() {
            out.push(Record::new(file, self.first + i as u64, &self.bytes[s..e], newline));
            if let Some(rec) = out.last_mut() {
                decode_cut(dec, rec, cut);
            }
        }
        out
    }
}

/// The room of a vector of records, for the next batch: collected in place (the records
/// of any batch have the same size), so the allocation is reused instead of a new one of
/// a few MiB per batch.
// `filter_map` rather than `filter`: it is the lifetime of the item type that changes.
#[allow(clippy::unnecessary_filter_map)]
fn recycle(mut v: Vec<Record<'_>>) -> Vec<Record<'static>> {
    // Dropped in place first: the collect then moves nothing.
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// Read every input in order, decode each line and hand the records to `f` (which may
/// stop early with `ControlFlow::Break`). `progress` is told of every block of bytes
/// read. An input that fails mid-way (a corrupt gzip stream, an I/O error) yields an error
/// record at the line where it failed; the next inputs are still read.
///
/// Lines are decoded on two threads, in batches of a few MiB: one batch on this thread
/// while the next is decoded on the other, and `f` sees the records in input order.
/// Memory stays at the two batches whatever the size of the input.
pub fn for_each_record(
    inputs: &Inputs,
    dec: &mut Decoder,
    progress: &mut dyn FnMut(u64),
    f: &mut dyn FnMut(&Record<'_>) -> ControlFlow<()>,
) -> Result<(), LogError> {
    let mut worker = dec.clone();
    let (mut a, mut b) = (Batch::default(), Batch::default());
    let (mut spare_a, mut spare_b) = (Vec::new(), Vec::new());
    for (fi, (name, src)) in inputs.items.iter().enumerate() {
        let mut lines = BatchReader::new(open_source(name, src, &mut *progress)?);
        let mut n: u64 = 1;
        let mut first = true;
        loop {
            let main_limit = if first { FIRST_BATCH } else { MAIN_BATCH };
            let mut err = lines.fill(&mut a, n, main_limit);
            n += a.lines.len() as u64;
            b.lines.clear();
            if err.is_none() {
                err = lines.fill(&mut b, n, WORKER_BATCH);
                n += b.lines.len() as u64;
            }
            if a.lines.is_empty() && b.lines.is_empty() && err.is_none() {
                break;
            }
            let stop = std::thread::scope(|s| {
                let mut early = None;
                if first {
                    early = Some(a.decode(dec, fi, std::mem::take(&mut spare_a)));
                    worker.adopt_layout(dec);
                }
                let (w, batch, room) = (&mut worker, &b, std::mem::take(&mut spare_b));
                let other =
                    (!b.lines.is_empty()).then(|| s.spawn(move || batch.decode(w, fi, room)));
                let mine = early.unwrap_or_else(|| a.decode(dec, fi, std::mem::take(&mut spare_a)));
                for r in &mine {
                    if f(r).is_break() {
                        return true;
                    }
                }
                spare_a = recycle(mine);
                if let Some(h) = other {
                    let theirs = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    for r in &theirs {
                        if f(r).is_break() {
                            return true;
                        }
                    }
                    spare_b = recycle(theirs);
                }
                false
            });
            if stop {
                return Ok(());
            }
            dec.adopt_layout(&worker);
            worker.adopt_layout(dec);
            first = false;
            if let Some(e) = err {
                if f(&read_error(fi, n, &e)).is_break() {
                    return Ok(());
                }
                break;
            }
        }
    }
    Ok(())
}

/// The bytes of a batch decoded by [`fold_records`]' workers.
const FOLD_BATCH: usize = 2 << 20;
/// Batches waiting for or in the hands of each worker (so memory is bounded).
const FOLD_QUEUE: usize = 2;

/// A batch for a worker of [`fold_records`], with what the decoders have learned of the
/// layout so far.
struct Job {
    file: usize,
    batch: Batch,
    learned: Learned,
}

/// What a worker of [`fold_records`] hands back: the batch (for its room) and its fold.
struct Folded<T> {
    batch: Batch,
    acc: T,
    learned: Learned,
}

impl Batch {
    /// Decode every line and fold its record into `acc`: one record at a time, made and
    /// dropped in place (nothing kept, nothing moved).
    fn fold<T>(
        &self,
        dec: &mut Decoder,
        file: usize,
        acc: &mut T,
        fold: &(impl Fn(&mut T, &Record<'_>) + ?Sized),
    ) {
        for (i, &(s, e, newline, cut)) in self.lines.iter().enumerate() {
            let mut rec = Record::new(file, self.first + i as u64, &self.bytes[s..e], newline);
            decode_cut(dec, &mut rec, cut);
            fold(acc, &rec);
        }
    }
}

/// The number of decoding threads of [`fold_records`]: one per core, at least two.
fn fold_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8)
}

/// Read every input in order and fold its records on all cores: each batch of a few
/// MiB is decoded on a worker thread and its records folded into a value of its own
/// (`start` makes it, `fold` adds a record to it); `merge` gets these values on this
/// thread in input order, so whatever depends on the order (first seen, matching an
/// enqueue with its dequeue) is decided there. This thread only reads and merges.
/// `progress` and errors as for [`for_each_record`].
///
/// Memory stays at a few batches per worker (`FOLD_QUEUE`) whatever the size of the input.
pub fn fold_records<T, S, F>(
    inputs: &Inputs,
    dec: &mut Decoder,
    progress: &mut dyn FnMut(u64),
    start: &S,
    fold: &F,
    merge: &mut dyn FnMut(T),
) -> Result<(), LogError>
where
    T: Send,
    S: Fn() -> T + Sync,
    F: Fn(&mut T, &Record<'_>) + Sync,
{
    let workers = fold_workers();
    std::thread::scope(|scope| {
        let mut jobs = Vec::with_capacity(workers);
        let mut done = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (job_tx, job_rx) = std::sync::mpsc::channel::<Job>();
            let (done_tx, done_rx) = std::sync::mpsc::channel::<Folded<T>>();
            let mut wdec = dec.clone();
            scope.spawn(move || {
                for job in job_rx {
                    wdec.adopt_learned(job.learned);
                    let mut acc = start();
                    job.batch.fold(&mut wdec, job.file, &mut acc, fold);
                    let back = Folded { batch: job.batch, acc, learned: wdec.learned() };
                    if done_tx.send(back).is_err() {
                        break;
                    }
                }
            });
            jobs.push(job_tx);
            done.push(done_rx);
        }
        let mut spare: Vec<Batch> = Vec::new();
        // The worker of each batch in flight, in input order.
        let mut flight = std::collections::VecDeque::new();
        let mut next = 0;
        for (fi, (name, src)) in inputs.items.iter().enumerate() {
            let mut lines = BatchReader::new(open_source(name, src, &mut *progress)?);
            // The first batch is decoded here, alone, so that every decoder starts with
            // what its lines show of the layout.
            let mut b = spare.pop().unwrap_or_default();
            let mut err = lines.fill(&mut b, 1, FIRST_BATCH);
            let mut n = 1 + b.lines.len() as u64;
            let mut acc = start();
            b.fold(dec, fi, &mut acc, fold);
            merge(acc);
            spare.push(b);
            let mut more = err.is_none();
            loop {
                while more && flight.len() < FOLD_QUEUE * workers {
                    let mut b = spare.pop().unwrap_or_default();
                    err = lines.fill(&mut b, n, FOLD_BATCH);
                    n += b.lines.len() as u64;
                    more = err.is_none() && !b.lines.is_empty();
                    if b.lines.is_empty() {
                        spare.push(b);
                        break;
                    }
                    let w = next % workers;
                    next += 1;
                    let job = Job { file: fi, batch: b, learned: dec.learned() };
                    if jobs[w].send(job).is_err() {
                        // The worker is gone (it panicked): the scope's end says why.
                        return Ok(());
                    }
                    flight.push_back(w);
                }
                let Some(w) = flight.pop_front() else { break };
                let Ok(back) = done[w].recv() else { return Ok(()) };
                merge(back.acc);
                dec.adopt_learned(back.learned);
                spare.push(back.batch);
            }
            if let Some(e) = err {
                let mut acc = start();
                fold(&mut acc, &read_error(fi, n, &e));
                merge(acc);
            }
        }
        Ok(())
    })
}

/// The next line of one input in a merge, copied out with its time stamp.
struct Head {
    bytes: Vec<u8>,
    newline: bool,
    cut: bool,
    line: u64,
    /// The line's time, or the time of the line before it in the same input.
    key: Option<Timestamp>,
}

/// The head after `prev` of input `i` (`None` at its end), or the read error.
fn advance<R: Read>(
    i: usize,
    r: &mut LineReader<R>,
    prev: Option<&Head>,
    dec: &mut Decoder,
) -> io::Result<Option<Head>> {
    let line = prev.map_or(1, |h| h.line + 1);
    match r.next_line() {
        None => Ok(None),
        Some(Err(e)) => Err(e),
        Some(Ok(l)) => {
            let key = dec.decode(i, line, l.bytes, l.newline).time.or(prev.and_then(|h| h.key));
            Ok(Some(Head { bytes: l.bytes.to_vec(), newline: l.newline, cut: l.cut, line, key }))
        }
    }
}

/// Read the inputs together, handing the records to `f` in time order: each time the
/// input whose next line is the earliest goes first (ties: the input named first), and
/// a line without a time stamp keeps its place after the line before it. Each input's own
/// order is kept, so inputs that follow each other in time (`mail.log_yesterday`, then
/// `mail.log_current`) come out one after the other, and `connection.log*` entries fall
/// between the `mail.log*` entries of their time (`SEPARATE_CONNECTION_LOG=1`).
/// Errors as for [`for_each_record`]; memory is one line per input.
pub fn for_each_record_by_time(
    inputs: &Inputs,
    dec: &mut Decoder,
    progress: &mut dyn FnMut(u64),
    f: &mut dyn FnMut(&Record<'_>) -> ControlFlow<()>,
) -> Result<(), LogError> {
    let read = std::cell::Cell::new(0u64);
    let mut counters: Vec<_> =
        inputs.items.iter().map(|_| |n: u64| read.set(read.get() + n)).collect();
    let mut readers = Vec::with_capacity(inputs.items.len());
    for ((name, src), c) in inputs.items.iter().zip(counters.iter_mut()) {
        readers.push(LineReader::new(open_source(name, src, c)?));
    }
    let mut heads: Vec<Option<Head>> = Vec::with_capacity(readers.len());
    for (i, r) in readers.iter_mut().enumerate() {
        match advance(i, r, None, dec) {
            Ok(h) => heads.push(h),
            Err(e) => {
                if f(&read_error(i, 1, &e)).is_break() {
                    return Ok(());
                }
                heads.push(None);
            }
        }
    }
    loop {
        let next =
            heads.iter().enumerate().filter_map(|(i, h)| h.as_ref().map(|h| (h.key, i))).min();
        let Some((_, i)) = next else { break };
        let Some(h) = heads[i].take() else { break };
        let l = Line { bytes: &h.bytes, newline: h.newline, cut: h.cut };
        let rec = decode_line(dec, i, h.line, &l);
        if f(&rec).is_break() {
            return Ok(());
        }
        drop(rec);
        let done = read.replace(0);
        if done > 0 {
            progress(done);
        }
        match advance(i, &mut readers[i], Some(&h), dec) {
            Ok(next) => heads[i] = next,
            Err(e) => {
                if f(&read_error(i, h.line + 1, &e)).is_break() {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8], max: usize) -> Vec<(Vec<u8>, bool, bool)> {
        let mut r = LineReader::with_max_line(data, max);
        let mut out = Vec::new();
        while let Some(Ok(l)) = r.next_line() {
            out.push((l.bytes.to_vec(), l.newline, l.cut));
        }
        out
    }

    #[test]
    fn splits_keeps_last_line_and_cuts_long_ones() {
        let got = lines(b"a\nbb\n\nccc", 16);
        assert_eq!(got.len(), 4);
        assert_eq!(got[3], (b"ccc".to_vec(), false, false));
        let long = [b"x".repeat(40), b"\nok\n".to_vec()].concat();
        let got = lines(&long, 16);
        assert_eq!(got[0].0.len(), 16);
        assert!(got[0].2);
        assert_eq!(got[1], (b"ok".to_vec(), true, false));
        assert_eq!(got.len(), 2);
    }

    /// Hands out at most `step` bytes a read, so lines straddle reads and batches.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn folds_come_back_in_input_order() {
        // Several batches (and so both workers), lines numbered by their text.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mail.log_current");
        let mut data = String::new();
        let mut n = 0u64;
        while data.len() < 3 * FOLD_BATCH * fold_workers() {
            n += 1;
            data.push_str(&format!("{n} {}\n", "x".repeat((n % 97) as usize)));
        }
        std::fs::write(&path, &data).unwrap();
        let inputs =
            Inputs::from_args(&[path.display().to_string(), path.display().to_string()]).unwrap();
        let mut seen: Vec<(usize, u64)> = Vec::new();
        fold_records(
            &inputs,
            &mut Decoder::default(),
            &mut |_| {},
            &Vec::new,
            &|v: &mut Vec<(usize, u64, u64)>, r| {
                let text: u64 =
                    std::str::from_utf8(r.raw).unwrap().split(' ').next().unwrap().parse().unwrap();
                v.push((r.file, r.line, text));
            },
            &mut |v| {
                for (file, line, text) in v {
                    assert_eq!(line, text);
                    seen.push((file, line));
                }
            },
        )
        .unwrap();
        let want: Vec<(usize, u64)> = (0..2).flat_map(|f| (1..=n).map(move |l| (f, l))).collect();
        assert!(seen == want, "{} records, {} wanted", seen.len(), want.len());
    }

    #[test]
    fn batches_give_the_lines_of_the_line_reader() {
        let mut data = Vec::new();
        for len in [0, 10, MAX_LINE, MAX_LINE + 1, 3 * MAX_LINE, 5, 0, 70_000] {
            data.extend(std::iter::repeat_n(b'x', len));
            data.push(b'\n');
        }
        data.extend_from_slice(b"last line without an end");
        for step in [7_000, 1 << 20, 3 << 20] {
            let mut r = BatchReader::new(Trickle(&data, step));
            let mut got = Vec::new();
            let mut first = 1;
            for limit in [FIRST_BATCH, WORKER_BATCH].iter().cycle().take(40) {
                let mut b = Batch::default();
                assert!(r.fill(&mut b, first, *limit).is_none());
                assert_eq!(b.first, first);
                first += b.lines.len() as u64;
                for &(s, e, newline, cut) in &b.lines {
                    got.push((b.bytes[s..e].to_vec(), newline, cut));
                }
            }
            assert!(got == lines(&data, MAX_LINE), "reads of {step} bytes");
        }
    }
}
