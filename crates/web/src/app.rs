//! The page: header, editor pane, views with tabs, controls bar and status line.

use std::rc::Rc;

use memplay_session::playback::Move;
use memplay_session::settings_form::SettingsForm;
use memplay_session::{ExecutingLine, ProblemCount, ViewKind};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::controls::Controls;
use crate::components::notice::Notice;
use crate::components::shortcuts_help::ShortcutsHelp;
use crate::components::status_line::StatusLine;
use crate::components::view_panel::ViewPanel;
use crate::components::view_tabs::ViewTabs;
use crate::components::views::settings::SettingsPanel;
use crate::services::draft_store;
use crate::services::keyboard::{Shortcut, use_shortcuts};
use crate::services::player::use_player;
use crate::services::program_check::use_program_check;
use crate::services::runner::{Runner, cancel_run, inspect, move_to, start_run};
use crate::services::settings_store;
use crate::services::theme::{self, ThemeChoice};
use crate::state::{Action, AppState, SaveStatus, SettingsChange};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let loaded = draft_store::load();
        let status = if loaded.restored {
            SaveStatus::Restored
        } else {
            SaveStatus::DefaultProgram
        };
        let settings = settings_store::load();
        let notice = match (loaded.notice, settings.notice) {
            (Some(draft), Some(settings)) => Some(format!("{draft} {settings}")),
            (draft, settings) => draft.or(settings),
        };
        AppState::new(loaded.program, status, notice)
            .with_settings(SettingsForm::new(settings.settings))
    });
    // Failing to store them is already reported by the draft's status: same storage.
    use_effect_with(state.settings.settings().clone(), |settings| {
        let _ = settings_store::save(settings);
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

    let theme_choice = use_state(theme::load);
    use_effect_with(*theme_choice, |&choice| theme::apply(choice));
    let on_theme = {
        let theme_choice = theme_choice.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(choice) = ThemeChoice::from_id(&select.value()) {
                theme_choice.set(choice);
            }
        })
    };

    let runner = use_mut_ref(Runner::default);
    let on_run = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        let program = state.program.clone();
        let settings = state.settings.runnable().cloned();
        Callback::from(move |()| match &settings {
            Ok(settings) => start_run(&runner, &program, settings.clone(), dispatch.clone()),
            Err(why) => dispatch.dispatch(Action::RunFailed(why.clone())),
        })
    };
    let on_settings = {
        let dispatch = state.dispatcher();
        Callback::from(move |change: SettingsChange| dispatch.dispatch(Action::Settings(change)))
    };
    let on_cancel = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |()| cancel_run(&runner, dispatch.clone()))
    };
    let on_move = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        let breakpoints = state.breakpoints.clone();
        Callback::from(move |action: Move| move_to(&runner, action, &breakpoints, dispatch.clone()))
    };
    let on_inspect = {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |address| inspect(&runner, address, dispatch.clone()))
    };
    let on_play = {
        let dispatch = state.dispatcher();
        Callback::from(move |playing| dispatch.dispatch(Action::SetPlaying(playing)))
    };
    let on_speed = {
        let dispatch = state.dispatcher();
        Callback::from(move |speed| dispatch.dispatch(Action::SetSpeed(speed)))
    };
    let on_shortcuts = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::ShowShortcuts(true)))
    };
    let on_close_shortcuts = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::ShowShortcuts(false)))
    };
    let on_cursor_line = {
        let dispatch = state.dispatcher();
        Callback::from(move |line| dispatch.dispatch(Action::CursorMoved(line)))
    };
    let on_reveal = {
        let dispatch = state.dispatcher();
        Callback::from(move |line| dispatch.dispatch(Action::RevealLine(line)))
    };
    use_player(
        state.playing,
        state.speed,
        on_move.reform(|()| Move::Forward),
    );
    let on_shortcut = {
        let (on_run, on_move, on_play) = (on_run.clone(), on_move.clone(), on_play.clone());
        let dispatch = state.dispatcher();
        let (can_step, playing, cursor_line) = (state.can_step(), state.playing, state.cursor_line);
        Callback::from(move |shortcut| match shortcut {
            Shortcut::Run => on_run.emit(()),
            Shortcut::ShowShortcuts => dispatch.dispatch(Action::ShowShortcuts(true)),
            Shortcut::Close => dispatch.dispatch(Action::ShowShortcuts(false)),
            _ if !can_step => {}
            Shortcut::Move(action) => on_move.emit(action),
            Shortcut::TogglePlay => on_play.emit(!playing),
            Shortcut::RunToCursor => on_move.emit(Move::ToLine(cursor_line)),
        })
    };
    use_shortcuts(on_shortcut);
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
                expression: place.expression.map(|(l, c, el, ec)| [l, c, el, ec]),
            })
            .collect(),
        _ => Rc::from([]),
    };

    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="brand">{ "memplay" }</h1>
                <p class="tagline">{ "A memory playground: write C, watch the stack, the heap and pages." }</p>
                <select class="theme-choice" aria-label="Colour theme" onchange={on_theme}>
                    { for ThemeChoice::ALL.iter().map(|choice| html! {
                        <option value={choice.id()} selected={*choice == *theme_choice}>{ choice.label() }</option>
                    }) }
                </select>
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
                playing={state.playing}
                speed={state.speed}
                {on_play}
                {on_speed}
                cursor_line={state.cursor_line}
                breakpoints={state.breakpoints.len()}
                {on_shortcuts}
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
                        {on_cursor_line}
                        reveal={state.reveal}
                    />
                </section>
                <section class="views-column" aria-label="Views">
                    <ViewTabs active={state.active_view} on_select={on_select_view} />
                    <ViewPanel view={state.active_view} shown={state.shown.clone()} run={state.run.clone()} {on_reveal} {on_inspect} plots={state.plots.clone()}>
                        if state.active_view == ViewKind::Settings {
                            <SettingsPanel form={state.settings.clone()} on_change={on_settings} />
                        }
                    </ViewPanel>
                </section>
            </main>
            <StatusLine
                lines={state.program.lines().count()}
                bytes={state.program.len()}
                breakpoints={state.breakpoints.len()}
                save_status={state.save_status.clone()}
                problems={(state.checks > 0).then(|| ProblemCount::of(&state.diagnostics))}
            />
            if state.shortcuts_open {
                <ShortcutsHelp on_close={on_close_shortcuts} />
            }
        </div>
    }
}
