//! The Dispatcher heap rule: the process data segment (`datasize`, `ulimit -d`) must hold
//! at least twice the sum, over the services of dispatcher.cnf, of STACKSIZE × MAX_CONNS
//! (spec/dispatcher-cnf.md §5). `[SERVICE=DISPATCHER]` is the Dispatcher itself, not a
//! service with workers, so it is left out.
//!
//! Values are the effective ones: the section's own, else the global default. Neither
//! option has a documented built-in default, so a service without a value is left out of
//! the sum and listed, rather than guessed.

use serde::Serialize;

use super::Span;
use super::dispatcher::{DispatcherModel, ValueSource};
use super::radix::parse_int;

/// Where a value used by the heap rule came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeapSource {
    /// Set in the service's own section.
    Service,
    /// Inherited from the global options.
    Global,
    /// Set nowhere; there is no documented default.
    Unknown,
}

/// One effective value (STACKSIZE or MAX_CONNS) of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeapValue {
    /// The value, when it is set and is a non-negative integer.
    pub value: Option<u64>,
    /// Whether the service's section, the globals or nothing supplied it.
    pub source: HeapSource,
    /// The value as written, when it is set (also when it is not a usable number).
    pub text: Option<String>,
    /// The setting that supplies the value.
    pub span: Option<Span>,
}

/// One service's share of the heap requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceHeap {
    /// The service name as written in the header.
    pub service: String,
    /// Index into `DispatcherModel::sections`.
    pub section: usize,
    /// The section header line.
    pub header: Span,
    /// Thread stack size of the service's worker processes, in bytes.
    pub stacksize: HeapValue,
    /// Most connections one worker process of the service serves at once.
    pub max_conns: HeapValue,
    /// STACKSIZE × MAX_CONNS, when both are known.
    pub product: Option<u128>,
}

/// The heap requirement of one dispatcher.cnf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeapReport {
    /// Every service except `DISPATCHER`, in file order.
    pub services: Vec<ServiceHeap>,
    /// Sum of the known products.
    pub sum: u128,
    /// Twice the sum: the smallest data segment that satisfies the rule.
    pub required: u128,
    /// Services left out of the sum because STACKSIZE or MAX_CONNS is unknown.
    pub unknown: Vec<String>,
}

fn value(model: &DispatcherModel, section: usize, name: &str) -> HeapValue {
    match model.effective(section, name) {
        None => HeapValue { value: None, source: HeapSource::Unknown, text: None, span: None },
        Some((setting, from)) => HeapValue {
            value: parse_int(setting.value_trimmed()).ok().and_then(|v| u64::try_from(v).ok()),
            source: match from {
                ValueSource::Section => HeapSource::Service,
                ValueSource::Global => HeapSource::Global,
            },
            text: Some(setting.value_trimmed().to_string()),
            span: Some(setting.span),
        },
    }
}

/// Compute the heap requirement of a dispatcher.cnf model (`text` is the file's text).
pub fn heap_requirement(model: &DispatcherModel, text: &str) -> HeapReport {
    let mut report = HeapReport { services: Vec::new(), sum: 0, required: 0, unknown: Vec::new() };
    for (i, section) in model.sections_of("SERVICE") {
        if section.name_normalized == "DISPATCHER" {
            continue;
        }
        let stacksize = value(model, i, "STACKSIZE");
        let max_conns = value(model, i, "MAX_CONNS");
        let product = match (stacksize.value, max_conns.value) {
            (Some(s), Some(c)) => Some(u128::from(s) * u128::from(c)),
            _ => None,
        };
        let service = section.name.text(text).trim().to_string();
        match product {
            Some(p) => report.sum = report.sum.saturating_add(p),
            None => report.unknown.push(service.clone()),
        }
        report.services.push(ServiceHeap {
            service,
            section: i,
            header: section.header,
            stacksize,
            max_conns,
            product,
        });
    }
    report.required = report.sum.saturating_mul(2);
    report
}

/// Why a `--datasize` value cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatasizeError {
    /// Not a size nor `unlimited`.
    #[error(
        "`{0}` is not a size: write bytes, or a number with K, M, G or T (e.g. 512M, 2G), or `unlimited`"
    )]
    NotASize(String),
    /// A size too large to count.
    #[error(transparent)]
    Size(#[from] crate::access::SizeError),
}

/// The data-segment limit the Dispatcher heap rule compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datasize {
    /// A limit, in bytes.
    Bytes(u64),
    /// No limit (`ulimit -d unlimited`): the rule cannot fail.
    Unlimited,
}

