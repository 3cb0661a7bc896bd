//! Generated large inputs for the benchmarks: realistic line shapes, many of them.

/// An imta.cnf with `rules` rewrite rules and `channels` channel blocks.
pub fn imta(rules: usize, channels: usize) -> String {
    let mut s = String::with_capacity(rules * 40 + channels * 160);
    s.push_str("! generated for benchmarks\n!\n");
    for i in 0..rules {
        match i % 4 {
            0 => s.push_str(&format!(".d{i}.example.com $U%$H$D@tcp-daemon\n")),
            1 => s.push_str(&format!("d{i}.example.com $E$U%$D@c0-daemon\n")),
            2 => s.push_str(&format!("! rule comment {i}\n")),
            _ => s.push_str(&format!("[10.{}.{}.] $U%[$L]@chan1-daemon\n", i % 250, i % 200)),
        }
    }
    s.push_str("\ndefaults logging notices 1 2 4 7 noswitchchannel immnonurgent maxjobs 7 defaulthost example.com example.com\n\nl\nmail.example.com\n\ntcp_local smtp mx\ntcp-daemon\n\n");
    for i in 0..channels {
        if i % 3 == 0 {
            s.push_str(&format!(
                "tcp_c{i} smtp mx single_sys remotehost inner switchchannel \\\n  identnonenumeric subdirs 20 maxjobs 7 pool SMTP_POOL maytlsserver backoff \"pt5m\" \"pt10m\"\n! tag follows\nc{i}-daemon\n\n"
            ));
        } else {
            s.push_str(&format!(
                "chan{i} defragment charset7 us-ascii charset8 iso-8859-1 notices 1 2 3\nchan{i}-daemon host{i}.example.com\n\n"
            ));
        }
    }
    s
}

/// An option.dat with `n` options, every tenth one continued over four lines.
pub fn options(n: usize) -> String {
    let mut s = String::with_capacity(n * 40);
    for i in 0..n {
        match i % 10 {
            0 => s.push_str(&format!(
                "DELIVERY_OPTIONS_{i}=\\\n  #*mailbox=@$X.ims-ms-daemon:$M$_+$2S,\\\n  #&members=*,\\\n  #forward=**\n"
            )),
            1 => s.push_str(&format!("! comment {i}\n")),
            2 => s.push_str(&format!("log_message_id = {}\n", i % 2)),
            3 => s.push_str(&format!("LDAP_OPTIN{}=mailAntiUBEService\n", i % 9)),
            4 => s.push_str(&format!("SPAMFILTER{}_LIBRARY=/opt/filter/lib{i}.so\n", i % 9)),
            _ => s.push_str(&format!("OPTION_{i}=value-{i}\n")),
        }
    }
    s
}

/// A dispatcher.cnf with `n` services.
pub fn dispatcher(n: usize) -> String {
    dispatcher_ports(n, 60000)
}

/// A dispatcher.cnf with `n` services whose ports repeat every `period` services (each
/// repeat is a duplicate-port finding).
pub fn dispatcher_ports(n: usize, period: usize) -> String {
    let mut s = String::from("MIN_PROCS=0\nMAX_PROCS=5\nMIN_CONNS=5\nMAX_CONNS=20\n");
    for i in 0..n {
        s.push_str(&format!(
            "!\n[SERVICE=S{i}]\nPORT={}\nIMAGE=IMTA_BIN:tcp_smtp_server\nLOGFILE=IMTA_LOG:s{i}.log\nSTACKSIZE=2048000\nPARAMETER=CHANNEL=tcp_local\n",
            1000 + i % period
        ));
    }
    s
}

/// [`dispatcher_ports`] with ports repeating every `3n/20` services (at most 60,000, the
/// ports there are from 1000): the same share of duplicate ports, 85 %, at every size, so
/// that two sizes make the same work per service. (With a fixed period, a file of 40,000
/// services has no duplicate and one of 400,000 has 340,000.)
#[allow(dead_code)] // the scaling bench only
pub fn dispatcher_scaled(n: usize) -> String {
    dispatcher_ports(n, (n * 3 / 20).clamp(1, 60000))
}

/// An option.dat with `n` lines, half of them misspelt names of real options (each
/// finding looks for the closest name and whether the file sets that one already).
#[allow(dead_code)] // the scaling bench only
pub fn misspelt_options(n: usize) -> String {
    let mut s = String::with_capacity(n * 24);
    for i in 0..n {
        match i % 4 {
            0 => s.push_str(&format!("LOG_CONECTION{i}=1\n")),
            1 => s.push_str(&format!("MY_OPTION_{i}={i}\n")),
            2 => s.push_str(&format!("! comment {i}\n")),
            _ => s.push_str("LOG_CONNECTION=3\n"),
        }
    }
    s
}

/// A job_controller.cnf with `n` pools and `n` channel sections.
#[allow(dead_code)] // the scaling bench only
pub fn job_controller(n: usize) -> String {
    let mut s = String::from("tcp_port=27442\nmax_messages=100000\n");
    for i in 0..n {
        s.push_str(&format!(
            "!\n[POOL=P{i}]\njob_limit=10\n[CHANNEL=tcp_c{i}]\nmaster_command=IMTA_BIN:smtp_client\n"
        ));
    }
    s
}

/// Three files that name each other: `n` channels in imta.cnf running in pools that
/// job_controller.cnf does not define (it defines `n` others), and `n` dispatcher
/// services handing mail to channels imta.cnf does not have. Every finding looks for a
/// close name among `n` candidates.
#[allow(dead_code)] // the scaling bench only
pub fn cross_file(n: usize) -> [(&'static str, String); 3] {
    let (mut imta, mut jc, mut dsp) = (
        String::from("defaults notices 1 2 4 7\n\nl\nmail.example.com\n\n"),
        String::from("tcp_port=27442\n"),
        String::from("MIN_PROCS=0\nMAX_PROCS=5\n"),
    );
    for i in 0..n {
        imta.push_str(&format!("tcp_c{i} smtp mx pool P{i} maxjobs 7\nc{i}-daemon\n\n"));
        jc.push_str(&format!("[POOL=Q{i}]\njob_limit=10\n"));
        dsp.push_str(&format!(
            "[SERVICE=S{i}]\nPORT={}\nIMAGE=IMTA_BIN:tcp_smtp_server\nPARAMETER=CHANNEL=tcp_d{i}\n",
            1000 + i
        ));
    }
    [("imta.cnf", imta), ("job_controller.cnf", jc), ("dispatcher.cnf", dsp)]
}
