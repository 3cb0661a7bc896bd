//! The element formats: `LOG_FORMAT=4` (one XML element per line, two-letter attributes)
//! and 5/6 (JSON, one object per line). Attributes are matched by name, in any order;
//! unknown ones are kept in [`Record::extra`], as the vendor asks parsers to do.
//! The JSON layout is not documented: both a member named after the element (`{"en":
//! {…}}`) and a flat object are accepted.
//!
//! Layer: uses `log::fields`, `log::record`, `log::time`, `log::codes`.

use std::borrow::Cow;

use super::codes::{self, ActionKind};
use super::fields::FieldId as F;
use super::record::{EntryKind, Record};
use super::time::Timestamp;

/// Replace XML entity and character references; `None` for a malformed one.
fn unescape(v: &[u8]) -> Option<Cow<'_, [u8]>> {
    if !v.contains(&b'&') {
        return Some(Cow::Borrowed(v));
    }
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] != b'&' {
            out.push(v[i]);
            i += 1;
            continue;
        }
        let semi = memchr::memchr(b';', &v[i..])? + i;
        let name = &v[i + 1..semi];
        match name {
            b"amp" => out.push(b'&'),
            b"lt" => out.push(b'<'),
            b"gt" => out.push(b'>'),
            b"quot" => out.push(b'"'),
            b"apos" => out.push(b'\''),
            _ if name.first() == Some(&b'#') => {
                let n = std::str::from_utf8(&name[1..]).ok()?;
                let c = match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok()?,
                    None => n.parse().ok()?,
                };
                let mut buf = [0; 4];
                out.extend_from_slice(char::from_u32(c)?.encode_utf8(&mut buf).as_bytes());
            }
            _ => return None,
        }
        i = semi + 1;
    }
    Some(Cow::Owned(out))
}

fn kind_of(element: &str, code: Option<&[u8]>) -> EntryKind {
    match element {
        "co" => EntryKind::Connection,
        "he" => EntryKind::Header,
        _ => match code.and_then(|c| c.first()).and_then(|&a| codes::action(a)) {
            Some((ActionKind::Connection, _)) if element != "en" => EntryKind::Connection,
            _ => EntryKind::Message,
        },
    }
}

fn set_time(rec: &mut Record<'_>) {
    if let Some(ts) = rec.get(F::Time) {
        rec.time = std::str::from_utf8(ts).ok().and_then(Timestamp::parse_any);
    }
}

/// `<en a="v" …/>`.
pub fn decode_xml<'a>(line: &'a [u8], rec: &mut Record<'a>) {
    rec.format = 4;
    if let Err(e) = xml(line, rec) {
        rec.kind = EntryKind::Error;
        rec.error = Some(Cow::Borrowed(e));
    }
}

fn xml<'a>(line: &'a [u8], rec: &mut Record<'a>) -> Result<(), &'static str> {
    let b = line.trim_ascii();
    let inner = b.strip_prefix(b"<").ok_or("XML entry: does not start with <")?;
    let inner = inner
        .strip_suffix(b"/>")
        .or_else(|| {
            // `<en …></en>` is accepted too.
            let open_end = memchr::memchr(b'>', inner)?;
            let rest = inner[open_end + 1..].trim_ascii();
            (rest.starts_with(b"</") && rest.ends_with(b">")).then_some(&inner[..open_end])
        })
        .ok_or("XML entry: the element is not closed on this line (expected />)")?;
    let name_end = inner.iter().position(|c| c.is_ascii_whitespace()).unwrap_or(inner.len());
    let element =
        std::str::from_utf8(&inner[..name_end]).map_err(|_| "XML entry: bad element name")?;
    if element.is_empty() || !element.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err("XML entry: bad element name");
    }
    let mut i = name_end;
    while i < inner.len() {
        while i < inner.len() && inner[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= inner.len() {
            break;
        }
        let eq = memchr::memchr(b'=', &inner[i..]).ok_or("XML entry: attribute without =")? + i;
        let name = inner[i..eq].trim_ascii();
        let q = *inner.get(eq + 1).ok_or("XML entry: attribute without a value")?;
        if q != b'"' && q != b'\'' {
            return Err("XML entry: attribute value not quoted");
        }
        let close = memchr::memchr(q, &inner[eq + 2..])
            .ok_or("XML entry: unterminated attribute value")?
            + eq
            + 2;
        let value = unescape(&inner[eq + 2..close])
            .ok_or("XML entry: bad character or entity reference")?;
        let name = std::str::from_utf8(name).map_err(|_| "XML entry: bad attribute name")?;
        match F::from_attr(name) {
            Some(id) if !rec.fields.has(id) => rec.fields.set(id, value),
            _ => rec.extra.push((name.to_string(), super::record::text(&value).into_owned())),
        }
        i = close + 1;
    }
    rec.kind = kind_of(element, rec.get(F::Code));
    if rec.kind == EntryKind::Message && !rec.fields.has(F::Code) {
        return Err("XML entry: no ac (entry code) attribute");
    }
    set_time(rec);
    if rec.time.is_none() && rec.kind != EntryKind::Header {
        return Err("XML entry: no readable ts (time stamp) attribute");
    }
    if !matches!(element, "en" | "co" | "he") {
        rec.extra.push(("element".into(), element.to_string()));
    }
    Ok(())
}

