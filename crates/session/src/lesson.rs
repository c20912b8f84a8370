//! Lessons: a scenario's text and its "predict, then check" questions. A question names what
//! the engine should find out about the scenario's run (how deep the stack is at a line,
//! what a malloc returns, how many page faults the run takes...); the answer is computed by
//! running the program, never written into the lesson, so it is right for whatever machine
//! the scenario sets up.

use serde::{Deserialize, Serialize};

use crate::playback::{Move, Playback, StepView};
use crate::run::MachineSettings;
use crate::scenario::{ScenarioError, check_text, invalid};

/// Questions a lesson may ask.
pub const MAX_QUESTIONS: usize = 20;

/// A question's prompt is a sentence or two.
pub const MAX_PROMPT_CHARS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The lesson's text, in Markdown (rendered without raw HTML).
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// What the learner is asked to predict.
    pub prompt: String,
    /// What the engine computes to check the prediction.
    pub answer: Answer,
    /// Shown once the learner has checked: why the answer is what it is (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

/// What the engine finds out about the run to answer a question. In JSON, an object whose
/// `kind` names the answer (`{"kind": "stack-depth", "line": 3}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AnswerFields", into = "AnswerFields")]
pub enum Answer {
    /// Frames on the stack of the thread at `line` when the run reaches it for the `time`-th
    /// time (1 by default), before the line runs.
    StackDepth { line: u32, time: u32 },
    /// The address (of the payload) that the allocation on `line` returns the `time`-th
    /// time the line runs.
    MallocAddress { line: u32, time: u32 },
    /// A counter of the whole run, read at its end.
    Count { counter: Counter },
    /// The program's exit status.
    ExitStatus,
    /// Bytes definitely lost at exit (valgrind's first leak category).
    LeakedBytes,
    /// The line of the first memory error.
    FirstErrorLine,
    /// Everything the program printed (compared without leading and trailing blanks).
    Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum AnswerKind {
    StackDepth,
    MallocAddress,
    Count,
    ExitStatus,
    LeakedBytes,
    FirstErrorLine,
    Output,
}

/// An answer as JSON has it: a flat object rather than serde's internally tagged enum,
/// which buffers the input in a generic tree that costs the web app's bundle dearly.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFields {
    kind: AnswerKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counter: Option<Counter>,
}

impl TryFrom<AnswerFields> for Answer {
    type Error = String;

    fn try_from(fields: AnswerFields) -> Result<Answer, String> {
        let AnswerFields {
            kind,
            line,
            time,
            counter,
        } = fields;
        let at_line = matches!(kind, AnswerKind::StackDepth | AnswerKind::MallocAddress);
        let name = match kind {
            AnswerKind::StackDepth => "stack-depth",
            AnswerKind::MallocAddress => "malloc-address",
            AnswerKind::Count => "count",
            AnswerKind::ExitStatus => "exit-status",
            AnswerKind::LeakedBytes => "leaked-bytes",
            AnswerKind::FirstErrorLine => "first-error-line",
            AnswerKind::Output => "output",
        };
        if !at_line && (line.is_some() || time.is_some()) {
            return Err(format!(
                "an answer of kind `{name}` has no `line` or `time`"
            ));
        }
        if kind != AnswerKind::Count && counter.is_some() {
            return Err(format!("an answer of kind `{name}` has no `counter`"));
        }
        let line = || line.ok_or_else(|| format!("an answer of kind `{name}` needs a `line`"));
        let time = time.unwrap_or(1);
        Ok(match kind {
            AnswerKind::StackDepth => Answer::StackDepth {
                line: line()?,
                time,
            },
            AnswerKind::MallocAddress => Answer::MallocAddress {
                line: line()?,
                time,
            },
            AnswerKind::Count => Answer::Count {
                counter: counter
                    .ok_or_else(|| "an answer of kind `count` needs a `counter`".to_string())?,
            },
            AnswerKind::ExitStatus => Answer::ExitStatus,
            AnswerKind::LeakedBytes => Answer::LeakedBytes,
            AnswerKind::FirstErrorLine => Answer::FirstErrorLine,
            AnswerKind::Output => Answer::Output,
        })
    }
}

