//! The parts of composite field values: process ids, queue file names, transport and
//! application information, connection information and the SMTP diagnostic tail.
//! Each decoder returns `None` for a value of another shape; nothing here fails.
//!
//! Layer: uses nothing but the standard library.

/// `pid[.thread].seq`, pid in hexadecimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProcessId<'a> {
    /// The process id as written (hexadecimal).
    pub pid: &'a str,
    /// The process id's value.
    pub pid_value: u64,
    /// The thread number, when the field has one.
    pub thread: Option<u64>,
    /// The sequence number of the entry within the process.
    pub sequence: u64,
}

fn all_hex(s: &str) -> bool {
    !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Decode a process id field (2 or 3 dot-separated parts).
pub fn process(s: &str) -> Option<ProcessId<'_>> {
    let b = s.as_bytes();
    let d1 = memchr::memchr(b'.', b)?;
    let rest = &s[d1 + 1..];
    let (a, c) = match memchr::memchr(b'.', rest.as_bytes()) {
        Some(d2) => (&rest[..d2], Some(&rest[d2 + 1..])),
        None => (rest, None),
    };
    let pid = &s[..d1];
    if !all_hex(pid) || c.is_some_and(|c| c.contains('.')) {
        return None;
    }
    let num = |x: &str| {
        if all_digits(x) {
            x.parse().ok()
        } else if all_hex(x) {
            u64::from_str_radix(x, 16).ok()
        } else {
            None
        }
    };
    let pid_value = u64::from_str_radix(pid, 16).ok()?;
    Some(match c {
        None => ProcessId { pid, pid_value, thread: None, sequence: num(a)? },
        Some(c) => ProcessId { pid, pid_value, thread: Some(num(a)?), sequence: num(c)? },
    })
}

/// A queue file name: `[dir/]channel/[subdir/]XXunique.suffix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFile<'a> {
    /// The channel directory (the component before the leaf, or before a numeric subdir).
    pub channel: Option<&'a str>,
    /// The numbered subdirectory under the channel directory (MS 6.3 and later), when there is one.
    pub subdirectory: Option<&'a str>,
    /// Delivery attempts so far, from the first two characters (complemented base 36).
    pub attempts: Option<u32>,
    /// The unique part (after the two attempt characters, before the suffix): the same
    /// across retries unless the file was split.
    pub unique: &'a str,
    /// The suffix after the dot: usually `00`, `HELD` for a held message.
    pub suffix: &'a str,
    /// The file name without its directories.
    pub leaf: &'a str,
}

fn b36(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// Decode a queue file name; `None` if the leaf has no `.suffix` or is too short.
pub fn queue_file(s: &str) -> Option<QueueFile<'_>> {
    let b = s.as_bytes();
    let cut = memchr::memrchr2(b'/', b'\\', b);
    let leaf = &s[cut.map_or(0, |i| i + 1)..];
    let dot = memchr::memrchr(b'.', leaf.as_bytes())?;
    let (stem, suffix) = (&leaf[..dot], &leaf[dot + 1..]);
    if stem.len() < 3 || suffix.is_empty() {
        return None;
    }
    let sb = stem.as_bytes();
    let attempts = match (b36(sb[0]), b36(sb[1])) {
        (Some(a), Some(b)) => Some((35 - a) * 36 + (35 - b)),
        _ => None,
    };
    let dir = |end: usize| -> (Option<&str>, usize) {
        let d = &s[..end];
        match memchr::memrchr2(b'/', b'\\', d.as_bytes()) {
            Some(i) => (Some(&d[i + 1..]), i),
            None => (Some(d).filter(|d| !d.is_empty()), 0),
        }
    };
    let (channel, subdirectory) = match cut {
        None => (None, None),
        Some(c) => {
            let (p1, at) = dir(c);
            match p1 {
                Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => {
                    let (p2, _) = if at > 0 { dir(at) } else { (None, 0) };
                    (p2, Some(d))
                }
                Some(d) if !d.is_empty() => (Some(d), None),
                _ => (None, None),
            }
        }
    };
    Some(QueueFile { channel, subdirectory, attempts, unique: &stem[2..], suffix, leaf })
}

/// Is this token shaped like a queue file name (a path whose leaf decodes)?
pub fn is_queue_file(s: &str) -> bool {
    (s.contains('/') || s.contains('\\'))
        && queue_file(s).is_some_and(|q| q.attempts.is_some())
        && !s.starts_with('<')
}