/// `{"en":{"ts":…}}` (format 5) or `{"ts":…,…}` (format 6).
pub fn decode_json<'a>(line: &'a [u8], rec: &mut Record<'a>) {
    rec.format = 5;
    if let Err(e) = json(line, rec) {
        rec.kind = EntryKind::Error;
        rec.error = Some(e);
    }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn json(line: &[u8], rec: &mut Record<'_>) -> Result<(), Cow<'static, str>> {
    let v: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| Cow::Owned(format!("JSON entry: {e}")))?;
    let serde_json::Value::Object(mut obj) = v else {
        return Err(Cow::Borrowed("JSON entry: not an object"));
    };
    let mut element = String::from("en");
    if obj.len() == 1 {
        let (k, _) = obj.iter().next().map(|(k, v)| (k.clone(), v.is_object())).unwrap_or_default();
        if matches!(k.as_str(), "en" | "co" | "he") && obj[&k].is_object() {
            element = k.clone();
            if let Some(serde_json::Value::Object(inner)) = obj.remove(&k) {
                obj = inner;
            }
        }
    } else {
        rec.format = 6;
        for key in ["type", "et", "el", "element"] {
            if let Some(serde_json::Value::String(t)) = obj.get(key)
                && matches!(t.as_str(), "en" | "co" | "he")
            {
                element = t.clone();
            }
        }
    }
    for (k, v) in &obj {
        match F::from_attr(k) {
            Some(id) if !rec.fields.has(id) => rec.fields.set(id, json_text(v).into_bytes()),
            _ => rec.extra.push((k.clone(), json_text(v))),
        }
    }
    rec.kind = kind_of(&element, rec.get(F::Code));
    set_time(rec);
    if rec.time.is_none() && rec.kind != EntryKind::Header {
        return Err(Cow::Borrowed("JSON entry: no readable ts (time stamp) member"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_entities_and_order() {
        let line = br#"<en ts="16-Feb-2007 15:41:34.73" sc="tcp_local" dc="" ac="DE" sz="1" so="adam@sesta.com" od="rfc822;m@s.com" de="m@s.com" mi="&lt;0J@sesta.com&gt;" zz="new"/>"#;
        let mut r = Record::new(0, 1, line, true);
        decode_xml(line, &mut r);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.get(F::MessageId), Some(&b"<0J@sesta.com>"[..]));
        assert_eq!(r.extra, vec![("zz".to_string(), "new".to_string())]);
        let mut bad = Record::new(0, 2, b"<en ts=\"x", true);
        decode_xml(b"<en ts=\"x", &mut bad);
        assert!(bad.error.is_some());
    }

    #[test]
    fn json_nested_and_flat() {
        for line in [
            &br#"{"en":{"ts":"2020-01-02T03:04:05","sc":"tcp_local","ac":"E","sz":3}}"#[..],
            &br#"{"type":"en","ts":"2020-01-02T03:04:05","sc":"tcp_local","ac":"E","sz":3}"#[..],
        ] {
            let mut r = Record::new(0, 1, line, true);
            decode_json(line, &mut r);
            assert!(r.error.is_none(), "{:?}", r.error);
            assert_eq!(r.size(), Some(3));
        }
    }
}