impl From<Answer> for AnswerFields {
    fn from(answer: Answer) -> AnswerFields {
        let (kind, line, time, counter) = match answer {
            Answer::StackDepth { line, time } => {
                (AnswerKind::StackDepth, Some(line), Some(time), None)
            }
            Answer::MallocAddress { line, time } => {
                (AnswerKind::MallocAddress, Some(line), Some(time), None)
            }
            Answer::Count { counter } => (AnswerKind::Count, None, None, Some(counter)),
            Answer::ExitStatus => (AnswerKind::ExitStatus, None, None, None),
            Answer::LeakedBytes => (AnswerKind::LeakedBytes, None, None, None),
            Answer::FirstErrorLine => (AnswerKind::FirstErrorLine, None, None, None),
            Answer::Output => (AnswerKind::Output, None, None, None),
        };
        AnswerFields {
            kind,
            line,
            time: time.filter(|&t| t != 1),
            counter,
        }
    }
}

/// Counters of a run a question can ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counter {
    /// Statements run (the steps of the run).
    Steps,
    PageFaults,
    MajorFaults,
    MinorFaults,
    SwapOuts,
    SwapIns,
    TlbHits,
    TlbMisses,
    CacheHits,
    CacheMisses,
    /// The most frames any stack held.
    MaxStackDepth,
    /// The heap's largest size, in bytes.
    PeakHeap,
}

/// An answer as the engine computed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Computed {
    Number(u64),
    /// An address, shown in hex; a prediction may be written in hex or decimal.
    Address(u32),
    Text(String),
}

impl Computed {
    /// The answer as the lesson shows it once checked.
    pub fn shown(&self) -> String {
        match self {
            Computed::Number(n) => n.to_string(),
            Computed::Address(a) => format!("0x{a:08x}"),
            Computed::Text(text) => text.trim().to_string(),
        }
    }

    /// Whether a learner's prediction matches: numbers by value (`0x` hex accepted for
    /// addresses and numbers alike), text ignoring blanks at either end and `\r`.
    pub fn accepts(&self, prediction: &str) -> bool {
        let prediction = prediction.trim();
        match self {
            Computed::Number(n) => parse_number(prediction) == Some(*n),
            Computed::Address(a) => parse_number(prediction) == Some(u64::from(*a)),
            Computed::Text(text) => {
                let normalise = |s: &str| s.replace('\r', "").trim().to_string();
                normalise(text) == normalise(prediction)
            }
        }
    }
}

