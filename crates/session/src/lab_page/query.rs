//! The lab page's address: its inputs in the query string, so a teacher can link an
//! exercise and a reload keeps it. `lab.html?heap.ops=+20,+30,-0,+10&paging.frames=4`: keys
//! are `heap.*` and `paging.*`, values as typed, only what differs from the defaults.
//! A `+` is a plus (the page reads its own links, and malloc.py's operations start with
//! one); everything but letters, digits and `-._~,+:!*()/@` is percent-encoded.

use super::allocator::{AllocatorLabForm, HeapRules, OSTEP_POLICIES};
use super::paging::{PagingLabForm, PagingRules};
use crate::heap_lab::{AllocatorChoice, ListOrder, Policy};
use crate::paging_lab::{OstepPolicy, PolicyKind};

/// Both labs' inputs: what the page's address holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabInputs {
    pub heap: AllocatorLabForm,
    pub paging: PagingLabForm,
}

impl LabInputs {
    /// Reads a query string (with or without its `?`). Values that cannot be read are left
    /// at their defaults, each with a message for the learner; text fields are kept as they
    /// are (the labs say what is wrong with them).
    pub fn from_query(query: &str) -> (LabInputs, Vec<String>) {
        let mut problems = Vec::new();
        // In order, as written (still encoded); a key given twice takes its last value.
        let mut pairs: Vec<(&str, &str)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect();
        let mut inputs = LabInputs::default();
        let mut take = |key: &str| {
            let value = pairs
                .iter()
                .rev()
                .find(|(k, _)| decode(k) == key)
                .map(|(_, v)| decode(v));
            pairs.retain(|(k, _)| decode(k) != key);
            value
        };
        read_heap(&mut inputs.heap, &mut take, &mut problems);
        read_paging(&mut inputs.paging, &mut take, &mut problems);
        for (key, _) in pairs {
            problems.push(format!(
                "The link's `{}` is not a setting of the lab: it was ignored.",
                decode(key)
            ));
        }
        (inputs, problems)
    }

    /// The query string for these inputs (`?heap.ops=...`), empty when all are defaults.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        write_heap(&self.heap, &mut pairs);
        write_paging(&self.paging, &mut pairs);
        if pairs.is_empty() {
            return String::new();
        }
        let text: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", encode(value)))
            .collect();
        format!("?{}", text.join("&"))
    }
}

type Take<'a> = dyn FnMut(&str) -> Option<String> + 'a;

fn read_heap(form: &mut AllocatorLabForm, take: &mut Take<'_>, problems: &mut Vec<String>) {
    if let Some(rules) = take("heap.rules") {
        match HeapRules::parse(&rules) {
            Some(rules) => form.rules = rules,
            None => problems.push(format!(
                "The link's heap.rules `{rules}` is not ostep or memplay: OSTEP's rules are shown."
            )),
        }
    }
    if let Some(ops) = take("heap.ops") {
        form.ops = ops;
    }
    match form.rules {
        HeapRules::Ostep => {
            let f = &mut form.ostep;
            for (key, field) in [
                ("heap.size", &mut f.size),
                ("heap.base", &mut f.base),
                ("heap.header", &mut f.header),
                ("heap.align", &mut f.align),
            ] {
                if let Some(value) = take(key) {
                    *field = value;
                }
            }
            if let Some(order) = take("heap.order") {
                match order.parse::<ListOrder>() {
                    Ok(order) => f.order = order,
                    Err(e) => problems.push(format!("The link's heap.order: {}.", e.message)),
                }
            }
            if let Some(coalesce) = take("heap.coalesce") {
                match flag(&coalesce) {
                    Some(on) => f.coalesce = on,
                    None => problems.push(format!(
                        "The link's heap.coalesce `{coalesce}` is not 1 or 0: it was ignored."
                    )),
                }
            }
            if let Some(list) = take("heap.policies") {
                f.policies = read_list(&list, "heap.policies", &OSTEP_POLICIES, problems, |t| {
                    t.parse::<Policy>().ok()
                });
            }
        }
        HeapRules::Memplay => {
            let f = &mut form.memplay;
            for (key, field) in [
                ("heap.size", &mut f.size),
                ("heap.base", &mut f.base),
                ("heap.align", &mut f.align),
            ] {
                if let Some(value) = take(key) {
                    *field = value;
                }
            }
            if let Some(list) = take("heap.allocators") {
                f.allocators = read_list(
                    &list,
                    "heap.allocators",
                    AllocatorChoice::ALL,
                    problems,
                    |t| t.parse::<AllocatorChoice>().ok(),
                );
            }
        }
    }
}