impl Datasize {
    /// Parse a size as written on the command line or in imtacfg.toml: a number of bytes
    /// with an optional binary suffix (`K`, `M`, `G`, `T`, also `KB`/`KiB`…), or
    /// `unlimited`. (`auto` is resolved by the caller with [`Datasize::current_process`].)
    pub fn parse(s: &str) -> Result<Datasize, DatasizeError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("unlimited") || t.eq_ignore_ascii_case("infinity") {
            return Ok(Datasize::Unlimited);
        }
        match crate::access::parse_size(t) {
            Some(bytes) => Ok(Datasize::Bytes(bytes?)),
            None => Err(DatasizeError::NotASize(s.to_string())),
        }
    }

    /// The data-segment limit (RLIMIT_DATA) of the current process, for running on the
    /// server itself.
    pub fn current_process() -> Datasize {
        use rustix::process::{Resource, getrlimit};
        // `current` is `None` when the limit is infinite.
        match getrlimit(Resource::Data).current {
            None => Datasize::Unlimited,
            Some(bytes) => Datasize::Bytes(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dispatcher::build;
    use crate::syntax::{Kind, parse};

    fn report(text: &str) -> HeapReport {
        let model = build(&parse(text, Kind::Dispatcher).unwrap(), text);
        heap_requirement(&model, text)
    }

    #[test]
    fn globals_fill_in_and_products_add_up() {
        let text = "MAX_CONNS=20\n[SERVICE=SMTP]\nPORT=25\nSTACKSIZE=2048000\n[SERVICE=SUBMIT]\nPORT=587\nSTACKSIZE=2048000\nMAX_CONNS=10\n";
        let r = report(text);
        assert_eq!(r.services.len(), 2);
        let smtp = &r.services[0];
        assert_eq!(smtp.service, "SMTP");
        assert_eq!(smtp.stacksize.value, Some(2_048_000));
        assert_eq!(smtp.stacksize.source, HeapSource::Service);
        assert_eq!(smtp.max_conns.value, Some(20));
        assert_eq!(smtp.max_conns.source, HeapSource::Global);
        assert_eq!(smtp.product, Some(40_960_000));
        let submit = &r.services[1];
        assert_eq!(submit.max_conns.source, HeapSource::Service);
        assert_eq!(submit.product, Some(20_480_000));
        assert_eq!(r.sum, 61_440_000);
        assert_eq!(r.required, 122_880_000);
        assert!(r.unknown.is_empty());
    }

    #[test]
    fn spec_worked_example() {
        // Two services, STACKSIZE=2048000 and MAX_CONNS=20 each: 2 × 81,920,000.
        let text = "MAX_CONNS=20\nSTACKSIZE=2048000\n[SERVICE=SMTP]\nPORT=25\n[SERVICE=SMTP_SUBMIT]\nPORT=587\n";
        let r = report(text);
        assert_eq!(r.sum, 81_920_000);
        assert_eq!(r.required, 163_840_000);
    }

    #[test]
    fn unknown_values_leave_the_service_out_and_dispatcher_is_skipped() {
        let text = "[SERVICE=DISPATCHER]\nDEBUG=1\nSTACKSIZE=99\nMAX_CONNS=99\n[SERVICE=SMTP]\nSTACKSIZE=1000\nMAX_CONNS=3\n[SERVICE=LMTP]\nSTACKSIZE=1000\n[service=bad]\nSTACKSIZE=lots\nMAX_CONNS=-2\n";
        let r = report(text);
        let names: Vec<&str> = r.services.iter().map(|s| s.service.as_str()).collect();
        assert_eq!(names, ["SMTP", "LMTP", "bad"]);
        assert_eq!(r.sum, 3000);
        assert_eq!(r.required, 6000);
        assert_eq!(r.unknown, ["LMTP", "bad"]);
        let lmtp = &r.services[1];
        assert_eq!(lmtp.max_conns.source, HeapSource::Unknown);
        assert_eq!(lmtp.product, None);
        let bad = &r.services[2];
        assert_eq!(bad.stacksize.text.as_deref(), Some("lots"));
        assert_eq!(bad.stacksize.value, None);
        assert_eq!(bad.max_conns.value, None);
    }

    #[test]
    fn radix_values_and_no_overflow() {
        let text = "[SERVICE=A]\nSTACKSIZE=16%10\nMAX_CONNS=2\n[SERVICE=B]\nSTACKSIZE=9223372036854775807\nMAX_CONNS=9223372036854775807\n[SERVICE=C]\nSTACKSIZE=9223372036854775807\nMAX_CONNS=9223372036854775807\n[SERVICE=D]\nSTACKSIZE=9223372036854775807\nMAX_CONNS=9223372036854775807\n[SERVICE=E]\nSTACKSIZE=9223372036854775807\nMAX_CONNS=9223372036854775807\n[SERVICE=F]\nSTACKSIZE=9223372036854775807\nMAX_CONNS=9223372036854775807\n";
        let r = report(text);
        assert_eq!(r.services[0].product, Some(32));
        assert_eq!(r.sum, u128::MAX);
        assert_eq!(r.required, u128::MAX);
        assert!(serde_json::to_string(&r).is_ok());
    }

    #[test]
    fn no_services() {
        let r = report("MAX_CONNS=20\n");
        assert!(r.services.is_empty());
        assert_eq!((r.sum, r.required), (0, 0));
    }

    #[test]
    fn sizes() {
        assert_eq!(Datasize::parse("512M"), Ok(Datasize::Bytes(512 << 20)));
        assert_eq!(Datasize::parse("2G"), Ok(Datasize::Bytes(2 << 30)));
        assert_eq!(Datasize::parse("1000"), Ok(Datasize::Bytes(1000)));
        assert_eq!(Datasize::parse("unlimited"), Ok(Datasize::Unlimited));
        assert!(Datasize::parse("12Q").is_err());
        assert!(Datasize::parse("").is_err());
        assert!(Datasize::parse("99999999999T").is_err());
    }
}