/// `TCP|local-ip|local-port|remote-ip|remote-port`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transport<'a> {
    /// The transport protocol, such as `TCP`.
    pub protocol: &'a str,
    /// The IP address of the MTA's end.
    pub local_ip: &'a str,
    /// The port of the MTA's end, when written.
    pub local_port: Option<u16>,
    /// The IP address of the other end.
    pub remote_ip: &'a str,
    /// The port of the other end, when written.
    pub remote_port: Option<u16>,
}

/// Decode transport information (with or without parentheses).
pub fn transport(s: &str) -> Option<Transport<'_>> {
    let s = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(s);
    let b = s.as_bytes();
    let mut cut = [0usize; 4];
    let mut n = 0;
    for i in memchr::memchr_iter(b'|', b) {
        if n == 4 {
            return None;
        }
        cut[n] = i;
        n += 1;
    }
    if n != 4 {
        return None;
    }
    let protocol = &s[..cut[0]];
    if protocol.is_empty() || !protocol.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(Transport {
        protocol,
        local_ip: &s[cut[0] + 1..cut[1]],
        local_port: s[cut[1] + 1..cut[2]].parse().ok(),
        remote_ip: &s[cut[2] + 1..cut[3]],
        remote_port: s[cut[3] + 1..].parse().ok(),
    })
}

/// `SMTP`, or `SMTP/initial-host/dns-host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Application<'a> {
    /// The application protocol, such as `SMTP` or `ESMTP`.
    pub protocol: &'a str,
    /// The host name the remote host gave of itself, when written.
    pub initial_host: Option<&'a str>,
    /// The remote host's name from DNS, when written.
    pub dns_host: Option<&'a str>,
}

/// Decode application information: an upper-case protocol word, then `/`-parts.
pub fn application(s: &str) -> Option<Application<'_>> {
    let b = s.as_bytes();
    let p_end = memchr::memchr(b'/', b).unwrap_or(b.len());
    let protocol = &s[..p_end];
    if protocol.is_empty()
        || protocol.len() > 16
        || !protocol
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
        || !protocol.as_bytes()[0].is_ascii_uppercase()
    {
        return None;
    }
    let (initial_host, dns_host) = if p_end == b.len() {
        (None, None)
    } else {
        let rest = &s[p_end + 1..];
        match memchr::memchr(b'/', rest.as_bytes()) {
            Some(i) => (Some(&rest[..i]), Some(&rest[i + 1..])),
            None => (Some(rest), None),
        }
    };
    Some(Application { protocol, initial_host, dns_host })
}

/// Enqueue-side connection information `HELO (DNS [IP])`, or a bare host name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection<'a> {
    /// The host name given in HELO/EHLO (the whole field when it has no parentheses).
    pub host: &'a str,
    /// The host name from DNS, when shown.
    pub dns: Option<&'a str>,
    /// The IP address in brackets, when shown.
    pub ip: Option<&'a str>,
}

/// Decode connection information.
pub fn connection(s: &str) -> Connection<'_> {
    let Some((host, rest)) = s.split_once(" (") else {
        return Connection { host: s, dns: None, ip: None };
    };
    let inner = rest.strip_suffix(')').unwrap_or(rest);
    let (dns, ip) = match inner.rsplit_once('[') {
        Some((d, ip)) => (d.trim(), ip.strip_suffix(']').unwrap_or(ip)),
        None => (inner.trim(), ""),
    };
    // An IPv6 address literal is written `[IPv6:2001:db8::1]` (RFC 5321): the address
    // is what follows the tag.
    let ip = match ip.get(..5) {
        Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => &ip[5..],
        _ => ip,
    };
    Connection {
        host,
        dns: Some(dns).filter(|d| !d.is_empty()),
        ip: Some(ip).filter(|i| !i.is_empty()),
    }
}

/// The parts of an SMTP diagnostic tail: `dns;HOST (TRANSPORT) (BANNER) smtp;REPLY`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostic<'a> {
    /// The remote host after `dns;`, when written.
    pub remote_host: Option<&'a str>,
    /// The transport information in the first parentheses, when written.
    pub transport: Option<Transport<'a>>,
    /// The remote host's SMTP banner, when written.
    pub banner: Option<&'a str>,
    /// The reply text after `smtp;` (or the whole text when it starts with a code).
    pub reply: Option<&'a str>,
    /// The three-digit SMTP reply code (such as 550), when the reply starts with one.
    pub reply_code: Option<u16>,
    /// The enhanced status code (`2.1.5`).
    pub status: Option<&'a str>,
}

