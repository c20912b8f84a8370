//! The run and step controls: Run (and Cancel while a run is being recorded, with its
//! progress), the moves through a recorded run, play and pause at a chosen speed, run to
//! the cursor or a breakpoint, the step counter and a scrubber with marks where events
//! happened, jumps to the previous or next event of a chosen kind, and the shortcuts list.

use memplay_session::playback::{EventKind, EventMarks, Move};
use yew::prelude::*;

use crate::components::emit_on_click;
use crate::fixed::fixed;
use crate::state::{RunState, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub run: RunState,
    /// The step shown and the steps recorded, once there is a run to move through.
    pub position: Option<(u64, u64)>,
    pub stale: bool,
    pub marks: std::rc::Rc<[EventMarks]>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_move: Callback<Move>,
    pub playing: bool,
    pub speed: u32,
    pub on_play: Callback<bool>,
    pub on_speed: Callback<u32>,
    /// The editor's cursor line, where "run to cursor" goes.
    pub cursor_line: u32,
    pub breakpoints: usize,
    pub on_shortcuts: Callback<()>,
}

/// What each move button does, its symbol and its keyboard shortcut.
const MOVES: &[(&str, &str, &str, Move)] = &[
    ("To start", "|◀", "Home", Move::ToStart),
    ("Step out backwards", "⤒", "Shift+Up", Move::StepOutBack),
    ("Step over backwards", "↶", "Shift+Left", Move::StepOverBack),
    ("Step back", "◀", "Left", Move::Back),
    ("Step", "▶", "Right", Move::Forward),
    ("Step over", "↷", "Shift+Right", Move::StepOver),
    ("Step out", "⤓", "Shift+Down", Move::StepOut),
    ("To end", "▶|", "End", Move::ToEnd),
];

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let kind = use_state(|| EventKind::Malloc);
    let recording = matches!(props.run, RunState::Recording { .. });
    let run_button = if recording {
        let onclick = emit_on_click(&props.on_cancel, ());
        html! {
            <button type="button" class="control control-run" {onclick}>
                <span aria-hidden="true">{ "■" }</span>{ " Cancel" }
            </button>
        }
    } else {
        let onclick = emit_on_click(&props.on_run, ());
        html! {
            <button type="button" class="control control-run" {onclick} title="Run the program (Ctrl+Enter)">
                <span aria-hidden="true">{ "▶" }</span>{ " Run" }
            </button>
        }
    };
    let can_move = props.position.is_some() && !recording;
    let moves = MOVES.iter().map(|&(label, symbol, key, action)| {
        let onclick = emit_on_click(&props.on_move, action);
        html! {
            <button
                type="button"
                class="control"
                disabled={!can_move}
                title={format!("{label} ({key})")}
                aria-label={label}
                aria-keyshortcuts={key.replace("Left", "ArrowLeft").replace("Right", "ArrowRight").replace("Up", "ArrowUp").replace("Down", "ArrowDown")}
                {onclick}
            >
                <span aria-hidden="true">{ symbol }</span>
            </button>
        }
    });
    let play_button = {
        let playing = props.playing;
        let onclick = emit_on_click(&props.on_play, !playing);
        let label = if playing { "Pause" } else { "Play" };
        html! {
            <button type="button" class={classes!("control", playing.then_some("playing"))} disabled={!can_move} {onclick}
                title={format!("{label} (Space)")} aria-keyshortcuts="Space">
                { label }
            </button>
        }
    };
    let speed_select = {
        let on_speed = props.on_speed.clone();
        let onchange = Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Ok(speed) = select.value().parse() {
                on_speed.emit(speed);
            }
        });
        html! {
            <select class="speed" aria-label="Play speed" title="Play speed" {onchange}>
                { for SPEEDS.iter().map(|&speed| html! {
                    <option value={speed.to_string()} selected={speed == props.speed}>
                        { format!("{speed} step{}/s", if speed == 1 { "" } else { "s" }) }
                    </option>
                }) }
            </select>
        }
    };
    let line = props.cursor_line;
    let to_cursor = emit_on_click(&props.on_move, Move::ToLine(line));
    let has_breakpoints = props.breakpoints > 0;
    let breakpoint_back = emit_on_click(&props.on_move, Move::BackToBreakpoint);
    let breakpoint_next = emit_on_click(&props.on_move, Move::ToBreakpoint);
    let shortcuts = emit_on_click(&props.on_shortcuts, ());
    let status = match (&props.run, props.position) {
        (RunState::Idle, _) => "Not run yet: press Run.".to_string(),
        (RunState::Failed(_), _) => "The program did not run.".to_string(),
        (RunState::Recording { recorded }, _) => format!("Running… {recorded} steps"),
        (RunState::Recorded { complete }, Some((step, recorded))) => format!(
            "Step {step} of {recorded}{}{}",
            if *complete {
                ""
            } else {
                " (cancelled: the run stops here)"
            },
            if props.stale {
                " · edited since this run: Run again"
            } else {
                ""
            }
        ),
        (RunState::Recorded { .. }, None) => String::new(),
    };
    let scrubber = props.position.filter(|_| can_move).map(|(step, recorded)| {
        let on_move = props.on_move.clone();
        let oninput = Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(step) = input.value().parse() {
                on_move.emit(Move::GoTo(step));
            }
        });
        let kind_marks = props.marks.iter().find(|m| m.kind == *kind);
        let ticks = kind_marks.into_iter().flat_map(|marks| {
            marks.bins.iter().map(|&bin| {
                let left = marks.fraction(bin) * 100.0;
                html! { <span class="scrubber-mark" style={format!("left: {}%", fixed(left, 3))}></span> }
            })
        });
        let marked = kind_marks.map_or(0, |marks| marks.steps);
        let on_kind = {
            let kind = kind.clone();
            Callback::from(move |event: Event| {
                let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                if let Some(chosen) = EventKind::from_name(&select.value()) {
                    kind.set(chosen);
                }
            })
        };
        let previous = emit_on_click(&props.on_move, Move::PreviousEvent(*kind));
        let next = emit_on_click(&props.on_move, Move::NextEvent(*kind));
        html! {
            <div class="scrubber-row">
                <div class="scrubber">
                    <input
                        type="range"
                        min="0"
                        max={recorded.to_string()}
                        value={step.to_string()}
                        aria-label="Step"
                        {oninput}
                    />
                    <div class="scrubber-marks" aria-hidden="true">{ for ticks }</div>
                </div>
                <label class="event-kind">
                    <span class="visually-hidden">{ "Event kind" }</span>
                    <select onchange={on_kind} aria-label="Event kind">
                        { for EventKind::ALL.iter().map(|k| html! {
                            <option value={k.name()} selected={*k == *kind}>{ event_label(*k) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="control" onclick={previous} title="Previous event of this kind" aria-label="Previous event of this kind">{ "⇤" }</button>
                <button type="button" class="control" onclick={next} title="Next event of this kind" aria-label="Next event of this kind">{ "⇥" }</button>
                <span class="mark-count">{ format!("{marked} marked") }</span>
            </div>
        }
    });
    html! {
        // A landmark (a named region), not role="toolbar": a toolbar promises arrow keys
        // between its controls, and here Tab moves between them and arrows step the run.
        <section class="controls" aria-label="Run controls">
            <div class="controls-row">
                { run_button }
                { for moves }
                { play_button }
                { speed_select }
                <button type="button" class="control" disabled={!can_move} onclick={to_cursor}
                    title={format!("Run to the cursor's line, {line} (C)")} aria-keyshortcuts="C">
                    { format!("To line {line}") }
                </button>
                <button type="button" class="control" disabled={!can_move || !has_breakpoints} onclick={breakpoint_back}
                    title="Back to the previous breakpoint (Shift+B)" aria-label="Back to the previous breakpoint" aria-keyshortcuts="Shift+B">
                    <span aria-hidden="true">{ "◀●" }</span>
                </button>
                <button type="button" class="control" disabled={!can_move || !has_breakpoints} onclick={breakpoint_next}
                    title="Continue to the next breakpoint (B)" aria-label="Continue to the next breakpoint" aria-keyshortcuts="B">
                    <span aria-hidden="true">{ "●▶" }</span>
                </button>
                <button type="button" class="control" onclick={shortcuts}
                    title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
                    { "?" }
                </button>
                <span class="controls-status" role="status" aria-live="polite" aria-label="Run status">{ status }</span>
            </div>
            if recording {
                <progress class="run-progress" aria-label="Running the program"></progress>
            }
            { scrubber.unwrap_or_default() }
        </section>
    }
}

/// An event kind as the learner reads it.
pub fn event_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Call => "calls",
        EventKind::Return => "returns",
        EventKind::Malloc => "mallocs",
        EventKind::Free => "frees",
        EventKind::PageFault => "page faults",
        EventKind::Swap => "swaps",
        EventKind::Error => "errors",
        EventKind::Output => "output",
    }
}
