//! DSP106 and DSP107: PORT and TLS_PORT. Every value is read once: words that are not port
//! numbers are reported (DSP107) and left out; the ports that remain are compared across the
//! services (DSP106).

use super::DispatcherFile;
use crate::knowledge::{ServiceOptionInfo, ValueType};
use crate::lint::keys::FastMap;
use crate::lint::table::{PORT_CONFLICT, PORT_OUT_OF_RANGE};
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::model::options::OptionSetting;
use crate::model::radix::parse_int;

/// Check the PORT and TLS_PORT values of every service: numbers outside 1-65535 (DSP107)
/// and ports taken twice (DSP106).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

/// One port a service listens on: the effective PORT or TLS_PORT value it comes from.
struct Use<'s> {
    port: u16,
    span: Span,
    sec: usize,
    option: &'s str,
    iface: Option<String>,
}

/// The first use (an index into the uses, in text order) of each port among those seen
/// so far, split the ways a clash can arise: an earlier use clashes with a new one when
/// they share the port and the section, or either has no INTERFACE_ADDRESS, or both have
/// the same. The first clashing use is the earliest of the three candidates, so each new
/// use is judged in constant time instead of against every use before it.
struct FirstUses<'u> {
    /// First use of each port by any section, plus one (0: none yet); indexed by port.
    any: Vec<usize>,
    /// First use of each port without an INTERFACE_ADDRESS, plus one; indexed by port.
    no_iface: Vec<usize>,
    /// First use of the port on an INTERFACE_ADDRESS.
    iface: FastMap<(u16, &'u str), usize>,
    /// First use of the port within a section.
    sec: FastMap<(u16, usize), usize>,
}

impl<'u> FirstUses<'u> {
    /// Room for `n` uses (the maps are sized once: growing them by rehashing was a good
    /// part of the time at 400k services).
    fn with_capacity(n: usize) -> Self {
        let ports = usize::from(u16::MAX) + 1;
        FirstUses {
            any: vec![0; ports],
            no_iface: vec![0; ports],
            iface: FastMap::default(),
            sec: FastMap::with_capacity_and_hasher(n, Default::default()),
        }
    }

    /// A use recorded in a table indexed by port.
    fn by_port(table: &[usize], port: u16) -> Option<usize> {
        table[usize::from(port)].checked_sub(1)
    }

