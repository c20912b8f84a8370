//! The page: header, editor pane, views with tabs, controls bar and status line.

use std::rc::Rc;

use memplay_session::embed::{Command, EditorShown, Event as EmbedEvent, EventKind};
use memplay_session::playback::Move;
use memplay_session::settings_form::SettingsForm;
use memplay_session::{DEFAULT_PROGRAM, ExecutingLine, ProblemCount, ViewKind};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::controls::Controls;
use crate::components::lesson_panel::{
    FIRST_LESSON_ID, LessonPanel, LessonsMenuProps, lessons_menu,
};
use crate::components::notice::{NoticeProps, notice};
use crate::components::scenario_dialogs::{OfferDialog, ShareDialog};
use crate::components::shortcuts_help::ShortcutsHelp;
use crate::components::status_line::{StatusLineProps, status_line};
use crate::components::view_panel::ViewPanel;
use crate::components::view_tabs::focus_element;
use crate::components::view_tabs::{ViewTabsProps, view_tabs};
use crate::components::views::settings::SettingsPanel;
use crate::services::draft_store;
use crate::services::embed::{self, use_embed_commands};
use crate::services::keyboard::{Shortcut, use_shortcuts};
use crate::services::lessons;
use crate::services::next_task;
use crate::services::player::use_player;
use crate::services::program_check::use_program_check;
use crate::services::runner::{Runner, abandon_run, cancel_run, inspect, move_to, start_run};
use crate::services::settings_store;
use crate::services::share::{self, use_shared_links};
use crate::services::theme::{self, ThemeChoice};
use crate::state::{Action, AppState, RunState, SaveStatus};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        // An embed starts from the default program and stores nothing: the learner's own
        // draft and settings on this site are not its business.
        if let Some(options) = embed::options() {
            return AppState::new(DEFAULT_PROGRAM.into(), SaveStatus::DefaultProgram, None)
                .embedded(options);
        }
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
    let embedded = state.embed.is_some();
    // Failing to store them is already reported by the draft's status: same storage.
    use_effect_with(state.settings.settings().clone(), move |settings| {
        if !embedded {
            let _ = settings_store::save(settings);
        }
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
            let saved = if embedded {
                Ok(())
            } else {
                draft_store::save(&program)
            };
            dispatch.dispatch(Action::Edit { program, saved });
        })
    };
    let on_breakpoints_change = dispatching(&state, Action::SetBreakpoints);
    let on_select_view = dispatching(&state, Action::SelectView);
    let on_dismiss_notice = dispatching(&state, |()| Action::DismissNotice);
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
    let on_settings = dispatching(&state, Action::Settings);
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
    let on_play = dispatching(&state, Action::SetPlaying);
    let on_speed = dispatching(&state, Action::SetSpeed);
    let on_shortcuts = dispatching(&state, |()| Action::ShowShortcuts(true));
    let on_close_shortcuts = dispatching(&state, |()| Action::ShowShortcuts(false));
    let on_cursor_line = dispatching(&state, Action::CursorMoved);
    let on_reveal = dispatching(&state, Action::RevealLine);
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
            Shortcut::Close => {
                dispatch.dispatch(Action::ShowShortcuts(false));
                dispatch.dispatch(Action::ShowLessons(false));
            }
            _ if !can_step => {}
            Shortcut::Move(action) => on_move.emit(action),
            Shortcut::TogglePlay => on_play.emit(!playing),
            Shortcut::RunToCursor => on_move.emit(Move::ToLine(cursor_line)),
        })
    };
    use_shortcuts(on_shortcut);

    // Scenarios arriving by link or file: opened, or offered if they would replace a draft.
    let on_opened = {
        let dispatch = state.dispatcher();
        Callback::from(move |opened: share::Opened| match opened {
            Ok(scenario) => dispatch.dispatch(Action::OfferScenario(Rc::new(scenario))),
            Err(message) => dispatch.dispatch(Action::ShowNotice(message)),
        })
    };
    let links_settled = use_shared_links(embedded, on_opened.clone());
    let file_reader = use_mut_ref(|| None);
    let file_input = use_node_ref();
    let on_pick = {
        let (file_reader, on_opened) = (file_reader.clone(), on_opened.clone());
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            share::read_picked(&input, &file_reader, on_opened.clone());
        })
    };
    let on_import = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    // What Share and Export save is made when asked, not at every render.
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatch = state.dispatcher();
            share::link_to(
                &state.scenario_now(),
                Callback::from(move |made: Result<String, String>| match made {
                    Ok(link) => dispatch.dispatch(Action::Share(Some(link))),
                    Err(why) => dispatch.dispatch(Action::ShowNotice(format!(
                        "The share link could not be made: {why}"
                    ))),
                }),
            )
        })
    };
    let on_close_share = dispatching(&state, |()| Action::Share(None));
    let on_export = {
        let state = state.clone();
        Callback::from(move |()| {
            let scenario = state.scenario_now();
            if let Err(why) = share::download(&scenario) {
                state.dispatch(Action::ShowNotice(format!(
                    "The file could not be saved: {why}"
                )));
            }
        })
    };
    let on_lessons = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::ShowLessons(true));
            // Into the list once it is drawn, so the keyboard carries on there.
            next_task(Box::new(|| focus_element(FIRST_LESSON_ID)));
        })
    };
    let on_close_lessons = dispatching(&state, |()| Action::ShowLessons(false));
    let on_open_lesson = {
        let (dispatch, on_opened) = (state.dispatcher(), on_opened.clone());
        Callback::from(move |id: &'static str| {
            dispatch.dispatch(Action::ShowLessons(false));
            lessons::fetch(id, on_opened.clone());
        })
    };
    let on_answer_offer = dispatching(&state, Action::AnswerOffer);
    // An opened scenario replaces the program: any run of the old one is dropped, and its
    // program is saved as the draft (the editor reports only the learner's own edits).
    {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        use_effect_with(state.load.clone(), move |load| {
            if let Some((program, _)) = load {
                abandon_run(&runner);
                let saved = if embedded {
                    Ok(())
                } else {
                    draft_store::save(program)
                };
                dispatch.dispatch(Action::Edit {
                    program: program.to_string(),
                    saved,
                });
            }
        });
    }
    // A scenario's step: run its program once it is in place, then go to the step.
    {
        let runner = runner.clone();
        let dispatch = state.dispatcher();
        let program = state.program.clone();
        let settings = state.settings.runnable().cloned();
        let breakpoints = state.breakpoints.clone();
        use_effect_with(
            (state.pending_step, state.run.clone()),
            move |(pending, run)| match (pending, run) {
                (Some(_), RunState::Idle) => match settings {
                    Ok(settings) => start_run(&runner, &program, settings, dispatch.clone()),
                    Err(why) => dispatch.dispatch(Action::RunFailed(why)),
                },
                (Some(step), RunState::Recorded { .. }) => {
                    move_to(&runner, Move::GoTo(*step), &breakpoints, dispatch.clone());
                    dispatch.dispatch(Action::PendingStepTaken);
                }
                (Some(_), RunState::Failed(_)) => dispatch.dispatch(Action::PendingStepTaken),
                _ => {}
            },
        );
    }
    let views: Rc<[ViewKind]> = state.offered_views().into();

    // The host page's commands, and the events it hears.
    let on_command = {
        let (on_run, on_move) = (on_run.clone(), on_move.clone());
        let dispatch = state.dispatcher();
        let can_step = state.can_step();
        Callback::from(move |command| match command {
            Command::Load(scenario) => dispatch.dispatch(Action::OfferScenario(Rc::from(scenario))),
            Command::Run => on_run.emit(()),
            Command::Step(action) if can_step => on_move.emit(action),
            Command::GoTo(step) if can_step => on_move.emit(Move::GoTo(step)),
            Command::Step(_) | Command::GoTo(_) => embed::post(&refusal("nothing has run yet")),
        })
    };
    use_embed_commands(embedded && links_settled, on_command);
    let shown_step = state.shown.as_ref().map(|shown| {
        let view = &shown.0;
        (
            view.step,
            view.recorded,
            view.places.first().map(|p| p.line),
        )
    });
    use_effect_with(shown_step, move |shown| {
        if let (true, Some((step, recorded, line))) = (embedded, *shown) {
            let mut event = EmbedEvent::new(EventKind::Step);
            event.step = Some(step);
            event.steps = Some(recorded);
            event.line = line;
            embed::post(&event);
        }
    });
    use_effect_with(state.run.clone(), move |run| {
        if let (true, RunState::Recorded { complete: true }) = (embedded, run) {
            embed::post(&EmbedEvent::new(EventKind::Finished));
        }
    });
    {
        let last_height = use_mut_ref(|| 0u32);
        // After every render: the page's height, when it changed.
        use_effect(move || {
            // Only an embed asks: reading the height forces a layout.
            if !embedded {
                return;
            }
            let height = gloo::utils::document_element().scroll_height().max(0) as u32;
            if height != *last_height.borrow() {
                *last_height.borrow_mut() = height;
                let mut event = EmbedEvent::new(EventKind::Height);
                event.height = Some(height);
                embed::post(&event);
            }
        });
    }
    let editor_hidden = state.embed.is_some_and(|e| e.editor == EditorShown::Hidden);
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
                if let Some(opened) = &state.opened {
                    <p class="scenario-title">{ opened.title.clone() }</p>
                } else if !embedded {
                    <p class="tagline">{ "A memory playground: write C, watch the stack, the heap and pages." }</p>
                }
                if embedded {
                    <a class="open-full" href={full_app_href()} target="_blank" rel="noopener">{ "Open in memplay ↗" }</a>
                } else {
                <div class="scenario-actions">
                    <button type="button" class="control" onclick={on_lessons}>{ "Lessons" }</button>
                    <a class="control" href="lab.html">{ "Labs" }</a>
                    <button type="button" class="control" onclick={on_share}>{ "Share" }</button>
                    <button type="button" class="control" onclick={on_import}>{ "Open file…" }</button>
                    <input ref={file_input} type="file" class="visually-hidden" accept=".json,application/json"
                        aria-label="Open a scenario file" tabindex="-1" onchange={on_pick} />
                </div>
                }
                <select class="theme-choice" aria-label="Colour theme" onchange={on_theme}>
                    { for ThemeChoice::ALL.iter().map(|choice| html! {
                        <option value={choice.id()} selected={*choice == *theme_choice}>{ choice.label() }</option>
                    }) }
                </select>
            </header>
            if let Some(message) = &state.notice {
                { notice(&NoticeProps { message: message.clone().into(), on_dismiss: on_dismiss_notice }) }
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
            <main class={classes!("workspace", editor_hidden.then_some("no-editor"))}>
                <section class="editor-column" aria-label="Program" hidden={editor_hidden}>
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
                        load={state.load.clone()}
                        read_only={state.read_only()}
                    />
                    if let Some(opened) = state.opened.as_ref().filter(|s| s.lesson.is_some()) {
                        <LessonPanel key={state.load.as_ref().map_or(0, |(_, request)| *request)} scenario={opened.clone()} />
                    }
                </section>
                <section class="views-column" aria-label="Views">
                    { view_tabs(&ViewTabsProps { active: state.active_view, views, on_select: on_select_view }) }
                    <ViewPanel view={state.active_view} shown={state.shown.clone()} run={state.run.clone()} {on_reveal} {on_inspect} plots={state.plots.clone()}>
                        if state.active_view == ViewKind::Settings {
                            <SettingsPanel form={state.settings.clone()} on_change={on_settings} />
                        }
                    </ViewPanel>
                </section>
            </main>
            { status_line(&StatusLineProps {
                lines: state.program.lines().count(),
                bytes: state.program.len(),
                breakpoints: state.breakpoints.len(),
                save_status: state.save_status.clone(),
                problems: (state.checks > 0).then(|| ProblemCount::of(&state.diagnostics)),
            }) }
            if state.shortcuts_open {
                <ShortcutsHelp on_close={on_close_shortcuts} />
            }
            if let Some(link) = &state.share {
                <ShareDialog link={link.clone()} title={state.opened.as_ref().map_or_else(|| AttrValue::from("My program"), |s| AttrValue::from(s.title.clone()))} step={state.shareable_step()} {on_export} on_close={on_close_share} />
            }
            if state.lessons_open {
                { lessons_menu(&LessonsMenuProps { on_open: on_open_lesson, on_close: on_close_lessons }) }
            }
            if let Some(scenario) = &state.offer {
                <OfferDialog scenario={scenario.clone()} on_answer={on_answer_offer} />
            }
        </div>
    }
}

/// A callback that dispatches the action `make` builds from its argument. `make` is a plain
/// function, so all such callbacks of one argument type share one closure type, and the
/// bundle one copy of its code, rather than a copy per callback.
fn dispatching<T: 'static>(
    state: &UseReducerHandle<AppState>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatch = state.dispatcher();
    Callback::from(move |value| dispatch.dispatch(make(value)))
}

/// The full playground, opening what this embed shows (its link's fragment).
fn full_app_href() -> String {
    let location = gloo::utils::window().location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    format!("{path}{hash}")
}

/// An `ignored` event for a command that cannot be obeyed now.
fn refusal(reason: &str) -> EmbedEvent {
    let mut event = EmbedEvent::new(EventKind::Ignored);
    event.reason = Some(reason.to_string());
    event
}
