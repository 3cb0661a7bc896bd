//! Reading the data files quickly.
//!
//! The files are TOML in one narrow layout: top-level arrays (`keyword = [` … `]`), one
//! inline table per line whose values are basic strings, integers or booleans, and
//! whole-line comments. Full TOML parsers take milliseconds for the whole catalog, more
//! than linting a small configuration, so this module reads exactly that layout instead:
//! [`rows`] finds the rows of a file and their names without reading them further, and
//! [`from_row`] deserializes one row, borrowing its strings from the file. A test checks
//! that every data file reads the same here as with a TOML parser.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

/// What went wrong, and at which byte of the row or file text when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset into the row's text (or the file's, for errors found while splitting
    /// it into rows); `None` for an error serde raised without a position.
    pub offset: Option<usize>,
    /// What is wrong, for a person.
    pub message: String,
}

impl Error {
    fn new(offset: usize, message: impl Into<String>) -> Error {
        Error { offset: Some(offset), message: message.into() }
    }

    /// Place an error that has no position yet.
    fn at(mut self, offset: usize) -> Error {
        self.offset.get_or_insert(offset);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error { offset: None, message: message.to_string() }
    }
}

/// One row of a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    /// The data file, for messages.
    pub file: &'a str,
    /// The array the row is in (`keyword`, `option`, `bit`, `code`).
    pub array: &'a str,
    /// The value of the row's first key as written: its name (`name = "maxjobs"`), the
    /// option of a bit row, a log code, a bit number.
    pub name: &'a str,
    /// The inline table, `{` to `}`.
    pub text: &'a str,
    /// Line and column (from 1) of the `{`.
    pub line: u32,
    /// Column of the `{`, counted in characters from 1.
    pub column: u32,
}

impl Row<'_> {
    /// `file:line:column: message` for an error inside this row.
    pub fn locate(&self, e: &Error) -> String {
        let offset = e.offset.map_or(0, |o| self.text[..o].chars().count());
        let column = self.column as usize + offset;
        format!("{}:{}:{column}: {}", self.file, self.line, e.message)
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Split a data file into its rows, in order. Each row is checked only as far as its
/// first value; [`from_row`] reads the rest.
pub fn rows<'a>(file: &'a str, text: &'a str) -> Result<Vec<Row<'a>>, String> {
    let mut out = Vec::with_capacity(text.len() / 128);
    let mut array = None;
    for (i, line) in text.lines().enumerate() {
        let fail = |m: &str| format!("{file}:{}: {m}", i + 1);
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some(current) = array else {
            let key = t
                .strip_suffix('[')
                .and_then(|k| k.trim_end().strip_suffix('='))
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.bytes().all(is_key_byte))
                .ok_or_else(|| fail("expected `name = [`, the start of an array of rows"))?;
            array = Some(key);
            continue;
        };
        if t == "]" {
            array = None;
            continue;
        }
        let body = t.strip_suffix(',').unwrap_or(t).trim_end();
        if !body.starts_with('{') || !body.ends_with('}') {
            return Err(fail(
                "expected a row: one inline table `{ ... },` on one line, without a comment",
            ));
        }
        let mut p = Parser { text: body, pos: 1 };
        p.ws();
        let name = p.key().and_then(|_| p.equals()).and_then(|_| p.raw_value());
        let name = name.map_err(|e| fail(&e.message))?;
        // Only blanks come before the `{`.
        let column = 1 + (line.len() - line.trim_start().len()) as u32;
        out.push(Row { file, array: current, name, text: body, line: i as u32 + 1, column });
    }
    match array {
        Some(a) => Err(format!("{file}: the array `{a}` is not closed with `]`")),
        None => Ok(out),
    }
}

