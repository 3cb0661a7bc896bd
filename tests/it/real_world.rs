//! Real-world phenomena (`shared/spec/real-world.md`): every fixture of
//! `tests/fixtures/real-world` gives a model that shows its phenomenon at the right line;
//! every fixture and example file survives CRLF, Latin-1, mixed line endings and a toggled
//! final newline byte for byte; and the real files in `../shared/real/` (when present) do
//! too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use imtacfg::knowledge::Catalog;
use imtacfg::model::Span;
use imtacfg::model::dispatcher::{DispatcherModel, ValueSource};
use imtacfg::model::imta::{self, Block, BlockKind, ImtaModel, Part};
use imtacfg::model::options::{self, OptionModel, OptionSetting};
use imtacfg::source::{Encoding, SourceFile, encode};
use imtacfg::syntax::{self, Kind, SyntaxTree};

use crate::common::{FIXTURES, before_each_lf, crlf};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real");

// ---------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------

/// The typed model of one file, whatever its family.
#[derive(Debug)]
enum Model {
    Imta(ImtaModel),
    Options(OptionModel),
    Dispatcher(DispatcherModel),
}

/// A decoded file and its model.
struct Loaded {
    src: SourceFile,
    model: Model,
}

/// The family of a fixture, from its extension.
fn fixture_kind(name: &str) -> Kind {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("cnf") => Kind::Imta,
        Some("dat") => Kind::Option,
        Some("tailor") => Kind::Tailor,
        Some("dispatcher") => Kind::Dispatcher,
        Some("jbc") => Kind::JobController,
        _ => panic!("{name}: no family for this extension"),
    }
}

/// Build the model of a parsed text.
fn build_model(tree: &SyntaxTree, text: &str, kind: Kind) -> Model {
    match kind {
        Kind::Imta | Kind::ImtaChannels => {
            Model::Imta(imta::build(tree, text, &Catalog::builtin()))
        }
        Kind::Option | Kind::ChannelOption | Kind::Tailor => {
            Model::Options(options::build(tree, text))
        }
        Kind::Dispatcher | Kind::JobController => {
            Model::Dispatcher(imtacfg::model::dispatcher::build(tree, text))
        }
    }
}

/// Decode, parse and model bytes as a file of `kind`.
fn load_bytes(name: &str, bytes: Vec<u8>, kind: Kind) -> Loaded {
    let src = SourceFile::from_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let tree = syntax::parse(&src.text, kind).unwrap_or_else(|e| panic!("{name}: {e}"));
    let model = build_model(&tree, &src.text, kind);
    Loaded { src, model }
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Load a fixture by name; the family comes from the extension.
fn load(name: &str) -> Loaded {
    load_bytes(name, fixture_bytes(name), fixture_kind(name))
}

impl Loaded {
    fn text(&self) -> &str {
        &self.src.text
    }

    /// The text of a span.
    fn t(&self, span: Span) -> &str {
        span.text(&self.src.text)
    }

    /// The 1-based line a span starts on.
    fn line(&self, span: Span) -> usize {
        self.src.line_col(span.start as usize).line
    }

    /// The 1-based line a span ends on (its last character).
    fn end_line(&self, span: Span) -> usize {
        self.src.line_col((span.end as usize).saturating_sub(1).max(span.start as usize)).line
    }

    fn imta(&self) -> &ImtaModel {
        match &self.model {
            Model::Imta(m) => m,
            other => panic!("{}: not an imta model: {other:?}", self.src.name),
        }
    }

    fn options(&self) -> &OptionModel {
        match &self.model {
            Model::Options(m) => m,
            other => panic!("{}: not an option model: {other:?}", self.src.name),
        }
    }

    fn dispatcher(&self) -> &DispatcherModel {
        match &self.model {
            Model::Dispatcher(m) => m,
            other => panic!("{}: not a dispatcher model: {other:?}", self.src.name),
        }
    }

    // ---- imta.cnf helpers ----

    /// (line, pattern, channel tag) of every rewrite rule.
    fn rules(&self) -> Vec<(usize, &str, Option<&str>)> {
        self.imta()
            .rewrite_rules
            .iter()
            .map(|r| (self.line(r.line), self.t(r.pattern), r.channel_tag.map(|s| self.t(s))))
            .collect()
    }

    /// The block whose channel line has this name.
    fn block(&self, name: &str) -> &Block {
        self.imta()
            .blocks
            .iter()
            .find(|b| b.name(self.text()) == Some(name))
            .unwrap_or_else(|| panic!("{}: no block named {name}", self.src.name))
    }

    /// (name, kind, first line) of every block.
    fn blocks(&self) -> Vec<(Option<&str>, BlockKind, usize)> {
        self.imta()
            .blocks
            .iter()
            .map(|b| (b.name(self.text()), b.kind, self.line(b.span)))
            .collect()
    }

    /// Keywords of a block with their arguments, as written.
    fn keywords(&self, b: &Block) -> Vec<(&str, Vec<&str>)> {
        b.head
            .as_ref()
            .expect("block has a channel line")
            .keywords
            .iter()
            .map(|k| (self.t(k.name), k.args.iter().map(|a| self.t(*a)).collect()))
            .collect()
    }

    /// Host lines of a block: (line, names).
    fn hosts(&self, b: &Block) -> Vec<(usize, Vec<&str>)> {
        b.hosts
            .iter()
            .map(|h| (self.line(h.line), h.names.iter().map(|n| self.t(*n)).collect()))
            .collect()
    }

    /// Lines of a block's comments.
    fn comment_lines(&self, b: &Block) -> Vec<usize> {
        b.comments.iter().map(|c| self.line(c.span)).collect()
    }

    /// Lines of the physical lines of a block's channel line.
    fn physical_lines(&self, b: &Block) -> Vec<usize> {
        b.head
            .as_ref()
            .expect("block has a channel line")
            .physical_lines
            .iter()
            .map(|p| self.line(*p))
            .collect()
    }

    // ---- option helpers ----

    /// (line, normalized name, value) of every setting of an option file.
    fn settings(&self) -> Vec<(usize, &str, &str)> {
        self.options()
            .settings
            .iter()
            .map(|s| (self.line(s.span), s.normalized.as_str(), s.value.as_str()))
            .collect()
    }

    /// The last setting of a name in an option file.
    fn setting(&self, name: &str) -> &OptionSetting {
        self.options().get(name).unwrap_or_else(|| panic!("{}: no setting {name}", self.src.name))
    }

    /// Lines of the value parts of a setting.
    fn part_lines(&self, s: &OptionSetting) -> Vec<usize> {
        s.value_parts.iter().map(|p| self.line(*p)).collect()
    }

    /// Lines of the comments inside a continued setting.
    fn inner_comment_lines(&self, s: &OptionSetting) -> Vec<usize> {
        s.inner_comments.iter().map(|c| self.line(c.span)).collect()
    }

    /// Lines of the comments of an option or dispatcher file.
    fn file_comment_lines(&self) -> Vec<usize> {
        let comments = match &self.model {
            Model::Options(m) => &m.comments,
            Model::Dispatcher(m) => &m.comments,
            Model::Imta(_) => panic!("imta comments live in blocks"),
        };
        comments.iter().map(|c| self.line(c.span)).collect()
    }

    // ---- dispatcher helpers ----

    /// (line, normalized name, value) of settings given by index.
    fn dsettings(&self, idx: &[usize]) -> Vec<(usize, &str, &str)> {
        let m = self.dispatcher();
        idx.iter()
            .map(|&i| {
                let s = &m.settings[i];
                (self.line(s.span), s.normalized.as_str(), s.value.as_str())
            })
            .collect()
    }

    /// (header line, kind, name as written) of every section.
    fn sections(&self) -> Vec<(usize, &str, &str)> {
        self.dispatcher()
            .sections
            .iter()
            .map(|s| (self.line(s.header), s.kind_normalized.as_str(), self.t(s.name)))
            .collect()
    }

    /// The effective value of an option in a section, with where it came from.
    fn effective(&self, section: usize, name: &str) -> Option<(usize, &str, ValueSource)> {
        self.dispatcher()
            .effective(section, name)
            .map(|(s, from)| (self.line(s.span), s.value_trimmed(), from))
    }
}

// ---------------------------------------------------------------------------------------
// The fixture list
// ---------------------------------------------------------------------------------------

/// Fixture names listed in INDEX.md (first column of the table).
fn index_names() -> Vec<String> {
    let index = std::fs::read_to_string(Path::new(FIXTURES).join("INDEX.md")).unwrap();
    index
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .map(str::trim)
        .filter(|n| *n != "file" && !n.starts_with("---") && n.contains('.'))
        .map(String::from)
        .collect()
}

/// The fixtures that have a model test in this file. Kept in step with INDEX.md by
/// `every_indexed_fixture_has_a_model_test`.
const TESTED: &[&str] = &[
    "trailing-spaces-everywhere.cnf", "whitespace-only-separators.cnf",
    "channel-line-continuation.cnf", "physical-line-over-252.cnf", "include-forms.cnf",
    "include-last-line-no-newline.cnf", "blank-after-opening-comments.cnf",
    "comment-after-separating-blank.cnf", "commented-out-channel-blocks.cnf",
    "comment-between-keyword-and-host-line.cnf", "channel-without-host-line.cnf",
    "channel-several-host-lines.cnf", "uppercase-tags.cnf", "defaults-without-host-line.cnf",
    "rewrite-eb-pairs.cnf", "rewrite-without-channel-tag.cnf", "rewrite-dollar-star.cnf",
    "rewrite-mapping-and-routine-calls.cnf", "keyword-arguments.cnf", "old-queue-keyword.cnf",
    "debug-keywords-left-on.cnf", "no-final-newline.cnf", "option-value-continuation.dat",
    "continuation-comment-cuts-value.dat", "comment-inside-continued-value.dat",
    "continued-value-missing-commas.dat", "ends-mid-continuation.dat", "spaces-around-equals.dat",
    "value-forms.dat", "mixed-case-names.dat", "log-values-beyond-boolean.dat",
    "commented-out-alternatives.dat", "blank-line-and-appended-options.dat",
    "last-line-comment-no-newline.dat", "trailing-spaces.dat", "trailing-spaces.tailor",
    "services-smtp-submit-lmtp.dispatcher", "debug-prepended.dispatcher",
    "commented-section-header.dispatcher", "include-lines.dispatcher",
    "empty-last-section.dispatcher", "global-appended-after-last-section.dispatcher",
    "trailing-comment-announcing-section.dispatcher", "pools-and-channel-wildcards.jbc",
    "old-queue-sections.jbc", "uppercase-option-names.jbc", "periodic-job.jbc",
    "commented-periodic-job-header.jbc", "empty.cnf", "single-newline.cnf",
];

/// INDEX.md, the fixture directory and the model tests below name the same files.
#[test]
fn every_indexed_fixture_has_a_model_test() {
    let indexed: BTreeSet<String> = index_names().into_iter().collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "INDEX.md")
        .collect();
    let tested: BTreeSet<String> = TESTED.iter().map(|s| s.to_string()).collect();
    assert_eq!(indexed.len(), 50, "INDEX.md lists 50 fixtures");
    assert_eq!(indexed, on_disk, "INDEX.md and the fixture directory differ");
    assert_eq!(indexed, tested, "a fixture has no model test here");
}

