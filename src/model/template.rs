//! Reading rewrite-rule templates: where a rule routes to.
//!
//! A template routes to the channel whose host name or tag follows its last `@`
//! (`$U%$D@tcp-daemon`). `$@`, `$%` and `$$` are literal characters, and `$[...]`,
//! `${...}`, `$(...)` and `$]...[` hold text of their own, so none of their `@`s count.
//! Control sequences may follow the tag (`$U@mail.example.com$E$F`); they end it.

/// The channel tag a template routes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A literal tag at this byte range of the template.
    Tag(usize, usize),
    /// The routing part is computed (`@$H`, `@$4O:...`): nothing to check statically.
    Computed,
    /// No routing part: `A%B` (rewrite again), a `$?` error-only rule, or an empty template.
    None,
}

/// Find the routing part of a template.
pub fn route(template: &str) -> Route {
    let bytes = template.as_bytes();
    let mut i = 0;
    let mut last_at: Option<usize> = None;
    let mut has_error_text = false;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if i + 1 < bytes.len() => {
                let close = match bytes[i + 1] {
                    b'[' => Some(b']'),
                    b'{' => Some(b'}'),
                    b'(' => Some(b')'),
                    b']' => Some(b'['),
                    _ => None,
                };
                if bytes[i + 1] == b'?' {
                    has_error_text = true;
                }
                match close {
                    Some(c) => {
                        i = match memchr::memchr(c, &bytes[i + 2..]) {
                            Some(p) => i + 2 + p + 1,
                            None => bytes.len(),
                        };
                    }
                    None => i += 2,
                }
            }
            b'@' => {
                last_at = Some(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let Some(at) = last_at else {
        return Route::None;
    };
    if has_error_text && template.trim_start().starts_with("$?") {
        return Route::None;
    }
    let start = at + 1;
    let end = template[start..].find(['$', ' ', '\t']).map_or(template.len(), |p| start + p);
    if end == start {
        if start < template.len() { Route::Computed } else { Route::None }
    } else {
        Route::Tag(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> Option<&str> {
        match route(t) {
            Route::Tag(s, e) => Some(&t[s..e]),
            _ => None,
        }
    }

    #[test]
    fn literal_tags() {
        assert_eq!(tag("$U%$D@tcp-daemon"), Some("tcp-daemon"));
        assert_eq!(tag("$E$U%$D@TCP-DAEMON"), Some("TCP-DAEMON"));
        assert_eq!(tag("$U@mail.example.com$E$F"), Some("mail.example.com"));
        assert_eq!(tag("$B$F$U%$H@$H@lmtpcs-daemon"), Some("lmtpcs-daemon"));
        assert_eq!(tag("$E$U%$[IMTA_LIBUTIL,hostName,$L]@tcp-daemon"), Some("tcp-daemon"));
        assert_eq!(tag("$U%${INTERNAL_IP,$L}@tcp_intranet-daemon"), Some("tcp_intranet-daemon"));
    }

    #[test]
    fn no_literal_tag() {
        assert_eq!(route("$U%$&0.example.com"), Route::None);
        assert_eq!(route("$U$@x"), Route::None);
        assert_eq!(route("$U%$D@$H"), Route::Computed);
        assert_eq!(route("$?Unrecognized address; contact postmaster@example.com"), Route::None);
        assert_eq!(route("$[LIB,fn,a@b]"), Route::None);
        assert_eq!(route(""), Route::None);
    }
}
