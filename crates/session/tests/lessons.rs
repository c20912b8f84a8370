//! Lesson questions are answered by running the program: each kind of answer against what
//! the program itself prints, or what a plain run reports, and predictions are accepted or
//! rejected by value.

use memplay_session::Scenario;
use memplay_session::lesson::{Answer, Computed, Counter, Lesson, Question, answer_all};
use memplay_session::run::MachineSettings;

const PROGRAM: &str = r#"#include <stdio.h>
#include <stdlib.h>

int down(int n) {
    if (n == 0)
        return 0;
    return 1 + down(n - 1);
}

int main(void) {
    int *first = malloc(12);
    for (int i = 0; i < 3; i++) {
        char *block = malloc(40);
        printf("%p\n", (void *)block);
    }
    printf("%p %d\n", (void *)first, down(3));
    free(first);
    return 7;
}
"#;

fn question(answer: Answer) -> Question {
    Question {
        prompt: "?".into(),
        answer,
        explanation: String::new(),
    }
}

fn answers(answers: &[Answer]) -> Vec<Result<Computed, String>> {
    let lesson = Lesson {
        text: String::new(),
        questions: answers.iter().copied().map(question).collect(),
    };
    answer_all(&lesson, PROGRAM, &MachineSettings::default()).unwrap()
}

fn printed_addresses() -> Vec<u64> {
    let Ok(Computed::Text(output)) = &answers(&[Answer::Output])[0] else {
        panic!("no output")
    };
    output
        .split_whitespace()
        .filter_map(|word| word.strip_prefix("0x"))
        .map(|hex| u64::from_str_radix(hex, 16).unwrap())
        .collect()
}

#[test]
fn each_kind_of_answer_is_what_the_run_shows() {
    let printed = printed_addresses();
    assert_eq!(printed.len(), 4);
    let got = answers(&[
        Answer::StackDepth { line: 6, time: 1 },
        Answer::StackDepth { line: 7, time: 2 },
        Answer::MallocAddress { line: 11, time: 1 },
        Answer::MallocAddress { line: 13, time: 3 },
        Answer::ExitStatus,
        Answer::LeakedBytes,
        Answer::FirstErrorLine,
        Answer::Count {
            counter: Counter::MaxStackDepth,
        },
    ]);
    // `return 0;` runs in the fourth call of down, under main: five frames.
    assert_eq!(got[0], Ok(Computed::Number(5)));
    assert_eq!(got[1], Ok(Computed::Number(3)));
    // What malloc returned is what the program printed with %p.
    assert_eq!(got[2], Ok(Computed::Address(printed[3] as u32)));
    assert_eq!(got[3], Ok(Computed::Address(printed[2] as u32)));
    assert_eq!(got[4], Ok(Computed::Number(7)));
    // Three blocks of 40 never freed; `first` was.
    assert_eq!(got[5], Ok(Computed::Number(120)));
    assert_eq!(got[6], Err("the program made no memory error".to_string()));
    assert_eq!(got[7], Ok(Computed::Number(5)));
}

#[test]
fn questions_about_lines_that_never_run_say_so() {
    let got = answers(&[
        Answer::StackDepth { line: 2, time: 1 },
        Answer::MallocAddress { line: 13, time: 4 },
        Answer::MallocAddress { line: 16, time: 1 },
    ]);
    assert_eq!(got[0], Err("the run never reaches line 2".to_string()));
    assert_eq!(
        got[1],
        Err("the run reaches line 13 only 3 time(s), not 4".to_string())
    );
    assert_eq!(
        got[2],
        Err("line 16 allocated no new block when it ran".to_string())
    );
}

#[test]
fn page_fault_counts_follow_the_scenarios_machine() {
    let sweep = "int main(void) {\n    int a[1024];\n    for (int i = 0; i < 1024; i++)\n        a[i] = i;\n    return 0;\n}\n";
    let json = format!(
        r#"{{"version":1,"title":"t","program":{},"settings":{{"preset":"tiny"}},
            "lesson":{{"text":"","questions":[{{"prompt":"faults?","answer":{{"kind":"count","counter":"page-faults"}}}}]}}}}"#,
        serde_json::to_string(sweep).unwrap()
    );
    let scenario = Scenario::from_json(&json).unwrap();
    let settings = scenario.machine_settings().unwrap();
    let lesson = scenario.lesson.as_ref().unwrap();
    let tiny = answer_all(lesson, sweep, &settings).unwrap();
    let linux = answer_all(lesson, sweep, &MachineSettings::default()).unwrap();
    let (Ok(Computed::Number(tiny)), Ok(Computed::Number(linux))) = (&tiny[0], &linux[0]) else {
        panic!("{tiny:?} {linux:?}")
    };
    // 4 KiB of array in 256-byte pages against one 4 KiB page: many more faults.
    assert!(*tiny > 16 && *linux < 8, "tiny {tiny}, linux {linux}");
    let report = memplay_session::run::run_program("t.c", sweep, settings).unwrap();
    assert_eq!(*tiny, report.stats.page_faults);
}

#[test]
fn predictions_are_accepted_by_value() {
    let address = Computed::Address(0x0804_b008);
    assert!(address.accepts("0x0804b008"));
    assert!(address.accepts(" 0x804B008 "));
    assert!(address.accepts("134524936"));
    assert!(!address.accepts("0x0804b010"));
    assert!(!address.accepts("somewhere"));
    let number = Computed::Number(12);
    assert!(number.accepts("12") && number.accepts("0xc") && !number.accepts("13"));
    assert!(!number.accepts("") && !number.accepts("-12"));
    let text = Computed::Text("sum = 60\n".into());
    assert!(text.accepts("sum = 60") && text.accepts("sum = 60\r\n"));
    assert!(!text.accepts("sum = 61"));
    assert_eq!(address.shown(), "0x0804b008");
}
