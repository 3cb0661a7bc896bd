//! job_controller.cnf: option names, sections, unreadable lines, and the pools that
//! imta.cnf channels name (spec/dispatcher-cnf.md §6).
//!
//! The checks job_controller.cnf shares with dispatcher.cnf are written once, in
//! `dispatcher.rs`.

use std::collections::HashSet;

use super::dispatcher::{FileCx, absent_note};
use super::{Context, did_you_mean};
use crate::lint::{Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::model::imta::BlockKind;
use crate::syntax::Kind;

pub const JC_UNKNOWN_OPTION: RuleInfo = RuleInfo {
    code: "DSP201",
    name: "jc-unknown-option",
    severity: Severity::Warning,
    summary: "job_controller.cnf sets an option the Job Controller does not know.",
    why: "An unrecognised name has no effect. It is usually a typo, and the setting that was meant (a pool's job limit, a channel's command) silently stays at its default.",
    example: "[POOL=SMTP_POOL]\njob_limits=10",
    fix: "Correct the name (the suggestion shows the closest known option) or delete the line. If the option is genuine but imtacfg's catalog lacks it, declare it in imtacfg's settings.",
};

pub const JC_DUPLICATE_SECTION: RuleInfo = RuleInfo {
    code: "DSP202",
    name: "jc-duplicate-section",
    severity: Severity::Warning,
    summary: "The same [KIND=NAME] header appears twice in job_controller.cnf.",
    why: "Two sections for one pool or channel split its settings over two places. Which one wins is not documented, so one of them probably does not do what it says.",
    example: "[POOL=SMTP_POOL]\njob_limit=10\n[POOL=SMTP_POOL]\njob_limit=2",
    fix: "Merge the two sections, or rename one if a different pool or channel was meant.",
};

pub const JC_DUPLICATE_OPTION: RuleInfo = RuleInfo {
    code: "DSP203",
    name: "jc-duplicate-option",
    severity: Severity::Warning,
    summary: "An option is set twice in the global part or in one section of job_controller.cnf.",
    why: "Only one of the values can be in force. The other line is dead and tells the reader something false.",
    example: "[POOL=DEFAULT]\njob_limit=10\njob_limit=5",
    fix: "Keep the line with the value you want and delete the other one.",
};

pub const JC_NOT_AN_OPTION_LINE: RuleInfo = RuleInfo {
    code: "DSP204",
    name: "jc-not-an-option-line",
    severity: Severity::Warning,
    summary: "A job_controller.cnf line is not NAME=value, a section header, a ! comment or an include.",
    why: "The Job Controller cannot read such a line, and it refuses to start on a configuration it cannot read. A header missing its `]` also leaves the lines below in the section above.",
    example: "[POOL=SMTP_POOL\njob_limit=10",
    fix: "Write the line as NAME=value, close the header with ], or make it a comment with ! in column 1.",
};

pub const POOL_UNDEFINED: RuleInfo = RuleInfo {
    code: "DSP205",
    name: "pool-undefined",
    severity: Severity::Warning,
    summary: "A channel in imta.cnf runs in a pool that job_controller.cnf does not define.",
    why: "The Job Controller has no job slots for a pool without a section and disregards requests for it, so the channel's messages can wait in the queue instead of being delivered.",
    example: "tcp_submit smtp mx pool FAST_POOL\ntcp_submit-daemon\n! and job_controller.cnf has no [POOL=FAST_POOL]",
    fix: "Add a [POOL=NAME] section (with a job_limit) to job_controller.cnf, or have the channel name a pool that exists.",
};

pub const JC_COMMENTED_HEADER: RuleInfo = RuleInfo {
    code: "DSP206",
    name: "jc-commented-out-section-header",
    severity: Severity::Warning,
    summary: "A job_controller.cnf section header is commented out, but option lines below it are still active.",
    why: "Without the header, the lines below join the section above (or the global part) and quietly change it: a periodic job's command ends up in a pool section, for example.",
    example: "[POOL=DEFAULT]\njob_limit=10\n![PERIODIC_JOB=purge]\ncommand=IMTA_BIN:purge.sh",
    fix: "Comment out the option lines as well, or put the header back.",
};

pub static RULES: &[&RuleInfo] = &[
    &JC_UNKNOWN_OPTION,
    &JC_DUPLICATE_SECTION,
    &JC_DUPLICATE_OPTION,
    &JC_NOT_AN_OPTION_LINE,
    &POOL_UNDEFINED,
    &JC_COMMENTED_HEADER,
];

/// Section kinds of job_controller.cnf (QUEUE in older releases).
const KINDS: &[&str] = &["POOL", "CHANNEL", "QUEUE", "PERIODIC_JOB"];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in ctx.files_of(&[Kind::JobController]) {
        let Some(m) = f.dispatcher() else { continue };
        let file = FileCx {
            ctx,
            fi,
            m,
            text: ctx.text(fi),
            table: &ctx.catalog.job_controller,
            top: f.depth == 0,
        };
        file.not_option_lines(&JC_NOT_AN_OPTION_LINE, KINDS, out);
        file.unknown_options(&JC_UNKNOWN_OPTION, "the Job Controller", out);
        file.duplicate_sections(&JC_DUPLICATE_SECTION, out);
        file.duplicate_options(&JC_DUPLICATE_OPTION, out);
        file.commented_headers(&JC_COMMENTED_HEADER, out);
    }
    pools(ctx, out);
}