/// The span of a balanced parenthesised group starting at `s[0] == '('`.
fn group_len(s: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn reply_parts(r: &str) -> (Option<u16>, Option<&str>) {
    let b = r.as_bytes();
    if b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && b.get(3).is_none_or(|c| *c == b' ' || *c == b'-')
    {
        let code = r[..3].parse().ok();
        let status = r[3..].trim_start_matches([' ', '-']).split(' ').next().filter(|s| {
            let p: Vec<&str> = s.split('.').collect();
            p.len() == 3 && p.iter().all(|x| all_digits(x))
        });
        return (code, status);
    }
    (None, None)
}

/// Decode a diagnostic. Free text (no `dns;`/`smtp;`, no code) gives all `None`.
pub fn diagnostic(s: &str) -> Diagnostic<'_> {
    let mut d = Diagnostic::default();
    let mut rest = s.trim_start();
    if let Some(r) = rest.strip_prefix("dns;") {
        let end = r.find(' ').unwrap_or(r.len());
        d.remote_host = Some(&r[..end]);
        rest = r[end..].trim_start();
    }
    while rest.starts_with('(') {
        let Some(n) = group_len(rest.as_bytes()) else {
            break;
        };
        let g = &rest[..n];
        if let Some(t) = transport(g) {
            d.transport.get_or_insert(t);
        } else if d.banner.is_none() {
            d.banner = Some(&g[1..n - 1]);
        }
        rest = rest[n..].trim_start();
    }
    let reply = match rest.find("smtp;") {
        Some(i) => Some(rest[i + 5..].trim_start()),
        None if reply_parts(rest).0.is_some() => Some(rest),
        None => None,
    };
    if let Some(r) = reply {
        d.reply = Some(r);
        (d.reply_code, d.status) = reply_parts(r);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_ids() {
        let p = process("1f625.3.1").unwrap();
        assert_eq!((p.pid_value, p.thread, p.sequence), (0x1f625, Some(3), 1));
        assert_eq!(process("1e488.0").unwrap().thread, None);
        assert!(process("tcp_local").is_none() && process("1.2.3.4").is_none());
    }

    #[test]
    fn queue_files() {
        let q = queue_file("/opt/SUNWmsgsr/data/queue/tcp_local/002/ZZf0r4i0Wdy51.01").unwrap();
        assert_eq!(
            (q.channel, q.subdirectory, q.attempts, q.unique, q.suffix),
            (Some("tcp_local"), Some("002"), Some(0), "f0r4i0Wdy51", "01")
        );
        assert_eq!(queue_file("q/l/ZYabc.00").unwrap().attempts, Some(1));
        assert_eq!(queue_file("q/l/YZabc.00").unwrap().attempts, Some(36));
        assert!(is_queue_file("imta/queue/l/ZZ01ISKND3DE1K90N15M.00"));
        assert!(!is_queue_file("<a@b.c>"));
    }

    #[test]
    fn transport_and_application() {
        let t = transport("(TCP|206.184.139.12|2788|192.160.253.66|25)").unwrap();
        assert_eq!((t.remote_ip, t.remote_port), ("192.160.253.66", Some(25)));
        assert!(transport("TCP|a|b").is_none());
        let a = application("SMTP/hostb.sesta.com/mailhub.sesta.com").unwrap();
        assert_eq!(a.dns_host, Some("mailhub.sesta.com"));
        assert!(application("smtp").is_none());
    }

    #[test]
    fn diagnostics() {
        let d = diagnostic(
            "dns;thor.siroe.com (TCP|1.2.3.4|2788|5.6.7.8|25) (THOR -- Server ESMTP [iMS V5.0 #8694]) smtp;250 2.1.5 ok",
        );
        assert_eq!(d.remote_host, Some("thor.siroe.com"));
        assert_eq!(d.banner, Some("THOR -- Server ESMTP [iMS V5.0 #8694]"));
        assert_eq!((d.reply_code, d.status), (Some(250), Some("2.1.5")));
        let j = diagnostic("550 5.7.1 Relaying not permitted");
        assert_eq!(j.reply_code, Some(550));
        assert_eq!(diagnostic("Illegal host/domain name found"), Diagnostic::default());
        let c = connection("siroe.com (siroe.com [192.160.253.66])");
        assert_eq!((c.host, c.dns, c.ip), ("siroe.com", Some("siroe.com"), Some("192.160.253.66")));
        let v6 = connection("mail.x.com (mail.x.com [IPv6:2001:db8::2])");
        assert_eq!(v6.ip, Some("2001:db8::2"));
    }
}
