//! `dig` as dnsutils (BIND 9.11) prints it against the cluster DNS. Unlike nslookup, dig does
//! not use the search path unless given `+search`, so `dig web-0.nginx` is NXDOMAIN.

use crate::cluster::Cluster;
use crate::dns::{self, DnsRecord, DnsRecordKind, TTL};
use crate::services::KUBE_DNS_IP;

const VERSION: &str = "9.11.5-P4-5.1+deb10u9-Debian";

struct Query {
    name: String,
    kind: DnsRecordKind,
    short: bool,
    search: bool,
}

fn parse(args: &[String]) -> Result<Query, String> {
    let mut query = Query {
        name: String::new(),
        kind: DnsRecordKind::A,
        short: false,
        search: false,
    };
    for arg in args {
        match arg.to_ascii_lowercase().as_str() {
            "+short" => query.short = true,
            "+search" => query.search = true,
            "+nosearch" => query.search = false,
            a if a.starts_with('+') || a.starts_with('@') => {}
            "a" | "in" => {}
            "srv" => query.kind = DnsRecordKind::Srv,
            "cname" => query.kind = DnsRecordKind::Cname,
            _ if query.name.is_empty() => query.name = arg.clone(),
            _ => return Err(format!("Invalid option: {arg}")),
        }
    }
    if query.name.is_empty() {
        // A bare `dig` asks for the root servers; the cluster DNS refuses to recurse.
        query.name = ".".into();
    }
    Ok(query)
}

pub(crate) fn run(
    cluster: &Cluster,
    args: &[String],
    from_namespace: &str,
) -> (String, String, i32) {
    let query = match parse(args) {
        Ok(q) => q,
        Err(message) => return (String::new(), format!("{message}\n"), 1),
    };
    let domain = cluster.config().cluster_domain.clone();
    let candidates = if query.search {
        dns::search_candidates(&query.name, from_namespace, &domain)
    } else {
        vec![query.name.trim_end_matches('.').to_ascii_lowercase()]
    };
    let found = candidates.iter().find_map(|fqdn| {
        dns::resolve_fqdn(&cluster.store, &domain, fqdn).map(|records| (fqdn.clone(), records))
    });
    let (qname, answers) = match found {
        Some((fqdn, records)) => {
            let wanted: Vec<DnsRecord> = records
                .into_iter()
                .filter(|r| r.kind == query.kind || r.kind == DnsRecordKind::Cname)
                .collect();
            (fqdn, Some(wanted))
        }
        None => (candidates.last().cloned().unwrap_or_default(), None),
    };
    if query.short {
        let out: String = answers
            .unwrap_or_default()
            .iter()
            .map(|r| format!("{}\n", r.value))
            .collect();
        return (out, String::new(), 0);
    }
    let status = if answers.is_some() {
        "NOERROR"
    } else {
        "NXDOMAIN"
    };
    let answers = answers.unwrap_or_default();
    let authority = answers.is_empty();
    let mut out = format!(
        "\n; <<>> DiG {VERSION} <<>> {}\n;; global options: +cmd\n;; Got answer:\n",
        args.join(" ")
    );
    if domain.ends_with("local") {
        out.push_str(";; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n");
    }
    let id = (dns_id(&qname) % 65_536) as u16;
    out.push_str(&format!(
        ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n;; flags: qr aa rd; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n\n",
        answers.len(),
        usize::from(authority)
    ));
    out.push_str(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 4096\n");
    out.push_str(";; QUESTION SECTION:\n");
    out.push_str(&columns(&[
        (format!(";{qname}."), 24),
        ("IN".into(), 32),
        (query.kind.as_str().into(), 0),
    ]));
    out.push_str("\n\n");
    let mut size = 12 + wire_len(&qname) + 4 + 11;
    if !answers.is_empty() {
        out.push_str(";; ANSWER SECTION:\n");
        for record in &answers {
            out.push_str(&record_line(
                &format!("{}.", record.name),
                record.ttl,
                record.kind.as_str(),
                &record.value,
            ));
            size += 2 + 10 + rdata_len(record);
        }
        out.push('\n');
    } else {
        out.push_str(";; AUTHORITY SECTION:\n");
        let soa = format!("ns.dns.{domain}. hostmaster.{domain}. 1767225600 7200 1800 86400 {TTL}");
        out.push_str(&record_line(&format!("{domain}."), TTL, "SOA", &soa));
        out.push('\n');
        size += wire_len(&domain)
            + 10
            + wire_len(&format!("ns.dns.{domain}"))
            + wire_len(&format!("hostmaster.{domain}"))
            + 20;
    }
    out.push_str(&format!(
        ";; Query time: 0 msec\n;; SERVER: {KUBE_DNS_IP}#53({KUBE_DNS_IP})\n;; WHEN: {}\n;; MSG SIZE  rcvd: {size}\n\n",
        when(&cluster.now().rfc3339())
    ));
    (out, String::new(), 0)
}

/// One resource record line, aligned on BIND's tab stops (a field past its stop gets a space).
fn record_line(name: &str, ttl: u32, kind: &str, value: &str) -> String {
    let mut line = columns(&[
        (name.to_string(), 24),
        (ttl.to_string(), 32),
        ("IN".into(), 40),
        (kind.to_string(), 48),
        (value.to_string(), 0),
    ]);
    line.push('\n');
    line
}

/// Fields padded with tabs to their stops (tabs every 8 columns); the last has no stop.
fn columns(fields: &[(String, usize)]) -> String {
    let mut line = String::new();
    let mut col = 0;
    for (i, (text, stop)) in fields.iter().enumerate() {
        line.push_str(text);
        col += text.len();
        if i + 1 == fields.len() {
            break;
        }
        if col >= *stop {
            line.push(' ');
            col += 1;
        } else {
            while col < *stop {
                line.push('\t');
                col = (col / 8 + 1) * 8;
            }
        }
    }
    line
}

fn wire_len(name: &str) -> usize {
    let name = name.trim_end_matches('.');
    if name.is_empty() { 1 } else { name.len() + 2 }
}

fn rdata_len(record: &DnsRecord) -> usize {
    match record.kind {
        DnsRecordKind::A => 4,
        DnsRecordKind::Srv => 6 + record.value.split(' ').nth(3).map_or(1, wire_len),
        DnsRecordKind::Cname => wire_len(&record.value),
    }
}

/// A stable query id per name (dig picks a random one; Ordinal has no ambient randomness).
fn dns_id(name: &str) -> u32 {
    name.bytes()
        .fold(5381u32, |h, b| h.wrapping_mul(33) ^ u32::from(b))
}

/// `Thu Jan 01 00:00:05 UTC 2026` from an RFC 3339 timestamp.
fn when(rfc3339: &str) -> String {
    let num = |r: std::ops::Range<usize>| {
        rfc3339
            .get(r)
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // Sakamoto's day-of-week.
    const T: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let yy = if m < 3 { y - 1 } else { y };
    let idx = usize::try_from((m - 1).clamp(0, 11)).unwrap_or(0);
    let dow = (yy + yy / 4 - yy / 100 + yy / 400 + T[idx] + d).rem_euclid(7);
    let day = DAYS[usize::try_from(dow).unwrap_or(0)];
    let time = rfc3339.get(11..19).unwrap_or("00:00:00");
    format!("{day} {} {d:02} {time} UTC {y}", MONTHS[idx])
}