// ---------------------------------------------------------------------------------------
// imta.cnf fixtures
// ---------------------------------------------------------------------------------------

/// Trailing spaces after comments, rules, an include path, keywords and host names are not
/// part of any template, path, keyword or host name.
#[test]
fn trailing_spaces_everywhere() {
    let f = load("trailing-spaces-everywhere.cnf");
    let m = f.imta();
    let comment_lines: Vec<usize> = m.rule_comments.iter().map(|c| f.line(c.span)).collect();
    assert_eq!(comment_lines, vec![1, 2]);
    assert_eq!(
        f.rules(),
        vec![
            (3, "gw.example.org", Some("gw.example.org")),
            (4, ".example.org", Some("tcp_intranet-daemon")),
            (6, ".com", Some("tcp-daemon")),
        ]
    );
    let templates: Vec<&str> = m.rewrite_rules.iter().map(|r| f.t(r.template.unwrap())).collect();
    assert_eq!(
        templates,
        vec!["$U%$D@gw.example.org", "$U%$H$D@tcp_intranet-daemon", "$U%$H$D@tcp-daemon"]
    );
    assert_eq!(m.includes.len(), 1);
    assert_eq!(f.line(m.includes[0].include.line), 5);
    assert_eq!(f.t(m.includes[0].include.path), "IMTA_TABLE:internet.rules");
    assert_eq!(m.includes[0].part, Part::RewriteRules);
    assert_eq!(f.line(m.section_break.unwrap().span), 7);

    assert_eq!(
        f.blocks(),
        vec![
            (Some("defaults"), BlockKind::Defaults, 8),
            (Some("l"), BlockKind::Channel, 10),
            (Some("tcp_local"), BlockKind::Channel, 13),
            (Some("tcp_intranet"), BlockKind::Channel, 17),
        ]
    );
    let defaults = &m.blocks[0];
    assert_eq!(f.keywords(defaults), vec![("logging", vec![]), ("notices", vec!["2", "4", "6"])]);
    let l = f.block("l");
    assert_eq!(f.keywords(l), vec![("subdirs", vec!["10"]), ("maxjobs", vec!["2"])]);
    assert_eq!(f.hosts(l), vec![(11, vec!["gw.example.org"])]);
    let tcp = f.block("tcp_local");
    assert_eq!(f.comment_lines(tcp), vec![13]);
    assert_eq!(
        f.keywords(tcp),
        vec![
            ("smtp", vec![]),
            ("mx", vec![]),
            ("single_sys", vec![]),
            ("remotehost", vec![]),
            ("pool", vec!["SMTP_POOL"]),
        ]
    );
    assert_eq!(f.hosts(tcp), vec![(15, vec!["tcp-daemon"])]);
    let intranet = f.block("tcp_intranet");
    assert_eq!(f.hosts(intranet), vec![(18, vec!["tcp_intranet-daemon"])]);
    assert!(m.separators.iter().all(|s| !s.whitespace_only));
}

/// Lines holding only spaces end the rules and separate blocks, and are flagged as such.
#[test]
fn whitespace_only_separators() {
    let f = load("whitespace-only-separators.cnf");
    let m = f.imta();
    let brk = m.section_break.unwrap();
    assert_eq!(f.line(brk.span), 4);
    assert!(brk.whitespace_only);
    let seps: Vec<(usize, bool)> =
        m.separators.iter().map(|s| (f.line(s.span), s.whitespace_only)).collect();
    assert_eq!(seps, vec![(7, true), (10, true), (13, true)]);
    assert_eq!(f.rules().len(), 2);
    assert_eq!(
        f.blocks(),
        vec![
            (Some("l"), BlockKind::Channel, 5),
            (Some("tcp_local"), BlockKind::Channel, 8),
            (Some("bitbucket"), BlockKind::Channel, 11),
        ]
    );
    assert_eq!(f.hosts(f.block("bitbucket")), vec![(12, vec!["bitbucket-daemon"])]);
}

/// A channel line continued with `\` has all its physical lines and the keywords of all of
/// them; indented and unindented continuation lines both count.
#[test]
fn channel_line_continuation() {
    let f = load("channel-line-continuation.cnf");
    let l = f.block("l");
    assert_eq!(f.physical_lines(l), vec![5, 6]);
    assert_eq!(f.keywords(l), vec![("maxjobs", vec!["4"]), ("pool", vec!["LOCAL_POOL"])]);
    assert_eq!(f.hosts(l), vec![(7, vec!["ex.example.com"])]);

    let tcp = f.block("tcp_local");
    assert_eq!(f.physical_lines(tcp), vec![9, 10, 11, 12]);
    let names: Vec<&str> = f.keywords(tcp).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        vec![
            "smtp", "mx", "single_sys", "remotehost", "inner", "pool", "identnonenumeric",
            "maytlsserver", "maysaslserver", "switchchannel", "saslswitchchannel", "loopcheck",
            "backoff",
        ]
    );
    let kws = f.keywords(tcp);
    assert_eq!(kws[5].1, vec!["SMTP_POOL"]);
    assert_eq!(kws[10], ("saslswitchchannel", vec!["tcp_auth"]));
    assert_eq!(kws[12].1, vec!["\"pt10m\"", "\"pt30m\"", "\"pt1h\"", "\"pt4h\"", "\"pt8h\""]);
    let head = tcp.head.as_ref().unwrap();
    assert!(head.dangling_continuation.is_none());
    assert_eq!((f.line(head.span), f.end_line(head.span)), (9, 12));
    assert_eq!(f.hosts(tcp), vec![(13, vec!["tcp-daemon"])]);

    let auth = f.block("tcp_auth");
    assert_eq!(f.physical_lines(auth), vec![15, 16]);
    assert_eq!(
        f.keywords(auth).last().unwrap(),
        &("maytlsserver", vec![]),
        "the unindented continuation line 16 still belongs to the channel line"
    );
    assert_eq!(f.hosts(auth), vec![(17, vec!["tcp_auth-daemon"])]);
}

/// Physical lines of 253 and 307 characters parse like any other: a block comment and a
/// channel line whose last keyword is still read.
#[test]
fn physical_line_over_252() {
    let f = load("physical-line-over-252.cnf");
    let lengths: Vec<usize> = f.text().lines().map(str::len).collect();
    assert_eq!((lengths[7], lengths[8]), (253, 307));
    let tcp = f.block("tcp_local");
    assert_eq!(f.comment_lines(tcp), vec![8]);
    assert_eq!(tcp.comments[0].span.len(), 253);
    let head = tcp.head.as_ref().unwrap();
    assert_eq!(head.physical_lines.len(), 1);
    assert_eq!(head.physical_lines[0].trim_end(f.text()).len(), 307);
    let last_word = f.text().lines().nth(8).unwrap().split(' ').next_back().unwrap();
    let kws = f.keywords(tcp);
    let (last_name, last_args) = kws.last().unwrap();
    assert!(
        *last_name == last_word || last_args.last() == Some(&last_word),
        "the last word {last_word:?} of the long line is in the model: {kws:?}"
    );
    assert_eq!(f.hosts(tcp), vec![(10, vec!["tcp-daemon"])]);
}

/// Include lines in every form are includes (in the part they sit in); a commented-out
/// include is a comment.
#[test]
fn include_forms() {
    let f = load("include-forms.cnf");
    let m = f.imta();
    let incs: Vec<(usize, &str, Part)> =
        m.includes.iter().map(|i| (f.line(i.include.line), f.t(i.include.path), i.part)).collect();
    assert_eq!(
        incs,
        vec![
            (3, "IMTA_TABLE:internet.rules", Part::RewriteRules),
            (4, "/etc/opt/SUNWmail/imta/internet.rules", Part::RewriteRules),
            (5, "PMDF_TABLE:partner.rules", Part::RewriteRules),
            (19, "IMTA_TABLE:site_channels.cnf", Part::Channels),
        ]
    );
    let rule_comments: Vec<usize> = m.rule_comments.iter().map(|c| f.line(c.span)).collect();
    assert_eq!(rule_comments, vec![1, 6]);
    assert_eq!(
        f.rules(),
        vec![
            (2, "hub.example.com", Some("hub.example.com")),
            (7, ".example.com", Some("tcp_intranet-daemon")),
        ]
    );
    let last = m.blocks.last().unwrap();
    assert_eq!(last.kind, BlockKind::Comments);
    assert!(last.head.is_none());
    assert_eq!(last.includes, vec![3]);
    assert_eq!(f.comment_lines(last), vec![18, 20]);
    assert_eq!(m.channels().count(), 3);
}