fn read_paging(form: &mut PagingLabForm, take: &mut Take<'_>, problems: &mut Vec<String>) {
    if let Some(rules) = take("paging.rules") {
        match PagingRules::parse(&rules) {
            Some(rules) => form.rules = rules,
            None => problems.push(format!(
                "The link's paging.rules `{rules}` is not ostep or memplay: OSTEP's rules are \
                 shown."
            )),
        }
    }
    for (key, field) in [
        ("paging.refs", &mut form.refs),
        ("paging.frames", &mut form.frames),
        ("paging.seed", &mut form.seed),
        ("paging.sweep", &mut form.sweep),
    ] {
        if let Some(value) = take(key) {
            *field = value;
        }
    }
    match form.rules {
        PagingRules::Ostep => {
            for (key, field) in [
                ("paging.clockbits", &mut form.clock_bits),
                ("paging.numaddrs", &mut form.numaddrs),
                ("paging.maxpage", &mut form.maxpage),
            ] {
                if let Some(value) = take(key) {
                    *field = value;
                }
            }
            if let Some(list) = take("paging.policies") {
                form.ostep_policies =
                    read_list(&list, "paging.policies", &OstepPolicy::ALL, problems, |t| {
                        t.parse::<OstepPolicy>().ok()
                    });
            }
        }
        PagingRules::Memplay => {
            if let Some(list) = take("paging.policies") {
                form.policies =
                    read_list(&list, "paging.policies", &PolicyKind::ALL, problems, |t| {
                        t.parse::<PolicyKind>().ok()
                    });
            }
        }
    }
}

/// A comma-separated list of names, in `order`'s order without repeats; unknown names are
/// reported and left out.
fn read_list<T: Copy + PartialEq>(
    text: &str,
    key: &str,
    order: &[T],
    problems: &mut Vec<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut chosen = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match parse(name) {
            Some(item) => chosen.push(item),
            None => problems.push(format!(
                "The link's {key} names `{name}`, which the lab does not know: it was left out."
            )),
        }
    }
    order
        .iter()
        .copied()
        .filter(|item| chosen.contains(item))
        .collect()
}

