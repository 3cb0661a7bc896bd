//! The long help of every command: examples and exit status, shown by `--help` (not `-h`)
//! and in the manual pages.

/// The exit status of the editing commands (`logging enable|disable`, `option`, `channel`,
/// `dispatcher`, `debug set`).
macro_rules! edit_status {
    () => {
        "Exit status:
  0  the diff was printed, the change was written, or there is nothing to change
  1  with --check: something would change
  2  usage or input error, or the edit was refused (it would add an error; --force)
  3  a file changed on disk since it was read, or another editor held the lock too long"
    };
}

pub const MAIN: &str = "\
Examples:
  imtacfg lint examples/sample           check a configuration directory
  imtacfg explain IMTA201                what a rule checks and how to fix it
  imtacfg logging status conf            which channels log, and the LOG_* options
  imtacfg option set LOG_FORMAT=4 conf   show the diff; add --write to apply it

Exit status (every command):
  0  clean, or nothing to do
  1  findings at or above the fail level, --check found changes, or heap found the data
     segment too small
  2  usage, input, settings or internal error
  3  an edit was refused because a file changed on disk since it was read";

pub const LINT: &str = "\
Examples:
  imtacfg lint                                 the configuration in the current directory
  imtacfg lint /opt/sun/comms/messaging64/config
  imtacfg lint conf --format sarif > imtacfg.sarif
  imtacfg lint conf --select IMTA,OPT --fail-on error
  imtacfg lint --kind option - < option.dat    standard input
  imtacfg lint conf --fix                      the diff of the safe fixes
  imtacfg lint conf --fix --write              apply them
  imtacfg lint conf --fix --unsafe-fixes       the unsafe fixes too

Exit status:
  0  no finding at or above --fail-on (default: warning), or --exit-zero
  1  a finding at or above --fail-on
  2  usage, input or settings error

Exit status with --fix or --diff:
  0  nothing to fix (without --write); with --write, the fixes were saved and
     no finding at or above --fail-on remains (or --exit-zero)
  1  without --write, the diff is not empty; with --write, findings at or
     above --fail-on remain (those without a fix that was applied)
  2  usage, input or settings error, or the fixes would add an error-level
     finding (use --force) or cannot be applied
  3  a file changed on disk since it was read, or another editor holds the
     lock";

pub const DUMP: &str = "\
Examples:
  imtacfg dump conf | jq .                      the model of every file, indented
  imtacfg dump conf/imta.cnf --format source    the text back, byte for byte
  imtacfg dump conf --format source --expand-includes

Exit status:
  0  everything was read
  2  usage error, or a file could not be read";

pub const RULES: &str = "\
Examples:
  imtacfg rules
  imtacfg rules --format json | jq -r '.rules[].code'

Exit status:
  0  the list was printed
  2  usage error";

pub const EXPLAIN: &str = "\
Examples:
  imtacfg explain IMTA201
  imtacfg explain unknown-keyword

Exit status:
  0  the rule was explained
  2  no rule has that code or name";

pub const DEBUG_DECODE: &str = "\
Examples:
  imtacfg debug decode 4112
  imtacfg debug decode 16%1010
  imtacfg debug decode --hex FFFFFFFF --format json

Exit status:
  0  the value was decoded
  2  the value is not a mask of at most 32 bits";

pub const DEBUG_ENCODE: &str = "\
Examples:
  imtacfg debug encode 4 worker-basic
  imtacfg debug encode service-basic service-extra --format json

Exit status:
  0  the mask was printed
  2  a word is neither a bit number (0-31) nor a bit name";

pub const DEBUG_SHOW: &str = "\
Examples:
  imtacfg debug show conf
  imtacfg debug show conf/dispatcher.cnf --format json

Exit status:
  0  every DEBUG value was decoded
  2  a value cannot be decoded (named with its file and line), or no dispatcher.cnf";

pub const DEBUG_SET: &str = concat!(
    "\
Examples:
  imtacfg debug set 4112 conf                       the global DEBUG
  imtacfg debug set --bits worker-basic,4 --service SMTP conf
  imtacfg debug set 0 conf --write

",
    edit_status!()
);

pub const HEAP: &str = "\
Examples:
  imtacfg heap conf --datasize 2G
  imtacfg heap conf --datasize auto     this process's data-segment limit (on the server)
  imtacfg heap conf --format json

Exit status:
  0  the data segment is large enough, or no limit is known
  1  the data segment is too small
  2  usage or input error";

pub const LOGGING_STATUS: &str = "\
Examples:
  imtacfg logging status conf
  imtacfg logging status conf --format json

Exit status:
  0  the status was printed
  2  usage or input error";

pub const LOGGING_EDIT: &str = concat!(
    "\
Examples:
  imtacfg logging enable --all conf
  imtacfg logging enable --channel tcp_local --set LOG_CONNECTION=3 conf --write
  imtacfg logging disable --channel tcp_local conf

",
    edit_status!()
);