/// An include as the very last line without a newline is still an include of the channel
/// part, in a block of its own.
#[test]
fn include_last_line_no_newline() {
    let f = load("include-last-line-no-newline.cnf");
    assert!(!f.text().ends_with('\n'));
    let m = f.imta();
    assert_eq!(m.includes.len(), 1);
    let inc = m.includes[0];
    assert_eq!(f.line(inc.include.line), 11);
    assert_eq!(f.t(inc.include.path), "IMTA_TABLE:site_channels.cnf");
    assert_eq!(inc.part, Part::Channels);
    assert_eq!(inc.include.line.end as usize, f.text().len());
    let last = m.blocks.last().unwrap();
    assert_eq!(last.kind, BlockKind::Comments);
    assert_eq!(last.includes, vec![0]);
    assert_eq!(f.line(m.separators.last().unwrap().span), 10);
}

/// A blank line right after the opening comments ends the rewrite rules at once: the rule
/// lines become a channel block named by the first rule's pattern, whose host line is the
/// next rule's line.
#[test]
fn blank_after_opening_comments() {
    let f = load("blank-after-opening-comments.cnf");
    let m = f.imta();
    assert!(m.rewrite_rules.is_empty());
    let comment_lines: Vec<usize> = m.rule_comments.iter().map(|c| f.line(c.span)).collect();
    assert_eq!(comment_lines, vec![1, 2]);
    let brk = m.section_break.unwrap();
    assert_eq!(f.line(brk.span), 3);
    assert!(!brk.whitespace_only);

    let first = &m.blocks[0];
    assert_eq!(first.kind, BlockKind::Channel);
    assert_eq!(first.name(f.text()), Some("partner.example.org"));
    assert_eq!(f.line(first.span), 4);
    assert_eq!(f.keywords(first), vec![("$U%$D@tcp_partner-daemon", vec![])]);
    assert!(!first.head.as_ref().unwrap().keywords[0].known);
    assert_eq!(
        f.hosts(first),
        vec![(5, vec![".partner.example.org", "$U%$H$D@tcp_partner-daemon"])]
    );
    assert_eq!(f.t(first.official_host().unwrap()), ".partner.example.org");
    assert_eq!(
        f.blocks(),
        vec![
            (Some("partner.example.org"), BlockKind::Channel, 4),
            (Some("l"), BlockKind::Channel, 7),
            (Some("tcp_local"), BlockKind::Channel, 10),
            (Some("tcp_partner"), BlockKind::Channel, 13),
        ]
    );
}

/// Comment lines right after the blank line that ends the rules, and right after a block
/// separator, belong to the block that follows.
#[test]
fn comment_after_separating_blank() {
    let f = load("comment-after-separating-blank.cnf");
    let m = f.imta();
    assert_eq!(f.line(m.section_break.unwrap().span), 4);
    assert_eq!(f.rules().len(), 2);
    let l = f.block("l");
    assert_eq!(f.comment_lines(l), vec![5, 6, 7]);
    assert_eq!(f.line(l.span), 5);
    assert_eq!(f.line(l.head.as_ref().unwrap().span), 8);
    assert_eq!(f.hosts(l), vec![(9, vec!["smtp.example.net"])]);
    let tcp = f.block("tcp_local");
    assert_eq!(f.comment_lines(tcp), vec![11]);
    assert_eq!(f.line(tcp.head.as_ref().unwrap().span), 12);
    assert_eq!(f.t(tcp.official_host().unwrap()), "tcp-daemon");
    let seps: Vec<usize> = m.separators.iter().map(|s| f.line(s.span)).collect();
    assert_eq!(seps, vec![10]);
}

/// Channel blocks commented out with `!` are comment blocks, not channels.
#[test]
fn commented_out_channel_blocks() {
    let f = load("commented-out-channel-blocks.cnf");
    let m = f.imta();
    assert_eq!(
        f.blocks(),
        vec![
            (Some("l"), BlockKind::Channel, 5),
            (None, BlockKind::Comments, 8),
            (Some("tcp_local"), BlockKind::Channel, 11),
            (None, BlockKind::Comments, 14),
        ]
    );
    assert_eq!(f.comment_lines(&m.blocks[1]), vec![8, 9]);
    assert!(m.blocks[1].hosts.is_empty());
    assert_eq!(f.comment_lines(&m.blocks[3]), vec![14, 15, 16]);
    assert_eq!(f.t(m.blocks[3].comments[1].span), "!fax_out master maxjobs 1");
    let channels: Vec<&str> = m.channels().filter_map(|b| b.name(f.text())).collect();
    assert_eq!(channels, vec!["l", "tcp_local"]);
}

/// A comment between a channel's keyword line and its host line is a block comment, and
/// the official host is still the line after it.
#[test]
fn comment_between_keyword_and_host_line() {
    let f = load("comment-between-keyword-and-host-line.cnf");
    let tcp = f.block("tcp_local");
    assert_eq!(f.comment_lines(tcp), vec![9]);
    assert_eq!(f.hosts(tcp), vec![(10, vec!["tcp-daemon"])]);
    assert_eq!(f.keywords(tcp).last().unwrap(), &("remotehost", vec![]));
    let bb = f.block("bitbucket");
    assert_eq!(f.comment_lines(bb), vec![13, 14]);
    assert_eq!(f.hosts(bb), vec![(15, vec!["bitbucket-daemon"])]);
    assert_eq!(f.t(bb.official_host().unwrap()), "bitbucket-daemon");
}

/// A channel block with only its keyword line has no host lines.
#[test]
fn channel_without_host_line() {
    let f = load("channel-without-host-line.cnf");
    let extra = f.block("tcp_extra");
    assert_eq!(extra.kind, BlockKind::Channel);
    assert!(extra.hosts.is_empty());
    assert!(extra.official_host().is_none());
    assert_eq!(f.line(extra.span), 7);
    assert_eq!(
        f.keywords(extra),
        vec![
            ("smtp", vec![]),
            ("nomx", vec![]),
            ("single_sys", vec![]),
            ("pool", vec!["SMTP_POOL"]),
        ]
    );
    assert_eq!(f.hosts(f.block("bitbucket")), vec![(10, vec!["bitbucket-daemon"])]);
}

/// Several host lines are all recorded: official host with an alias, then additional
/// host names.
#[test]
fn channel_several_host_lines() {
    let f = load("channel-several-host-lines.cnf");
    assert_eq!(
        f.hosts(f.block("l")),
        vec![
            (6, vec!["mail.example.com"]),
            (7, vec!["mailhost.example.com"]),
            (8, vec!["mail1.example.com"]),
        ]
    );
    let tcp = f.block("tcp_local");
    assert_eq!(
        f.hosts(tcp),
        vec![
            (11, vec!["tcp-daemon", "relay-out.example.com"]),
            (12, vec!["relay-out.example.net"]),
            (13, vec!["relay-out2.example.net"]),
        ]
    );
    assert_eq!(f.t(tcp.official_host().unwrap()), "tcp-daemon");
    assert_eq!(f.keywords(tcp).last().unwrap(), &("daemon", vec!["smarthost.example.net"]));
}

/// Upper-case channel tags are kept as written and match the lower-case tags of the rules
/// case-insensitively.
#[test]
fn uppercase_tags() {
    let f = load("uppercase-tags.cnf");
    let tags: Vec<(usize, &str)> = ["defragment", "tcp_local", "tcp_intranet"]
        .iter()
        .map(|n| {
            let h = f.block(n).official_host().unwrap();
            (f.line(h), f.t(h))
        })
        .collect();
    assert_eq!(
        tags,
        vec![(10, "DEFRAGMENT-DAEMON"), (13, "TCP-DAEMON"), (16, "TCP_INTRANET-DAEMON")]
    );
    assert_eq!(
        f.rules()[1..],
        [(3, ".net", Some("tcp-daemon")), (4, ".example.net", Some("tcp_intranet-daemon")),]
    );
    for (_, _, tag) in &f.rules()[1..] {
        let tag = tag.unwrap();
        assert!(
            tags.iter().any(|(_, t)| t.eq_ignore_ascii_case(tag)),
            "rule tag {tag} names an upper-case channel tag"
        );
    }
}

/// A defaults block has no host line and `defaulthost` takes two arguments; `notices`
/// groups its four ages.
#[test]
fn defaults_without_host_line() {
    let f = load("defaults-without-host-line.cnf");
    let m = f.imta();
    let d = &m.blocks[0];
    assert_eq!(d.kind, BlockKind::Defaults);
    assert_eq!(f.line(d.span), 5);
    assert!(d.hosts.is_empty());
    assert_eq!(
        f.keywords(d),
        vec![
            ("logging", vec![]),
            ("notices", vec!["1", "3", "5", "8"]),
            ("noswitchchannel", vec![]),
            ("immnonurgent", vec![]),
            ("maxjobs", vec!["5"]),
            ("defaulthost", vec!["example.org", "example.org"]),
        ]
    );
    assert!(d.head.as_ref().unwrap().keywords.iter().all(|k| k.known));
    assert_eq!(m.channels().count(), 2);
}

/// Repeated patterns told apart by `$E`/`$B` are separate rules with their own tags.
#[test]
fn rewrite_eb_pairs() {
    let f = load("rewrite-eb-pairs.cnf");
    assert_eq!(
        f.rules(),
        vec![
            (2, "mail.example.com", Some("mail.example.com")),
            (4, "old.example.com", Some("mail.example.com")),
            (5, "old.example.com", Some("mail.example.com")),
            (7, ".store.example.com", Some("tcp_lmtpcs-daemon")),
            (8, ".store.example.com", Some("mail.example.com")),
        ]
    );
    let templates: Vec<&str> =
        f.imta().rewrite_rules.iter().map(|r| f.t(r.template.unwrap())).collect();
    assert!(templates[1].starts_with("$E") && templates[2].starts_with("$B"));
    assert!(templates[3].starts_with("$E") && templates[4].starts_with("$B"));
    let comments: Vec<usize> = f.imta().rule_comments.iter().map(|c| f.line(c.span)).collect();
    assert_eq!(comments, vec![1, 3, 6]);
}

/// Templates without `@channel-tag` have no tag and no computed route.
#[test]
fn rewrite_without_channel_tag() {
    let f = load("rewrite-without-channel-tag.cnf");
    assert_eq!(
        f.rules(),
        vec![
            (2, "*", None),
            (3, "mailhost", None),
            (4, "mail.example.com", Some("mail.example.com")),
            (5, ".com", Some("tcp-daemon")),
        ]
    );
    let r = &f.imta().rewrite_rules[0];
    assert_eq!(f.t(r.template.unwrap()), "$U%$&0.example.com");
    assert!(!r.computed_route);
    assert!(!f.imta().rewrite_rules[1].computed_route);
}