    /// The earliest use seen so far that clashes with `u`.
    fn clash(&self, u: &Use) -> Option<usize> {
        let Some(iface) = u.iface.as_deref() else {
            return Self::by_port(&self.any, u.port);
        };
        [
            Self::by_port(&self.no_iface, u.port),
            self.iface.get(&(u.port, iface)).copied(),
            self.sec.get(&(u.port, u.sec)).copied(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Record use `k` (uses are added in text order, so the first one stays).
    fn add(&mut self, k: usize, u: &'u Use) {
        let first = |table: &mut Vec<usize>| {
            let at = &mut table[usize::from(u.port)];
            if *at == 0 {
                *at = k + 1;
            }
        };
        first(&mut self.any);
        match u.iface.as_deref() {
            None => first(&mut self.no_iface),
            Some(i) => {
                self.iface.entry((u.port, i)).or_insert(k);
            }
        }
        self.sec.entry((u.port, u.sec)).or_insert(k);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    // Every PORT/TLS_PORT value is checked; the effective ones of each service are
    // compared with each other. Each setting's ports are a range of `ports`, found by the
    // setting's index.
    let infos = file.infos();
    let port_settings: Vec<(usize, &ServiceOptionInfo)> = (file.m.index().name_keys().iter())
        .enumerate()
        .filter_map(|(i, key)| Some((i, infos[key.index()].filter(|o| o.ty == ValueType::Port)?)))
        .collect();
    let mut ports: Vec<(u16, Span)> = Vec::with_capacity(port_settings.len());
    let mut lists: FastMap<usize, (usize, usize)> =
        FastMap::with_capacity_and_hasher(port_settings.len(), Default::default());
    for (i, info) in port_settings {
        let start = ports.len();
        port_list(file, &file.m.settings[i], info, &mut ports, out);
        lists.insert(i, (start, ports.len()));
    }
    let iface_option = file.option("INTERFACE_ADDRESS");
    let options = [("PORT", file.option("PORT")), ("TLS_PORT", file.option("TLS_PORT"))];
    let mut uses: Vec<Use> = Vec::new();
    for sec in 0..file.m.sections.len() {
        if file.is_dispatcher_section(sec) {
            continue;
        }
        let iface = file
            .effective_of(sec, &iface_option)
            .map(|(s, _)| s.value_trimmed().to_ascii_lowercase())
            .filter(|v| !v.is_empty());
        for (option, looked_up) in &options {
            let Some((i, _)) = file.effective_index(sec, looked_up) else {
                continue;
            };
            let (start, end) = lists.get(&i).copied().unwrap_or_default();
            for &(port, span) in &ports[start..end] {
                uses.push(Use { port, span, sec, option, iface: iface.clone() });
            }
        }
    }
    // The catalog's provenance of PORT (index 0) and TLS_PORT (1), for the findings.
    let evidence = options.map(|(o, _)| file.table.get_folded(o).map(|i| &i.provenance));
    uses.sort_by_key(|u| u.span.start);
    let mut earlier = FirstUses::with_capacity(uses.len());
    for (k, u) in uses.iter().enumerate() {
        let clash = earlier.clash(u);
        earlier.add(k, u);
        let Some(e) = clash.map(|j| &uses[j]) else {
            continue;
        };
        let service = |sec: usize| file.m.sections[sec].name.text(file.text).trim();
        let message = if e.sec != u.sec {
            format!(
                "port {} of service {} is already used by service {} ({}, line {})",
                u.port,
                service(u.sec),
                service(e.sec),
                e.option,
                file.line(e.span)
            )
        } else if e.option != u.option {
            format!(
                "port {} is both {} and {} of service {}",
                u.port,
                e.option,
                u.option,
                service(u.sec)
            )
        } else {
            format!("port {} appears twice in {} of service {}", u.port, u.option, service(u.sec))
        };
        let help = if e.sec == u.sec && e.option != u.option {
            "a port either starts in plain text (PORT) or with TLS (TLS_PORT); give each its own port"
        } else {
            "each port can be listened on by one service only; choose another port or bind the services to different INTERFACE_ADDRESS values"
        };
        let mut d = Diagnostic::new(&PORT_CONFLICT, file.fi, u.span, message)
            .related(file.fi, e.span, format!("port {} is used here", e.port))
            .help(help);
        if let Some(p) = evidence[usize::from(u.option != "PORT")] {
            d = d.evidence(p);
        }
        out.push(d);
    }
}

/// The port numbers of a PORT or TLS_PORT setting (comma or blank separated), with
/// spans, pushed onto `ports`; values that are not ports are reported (DSP107) and left out.
fn port_list(
    file: &DispatcherFile,
    s: &OptionSetting,
    info: &ServiceOptionInfo,
    ports: &mut Vec<(u16, Span)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut any = false;
    for part in &s.value_parts {
        let base = part.start as usize;
        let t = part.text(file.text);
        let mut start = None;
        for (k, c) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
            let sep = c == ',' || c == ' ' || c == '\t';
            match (start, sep) {
                (None, false) => start = Some(k),
                (Some(b), true) => {
                    any = true;
                    let span = Span::new(base + b, base + k);
                    let word = &t[b..k];
                    match parse_int(word).ok().and_then(|v| u16::try_from(v).ok()) {
                        Some(p) if p >= 1 => ports.push((p, span)),
                        _ => out.push(
                            Diagnostic::new(
                                &PORT_OUT_OF_RANGE,
                                file.fi,
                                span,
                                format!("`{word}` is not a TCP port number (1-65535)"),
                            )
                            .help("write a whole number from 1 to 65535")
                            .evidence(&info.provenance),
                        ),
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    if !any {
        out.push(
            Diagnostic::new(
                &PORT_OUT_OF_RANGE,
                file.fi,
                s.span.trim_end(file.text),
                format!("`{}` has no port number", file.name(s)),
            )
            .help("write a port from 1 to 65535, or comment the line out")
            .evidence(&info.provenance),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The index finds the clash the scan of every earlier use finds (the first one,
        /// in text order), for any mix of ports, sections and interface addresses.
        #[test]
        fn first_uses_agree_with_the_scan(
            picks in proptest::collection::vec((1u16..4, 0usize..4, 0usize..3), 0..40)
        ) {
            let ifaces = [None, Some("10.0.0.1".to_string()), Some("10.0.0.2".to_string())];
            let uses: Vec<Use> = picks
                .iter()
                .enumerate()
                .map(|(k, &(port, sec, i))| Use {
                    port,
                    span: Span::new(k, k + 1),
                    sec,
                    option: "PORT",
                    iface: ifaces[i].clone(),
                })
                .collect();
            let mut earlier = FirstUses::with_capacity(uses.len());
            for (k, u) in uses.iter().enumerate() {
                let scan = uses[..k].iter().position(|e| {
                    e.port == u.port
                        && (e.sec == u.sec
                            || e.iface.is_none()
                            || u.iface.is_none()
                            || e.iface == u.iface)
                });
                prop_assert_eq!(earlier.clash(u), scan);
                earlier.add(k, u);
            }
        }
    }
}