fn parse_number(text: &str) -> Option<u64> {
    let text = text.replace(['_', ','], "");
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

impl Lesson {
    pub(crate) fn validate(&self, program: &str) -> Result<(), ScenarioError> {
        check_text("lesson.text", &self.text)?;
        if self.questions.len() > MAX_QUESTIONS {
            return Err(invalid(
                "lesson.questions",
                format!(
                    "{} questions is over the limit of {MAX_QUESTIONS}",
                    self.questions.len()
                ),
            ));
        }
        let lines = program.lines().count().max(1) as u32;
        for (i, question) in self.questions.iter().enumerate() {
            let field = |name: &str| format!("lesson.questions[{i}].{name}");
            let chars = question.prompt.chars().count();
            if question.prompt.trim().is_empty() || chars > MAX_PROMPT_CHARS {
                return Err(invalid(
                    field("prompt"),
                    format!("must be 1 to {MAX_PROMPT_CHARS} characters, not {chars}"),
                ));
            }
            check_text(&field("explanation"), &question.explanation)?;
            if let Answer::StackDepth { line, time } | Answer::MallocAddress { line, time } =
                question.answer
            {
                if line == 0 || line > lines {
                    return Err(invalid(
                        field("answer.line"),
                        format!("line {line} is not a line of the program (1 to {lines})"),
                    ));
                }
                if time == 0 {
                    return Err(invalid(
                        field("answer.time"),
                        "counts from 1 (the first time the line runs)",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Why the engine could not answer a question about the run.
pub type Unanswered = String;

/// Answers every question of `lesson` by running `program` on `settings`, in order.
pub fn answer_all(
    lesson: &Lesson,
    program: &str,
    settings: &MachineSettings,
) -> Result<Vec<Result<Computed, Unanswered>>, String> {
    let mut playback = Playback::start("lesson.c", program, settings.clone())
        .map_err(|e| format!("the lesson's program does not run: {e:?}"))?;
    playback.record(u64::MAX);
    Ok(lesson
        .questions
        .iter()
        .map(|question| answer(&mut playback, question.answer))
        .collect())
}

/// One answer, from the recorded run.
pub fn answer(playback: &mut Playback, answer: Answer) -> Result<Computed, Unanswered> {
    match answer {
        Answer::StackDepth { line, time } => {
            let view = reach_line(playback, line, time)?;
            let thread = view
                .places
                .iter()
                .find(|place| place.line == line)
                .map(|place| place.thread)
                .ok_or_else(|| format!("no thread is at line {line}"))?;
            let frames = view
                .snapshot
                .threads
                .iter()
                .find(|t| t.id == thread)
                .map_or(0, |t| t.frames.len());
            Ok(Computed::Number(frames as u64))
        }
        Answer::MallocAddress { line, time } => {
            let before = reach_line(playback, line, time)?;
            playback.apply(Move::Forward);
            let after = playback.view();
            after
                .allocation_lines
                .iter()
                .find(|&&(payload, at)| {
                    at == line && !before.allocation_lines.contains(&(payload, at))
                })
                .map(|&(payload, _)| Computed::Address(payload))
                .ok_or_else(|| format!("line {line} allocated no new block when it ran"))
        }
        Answer::Count { counter } => {
            let end = at_end(playback);
            let stats = &end.snapshot.paging.stats;
            Ok(Computed::Number(match counter {
                Counter::Steps => end.step,
                Counter::PageFaults => stats.minor_faults + stats.major_faults,
                Counter::MajorFaults => stats.major_faults,
                Counter::MinorFaults => stats.minor_faults,
                Counter::SwapOuts => stats.swap_outs,
                Counter::SwapIns => stats.swap_ins,
                Counter::TlbHits => stats.tlb_hits,
                Counter::TlbMisses => stats.tlb_misses,
                Counter::CacheHits => stats.cache_hits,
                Counter::CacheMisses => stats.cache_misses,
                Counter::MaxStackDepth => playback.machine().max_depth() as u64,
                Counter::PeakHeap => u64::from(playback.machine().peak_heap()),
            }))
        }
        Answer::ExitStatus => at_end(playback)
            .snapshot
            .status
            .exit_status()
            .map(|status| Computed::Number(status as u64))
            .ok_or_else(|| "the program did not finish within its step budget".to_string()),
        Answer::LeakedBytes => at_end(playback)
            .leaks
            .map(|leaks| Computed::Number(leaks.definitely_lost.bytes))
            .ok_or_else(|| "the program did not exit normally, so nothing was scanned".into()),
        Answer::FirstErrorLine => at_end(playback)
            .errors
            .first()
            .map(|error| Computed::Number(u64::from(error.line)))
            .ok_or_else(|| "the program made no memory error".to_string()),
        Answer::Output => Ok(Computed::Text(at_end(playback).console)),
    }
}

/// The view before `line` runs for the `time`-th time.
fn reach_line(playback: &mut Playback, line: u32, time: u32) -> Result<StepView, Unanswered> {
    playback.apply(Move::ToStart);
    // The first step may already stand at the line.
    let mut seen = u32::from(playback.view().places.iter().any(|p| p.line == line));
    while seen < time {
        if !playback.apply(Move::ToLine(line)) {
            return Err(if seen == 0 {
                format!("the run never reaches line {line}")
            } else {
                format!("the run reaches line {line} only {seen} time(s), not {time}")
            });
        }
        seen += 1;
    }
    Ok(playback.view())
}

fn at_end(playback: &mut Playback) -> StepView {
    playback.apply(Move::ToEnd);
    playback.view()
}