/// `$*` patterns with `$M` controls after the tag: the tag stops before `$M`.
#[test]
fn rewrite_dollar_star() {
    let f = load("rewrite-dollar-star.cnf");
    assert_eq!(
        f.rules(),
        vec![
            (2, "relay.example.net", Some("relay.example.net")),
            (4, "$*", Some("conversion-daemon")),
            (5, "$*", Some("reprocess-daemon")),
            (6, ".net", Some("tcp-daemon")),
        ]
    );
    let r = &f.imta().rewrite_rules[1];
    assert_eq!(f.t(r.template.unwrap()), "$E$F$U%$H$D@conversion-daemon$Mtcp_intranet");
    assert_eq!(f.t(f.block("conversion").official_host().unwrap()), "conversion-daemon");
}

/// `${...}` mapping calls and `$[...]` routine calls do not hide the literal tag.
#[test]
fn rewrite_mapping_and_routine_calls() {
    let f = load("rewrite-mapping-and-routine-calls.cnf");
    assert_eq!(
        f.rules(),
        vec![
            (2, "gw.example.org", Some("gw.example.org")),
            (4, "[]", Some("tcp_intranet-daemon")),
            (6, "[]", Some("tcp-daemon")),
            (7, "[]", Some("tcp-daemon")),
        ]
    );
    let m = f.imta();
    assert_eq!(
        f.t(m.rewrite_rules[1].template.unwrap()),
        "$E${INTERNAL_IP,$L}$U%[$L]@tcp_intranet-daemon"
    );
    assert_eq!(
        f.t(m.rewrite_rules[2].template.unwrap()),
        "$E$U%$[IMTA_LIBUTIL,hostName,$L]@tcp-daemon"
    );
    assert!(m.rewrite_rules.iter().all(|r| !r.computed_route));
}

/// Keyword arguments: quoted backoff lists in both cases, a comma list, a `file:` URL, a
/// template and pool names are grouped with their keywords.
#[test]
fn keyword_arguments() {
    let f = load("keyword-arguments.cnf");
    assert_eq!(
        f.keywords(f.block("l")),
        vec![("maxjobs", vec!["2"]), ("pool", vec!["LOCAL_POOL"])]
    );
    let ms = f.block("ims-ms");
    assert_eq!(
        f.keywords(ms),
        vec![
            ("defragment", vec![]),
            ("subdirs", vec!["20"]),
            ("notices", vec!["2", "5", "9"]),
            ("backoff", vec!["\"pt10m\"", "\"pt30m\"", "\"pt2h\"", "\"pt6h\""]),
            ("fileinto", vec!["$U+$S@$D"]),
            ("destinationspamfilter1optin", vec!["spam,virus"]),
            ("pool", vec!["IMS_POOL"]),
        ]
    );
    let tcp = f.block("tcp_local");
    assert_eq!(
        f.keywords(tcp),
        vec![
            ("smtp", vec![]),
            ("mx", vec![]),
            ("single_sys", vec![]),
            ("sourcefilter", vec!["file:IMTA_TABLE:execblock.filter"]),
            ("backoff", vec!["\"PT5M\"", "\"PT15M\"", "\"PT1H\""]),
            ("pool", vec!["SMTP_POOL"]),
        ]
    );
    for b in [ms, tcp] {
        for k in &b.head.as_ref().unwrap().keywords {
            assert!(k.known, "{} is a known keyword", f.t(k.name));
            assert_eq!(k.missing_args, 0, "{}", f.t(k.name));
        }
    }
    assert_eq!(f.line(ms.head.as_ref().unwrap().span), 8);
    assert_eq!(f.line(tcp.head.as_ref().unwrap().span), 11);
}

/// The old `queue NAME` keyword takes its argument like `pool`.
#[test]
fn old_queue_keyword() {
    let f = load("old-queue-keyword.cnf");
    assert_eq!(f.keywords(f.block("l")), vec![("queue", vec!["LOCAL_QUEUE"])]);
    let tcp = f.block("tcp_local");
    assert_eq!(f.line(tcp.span), 8);
    assert_eq!(f.keywords(tcp).last().unwrap(), &("queue", vec!["SMTP_QUEUE"]));
    assert!(tcp.head.as_ref().unwrap().keywords.iter().all(|k| k.known));
}

/// `master_debug` and `slave_debug` are known flag keywords, read on the lines they sit on.
#[test]
fn debug_keywords_left_on() {
    let f = load("debug-keywords-left-on.cnf");
    let tcp = f.block("tcp_local");
    assert_eq!(f.line(tcp.span), 8);
    let kws = f.keywords(tcp);
    assert_eq!(kws[kws.len() - 2..], [("master_debug", vec![]), ("slave_debug", vec![])]);
    let lmtp = f.block("tcp_lmtpss");
    assert_eq!(f.line(lmtp.span), 11);
    assert_eq!(f.keywords(lmtp).last().unwrap(), &("slave_debug", vec![]));
    let debug: Vec<bool> =
        tcp.head.as_ref().unwrap().keywords[4..].iter().map(|k| k.known).collect();
    assert_eq!(debug, vec![true, true]);
}

/// A host line as the last line without a final newline is still the host line.
#[test]
fn no_final_newline() {
    let f = load("no-final-newline.cnf");
    assert!(!f.text().ends_with('\n'));
    let tcp = f.block("tcp_local");
    assert_eq!(f.hosts(tcp), vec![(9, vec!["tcp-daemon"])]);
    assert_eq!(tcp.hosts[0].line.end as usize, f.text().len());
    assert_eq!(tcp.span.end as usize, f.text().len());
}

/// A completely empty file gives an empty model (and an empty tree in every family).
#[test]
fn empty_file() {
    let f = load("empty.cnf");
    assert!(f.text().is_empty());
    let m = f.imta();
    assert_eq!(m, &ImtaModel::default());
    for kind in [Kind::Imta, Kind::ImtaChannels, Kind::Option, Kind::Dispatcher] {
        let tree = syntax::parse("", kind).unwrap();
        assert!(tree.tokens.is_empty(), "{kind:?}");
        assert_eq!(build_model_counts(&build_model(&tree, "", kind)), (0, 0, 0, 0));
    }
}

/// A file of one newline is one blank line: it ends the (empty) rewrite rules.
#[test]
fn single_newline() {
    let f = load("single-newline.cnf");
    let m = f.imta();
    assert!(m.rewrite_rules.is_empty() && m.rule_comments.is_empty());
    let brk = m.section_break.unwrap();
    assert_eq!(f.line(brk.span), 1);
    assert_eq!(brk.span, Span::new(0, 1));
    assert!(!brk.whitespace_only);
    assert!(m.blocks.is_empty() && m.separators.is_empty());
}

// ---------------------------------------------------------------------------------------
// option.dat, channel option and imta_tailor fixtures
// ---------------------------------------------------------------------------------------

/// A value continued over 10 physical lines: every line is a value part, the value joins
/// them without the `\` marks.
#[test]
fn option_value_continuation() {
    let f = load("option-value-continuation.dat");
    let names: Vec<(usize, &str)> = f.settings().iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(names, vec![(2, "ALIAS_DOMAINS"), (3, "DELIVERY_OPTIONS"), (13, "LOG_FILENAME")]);
    let d = f.setting("DELIVERY_OPTIONS");
    assert_eq!(f.part_lines(d), (3..=12).collect::<Vec<_>>());
    assert_eq!(d.cont_marks.len(), 9);
    assert!(d.inner_comments.is_empty());
    assert!(d.dangling_continuation.is_none());
    assert!(d.is_continued());
    let expected: String =
        f.text().lines().skip(3).take(9).map(|l| l.strip_suffix('\\').unwrap_or(l)).collect();
    assert_eq!(d.value, expected);
    assert!(d.value.starts_with("     #*mailbox="));
    assert!(d.value.ends_with("     *^!autoreply=$M+$D@bitbucket-daemon"));
    assert_eq!((f.line(d.span), f.end_line(d.span)), (3, 12));
}

/// A continuation line with `#`, `!` or `;` in column 1 is a comment inside the value: its
/// text is not in the value, and the value goes on after it.
#[test]
fn continuation_comment_cuts_value() {
    let f = load("continuation-comment-cuts-value.dat");
    let names: Vec<(usize, &str)> = f.settings().iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(
        names,
        vec![
            (2, "DELIVERY_OPTIONS"),
            (7, "LOG_DELAY_BINS"),
            (10, "SPAMFILTER1_NULL_ACTION"),
            (13, "LOG_MESSAGE_ID"),
        ]
    );
    let d = f.setting("DELIVERY_OPTIONS");
    assert_eq!(f.inner_comment_lines(d), vec![3]);
    assert_eq!(f.part_lines(d), vec![2, 4, 5, 6]);
    assert!(!d.value.contains("mailbox"));
    assert_eq!(
        d.value,
        "     #&members=*,     #forward=**,     *^!autoreply=$M+$D@bitbucket-daemon"
    );
    let bins = f.setting("LOG_DELAY_BINS");
    assert_eq!(f.inner_comment_lines(bins), vec![8]);
    assert_eq!(f.t(bins.inner_comments[0].span), "!6000,60000,\\");
    assert_eq!(bins.value, "60,600,     600000");
    let sieve = f.setting("SPAMFILTER1_NULL_ACTION");
    assert_eq!(f.inner_comment_lines(sieve), vec![11]);
    assert_eq!(sieve.value, "data:,require \"addheader\";     keep;");
    assert_eq!(f.setting("LOG_MESSAGE_ID").value, "1");
    assert_eq!(f.file_comment_lines(), vec![1]);
}

