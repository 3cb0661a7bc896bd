//! Time stamps: the text form `dd-Mon-yyyy hh:mm:ss[.cc]` (month in any case, any number
//! of fraction digits) and ISO 8601 (`yyyy-mm-ddThh:mm:ss[.f]`, the XML/JSON form from
//! 8.0.2). Local time without a zone, as the MTA writes it: compared as written.
//!
//! Layer: uses nothing but the standard library.

use std::fmt;

/// A local date and time, to the nanosecond. Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    /// The year, four digits.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The minute, 0 to 59.
    pub minute: u8,
    /// The second, 0 to 59 (60 for a leap second).
    pub second: u8,
    /// The fraction of the second, in nanoseconds (0 when none is written).
    pub nanos: u32,
    /// Digits of fraction written (kept so the time prints as written: `.64`).
    pub frac_digits: u8,
}

const MONTHS: [&[u8; 3]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
}

fn month(b: &[u8]) -> Option<u8> {
    let l = [
        b.first()?.to_ascii_lowercase(),
        b.get(1)?.to_ascii_lowercase(),
        b.get(2)?.to_ascii_lowercase(),
    ];
    MONTHS.iter().position(|m| **m == l).map(|i| i as u8 + 1)
}

/// `hh:mm:ss[.f…]` at the start of `b`: the time and the bytes used.
fn clock(b: &[u8]) -> Option<(u8, u8, u8, u32, u8, usize)> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let h = digits(&b[0..2])?;
    let mi = digits(&b[3..5])?;
    let s = digits(&b[6..8])?;
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut used = 8;
    let (mut nanos, mut fd) = (0u32, 0u8);
    if b.get(8) == Some(&b'.') {
        let n = b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        const SCALE: [u32; 9] =
            [100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
        for (i, &c) in b[9..9 + n].iter().take(9).enumerate() {
            nanos += u32::from(c - b'0') * SCALE[i];
        }
        fd = n.min(255) as u8;
        used = 9 + n;
    }
    Some((h as u8, mi as u8, s as u8, nanos, fd, used))
}

impl Timestamp {
    /// The text form at the start of `b`: the time stamp and its length in bytes.
    ///
    /// The MTA pads the day to two digits; a day of one digit (`1-Mar-2015`) is read too,
    /// as is a run of blanks between date and time.
    pub fn parse_text(b: &[u8]) -> Option<(Timestamp, usize)> {
        // `d` is where the month starts: after one or two digits of the day.
        let d = match b.get(1..3)? {
            [b'-', _] => 2,
            [_, b'-'] => 3,
            _ => return None,
        };
        if b.len() < d + 17 || b[d + 3] != b'-' || b[d + 8] != b' ' {
            return None;
        }
        let day = digits(&b[0..d - 1])?;
        let month = month(&b[d..d + 3])?;
        let year = digits(&b[d + 4..d + 8])?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let blanks = b[d + 8..].iter().take_while(|&&c| c == b' ').count();
        let at = d + 8 + blanks;
        let (hour, minute, second, nanos, frac_digits, n) = clock(b.get(at..)?)?;
        Some((
            Timestamp {
                year: year as u16,
                month,
                day: day as u8,
                hour,
                minute,
                second,
                nanos,
                frac_digits,
            },
            at + n,
        ))
    }

    /// ISO 8601 (`T` or a space between date and time; a zone suffix is ignored), or the
    /// text form: for XML/JSON `ts` values and for `--since`/`--until`. A date alone is
    /// midnight.
    pub fn parse_any(s: &str) -> Option<Timestamp> {
        let b = s.trim().as_bytes();
        if let Some((t, _)) = Timestamp::parse_text(b) {
            return Some(t);
        }
        if b.len() >= 11 && b[2] == b'-' && b[6] == b'-' {
            // dd-Mon-yyyy alone
            let mut padded = b.to_vec();
            padded.extend_from_slice(b" 00:00:00");
            return Timestamp::parse_text(&padded[..20]).map(|(t, _)| t);
        }
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let mut t = Timestamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            ..Timestamp::default()
        };
        if b.len() > 10 {
            if b[10] != b'T' && b[10] != b' ' {
                return None;
            }
            let rest = &b[11..];
            let (h, mi, sec, nanos, fd, _) = if rest.len() == 5 {
                let mut r = rest.to_vec();
                r.extend_from_slice(b":00");
                clock(&r)?
            } else {
                clock(rest)?
            };
            t.hour = h;
            t.minute = mi;
            t.second = sec;
            t.nanos = nanos;
            t.frac_digits = fd;
        }
        Some(t)
    }

    /// Seconds (with fraction) since 0000-03-01, for differences between entries.
    pub fn seconds(&self) -> f64 {
        // Days from civil (Howard Hinnant's algorithm).
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe;
        let secs = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        secs as f64 + f64::from(self.nanos) / 1e9
    }
}

impl fmt::Display for Timestamp {
    /// ISO 8601 without a zone, with the fraction digits that were written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.frac_digits > 0 {
            let d = usize::from(self.frac_digits.min(9));
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", &frac[..d])?;
        }
        Ok(())
    }
}

/// The text form of a time stamp (`19-Jan-1998 19:16:57.64`), for rendering entries.
pub fn text_form(t: &Timestamp) -> String {
    const NAMES: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut s = format!(
        "{:02}-{}-{:04} {:02}:{:02}:{:02}",
        t.day,
        NAMES[usize::from(t.month.clamp(1, 12)) - 1],
        t.year,
        t.hour,
        t.minute,
        t.second
    );
    if t.frac_digits > 0 {
        let d = usize::from(t.frac_digits.min(9));
        s.push('.');
        s.push_str(&format!("{:09}", t.nanos)[..d]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms() {
        let (t, n) = Timestamp::parse_text(b"19-Jan-1998 19:16:57.64 l").unwrap();
        assert_eq!((n, t.to_string()), (23, "1998-01-19T19:16:57.64".into()));
        let (t, n) = Timestamp::parse_text(b"19-JAN-1998 20:49:04 l").unwrap();
        assert_eq!((n, t.to_string()), (20, "1998-01-19T20:49:04".into()));
        assert!(Timestamp::parse_text(b"19-Jab-1998 20:49:04").is_none());
        assert!(Timestamp::parse_text(b"19-Jan-1998 20:49:").is_none());
        let (t, n) = Timestamp::parse_text(b"1-Mar-2015 10:00:00 x").unwrap();
        assert_eq!((n, t.to_string()), (19, "2015-03-01T10:00:00".into()));
        assert!(Timestamp::parse_text(b"01-Mar-2015  9:00:00").is_none());
        let (_, n) = Timestamp::parse_text(b"01-Mar-2015  09:00:00 x").unwrap();
        assert_eq!(n, 21);
    }

    #[test]
    fn iso_and_order() {
        let a = Timestamp::parse_any("2007-02-16T15:41:34.73+01:00").unwrap();
        let b = Timestamp::parse_any("16-Feb-2007 15:41:35").unwrap();
        assert!(a < b);
        assert!((b.seconds() - a.seconds() - 0.27).abs() < 1e-3);
        assert_eq!(text_form(&a), "16-Feb-2007 15:41:34.73");
        assert!(Timestamp::parse_any("2007-02-16").is_some());
        assert!(Timestamp::parse_any("16-Feb-2007").is_some());
    }
}