pub const OPTION_SET: &str = concat!(
    "\
Examples:
  imtacfg option set LOG_CONNECTION=3 LOG_PROCESS=1 conf
  imtacfg option set --file tcp_local_option MAX_B_ENTRIES=20 conf --write

",
    edit_status!()
);

pub const OPTION_UNSET: &str = concat!(
    "\
Examples:
  imtacfg option unset LOG_PROCESS conf
  imtacfg option unset --file tcp_local_option LOG_BANNER conf --write

",
    edit_status!()
);

pub const CHANNEL: &str = concat!(
    "\
Examples:
  imtacfg channel add-keyword tcp_local maxjobs 10 conf
  imtacfg channel add-keyword defaults logging conf --write
  imtacfg channel remove-keyword tcp_local master_debug conf

",
    edit_status!()
);

pub const DISPATCHER_SET: &str = concat!(
    "\
Examples:
  imtacfg dispatcher set MAX_CONNS=30 conf                 a global option
  imtacfg dispatcher set --service SMTP MAX_CONNS=40 conf --write

",
    edit_status!()
);

pub const DISPATCHER_UNSET: &str = concat!(
    "\
Examples:
  imtacfg dispatcher unset --service SMTP MAX_CONNS conf

",
    edit_status!()
);

pub const INIT: &str = "\
Examples:
  imtacfg init
  imtacfg init conf/imtacfg.toml

Exit status:
  0  the file was written
  2  the file exists (--force replaces it), or it could not be written";

pub const CONFIG_SET: &str = "\
Examples:
  imtacfg config set lint.max-line-length 330
  imtacfg config set lint.severity.X001 info --file conf/imtacfg.toml

Exit status:
  0  the key was set
  2  unknown key, bad value, or the file could not be read or written";

pub const COMPLETIONS: &str = "\
Examples:
  imtacfg completions bash > ~/.local/share/bash-completion/completions/imtacfg
  imtacfg completions zsh > ~/.zfunc/_imtacfg
  imtacfg completions fish > ~/.config/fish/completions/imtacfg.fish

Exit status:
  0  the script was printed
  2  usage error";

pub const MAN: &str = "\
Examples:
  imtacfg man | man -l -
  imtacfg man --dir /usr/local/share/man/man1

Exit status:
  0  the pages were printed or written
  2  DIR is not a directory, or a page could not be written";

pub const LSP: &str = "\
Examples:
  imtacfg lsp
  imtacfg lsp --stdio

The editor starts it and speaks LSP on its standard input and output; the README's
`imtacfg lsp` section shows the settings for Neovim, Helix and VS Code.

Exit status:
  0  the client sent shutdown, then exit
  2  the connection broke or the client broke the protocol";

/// The documented DEBUG bits with the names `encode`, `set --bits` accept, one per line
/// (from the bit catalog, so the help cannot drift from what is accepted).
pub fn debug_bits() -> String {
    let mut s = String::from("Bit names (documented bits):\n");
    for b in imtacfg::knowledge::catalog::debug_bits() {
        if !b.name.is_empty() {
            s.push_str(&format!("  {:>2}  {:<17} {}\n", b.bit, b.name, b.meaning));
        }
    }
    s
}

/// [`debug_bits`] followed by `rest`.
pub fn with_debug_bits(rest: &str) -> String {
    format!("{}\n{rest}", debug_bits())
}

/// The exit status of the `log` commands.
macro_rules! log_status {
    () => {
        "Exit status:
  0  read and printed
  1  log trace: no entry of that message was found
  2  usage or input error (a file that cannot be read, a bad filter or time), or some
     lines could not be decoded (they are records with an error, and named on stderr)"
    };
}

pub const LOG_LAYOUT: &str = concat!(
    "\
Examples:
  imtacfg log layout conf                   the fields this configuration writes
  imtacfg log layout conf --format json     the same as a versioned JSON document

",
    log_status!()
);

pub const LOG_PARSE: &str = concat!(
    "\
Examples:
  imtacfg log parse mail.log_current                  one JSON record per line
  imtacfg log parse -C conf mail.log_yesterday mail.log_current --format table
  imtacfg log parse --code R --since 2026-12-01 mail.log_current   bounces since a day
  zcat old.gz | imtacfg log parse -                   standard input

",
    log_status!()
);

pub const LOG_TRACE: &str = concat!(
    "\
Examples:
  imtacfg log trace '<id@example.com>' mail.log_current     by Message-ID
  imtacfg log trace user@example.com -C conf               by address, in the log of conf
  imtacfg log trace ZZ01ABCDEF.00 mail.log_current         by queue file

",
    log_status!()
);

pub const LOG_STATS: &str = concat!(
    "\
Examples:
  imtacfg log stats mail.log_current                   per channel
  imtacfg log stats --by reason --top 20 mail.log_current
  imtacfg log stats --by remote-ip -C conf --format json

",
    log_status!()
);