/// `!` comment lines inside a continued value are inner comments; the entries around them
/// stay in the value.
#[test]
fn comment_inside_continued_value() {
    let f = load("comment-inside-continued-value.dat");
    let d = f.setting("DELIVERY_OPTIONS");
    assert_eq!(f.inner_comment_lines(d), vec![5, 7]);
    assert_eq!(f.part_lines(d), vec![2, 3, 4, 6, 8]);
    assert!(!d.value.contains("native"));
    assert!(!d.value.contains("keep the autoreply"));
    assert!(d.value.contains("#&members=*,     #forward=**,"));
    assert!(d.value.ends_with("*^!autoreply=$M+$D@bitbucket-daemon"));
    assert_eq!((f.line(d.span), f.end_line(d.span)), (2, 8));
    assert_eq!(f.setting("LOG_QUEUE_TIME").value, "1");
    assert_eq!(f.line(f.setting("LOG_QUEUE_TIME").span), 9);
    assert_eq!(f.file_comment_lines(), vec![1]);
}

/// Continued lines that miss the separating comma are still joined into the value.
#[test]
fn continued_value_missing_commas() {
    let f = load("continued-value-missing-commas.dat");
    let d = f.setting("DELIVERY_OPTIONS");
    assert_eq!(f.part_lines(d), (2..=8).collect::<Vec<_>>());
    assert!(d.value.contains("$M     #*unix=@$X.native-daemon:$M     #/hold="));
    assert_eq!(d.value.matches(',').count(), 3);
    assert_eq!(f.settings().len(), 1);
}

/// A file that ends in the middle of a continuation leaves the `\` dangling.
#[test]
fn ends_mid_continuation() {
    let f = load("ends-mid-continuation.dat");
    assert!(f.text().ends_with(",\\"));
    let d = f.setting("DELIVERY_OPTIONS");
    let dangling = d.dangling_continuation.expect("dangling continuation");
    assert_eq!(f.line(dangling), 6);
    assert_eq!(dangling.end as usize, f.text().len());
    assert_eq!(f.part_lines(d), vec![3, 4, 5, 6]);
    assert!(d.value.ends_with("#forward=**,"));
    assert_eq!(f.settings().len(), 2);
}

/// Spaces around `=` are neither in the name nor in the value.
#[test]
fn spaces_around_equals() {
    let f = load("spaces-around-equals.dat");
    let m = f.options();
    let written: Vec<(usize, &str, &str)> =
        m.settings[1..4].iter().map(|s| (f.line(s.span), f.t(s.name), s.value.as_str())).collect();
    assert_eq!(
        written,
        vec![(3, "MAX_NOTIFYS", "3"), (4, "LOG_QUEUE_TIME", "1"), (5, "ALIAS_DOMAINS", "6"),]
    );
    let eq = m.settings[1].equals;
    assert_eq!(f.t(eq), "=");
    assert_eq!(f.src.line_col(eq.start as usize).column, 13);
}

/// Value forms: quoted, empty, unquoted with spaces, `$`-heavy LDAP URLs, a whole Sieve
/// script on one line, a `file:////` URL — all kept as written.
#[test]
fn value_forms() {
    let f = load("value-forms.dat");
    let lines: Vec<&str> = f.text().lines().collect();
    let values: Vec<(usize, &str, &str)> = f.settings();
    assert_eq!(values.len(), 7);
    assert_eq!(
        values[0],
        (2, "LDAP_USERNAME", "\"cn=Mail Transfer Agent,ou=Services,o=example.com\"")
    );
    assert_eq!(values[1], (3, "ID_DOMAIN", ""));
    assert_eq!(
        values[2],
        (4, "ERROR_TEXT_UNKNOWN_USER", "no such user here, please check the address")
    );
    assert_eq!(values[3], (5, "ALIAS_URL0", "ldap:///$V?*?sub?$R"));
    assert_eq!(
        values[4],
        (
            6,
            "REVERSE_URL",
            "ldap:///$V?mail?sub?(&(mailAlternateAddress=$A)(objectClass=mailRecipient))"
        )
    );
    assert_eq!(values[5].1, "SPAMFILTER1_STRING_ACTION");
    assert_eq!(lines[6].len(), 300);
    assert_eq!(values[5].2, &lines[6]["SPAMFILTER1_STRING_ACTION=".len()..]);
    assert_eq!(
        values[6],
        (8, "VACATION_TEMPLATE", "file:////var/opt/example/messaging/vacation/$2I/$U.vac")
    );
    let empty = f.setting("ID_DOMAIN");
    assert_eq!(empty.value_parts.len(), 1);
    assert!(empty.value_parts[0].is_empty());
    assert_eq!(empty.value_parts[0].start, empty.equals.end);
}

/// Lower- and mixed-case option names normalise to upper case and are found by any case.
#[test]
fn mixed_case_names() {
    let f = load("mixed-case-names.dat");
    let m = f.options();
    let names: Vec<(usize, &str, &str)> =
        m.settings.iter().map(|s| (f.line(s.span), f.t(s.name), s.normalized.as_str())).collect();
    assert_eq!(
        names,
        vec![
            (2, "LOG_FILENAME", "LOG_FILENAME"),
            (3, "filter_debug", "FILTER_DEBUG"),
            (4, "Log_Message_Id", "LOG_MESSAGE_ID"),
            (5, "SPAMFILTER1_LIBRARY", "SPAMFILTER1_LIBRARY"),
            (6, "spamfilter1_config_file", "SPAMFILTER1_CONFIG_FILE"),
            (7, "spamfilter1_optional", "SPAMFILTER1_OPTIONAL"),
        ]
    );
    assert_eq!(f.setting("FILTER_DEBUG").value, "2");
    assert_eq!(f.line(f.setting("log_message_id").span), 4);
}

/// `LOG_*` values beyond 0/1 are read as written.
#[test]
fn log_values_beyond_boolean() {
    let f = load("log-values-beyond-boolean.dat");
    assert_eq!(
        f.settings(),
        vec![
            (4, "LOG_CONNECTION", "642"),
            (5, "LOG_MESSAGE_ID", "3"),
            (6, "LOG_MESSAGES_SYSLOG", "20"),
            (7, "LOG_FILENAME", "3"),
            (8, "SEPARATE_CONNECTION_LOG", "1"),
        ]
    );
    assert_eq!(f.file_comment_lines(), vec![1, 2, 3]);
}

/// Commented-out alternatives next to active lines are comments; the active line wins.
#[test]
fn commented_out_alternatives() {
    let f = load("commented-out-alternatives.dat");
    assert_eq!(
        f.settings(),
        vec![
            (2, "LOG_MESSAGES_SYSLOG", "22"),
            (5, "LOG_FORMAT", "2"),
            (6, "ALIAS_URL0", "ldap:///$V?*?sub?$R"),
        ]
    );
    assert_eq!(f.file_comment_lines(), vec![1, 3, 4, 7]);
    assert_eq!(f.setting("LOG_MESSAGES_SYSLOG").value, "22");
    assert_eq!(f.setting("LOG_FORMAT").value, "2");
}

/// A blank line in the middle and options appended after the closing comment are all read.
#[test]
fn blank_line_and_appended_options() {
    let f = load("blank-line-and-appended-options.dat");
    let m = f.options();
    let blanks: Vec<usize> = m.blank_lines.iter().map(|b| f.line(*b)).collect();
    assert_eq!(blanks, vec![5]);
    assert_eq!(
        f.settings(),
        vec![
            (3, "BLOCK_SIZE", "1024"),
            (4, "ALIAS_DOMAINS", "6"),
            (6, "LOG_CONNECTION", "3"),
            (7, "LOG_FILENAME", "1"),
            (9, "LOG_PROCESS", "1"),
            (10, "LOG_QUEUE_TIME", "1"),
        ]
    );
    assert_eq!(f.file_comment_lines(), vec![1, 2, 8]);
}

/// A comment as the last line without a newline is a comment, not a setting.
#[test]
fn last_line_comment_no_newline() {
    let f = load("last-line-comment-no-newline.dat");
    let m = f.options();
    assert_eq!(f.file_comment_lines(), vec![1, 4]);
    assert_eq!(f.t(m.comments[1].span), "!LOG_PROCESS=1");
    assert_eq!(m.comments[1].span.end as usize, f.text().len());
    assert!(m.get("LOG_PROCESS").is_none());
    assert_eq!(f.settings().len(), 2);
}

/// Trailing spaces after values are kept in the value but not in the trimmed value;
/// whitespace-only lines are blank lines.
#[test]
fn trailing_spaces_dat() {
    let f = load("trailing-spaces.dat");
    let m = f.options();
    let trimmed: Vec<(usize, &str, &str)> = m
        .settings
        .iter()
        .map(|s| (f.line(s.span), s.normalized.as_str(), s.value_trimmed()))
        .collect();
    assert_eq!(
        trimmed,
        vec![
            (2, "LOG_CONNECTION", "3"),
            (3, "LOG_FILENAME", "1"),
            (5, "ALIAS_URL0", "ldap:///$V?*?sub?$R"),
            (6, "BLOCK_SIZE", "1024"),
        ]
    );
    assert_eq!(f.setting("LOG_CONNECTION").value, "3 ");
    assert_eq!(f.setting("ALIAS_URL0").value, "ldap:///$V?*?sub?$R   ");
    let blanks: Vec<usize> = m.blank_lines.iter().map(|b| f.line(*b)).collect();
    assert_eq!(blanks, vec![4, 7]);
    assert_eq!(f.file_comment_lines(), vec![1]);
}

/// imta_tailor: directory prefixes with trailing spaces trim to a value ending in `/`.
#[test]
fn trailing_spaces_tailor() {
    let f = load("trailing-spaces.tailor");
    let m = f.options();
    assert_eq!(m.settings.len(), 7);
    assert_eq!(f.file_comment_lines(), vec![1, 6]);
    let table = f.setting("IMTA_TABLE");
    assert_eq!(f.line(table.span), 3);
    assert_eq!(table.value_trimmed(), "/opt/example/messaging/config/");
    assert_eq!(
        f.setting("IMTA_CONFIG_FILE").value_trimmed(),
        "/opt/example/messaging/config/imta.cnf"
    );
    assert_eq!(f.setting("IMTA_QUEUE").value_trimmed(), "/var/opt/example/messaging/queue/");
    assert_eq!(f.line(f.setting("IMTA_QUEUE").span), 8);
    assert_eq!(f.setting("IMTA_USER").value, "mailsrv");
}

