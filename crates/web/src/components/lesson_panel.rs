//! A lesson beside the program: its text, and its "predict, then check" questions. The
//! answers are computed by running the lesson's own program on its machine (once, at the
//! first check), never written in the lesson; a right prediction counts toward progress.

use std::rc::Rc;

use memplay_session::Scenario;
use memplay_session::lesson::{Computed, answer_all};
use memplay_session::lessons::LESSONS;
use memplay_session::markdown::{self, Block, Inline};
use yew::prelude::*;

use super::scenario_dialogs::on_escape;
use crate::components::emit_on_click;
use crate::services::lessons::{load_progress, save_progress};

/// Inline Markdown as elements.
fn spans(spans: &[Inline]) -> Html {
    spans
        .iter()
        .map(|span| match span {
            Inline::Text(text) => html! { { text.clone() } },
            Inline::Strong(text) => html! { <strong>{ text.clone() }</strong> },
            Inline::Emphasis(text) => html! { <em>{ text.clone() }</em> },
            Inline::Code(text) => html! { <code>{ text.clone() }</code> },
        })
        .collect()
}

/// Markdown as elements: text only, never raw HTML.
pub fn render_markdown(text: &str) -> Html {
    markdown::parse(text)
        .iter()
        .map(|block| match block {
            Block::Paragraph(inline) => html! { <p>{ spans(inline) }</p> },
            Block::List(items) => html! {
                <ul>{ for items.iter().map(|item| html! { <li>{ spans(item) }</li> }) }</ul>
            },
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The opened scenario (it has a lesson).
    pub scenario: Rc<Scenario>,
}

/// What the learner predicted for a question and what the engine said.
#[derive(Clone, PartialEq)]
enum Verdict {
    Right(String),
    Wrong(String),
    Unanswerable(String),
}

#[function_component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let Some(lesson) = props.scenario.lesson.as_ref() else {
        return html! {};
    };
    let count = lesson.questions.len();
    let predictions = use_state(|| vec![String::new(); count]);
    let verdicts = use_state(|| vec![None::<Verdict>; count]);
    let answers = use_mut_ref(|| None::<Rc<Vec<Result<Computed, String>>>>);
    // The built-in lesson this is, for progress (a shared link of one counts too).
    let lesson_id = LESSONS
        .iter()
        .find(|entry| entry.title == props.scenario.title)
        .map(|entry| entry.id);
    let progress = use_state(load_progress);

    let check = |index: usize| {
        let (predictions, verdicts, answers) =
            (predictions.clone(), verdicts.clone(), answers.clone());
        let (scenario, progress) = (props.scenario.clone(), progress.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let computed = answers
                .borrow_mut()
                .get_or_insert_with(|| {
                    let lesson = scenario
                        .lesson
                        .as_ref()
                        .expect("a lesson panel has a lesson");
                    let settings = scenario.machine_settings().unwrap_or_default();
                    Rc::new(
                        answer_all(lesson, &scenario.program, &settings)
                            .unwrap_or_else(|why| vec![Err(why); lesson.questions.len()]),
                    )
                })
                .clone();
            let verdict = match &computed[index] {
                Ok(answer) if answer.accepts(&predictions[index]) => {
                    if let Some(id) = lesson_id {
                        let mut next = (*progress).clone();
                        next.solve(id, index);
                        save_progress(&next);
                        progress.set(next);
                    }
                    Verdict::Right(answer.shown())
                }
                Ok(answer) => Verdict::Wrong(answer.shown()),
                Err(why) => Verdict::Unanswerable(why.clone()),
            };
            let mut next = (*verdicts).clone();
            next[index] = Some(verdict);
            verdicts.set(next);
        })
    };
    let on_input = |index: usize| {
        let predictions = predictions.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let mut next = (*predictions).clone();
            next[index] = input.value();
            predictions.set(next);
        })
    };
    let solved = lesson_id.map(|id| progress.solved_in(id));

    html! {
        <section class="lesson" aria-label="Lesson">
            <div class="lesson-text">{ render_markdown(&lesson.text) }</div>
            if let Some(solved) = solved {
                <p class="lesson-progress">{ format!("{solved} of {count} questions answered right") }</p>
            }
            <ol class="lesson-questions">
                { for lesson.questions.iter().enumerate().map(|(index, question)| {
                    let id = format!("question-{index}");
                    html! {
                        <li>
                            <form class="question" onsubmit={check(index)}>
                                <label for={id.clone()}>{ spans(&markdown::inline(&question.prompt)) }</label>
                                <input id={id} type="text" autocomplete="off" spellcheck="false"
                                    value={predictions[index].clone()} oninput={on_input(index)} />
                                <button type="submit" class="control">{ "Check" }</button>
                            </form>
                            { match &verdicts[index] {
                                Some(Verdict::Right(answer)) => html! {
                                    <p class="verdict right" role="status">{ format!("Right: {answer}.") }</p>
                                },
                                Some(Verdict::Wrong(answer)) => html! {
                                    <p class="verdict wrong" role="status">{ format!("Not quite: running the program gives {answer}.") }</p>
                                },
                                Some(Verdict::Unanswerable(why)) => html! {
                                    <p class="verdict wrong" role="status">{ format!("The engine cannot answer this: {why}.") }</p>
                                },
                                None => html! {},
                            } }
                            if verdicts[index].is_some() && !question.explanation.is_empty() {
                                <div class="explanation">{ render_markdown(&question.explanation) }</div>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// The element id of the list's first lesson, which takes the focus when the list opens.
pub const FIRST_LESSON_ID: &str = "lesson-first";

/// The tutorial's lessons, with the learner's progress: choosing one opens it.
#[derive(Properties, PartialEq)]
pub struct LessonsMenuProps {
    pub on_open: Callback<&'static str>,
    pub on_close: Callback<()>,
}

/// Plain function, not a component (each costs the bundle kilobytes).
pub fn lessons_menu(props: &LessonsMenuProps) -> Html {
    let progress = load_progress();
    let on_close = emit_on_click(&props.on_close, ());
    let on_keydown = on_escape(props.on_close.clone());
    html! {
        <div class="overlay" onkeydown={on_keydown}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="lessons-title">
                <h2 id="lessons-title">{ "Lessons" }</h2>
                <ol class="lessons-list">
                    { for LESSONS.iter().enumerate().map(|(index, entry)| {
                        let id = entry.id;
                        let onclick = emit_on_click(&props.on_open, id);
                        let solved = progress.solved_in(id);
                        html! {
                            <li>
                                <button type="button" class="link-button" id={(index == 0).then_some(FIRST_LESSON_ID)} {onclick}>{ entry.title }</button>
                                if solved > 0 {
                                    <span class="lesson-solved">{ format!(" ({solved} right)") }</span>
                                }
                            </li>
                        }
                    }) }
                </ol>
                <div class="dialog-buttons">
                    <button type="button" class="control" onclick={on_close}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