/// One `pool NAME` (or `queue NAME`) keyword argument in imta.cnf.
struct PoolUse {
    file: usize,
    keyword: String,
    arg: Span,
    /// The channel it applies to, or `None` for a `defaults` line.
    channel: Option<String>,
}

/// DSP205: pools named in imta.cnf that job_controller.cnf does not define.
fn pools(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((jc, _)) = ctx.set.file_of(Kind::JobController) else {
        return;
    };
    let Some(absent) = ctx.definitions_complete(&[Kind::JobController]) else {
        return;
    };
    let mut defined: Vec<&str> = Vec::new();
    for (fi, f) in ctx.files_of(&[Kind::JobController]) {
        if let Some(m) = f.dispatcher() {
            let text = ctx.text(fi);
            defined.extend(
                m.sections
                    .iter()
                    .filter(|s| matches!(s.kind_normalized.as_str(), "POOL" | "QUEUE"))
                    .map(|s| s.name.text(text).trim()),
            );
        }
    }
    let is_defined = |name: &str| defined.iter().any(|d| d.eq_ignore_ascii_case(name));

    for u in pool_uses(ctx) {
        let text = ctx.text(u.file);
        let name = u.arg.text(text).trim_matches('"');
        if is_defined(name) {
            continue;
        }
        let message = match &u.channel {
            Some(c) => {
                format!("channel {c} runs in pool {name}, which job_controller.cnf does not define")
            }
            None => format!(
                "the defaults line gives channels pool {name}, which job_controller.cnf does not define"
            ),
        };
        let mut help = if defined.is_empty() {
            "job_controller.cnf defines no pools at all".to_string()
        } else {
            format!("pools defined: {}", defined.join(", "))
        };
        if let Some(s) = did_you_mean(name, defined.iter().copied()) {
            help = format!("did you mean {s}? {help}");
        }
        help.push_str(&absent_note(&absent));
        help.push_str(&format!(
            "; add [POOL={name}] with a job_limit to job_controller.cnf, or name an existing pool"
        ));
        let mut d = Diagnostic::new(&POOL_UNDEFINED, u.file, u.arg, message)
            .label("no such pool")
            .related(
                jc,
                Span::new(0, 0),
                format!("job_controller.cnf has no [POOL={name}] section"),
            )
            .help(help);
        if let Some(k) = ctx.catalog.keyword(&u.keyword) {
            d = d.evidence(&k.provenance);
        }
        out.push(d);
    }
}

/// Keep a `defaults` line's pool when some channel inherits it.
fn flush(p: Option<PoolUse>, used: bool, uses: &mut Vec<PoolUse>) {
    if let Some(p) = p
        && used
    {
        uses.push(p);
    }
}