// ---------------------------------------------------------------------------------------
// dispatcher.cnf and job_controller.cnf fixtures
// ---------------------------------------------------------------------------------------

/// Globals, then SMTP, SMTP_SUBMIT and LMTPSS services; repeated PARAMETER lines are all
/// kept; effective values fall back to the globals.
#[test]
fn services_smtp_submit_lmtp() {
    let f = load("services-smtp-submit-lmtp.dispatcher");
    let m = f.dispatcher();
    let globals: Vec<(usize, &str)> = f.dsettings(&m.globals).iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(
        globals,
        vec![
            (2, "MIN_PROCS"),
            (3, "MAX_PROCS"),
            (4, "MIN_CONNS"),
            (5, "MAX_CONNS"),
            (6, "MAX_LIFE_TIME"),
        ]
    );
    assert_eq!(
        f.sections(),
        vec![(8, "SERVICE", "SMTP"), (14, "SERVICE", "SMTP_SUBMIT"), (23, "SERVICE", "LMTPSS"),]
    );
    let params: Vec<(usize, &str)> = f
        .dsettings(&m.sections[1].settings)
        .into_iter()
        .filter(|s| s.1 == "PARAMETER")
        .map(|s| (s.0, s.2))
        .collect();
    assert_eq!(params, vec![(20, "CHANNEL=tcp_submit"), (21, "CHANNEL=tcp_auth")]);
    assert_eq!(f.effective(1, "parameter"), Some((21, "CHANNEL=tcp_auth", ValueSource::Section)));
    assert_eq!(f.effective(2, "PARAMETER"), Some((27, "CHANNEL=tcp_lmtpss", ValueSource::Section)));
    assert_eq!(f.effective(0, "PARAMETER"), None);
    assert_eq!(f.effective(2, "MAX_CONNS"), Some((29, "10", ValueSource::Section)));
    assert_eq!(f.effective(0, "MAX_CONNS"), Some((5, "20", ValueSource::Global)));
    assert_eq!(f.effective(1, "MAX_LIFE_TIME"), Some((6, "86400", ValueSource::Global)));
    assert_eq!(m.sections[2].settings.len(), 6);
    assert_eq!((f.line(m.sections[2].span), f.end_line(m.sections[2].span)), (23, 29));
}

/// `DEBUG=-1` and `USE_NSLOG=1` above the header comment are global options.
#[test]
fn debug_prepended() {
    let f = load("debug-prepended.dispatcher");
    let m = f.dispatcher();
    assert_eq!(
        f.dsettings(&m.globals),
        vec![
            (1, "DEBUG", "-1"),
            (2, "USE_NSLOG", "1"),
            (5, "MAX_PROCS", "5"),
            (6, "MAX_CONNS", "20"),
        ]
    );
    assert_eq!(f.effective(0, "debug"), Some((1, "-1", ValueSource::Global)));
    assert_eq!(f.sections(), vec![(8, "SERVICE", "SMTP")]);
    assert_eq!(f.file_comment_lines(), vec![3, 4, 7]);
}

/// A commented-out `![SERVICE=LMTPSS]` header leaves its option lines in the SMTP
/// section, where they override the SMTP values.
#[test]
fn commented_section_header() {
    let f = load("commented-section-header.dispatcher");
    let m = f.dispatcher();
    assert_eq!(f.sections(), vec![(4, "SERVICE", "SMTP")]);
    assert_eq!(
        f.dsettings(&m.sections[0].settings),
        vec![
            (5, "PORT", "25"),
            (6, "IMAGE", "IMTA_BIN:tcp_smtp_server"),
            (7, "LOGFILE", "IMTA_LOG:tcp_smtp_server.log"),
            (11, "PORT", "225"),
            (12, "IMAGE", "IMTA_BIN:tcp_lmtp_server"),
            (13, "PARAMETER", "CHANNEL=tcp_lmtpss"),
        ]
    );
    assert_eq!(m.commented_headers.len(), 1);
    let h = &m.commented_headers[0];
    assert_eq!(h.header, "SERVICE=LMTPSS");
    assert_eq!(f.line(h.comment.span), 10);
    assert_eq!(h.in_section, Some(0));
    assert_eq!(f.effective(0, "PORT"), Some((11, "225", ValueSource::Section)));
    assert_eq!(f.dsettings(&m.globals), vec![(2, "MAX_PROCS", "5")]);
}

/// Include lines in the middle of the globals and at the end of the file are includes.
#[test]
fn include_lines_dispatcher() {
    let f = load("include-lines.dispatcher");
    let m = f.dispatcher();
    let incs: Vec<(usize, &str)> =
        m.includes.iter().map(|i| (f.line(i.line), f.t(i.path))).collect();
    assert_eq!(
        incs,
        vec![(3, "IMTA_TABLE:dispatcher_site.cnf"), (12, "IMTA_TABLE:dispatcher_msadmin.cnf"),]
    );
    let globals: Vec<(usize, &str)> = f.dsettings(&m.globals).iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(globals, vec![(2, "MIN_PROCS"), (4, "MAX_PROCS"), (5, "MAX_CONNS")]);
    assert_eq!(f.sections(), vec![(7, "SERVICE", "SMTP")]);
    assert_eq!(m.sections[0].settings.len(), 3);
    assert!(m.bad_lines.is_empty());
}

/// A last section with no option lines is a section with no settings, inheriting globals.
#[test]
fn empty_last_section() {
    let f = load("empty-last-section.dispatcher");
    let m = f.dispatcher();
    assert_eq!(f.sections(), vec![(4, "SERVICE", "SMTP"), (8, "SERVICE", "SMTP_SUBMIT")]);
    assert!(m.sections[1].settings.is_empty());
    assert_eq!(f.effective(1, "MAX_PROCS"), Some((2, "5", ValueSource::Global)));
    assert_eq!(f.effective(1, "PORT"), None);
}

/// A global option appended after the last section belongs to that section.
#[test]
fn global_appended_after_last_section() {
    let f = load("global-appended-after-last-section.dispatcher");
    let m = f.dispatcher();
    assert_eq!(f.dsettings(&m.globals), vec![(2, "MAX_PROCS", "5")]);
    let last = f.dsettings(&m.sections[1].settings);
    assert_eq!(last.last().unwrap(), &(12, "MAX_LIFE_CONNS", "200"));
    assert_eq!(f.effective(1, "MAX_LIFE_CONNS"), Some((12, "200", ValueSource::Section)));
    assert_eq!(f.effective(0, "MAX_LIFE_CONNS"), None);
}

/// Comments announcing a section that never follows stay comments of the last section.
#[test]
fn trailing_comment_announcing_section() {
    let f = load("trailing-comment-announcing-section.dispatcher");
    let m = f.dispatcher();
    assert_eq!(f.sections(), vec![(4, "SERVICE", "SMTP")]);
    assert_eq!(f.file_comment_lines(), vec![1, 3, 7, 8, 9]);
    assert!(m.commented_headers.is_empty());
    assert_eq!(m.sections[0].settings.len(), 2);
    assert_eq!(f.end_line(m.sections[0].span), 9);
}

/// job_controller.cnf: lower-case names, `secret=never mind`, POOL and wildcard CHANNEL
/// sections.
#[test]
fn pools_and_channel_wildcards() {
    let f = load("pools-and-channel-wildcards.jbc");
    let m = f.dispatcher();
    assert_eq!(
        f.dsettings(&m.globals),
        vec![(2, "TCP_PORT", "27442"), (3, "SECRET", "never mind"), (4, "SLAVE_COMMAND", "NULL"),]
    );
    assert_eq!(f.t(m.settings[1].name), "secret");
    assert_eq!(
        f.sections(),
        vec![
            (6, "POOL", "DEFAULT"),
            (9, "POOL", "SMTP_POOL"),
            (12, "CHANNEL", "l"),
            (15, "CHANNEL", "tcp_*"),
        ]
    );
    assert_eq!(m.sections[3].name_normalized, "TCP_*");
    assert_eq!(m.sections_of("pool").count(), 2);
    assert_eq!(
        f.effective(3, "MASTER_COMMAND"),
        Some((16, "IMTA_BIN:tcp_smtp_client", ValueSource::Section))
    );
    assert_eq!(f.effective(1, "job_limit"), Some((10, "8", ValueSource::Section)));
}

/// An old-era job_controller.cnf: QUEUE sections and `args=""`.
#[test]
fn old_queue_sections() {
    let f = load("old-queue-sections.jbc");
    let m = f.dispatcher();
    assert_eq!(
        f.sections(),
        vec![(5, "QUEUE", "DEFAULT"), (8, "QUEUE", "SMTP_QUEUE"), (11, "CHANNEL", "tcp_*"),]
    );
    assert_eq!(
        f.dsettings(&m.sections[2].settings),
        vec![(12, "MASTER_COMMAND", "IMTA_BIN:tcp_smtp_client"), (13, "ARGS", "\"\""),]
    );
    assert_eq!(m.global("secret").unwrap().value, "never mind");
    assert_eq!(m.sections_of("QUEUE").count(), 2);
}

/// Upper-case option names in job_controller.cnf read the same as lower-case ones.
#[test]
fn uppercase_option_names() {
    let f = load("uppercase-option-names.jbc");
    let m = f.dispatcher();
    assert_eq!(
        f.dsettings(&m.globals),
        vec![(2, "TCP_PORT", "27442"), (3, "SECRET", "never mind")]
    );
    assert_eq!(f.sections(), vec![(5, "POOL", "DEFAULT"), (8, "CHANNEL", "tcp_*")]);
    assert_eq!(
        f.dsettings(&m.sections[1].settings),
        vec![(9, "MASTER_COMMAND", "IMTA_BIN:tcp_smtp_client"), (10, "SLAVE_COMMAND", "NULL"),]
    );
    assert_eq!(f.effective(0, "job_limit"), Some((6, "10", ValueSource::Section)));
}