/// Deserialize one row (`{ key = value, ... }`). Error offsets are within `text`.
pub fn from_row<'a, T: de::Deserialize<'a>>(text: &'a str) -> Result<T, Error> {
    let mut p = Parser { text, pos: 0 };
    p.expect(b'{')?;
    let value = T::deserialize(Table { p: &mut p, first: true })?;
    p.ws();
    p.expect(b'}')?;
    p.ws();
    if p.pos < text.len() {
        return Err(Error::new(p.pos, "unexpected text after the row"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), Error> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error::new(self.pos, format!("expected `{}`", c as char)))
        }
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..];
        self.pos += rest.iter().position(|&b| !f(b)).unwrap_or(rest.len());
        &self.text[start..self.pos]
    }

    /// A bare key.
    fn key(&mut self) -> Result<&'a str, Error> {
        let at = self.pos;
        match self.take_while(is_key_byte) {
            "" => Err(Error::new(at, "expected a key")),
            k => Ok(k),
        }
    }

    fn equals(&mut self) -> Result<(), Error> {
        self.ws();
        self.expect(b'=')?;
        self.ws();
        Ok(())
    }

    /// A value as written, without the quotes of a string (for row names, which have no
    /// escapes).
    fn raw_value(&mut self) -> Result<&'a str, Error> {
        let at = self.pos;
        match self.value()? {
            Value::Str(Cow::Borrowed(s)) => Ok(s),
            Value::Int(_) => Ok(&self.text[at..self.pos]),
            _ => Err(Error::new(at, "a row's first value must be plain text or a number")),
        }
    }

    fn value(&mut self) -> Result<Value<'a>, Error> {
        let at = self.pos;
        match self.peek() {
            Some(b'"') => self.string().map(Value::Str),
            Some(b't' | b'f') => match self.take_while(|b| b.is_ascii_alphabetic()) {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(Error::new(at, "expected true or false")),
            },
            Some(b'0'..=b'9' | b'-' | b'+') => {
                self.pos += 1;
                self.take_while(|b| b.is_ascii_digit());
                let digits = &self.text[at..self.pos];
                let leading_zero = digits.trim_start_matches(['-', '+']).starts_with('0');
                match digits.parse() {
                    Ok(n) if !leading_zero || digits.len() == 1 => Ok(Value::Int(n)),
                    _ => Err(Error::new(at, format!("`{digits}` is not a decimal integer"))),
                }
            }
            _ => Err(Error::new(at, "expected a value: a \"string\", an integer, true or false")),
        }
    }

    /// A basic string, borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..];
        self.pos += memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
        let plain = &self.text[start..self.pos];
        let control = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
        // Without short-circuiting, so that the check runs on whole words at a time.
        if plain.bytes().fold(false, |any, b| any | control(b)) {
            // Control characters are an error; the loop below says where.
            self.pos = start;
        } else if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(Cow::Borrowed(plain));
        }
        let plain = &self.text[start..self.pos];
        let mut s = plain.to_string();
        loop {
            let at = self.pos;
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else {
                return Err(Error::new(open, "unterminated string"));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(Cow::Owned(s)),
                '\\' => {
                    let e = self.peek().ok_or_else(|| Error::new(at, "unterminated string"))?;
                    self.pos += 1;
                    match e {
                        b'"' => s.push('"'),
                        b'\\' => s.push('\\'),
                        b'n' => s.push('\n'),
                        b't' => s.push('\t'),
                        b'r' => s.push('\r'),
                        b'b' => s.push('\u{8}'),
                        b'f' => s.push('\u{c}'),
                        b'e' => s.push('\u{1b}'),
                        b'u' | b'U' => {
                            let n = if e == b'u' { 4 } else { 8 };
                            let hex = self.text.get(self.pos..self.pos + n).unwrap_or("");
                            let c = u32::from_str_radix(hex, 16)
                                .ok()
                                .filter(|_| {
                                    hex.len() == n && hex.bytes().all(|b| b.is_ascii_hexdigit())
                                })
                                .and_then(char::from_u32)
                                .ok_or_else(|| Error::new(at, "bad unicode escape"))?;
                            self.pos += n;
                            s.push(c);
                        }
                        _ => return Err(Error::new(at, "unknown escape")),
                    }
                }
                c if c != '\t' && c.is_control() => {
                    return Err(Error::new(at, "control character in a string"));
                }
                c => s.push(c),
            }
        }
    }
}

