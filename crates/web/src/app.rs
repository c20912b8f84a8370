//! The page: header, editor pane, views with tabs, controls bar and status line.

use std::rc::Rc;

use memplay_session::playback::Move;
use memplay_session::{ExecutingLine, ProblemCount, ViewKind};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::controls::Controls;
use crate::components::notice::Notice;
use crate::components::status_line::StatusLine;
use crate::components::view_panel::ViewPanel;
use crate::components::view_tabs::ViewTabs;
use crate::services::draft_store;
use crate::services::keyboard::use_shortcuts;
use crate::services::program_check::use_program_check;
use crate::services::runner::{Runner, cancel_run, move_to, start_run};
use crate::state::{Action, AppState, SaveStatus};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let loaded = draft_store::load();
        let status = if loaded.restored {
            SaveStatus::Restored
        } else {
            SaveStatus::DefaultProgram
        };
        AppState::new(loaded.program, status, loaded.notice)
    });
    // The editor only reads its text on mount; keep the first program for that.
    let initial_text = use_memo((), {
        let program = state.program.clone();
        move |_| AttrValue::from(program)
    });
    use_program_check(&state.program, state.dispatcher());

    let on_change = {
        let dispatch = state.dispatcher();
        Callback::from(move |program: String| {
            let saved = draft_store::save(&program);
            dispatch.dispatch(Action::Edit { program, saved });
        })
    };
    let on_breakpoints_change = {
        let dispatch = state.dispatcher();
        Callback::from(move |lines| dispatch.dispatch(Action::SetBreakpoints(lines)))
    };
    let on_select_view = {
        let dispatch = state.dispatcher();
        Callback::from(move |view: ViewKind| dispatch.dispatch(Action::SelectView(view)))
    };
    let on_dismiss_notice = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::DismissNotice))
    };
    let breakpoints: Rc<[u32]> = state.breakpoints.as_slice().into();

    let runner = use_mut_ref(Runner::default);
    let on_run = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        let program = state.program.clone();
        Callback::from(move |()| start_run(&runner, &program, dispatch.clone()))
    };
    let on_cancel = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |()| cancel_run(&runner, dispatch.clone()))
    };
    let on_move = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |action: Move| move_to(&runner, action, dispatch.clone()))
    };
    use_shortcuts(on_run.clone(), on_move.clone(), state.can_step());
    let position = state
        .shown
        .as_ref()
        .map(|shown| (shown.0.step, shown.0.recorded));
    // The executing line of each thread, unless the program was edited since it ran.
    let executing: Rc<[ExecutingLine]> = match &state.shown {
        Some(shown) if !state.run_is_stale() => shown
            .0
            .places
            .iter()
            .map(|place| ExecutingLine {
                line: place.line,
                thread: place.thread,
            })
            .collect(),
        _ => Rc::from([]),
    };

    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="brand">{ "memplay" }</h1>
                <p class="tagline">{ "A memory playground: write C, watch the stack, the heap and pages." }</p>
            </header>
            if let Some(message) = &state.notice {
                <Notice message={message.clone()} on_dismiss={on_dismiss_notice} />
            }
            <Controls
                run={state.run.clone()}
                {position}
                stale={state.run_is_stale()}
                marks={state.marks.clone()}
                {on_run}
                {on_cancel}
                {on_move}
            />
            <main class="workspace">
                <section class="editor-column" aria-label="Program">
                    <CodeEditor
                        initial_text={(*initial_text).clone()}
                        {on_change}
                        {on_breakpoints_change}
                        {breakpoints}
                        diagnostics={state.diagnostics.clone()}
                        diagnostics_revision={state.checks}
                        {executing}
                    />
                </section>
                <section class="views-column" aria-label="Views">
                    <ViewTabs active={state.active_view} on_select={on_select_view} />
                    <ViewPanel view={state.active_view} shown={state.shown.clone()} run={state.run.clone()} plots={state.plots.clone()} />
                </section>
            </main>
            <StatusLine
                lines={state.program.lines().count()}
                bytes={state.program.len()}
                breakpoints={state.breakpoints.len()}
                save_status={state.save_status.clone()}
                problems={(state.checks > 0).then(|| ProblemCount::of(&state.diagnostics))}
            />
        </div>
    }
}