/// A deprecated PERIODIC_JOB section is a section like the others.
#[test]
fn periodic_job() {
    let f = load("periodic-job.jbc");
    let m = f.dispatcher();
    assert_eq!(f.sections(), vec![(4, "POOL", "DEFAULT"), (7, "PERIODIC_JOB", "return_job")]);
    assert_eq!(
        f.dsettings(&m.sections[1].settings),
        vec![(8, "COMMAND", "IMTA_BIN:return.sh"), (9, "TIME", "00:30")]
    );
}

/// A commented-out `![PERIODIC_JOB=...]` header leaves its options in the POOL section.
#[test]
fn commented_periodic_job_header() {
    let f = load("commented-periodic-job-header.jbc");
    let m = f.dispatcher();
    assert_eq!(f.sections(), vec![(4, "POOL", "DEFAULT")]);
    assert_eq!(
        f.dsettings(&m.sections[0].settings),
        vec![(5, "JOB_LIMIT", "10"), (8, "COMMAND", "IMTA_BIN:purge.sh"), (9, "TIME", "/04:00"),]
    );
    assert_eq!(m.commented_headers.len(), 1);
    let h = &m.commented_headers[0];
    assert_eq!(h.header, "PERIODIC_JOB=purge_job");
    assert_eq!(f.line(h.comment.span), 7);
    assert_eq!(h.in_section, Some(0));
}

// ---------------------------------------------------------------------------------------
// Lossless round trips over variants
// ---------------------------------------------------------------------------------------

/// Number of (rewrite rules, blocks, settings, sections) of a model.
fn build_model_counts(m: &Model) -> (usize, usize, usize, usize) {
    match m {
        Model::Imta(m) => (m.rewrite_rules.len(), m.blocks.len(), 0, 0),
        Model::Options(m) => (0, 0, m.settings.len(), 0),
        Model::Dispatcher(m) => (0, 0, m.settings.len(), m.sections.len()),
    }
}

/// What a model means, line by line, independent of line endings.
fn summary(l: &Loaded) -> Vec<String> {
    let t = |s: Span| s.text(&l.src.text).to_string();
    let mut out = Vec::new();
    match &l.model {
        Model::Imta(m) => {
            for r in &m.rewrite_rules {
                out.push(format!(
                    "rule {} {} {:?} {:?} {}",
                    l.line(r.line),
                    t(r.pattern),
                    r.template.map(t),
                    r.channel_tag.map(t),
                    r.computed_route
                ));
            }
            for c in &m.rule_comments {
                out.push(format!("rule-comment {} {}", l.line(c.span), t(c.span)));
            }
            for i in &m.includes {
                out.push(format!(
                    "include {} {} {:?}",
                    l.line(i.include.line),
                    t(i.include.path),
                    i.part
                ));
            }
            if let Some(b) = m.section_break {
                out.push(format!("break {} {}", l.line(b.span), b.whitespace_only));
            }
            for b in &m.separators {
                out.push(format!("separator {} {}", l.line(b.span), b.whitespace_only));
            }
            for b in &m.blocks {
                out.push(format!("block {} {:?} {:?}", l.line(b.span), b.kind, b.includes));
                if let Some(h) = &b.head {
                    out.push(format!(
                        "  head {} lines {:?} dangling {} malformed {}",
                        t(h.name),
                        h.physical_lines.iter().map(|p| l.line(*p)).collect::<Vec<_>>(),
                        h.dangling_continuation.is_some(),
                        h.malformed
                    ));
                    for k in &h.keywords {
                        out.push(format!(
                            "  keyword {} {:?} {} {}",
                            t(k.name),
                            k.args.iter().map(|a| t(*a)).collect::<Vec<_>>(),
                            k.known,
                            k.missing_args
                        ));
                    }
                }
                for h in &b.hosts {
                    out.push(format!(
                        "  host {} {:?}",
                        l.line(h.line),
                        h.names.iter().map(|n| t(*n)).collect::<Vec<_>>()
                    ));
                }
                for c in &b.comments {
                    out.push(format!("  comment {} {}", l.line(c.span), t(c.span)));
                }
            }
        }
        Model::Options(m) => {
            for s in &m.settings {
                out.push(setting_summary(l, s));
            }
            for c in &m.comments {
                out.push(format!("comment {} {}", l.line(c.span), t(c.span)));
            }
            for b in &m.blank_lines {
                out.push(format!("blank {}", l.line(*b)));
            }
            for i in &m.includes {
                out.push(format!("include {} {}", l.line(i.line), t(i.path)));
            }
            for b in &m.bad_lines {
                out.push(format!("bad {} {}", l.line(b.span), t(b.span)));
            }
        }
        Model::Dispatcher(m) => {
            for &g in &m.globals {
                out.push(format!("global {}", setting_summary(l, &m.settings[g])));
            }
            for s in &m.sections {
                out.push(format!(
                    "section {} {}={} tail {:?}",
                    l.line(s.header),
                    s.kind_normalized,
                    s.name_normalized,
                    s.tail.map(t)
                ));
                for &i in &s.settings {
                    out.push(format!("  {}", setting_summary(l, &m.settings[i])));
                }
            }
            for h in &m.commented_headers {
                out.push(format!(
                    "commented-header {} {} {:?}",
                    l.line(h.comment.span),
                    h.header,
                    h.in_section
                ));
            }
            for c in &m.comments {
                out.push(format!("comment {} {}", l.line(c.span), t(c.span)));
            }
            for i in &m.includes {
                out.push(format!("include {} {}", l.line(i.line), t(i.path)));
            }
            for b in &m.bad_lines {
                out.push(format!("bad {} {}", l.line(b.span), t(b.span)));
            }
        }
    }
    out
}

fn setting_summary(l: &Loaded, s: &OptionSetting) -> String {
    format!(
        "setting {} {} {:?} parts {:?} inner {:?} dangling {:?}",
        l.line(s.span),
        s.normalized,
        s.value,
        s.value_parts.iter().map(|p| l.line(*p)).collect::<Vec<_>>(),
        s.inner_comments.iter().map(|c| c.span.text(&l.src.text).to_string()).collect::<Vec<_>>(),
        s.dangling_continuation.map(|d| l.line(d))
    )
}

/// Only every other line ends in CRLF (the first, third, ...).
fn mixed(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut line = 0;
    for &b in bytes {
        if b == b'\n' {
            if line % 2 == 0 {
                out.push(b'\r');
            }
            line += 1;
        }
        out.push(b);
    }
    out
}

/// The byte 0xE9 (é in Latin-1) inserted after the comment character of the first comment
/// line, or a comment line `! caf\xe9` appended when there is none. The flag says whether
/// the model should be unchanged (an existing comment was touched).
fn latin1(bytes: &[u8]) -> (Vec<u8>, bool) {
    let mut start = 0;
    while start < bytes.len() {
        if matches!(bytes[start], b'!' | b'#' | b';') {
            let mut out = bytes.to_vec();
            out.insert(start + 1, 0xE9);
            return (out, true);
        }
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(p) => start += p + 1,
            None => break,
        }
    }
    let mut out = bytes.to_vec();
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out.extend_from_slice(b"! caf\xe9\n");
    (out, false)
}

/// The final newline removed, or added when there is none.
fn toggle_final_newline(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if out.ends_with(b"\r\n") {
        out.truncate(out.len() - 2);
    } else if out.ends_with(b"\n") {
        out.pop();
    } else {
        out.push(b'\n');
    }
    out
}

/// Every run of two spaces becomes a tab (no tabs were seen, but files get edited).
fn tabs(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"  ") {
            out.push(b'\t');
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Two trailing spaces on every line (some sites have them on nearly every line).
fn trailing_spaces(bytes: &[u8]) -> Vec<u8> {
    before_each_lf(bytes, b"  ")
}

/// Decode, parse (chunked and unchunked) and print back: the same bytes, the same tree.
fn assert_round_trip(label: &str, bytes: &[u8], kind: Kind) -> Loaded {
    let src =
        SourceFile::from_bytes(label, bytes.to_vec()).unwrap_or_else(|e| panic!("{label}: {e}"));
    let tree = syntax::parse(&src.text, kind).unwrap_or_else(|e| panic!("{label}: {e}"));
    tree.check_coverage(src.text.len()).unwrap_or_else(|e| panic!("{label} ({kind:?}): {e}"));
    let printed = encode(&tree.print(&src.text), src.encoding).unwrap();
    assert!(printed == bytes, "{label} ({kind:?}): printed bytes differ from the input");
    let whole = syntax::parse_unchunked(&src.text, kind).unwrap();
    assert!(tree == whole, "{label} ({kind:?}): chunked parse differs");
    for chunk in [1, 7, 64] {
        let small = syntax::parse_with_chunk(&src.text, kind, chunk).unwrap();
        assert!(small == whole, "{label} ({kind:?}): parse in chunks of {chunk} differs");
    }
    let model = build_model(&tree, &src.text, kind);
    Loaded { src, model }
}

/// Every variant of a file round-trips (CRLF, mixed endings, Latin-1, tabs, trailing
/// spaces, final newline toggled); CRLF, mixed endings and Latin-1 comments do not change
/// its meaning.
fn check_variants(label: &str, bytes: &[u8], kind: Kind) {
    let lf = assert_round_trip(label, bytes, kind);
    let reference = summary(&lf);

    let crlf_bytes = crlf(bytes);
    let c = assert_round_trip(&format!("{label} [crlf]"), &crlf_bytes, kind);
    assert_eq!(
        build_model_counts(&c.model),
        build_model_counts(&lf.model),
        "{label} ({kind:?}): CRLF changes the counts"
    );
    assert_eq!(summary(&c), reference, "{label} ({kind:?}): CRLF changes the meaning");

    let m = assert_round_trip(&format!("{label} [mixed]"), &mixed(bytes), kind);
    assert_eq!(summary(&m), reference, "{label} ({kind:?}): mixed endings change the meaning");

    let (latin, same) = latin1(bytes);
    let l = assert_round_trip(&format!("{label} [latin-1]"), &latin, kind);
    assert_eq!(l.src.encoding, Encoding::Latin1, "{label}");
    if same {
        assert_eq!(
            build_model_counts(&l.model),
            build_model_counts(&lf.model),
            "{label} ({kind:?}): a Latin-1 comment changes the counts"
        );
    }
    let l_crlf = crlf(&latin);
    let lc = assert_round_trip(&format!("{label} [latin-1 crlf]"), &l_crlf, kind);
    assert_eq!(lc.src.encoding, Encoding::Latin1);

    assert_round_trip(&format!("{label} [tabs]"), &tabs(bytes), kind);
    assert_round_trip(
        &format!("{label} [trailing spaces, crlf]"),
        &crlf(&trailing_spaces(bytes)),
        kind,
    );
    assert_round_trip(
        &format!("{label} [final newline toggled]"),
        &toggle_final_newline(bytes),
        kind,
    );
    assert_round_trip(
        &format!("{label} [crlf, final newline toggled]"),
        &toggle_final_newline(&crlf_bytes),
        kind,
    );
}

/// Every real-world fixture survives CRLF, Latin-1, mixed endings and a toggled final
/// newline byte for byte, and CRLF does not change its model.
#[test]
fn fixtures_round_trip_in_every_variant() {
    let names = index_names();
    assert!(!names.is_empty());
    for name in names {
        check_variants(&name, &fixture_bytes(&name), fixture_kind(&name));
    }
}

/// Families to try for files whose name does not tell their family.
const ALL_KINDS: [Kind; 5] =
    [Kind::Imta, Kind::ImtaChannels, Kind::Option, Kind::Tailor, Kind::Dispatcher];

/// Every file of the example directories survives the same variants.
#[test]
fn examples_round_trip_in_every_variant() {
    let mut seen = 0;
    for dir in ["sample", "mistakes"] {
        let dir = Path::new(EXAMPLES).join(dir);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let label = path.display().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let kinds: Vec<Kind> = match Kind::from_file_name(&name) {
                Some(k) => vec![k],
                None if name.ends_with(".rules") => vec![Kind::Imta],
                None => ALL_KINDS.to_vec(),
            };
            for kind in kinds {
                check_variants(&label, &bytes, kind);
            }
            seen += 1;
        }
    }
    assert!(seen >= 17, "only {seen} example files found");
}