fn flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn write_heap(form: &AllocatorLabForm, pairs: &mut Vec<(&'static str, String)>) {
    let defaults = AllocatorLabForm::default();
    if form.rules != defaults.rules {
        pairs.push(("heap.rules", form.rules.name().into()));
    }
    if form.ops != defaults.ops {
        pairs.push(("heap.ops", form.ops.clone()));
    }
    match form.rules {
        HeapRules::Ostep => {
            let (f, d) = (&form.ostep, &defaults.ostep);
            for (key, value, default) in [
                ("heap.size", &f.size, &d.size),
                ("heap.base", &f.base, &d.base),
                ("heap.header", &f.header, &d.header),
                ("heap.align", &f.align, &d.align),
            ] {
                if value != default {
                    pairs.push((key, value.clone()));
                }
            }
            if f.order != d.order {
                pairs.push(("heap.order", f.order.name().to_ascii_lowercase()));
            }
            if f.coalesce != d.coalesce {
                pairs.push(("heap.coalesce", if f.coalesce { "1" } else { "0" }.into()));
            }
            if f.policies != d.policies {
                let names: Vec<String> = f
                    .policies
                    .iter()
                    .map(|p| p.name().to_ascii_lowercase())
                    .collect();
                pairs.push(("heap.policies", names.join(",")));
            }
        }
        HeapRules::Memplay => {
            let (f, d) = (&form.memplay, &defaults.memplay);
            for (key, value, default) in [
                ("heap.size", &f.size, &d.size),
                ("heap.base", &f.base, &d.base),
                ("heap.align", &f.align, &d.align),
            ] {
                if value != default {
                    pairs.push((key, value.clone()));
                }
            }
            if f.allocators != d.allocators {
                let names: Vec<&str> = f.allocators.iter().map(|a| a.name()).collect();
                pairs.push(("heap.allocators", names.join(",")));
            }
        }
    }
}

fn write_paging(form: &PagingLabForm, pairs: &mut Vec<(&'static str, String)>) {
    let d = PagingLabForm::default();
    if form.rules != d.rules {
        pairs.push(("paging.rules", form.rules.name().into()));
    }
    let mut fields = vec![
        ("paging.refs", &form.refs, &d.refs),
        ("paging.frames", &form.frames, &d.frames),
        ("paging.seed", &form.seed, &d.seed),
        ("paging.sweep", &form.sweep, &d.sweep),
    ];
    if form.rules == PagingRules::Ostep {
        fields.extend([
            ("paging.clockbits", &form.clock_bits, &d.clock_bits),
            ("paging.numaddrs", &form.numaddrs, &d.numaddrs),
            ("paging.maxpage", &form.maxpage, &d.maxpage),
        ]);
    }
    for (key, value, default) in fields {
        if value != default {
            pairs.push((key, value.clone()));
        }
    }
    let names: Option<Vec<&str>> = match form.rules {
        PagingRules::Ostep => (form.ostep_policies != d.ostep_policies)
            .then(|| form.ostep_policies.iter().map(|p| p.name()).collect()),
        PagingRules::Memplay => {
            (form.policies != d.policies).then(|| form.policies.iter().map(|p| p.name()).collect())
        }
    };
    if let Some(names) = names {
        pairs.push(("paging.policies", names.join(",")));
    }
}

/// Percent-encodes all but letters, digits and `-._~,+:!*()/@` (UTF-8 bytes for the rest).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~,+:!*()/@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes [`encode`] (and any other percent-encoding); a `+` stays a plus, and a `%` not
/// followed by two hex digits stays as it is.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab_page::allocator::LIST_ORDERS;

    #[test]
    fn defaults_make_an_empty_query_and_back() {
        assert_eq!(LabInputs::default().to_query(), "");
        assert_eq!(LabInputs::from_query(""), (LabInputs::default(), vec![]));
        assert_eq!(LabInputs::from_query("?"), (LabInputs::default(), vec![]));
    }

    #[test]
    fn inputs_round_trip_through_the_query() {
        let mut inputs = LabInputs::default();
        inputs.heap.ops = "+20, +30,-0 & more%".into();
        inputs.heap.ostep.size = "0x40".into();
        inputs.heap.ostep.order = ListOrder::SizeSortAscending;
        inputs.heap.ostep.coalesce = true;
        inputs.heap.ostep.policies = vec![Policy::Best, Policy::First];
        inputs.paging.refs = "1,2,3,4,1,2,5,1,2,3,4,5".into();
        inputs.paging.frames = "4".into();
        inputs.paging.ostep_policies = vec![OstepPolicy::Fifo];
        inputs.paging.sweep = "1..6".into();
        let query = inputs.to_query();
        assert_eq!(
            query,
            "?heap.ops=+20,%20+30,-0%20%26%20more%25&heap.size=0x40&heap.order=sizesort+&\
             heap.coalesce=1&heap.policies=best,first&paging.refs=1,2,3,4,1,2,5,1,2,3,4,5&\
             paging.frames=4&paging.sweep=1..6&paging.policies=fifo"
        );
        assert_eq!(LabInputs::from_query(&query), (inputs, vec![]));

        let mut memplay = LabInputs::default();
        memplay.heap.rules = HeapRules::Memplay;
        memplay.heap.memplay.allocators = vec![AllocatorChoice::Segregated, AllocatorChoice::Buddy];
        memplay.heap.memplay.align = "16".into();
        memplay.paging.rules = PagingRules::Memplay;
        memplay.paging.policies = vec![PolicyKind::Clock, PolicyKind::Aging];
        let query = memplay.to_query();
        assert!(
            query.contains("heap.allocators=segregated,buddy"),
            "{query}"
        );
        assert!(query.contains("paging.policies=clock,aging"), "{query}");
        assert_eq!(LabInputs::from_query(&query), (memplay, vec![]));
    }

    #[test]
    fn a_hand_written_link_is_read_and_its_problems_named() {
        let (inputs, problems) = LabInputs::from_query(
            "heap.ops=+10,-0&heap.policies=WORST,bogus,best&heap.order=nowhere&\
             heap.coalesce=maybe&paging.rules=ostep&paging.policies=lru,fifo&colour=red",
        );
        assert_eq!(inputs.heap.ops, "+10,-0");
        assert_eq!(inputs.heap.ostep.policies, [Policy::Best, Policy::Worst]);
        assert_eq!(
            inputs.paging.ostep_policies,
            [OstepPolicy::Fifo, OstepPolicy::Lru]
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("heap.order"));
        assert!(problems[1].contains("heap.coalesce `maybe`"));
        assert!(problems[2].contains("`bogus`"));
        assert!(problems[3].contains("`colour`"));
        // A key of the other rule set is not silently taken.
        let (_, problems) = LabInputs::from_query("heap.allocators=buddy");
        assert!(problems[0].contains("`heap.allocators`"), "{problems:?}");
        let (twice, _) = LabInputs::from_query("paging.frames=2&paging.frames=5");
        assert_eq!(twice.paging.frames, "5", "the last value of a repeated key");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%E2%88%92"), "−");
    }

    #[test]
    fn list_orders_are_all_named() {
        for order in LIST_ORDERS {
            let mut inputs = LabInputs::default();
            inputs.heap.ostep.order = order;
            assert_eq!(LabInputs::from_query(&inputs.to_query()).0, inputs);
        }
    }
}
