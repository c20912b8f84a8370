//! Random valid programs from a small generator: the machine never panics on them, stops
//! within its budgets, and runs them the same way twice (same output, status, steps and
//! errors).

use std::collections::BTreeMap;

use memplay_machine::{Granularity, Machine, Settings, Snapshot, Timeline};
use proptest::prelude::*;

const VARS: &[&str] = &["a", "b", "c", "g", "*p"];

fn constant() -> impl Strategy<Value = String> {
    prop_oneof![
        (-20i32..20).prop_map(|n| format!("({n})")),
        Just("2147483647".to_string()),
        Just("(-2147483647 - 1)".to_string()),
        Just("4294967295u".to_string()),
        Just("'A'".to_string()),
        Just("0".to_string()),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        constant(),
        proptest::sample::select(VARS.to_vec()).prop_map(str::to_string),
        (0u32..8).prop_map(|i| format!("arr[{i}]")),
        Just("s.x".to_string()),
        Just("h[1]".to_string()),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                proptest::sample::select(vec![
                    "+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "==", "!=", "<", "<=",
                    "&&", "||"
                ]),
                inner.clone()
            )
                .prop_map(|(l, op, r)| format!("({l} {op} {r})")),
            (proptest::sample::select(vec!["-", "~", "!"]), inner.clone())
                .prop_map(|(op, e)| format!("({op}{e})")),
            (
                proptest::sample::select(vec![
                    "(char)",
                    "(unsigned char)",
                    "(short)",
                    "(unsigned)"
                ]),
                inner.clone()
            )
                .prop_map(|(cast, e)| format!("({cast}{e})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, t, e)| format!("({c} ? {t} : {e})")),
            inner.clone().prop_map(|e| format!("arr[({e}) & 7]")),
            inner.clone().prop_map(|e| format!("twice({e})")),
        ]
    })
}

fn statement() -> impl Strategy<Value = String> {
    let target =
        proptest::sample::select(vec!["a", "b", "c", "g", "*p", "arr[a & 7]", "s.x", "h[2]"]);
    let simple = prop_oneof![
        (target.clone(), expr()).prop_map(|(t, e)| format!("{t} = {e};")),
        (
            target.clone(),
            proptest::sample::select(vec!["+=", "-=", "*=", "^=", "<<=", "|="]),
            expr()
        )
            .prop_map(|(t, op, e)| format!("{t} {op} {e};")),
        target.clone().prop_map(|t| format!("{t}++;")),
        expr().prop_map(|e| format!("printf(\"%d %u %x\\n\", {e}, {e}, {e});")),
        Just("p = (a & 1) ? &a : &b;".to_string()),
        Just("h = realloc(h, (unsigned)(a & 15) * 4 + 16);".to_string()),
        Just("s = make(b);".to_string()),
    ];
    simple.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            (expr(), inner.clone(), inner.clone())
                .prop_map(|(c, t, e)| format!("if ({c}) {{ {t} }} else {{ {e} }}")),
            ((0u32..6), inner.clone())
                .prop_map(|(n, body)| format!("for (int i = 0; i < {n}; i++) {{ {body} }}")),
            (expr(), inner.clone()).prop_map(|(e, body)| format!(
                "switch (({e}) & 3) {{ case 0: {body} break; case 1: a++; default: b--; }}"
            )),
        ]
    })
}

fn program() -> impl Strategy<Value = String> {
    proptest::collection::vec(statement(), 1..12).prop_map(|body| {
        format!(
            "#include <stdio.h>\n#include <stdlib.h>\n\
             struct pair {{ int x; char y; }};\n\
             int g = 3;\nint arr[8];\n\
             int twice(int x) {{ return x + x; }}\n\
             struct pair make(int v) {{ struct pair r = {{ v, (char)v }}; return r; }}\n\
             int main(void) {{\n\
             int a = 1, b = 2, c = 3;\nint *p = &a;\nstruct pair s = {{ 0, 0 }};\n\
             int *h = calloc(4, sizeof(int));\n\
             {}\n\
             free(h);\nreturn a & 0x7f;\n}}\n",
            body.join("\n")
        )
    })
}

fn load(source: &str, granularity: Granularity) -> Machine {
    let checked = memplay_lang::check(source);
    assert!(
        !checked.has_errors(),
        "the generator made an invalid program:\n{source}\n{:?}",
        checked.diagnostics
    );
    let settings = Settings {
        max_steps: 50_000,
        frames: 256,
        granularity,
        ..Settings::default()
    };
    Machine::new(&checked.program, source, "gen.c", settings).unwrap()
}

fn run(source: &str) -> (String, Option<i32>, u64, usize) {
    let mut machine = load(source, Granularity::Statement);
    let status = machine.run().clone();
    (
        String::from_utf8_lossy(&machine.stdout()).into_owned(),
        status.exit_status(),
        machine.steps(),
        machine.errors().len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn generated_programs_run_deterministically_without_panics(source in program()) {
        let first = run(&source);
        let second = run(&source);
        prop_assert_eq!(first, second);
    }
}

/// The snapshots of a plain run at `steps` (taken as fractions of the run's length).
fn snapshots_at(source: &str, picks: &[u16]) -> BTreeMap<u64, Snapshot> {
    let mut counter = load(source, Granularity::Expression);
    counter.run();
    let last = counter.ticks();
    let wanted: Vec<u64> = picks
        .iter()
        .flat_map(|&p| {
            let step = u64::from(p) * last / u64::from(u16::MAX);
            [step, (step + 1).min(last)]
        })
        .collect();
    let mut machine = load(source, Granularity::Expression);
    let mut shots = BTreeMap::new();
    loop {
        if wanted.contains(&machine.ticks()) {
            shots.insert(machine.ticks(), machine.snapshot());
        }
        if !machine.step() {
            if wanted.contains(&machine.ticks()) {
                shots.insert(machine.ticks(), machine.snapshot());
            }
            return shots;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Time travel over random programs, stopping at every expression: any step revisited
    /// (by restoring a checkpoint and replaying) looks as it did, and one step forward from
    /// there is the step after, as it was.
    #[test]
    fn stepping_back_then_forward_reproduces_the_views(
        source in program(),
        picks in proptest::collection::vec(any::<u16>(), 1..6),
    ) {
        let expected = snapshots_at(&source, &picks);
        let mut timeline = Timeline::new(load(&source, Granularity::Expression), 5);
        timeline.go_to(u64::MAX);
        for (&step, snapshot) in expected.iter().rev() {
            timeline.go_to(step);
            prop_assert_eq!(&timeline.machine().snapshot(), snapshot, "step {}", step);
            if let Some(next) = expected.get(&(step + 1)) {
                timeline.forward();
                prop_assert_eq!(&timeline.machine().snapshot(), next, "after step {}", step);
            }
        }
    }
}