// ---------------------------------------------------------------------------------------
// Real files from ../shared/real (never copied into the project)
// ---------------------------------------------------------------------------------------

/// The real files, when the folder exists.
fn real_file(name: &str) -> Option<Vec<u8>> {
    let path = Path::new(REAL).join(name);
    if !Path::new(REAL).is_dir() {
        eprintln!("skipped: {} is absent", Path::new(REAL).display());
        return None;
    }
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

const REAL_FILES: [(&str, Kind); 5] = [
    ("imta.cnf.single_server_lmtp", Kind::Imta),
    ("option.dat.backup", Kind::Option),
    ("option.dat.lmtp", Kind::Option),
    ("dispatcher.cnf.lmtp", Kind::Dispatcher),
    ("tcp_local_option", Kind::ChannelOption),
];

/// The real files survive every variant byte for byte.
#[test]
fn real_files_round_trip() {
    for (name, kind) in REAL_FILES {
        let Some(bytes) = real_file(name) else { return };
        check_variants(name, &bytes, kind);
    }
}

/// imta.cnf.single_server_lmtp: the blank line after the first comment ends the rules, so
/// the `.lmtp` rules read as a channel block.
#[test]
fn real_imta_single_server_lmtp() {
    let Some(bytes) = real_file("imta.cnf.single_server_lmtp") else {
        return;
    };
    let f = load_bytes("imta.cnf.single_server_lmtp", bytes, Kind::Imta);
    let m = f.imta();
    assert!(m.rewrite_rules.is_empty());
    let comments: Vec<usize> = m.rule_comments.iter().map(|c| f.line(c.span)).collect();
    assert_eq!(comments, vec![1]);
    assert_eq!(f.line(m.section_break.unwrap().span), 2);
    let first = &m.blocks[0];
    assert_eq!(first.kind, BlockKind::Channel);
    assert_eq!(first.name(f.text()), Some(".lmtp"));
    assert_eq!(f.comment_lines(first), vec![3, 4]);
    assert_eq!(f.line(first.head.as_ref().unwrap().span), 5);
    assert_eq!(f.keywords(first), vec![("$E$F$U%$H.lmtp@lmtpcs-daemon", vec![])]);
    assert_eq!(f.hosts(first), vec![(6, vec![".lmtp", "$B$F$U%$H@$H@lmtpcs-daemon"])]);
    let channels: Vec<(&str, usize, &str)> = m
        .channels()
        .map(|b| {
            (
                b.name(f.text()).unwrap(),
                f.line(b.head.as_ref().unwrap().span),
                f.t(b.official_host().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        channels,
        vec![
            (".lmtp", 5, ".lmtp"),
            ("tcp_lmtpcs", 11, "lmtpcs-daemon"),
            ("tcp_lmtpcn", 16, "lmtpcn-daemon"),
            ("tcp_lmtpss", 21, "tcp_lmtpss-daemon"),
            ("tcp_lmtpsn", 26, "tcp_lmtpsn-daemon"),
        ]
    );
    let cs = f.keywords(f.block("tcp_lmtpcs"));
    assert!(cs.contains(&("port", vec!["225"])));
    assert!(cs.contains(&("fileinto", vec!["@$4O:$U+$S@$D"])));
    assert!(cs.contains(&("master_debug", vec![])));
    assert!(f.keywords(f.block("tcp_lmtpss")).contains(&("slave_debug", vec![])));
    // Line 8 (`!` between two blank lines) is a block of comments only.
    assert_eq!(m.blocks[1].kind, BlockKind::Comments);
    assert_eq!(f.comment_lines(&m.blocks[1]), vec![8]);
}

/// option.dat.lmtp: DELIVERY_OPTIONS keeps all 11 lines, including those that miss their
/// comma; its last line `     !#^*autoreply=...` is indented, so it is value text, not a
/// comment, and the file ends with the value complete (no dangling `\`).
#[test]
fn real_option_dat_lmtp() {
    let Some(bytes) = real_file("option.dat.lmtp") else {
        return;
    };
    let f = load_bytes("option.dat.lmtp", bytes, Kind::Option);
    assert_eq!(
        f.settings().iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
        vec![(1, "ALIAS_DOMAINS"), (3, "VACATION_TEMPLATE"), (6, "DELIVERY_OPTIONS"),]
    );
    assert_eq!(f.file_comment_lines(), vec![2, 4, 5]);
    let d = f.setting("DELIVERY_OPTIONS");
    assert_eq!(f.part_lines(d), (6..=16).collect::<Vec<_>>());
    assert_eq!(d.cont_marks.len(), 10);
    assert!(d.inner_comments.is_empty());
    assert!(d.dangling_continuation.is_none());
    assert!(f.text().ends_with("!#^*autoreply=delivered@bitbucket\n"));
    assert!(d.value.ends_with("     !#^*autoreply=delivered@bitbucket"));
    assert!(
        d.value.contains("#*native=@$X.lmtpnative:$M     #*unix=@$X.lmtpnative:$M     #/hold=")
    );
    assert!(d.value.contains("$_+$2S$\\@$2I,"), "a `\\` inside a line is value text");
    assert_eq!(f.end_line(d.span), 16);
    assert_eq!(
        f.setting("VACATION_TEMPLATE").value,
        "file:////opt/sun/comms/messaging64/data/vacation/$3I/$1A/$2A/$U.vac"
    );
}

/// dispatcher.cnf.lmtp: no globals, two SERVICE sections with PARAMETER=CHANNEL=... values.
#[test]
fn real_dispatcher_lmtp() {
    let Some(bytes) = real_file("dispatcher.cnf.lmtp") else {
        return;
    };
    let f = load_bytes("dispatcher.cnf.lmtp", bytes, Kind::Dispatcher);
    let m = f.dispatcher();
    assert!(m.globals.is_empty());
    assert_eq!(f.sections(), vec![(3, "SERVICE", "LMTPSS"), (14, "SERVICE", "LMTPN")]);
    assert_eq!(f.effective(0, "PARAMETER"), Some((7, "CHANNEL=tcp_lmtpss", ValueSource::Section)));
    assert_eq!(f.effective(1, "PARAMETER"), Some((19, "CHANNEL=tcp_lmtpsn", ValueSource::Section)));
    assert_eq!(f.effective(1, "USER"), Some((16, "root", ValueSource::Section)));
    assert_eq!(f.effective(0, "USER"), None);
    assert_eq!(m.sections[0].settings.len(), 5);
    assert_eq!(m.sections[1].settings.len(), 6);
    assert!(m.commented_headers.is_empty());
    assert!(m.settings.iter().all(|s| s.normalized != "INTERFACE_ADDRESS"));
}

/// option.dat.backup: lower-case names normalise to upper case next to upper-case ones.
#[test]
fn real_option_dat_backup() {
    let Some(bytes) = real_file("option.dat.backup") else {
        return;
    };
    let f = load_bytes("option.dat.backup", bytes, Kind::Option);
    let m = f.options();
    assert_eq!(m.settings.len(), 23);
    let lower: Vec<(usize, &str, &str)> = m
        .settings
        .iter()
        .filter(|s| f.t(s.name).bytes().any(|b| b.is_ascii_lowercase()))
        .map(|s| (f.line(s.span), f.t(s.name), s.normalized.as_str()))
        .collect();
    assert_eq!(
        lower,
        vec![
            (20, "filter_debug", "FILTER_DEBUG"),
            (21, "return_debug", "RETURN_DEBUG"),
            (52, "spamfilter1_verdict_0", "SPAMFILTER1_VERDICT_0"),
        ]
    );
    assert_eq!(f.setting("MAX_NOTIFYS").value, "2");
    assert_eq!(f.t(f.setting("MAX_NOTIFYS").name), "MAX_NOTIFYS");
    assert_eq!(f.setting("LOG_CONNECTION").value, "642");
    assert_eq!(f.setting("LOG_MESSAGES_SYSLOG").value, "20");
    let blanks: Vec<usize> = m.blank_lines.iter().map(|b| f.line(*b)).collect();
    assert_eq!(blanks, vec![64]);
    assert!(m.bad_lines.is_empty());
}