/// The pool keywords that take effect: a channel's own, and a `defaults` line's as long as
/// some channel inherits it (until `nodefaults` or a later `defaults` pool).
fn pool_uses(ctx: &Context) -> Vec<PoolUse> {
    let mut uses = Vec::new();
    for (fi, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        let Some(im) = f.imta() else { continue };
        let text = ctx.text(fi);
        let mut inherited: Option<PoolUse> = None;
        let mut inherited_used = false;
        for b in &im.blocks {
            // Channels spliced in by an include may inherit the defaults too.
            if !b.includes.is_empty() {
                inherited_used = true;
            }
            let Some(head) = &b.head else { continue };
            let own = head
                .keywords
                .iter()
                .rev()
                .find(|k| matches!(k.normalized(text).as_str(), "pool" | "queue"))
                .and_then(|k| k.args.first().map(|a| (k.normalized(text), *a)));
            match b.kind {
                BlockKind::Nodefaults => {
                    flush(inherited.take(), inherited_used, &mut uses);
                    inherited_used = false;
                }
                BlockKind::Defaults => {
                    if let Some((keyword, arg)) = own {
                        flush(inherited.take(), inherited_used, &mut uses);
                        inherited = Some(PoolUse {
                            file: fi,
                            keyword,
                            arg,
                            channel: None,
                        });
                        inherited_used = false;
                    }
                }
                BlockKind::Channel => match own {
                    Some((keyword, arg)) => uses.push(PoolUse {
                        file: fi,
                        keyword,
                        arg,
                        channel: b.name(text).map(str::to_string),
                    }),
                    None => inherited_used = true,
                },
                BlockKind::Comments => {}
            }
        }
        flush(inherited.take(), inherited_used, &mut uses);
    }
    // One report per place, in file order.
    let mut seen = HashSet::new();
    uses.retain(|u| seen.insert((u.file, u.arg.start)));
    uses.sort_by_key(|u| (u.file, u.arg.start));
    uses
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, lint_files};

    fn dsp(files: &[(&str, &str)]) -> Vec<(&'static str, String, usize)> {
        codes(files)
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("DSP2"))
            .map(|(c, n, l)| (c, n.rsplit('/').next().unwrap_or(&n).to_string(), l))
            .collect()
    }

    fn jc(text: &str) -> Vec<(&'static str, usize)> {
        dsp(&[("job_controller.cnf", text)])
            .into_iter()
            .map(|(c, _, l)| (c, l))
            .collect()
    }

    const OK: &str = "tcp_port=27442\nsecret=never mind\n[POOL=DEFAULT]\njob_limit=10\n[CHANNEL=tcp_*]\nmaster_command=IMTA_BIN:tcp_smtp_client\n";

    #[test]
    fn quiet_on_clean_files() {
        assert_eq!(jc(OK), vec![]);
        assert_eq!(
            jc(
                "TCP_PORT=27442\n[QUEUE=DEFAULT]\nJOB_LIMIT=5\n[PERIODIC_JOB=return_job]\ncommand=IMTA_BIN:return.sh\ntime=00:30\n[CHANNEL=tcp_*]\nargs=\"\"\n"
            ),
            vec![]
        );
    }

    #[test]
    fn dsp201_unknown_option() {
        let found = lint_files(&[("job_controller.cnf", &format!("{OK}job_limits=3\n"))]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP201")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, 7);
        assert!(d[0].2.help.as_deref().unwrap().contains("JOB_LIMIT"));
        assert_eq!(
            jc(&format!("{OK}SLAVE_COMMAND=NULL\nmax_life_conns=10\n")),
            vec![]
        );
    }

    #[test]
    fn dsp202_duplicate_section() {
        assert_eq!(
            jc(&format!("{OK}[pool=default]\njob_limit=2\n")),
            vec![("DSP202", 7)]
        );
        assert_eq!(jc(&format!("{OK}[POOL=SMTP_POOL]\njob_limit=2\n")), vec![]);
    }

    #[test]
    fn dsp203_duplicate_option() {
        assert_eq!(jc(&format!("{OK}master_command=x\n")), vec![("DSP203", 7)]);
        assert_eq!(jc(&format!("job_limit=5\n{OK}")), vec![]);
    }

    #[test]
    fn dsp204_not_an_option_line() {
        assert_eq!(
            jc(&format!(
                "{OK}[POOL=FAST\njob_limit=1\nnonsense\n[SERVICE=SMTP]\n"
            )),
            vec![("DSP204", 7), ("DSP204", 9), ("DSP204", 10)]
        );
        assert_eq!(jc(&format!("{OK}\n  \n! [not a header\n")), vec![]);
    }

    #[test]
    fn dsp205_pool_undefined() {
        let imta = "\ndefaults pool SLOW\n\nl pool LOCAL_POOL\nl\n\ntcp_submit smtp pool FAST_POOL\ntcp_submit-daemon\n\ntcp_old smtp queue default\ntcp_old-daemon\n\nnodefaults\n\ntcp_x smtp\ntcp_x-daemon\n";
        let jcf = "[POOL=DEFAULT]\njob_limit=10\n[QUEUE=LOCAL_POOL]\njob_limit=1\n";
        let found = lint_files(&[("imta.cnf", imta), ("job_controller.cnf", jcf)]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP205")
            .collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].0.ends_with("imta.cnf"));
        assert_eq!(d[0].1, 7);
        assert_eq!(d[0].2.related[0].span.start, 0);
        // The defaults pool SLOW is inherited by nobody (every channel names its own, and
        // nodefaults comes before tcp_x); without a job_controller.cnf nothing is said.
        let inherited = "\ndefaults pool SLOW\n\ntcp_x smtp\ntcp_x-daemon\n";
        assert_eq!(
            dsp(&[("imta.cnf", inherited), ("job_controller.cnf", jcf)]),
            vec![("DSP205", "imta.cnf".to_string(), 2)]
        );
        assert_eq!(dsp(&[("imta.cnf", imta)]), vec![]);
        assert_eq!(
            dsp(&[
                ("imta.cnf", "\ntcp_x smtp pool default\ntcp_x-daemon\n"),
                ("job_controller.cnf", jcf)
            ]),
            vec![]
        );
    }

    #[test]
    fn dsp206_commented_out_section_header() {
        let text =
            format!("{OK}![PERIODIC_JOB=purge_job]\ncommand=IMTA_BIN:purge.sh\ntime=/04:00\n");
        assert_eq!(jc(&text), vec![("DSP206", 7)]);
        assert_eq!(
            jc(&format!(
                "{OK}![PERIODIC_JOB=purge_job]\n!command=IMTA_BIN:purge.sh\n"
            )),
            vec![]
        );
    }
}