/// One value of a row.
enum Value<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    Bool(bool),
}

impl<'de> de::Deserializer<'de> for Value<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self {
            Value::Str(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            Value::Str(Cow::Owned(s)) => v.visit_string(s),
            Value::Int(n) => v.visit_i64(n),
            Value::Bool(b) => v.visit_bool(b),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::Str(s) => v.visit_enum(IntoDeserializer::<Error>::into_deserializer(s)),
            other => other.deserialize_any(v),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The key/value pairs of a row.
struct Table<'p, 'a> {
    p: &'p mut Parser<'a>,
    first: bool,
}

impl<'de> de::Deserializer<'de> for Table<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let at = self.p.pos;
        v.visit_map(self).map_err(|e| e.at(at))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for Table<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.p.ws();
        if self.p.peek() == Some(b'}') {
            return Ok(None);
        }
        if !self.first {
            self.p.expect(b',')?;
            self.p.ws();
        }
        self.first = false;
        let at = self.p.pos;
        let key = self.p.key()?;
        self.p.equals()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(key))
            .map(Some)
            .map_err(|e| e.at(at))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let at = self.p.pos;
        seed.deserialize(self.p.value()?).map_err(|e| e.at(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct R<'a> {
        name: &'a str,
        #[serde(borrow)]
        text: Option<Cow<'a, str>>,
        n: Option<i64>,
        on: Option<bool>,
    }

    #[test]
    fn reads_a_row() {
        let r: R = from_row(r#"{ name = "a", text = "q\"\u00e9", n = -3, on = true }"#).unwrap();
        assert_eq!(r.name, "a");
        assert_eq!(r.text.as_deref(), Some("q\"é"));
        assert_eq!((r.n, r.on), (Some(-3), Some(true)));
        let r: R = from_row("{name=\"b\"}").unwrap();
        assert_eq!((r.name, r.text, r.n), ("b", None, None));
    }

    #[test]
    fn errors_have_offsets() {
        let e = from_row::<R>(r#"{ name = "a", nope = 1 }"#).unwrap_err();
        assert_eq!(e.offset, Some(14), "{e}");
        let e = from_row::<R>(r#"{ name = "a", n = "x" }"#).unwrap_err();
        assert_eq!(e.offset, Some(18), "{e}");
        for bad in [
            r#"{ name = "a", }"#, r#"{ name = "a" n = 1 }"#, r#"{ name = 'a' }"#,
            r#"{ name = "a", n = 01 }"#, r#"{ name = "a" } x"#, r#"{ name = "a\q" }"#,
        ] {
            assert!(from_row::<R>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn splits_a_file_into_rows() {
        let text = "# c\nx = [\n  # section\n  { name = \"a\", n = 1 },\n  { n = 2, name = \"b\" }\n]\ny = [\n{ bit = 3 }\n]\n";
        let rows = rows("f", text).unwrap();
        let names: Vec<_> = rows.iter().map(|r| (r.array, r.name, r.line)).collect();
        assert_eq!(names, [("x", "a", 4), ("x", "2", 5), ("y", "3", 8)]);
        assert_eq!(rows[0].text, "{ name = \"a\", n = 1 }");
        assert_eq!(rows[0].column, 3);
        let e = from_row::<BTreeMap<String, i64>>(rows[0].text).unwrap_err();
        assert!(rows[0].locate(&e).starts_with("f:4:"), "{}", rows[0].locate(&e));
        assert!(super::rows("f", "x = [\n{ a = 1 }\n").is_err());
        assert!(super::rows("f", "x = [\n{ a = 1 } # no\n]\n").is_err());
        assert!(super::rows("f", "[x]\n").is_err());
    }
}
