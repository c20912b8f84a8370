//! The body of the selected view: drawn from the step being shown, or, before a run, a
//! plain sentence saying there is nothing to show yet.

use memplay_session::ViewKind;
use yew::prelude::*;

use super::view_tabs::{panel_id, tab_id};
use super::views::StepProps;
use super::views::{
    cache::cache_view, console::console_view, heap::HeapProps, heap::heap_panel,
    memory_map::MemoryMap, paging::paging_panel, plots::PlotsProps, plots::plots_view,
    problems::ProblemsProps, problems::problems_view, stack::StackView,
};
use crate::plots_state::PlotsState;
use crate::services::{next_task, showing_big_step};
use crate::state::{RunState, Shown};

#[derive(Properties, PartialEq)]
pub struct ViewPanelProps {
    pub view: ViewKind,
    pub shown: Option<Shown>,
    pub run: RunState,
    #[prop_or_default]
    pub plots: PlotsState,
    /// Show a line in the editor (a problem's link).
    pub on_reveal: Callback<u32>,
    /// Open the memory inspector at an address, or close it.
    pub on_inspect: Callback<Option<u32>>,
    /// What a view that does not draw a run shows (the settings form).
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn ViewPanel(props: &ViewPanelProps) -> Html {
    let view = props.view;
    // The view whose body is drawn. A newly selected view is drawn a task after the tab
    // changes: the click's own task then lays out only the tab and the panel's heading
    // (the browser lays the page out as the click ends), and the view's drawing and its
    // layout fall in two tasks, the drawing's and the next frame's, none of them long.
    let drawn = use_state_eq(|| view);
    {
        let drawn = drawn.clone();
        // On the drawn view too: a view selected and left again before its task ran is
        // replaced by the one selected now.
        use_effect_with((view, *drawn), move |&(view, shown)| {
            if shown != view {
                next_task(Box::new(move || {
                    // What reads the new view's layout (the stack's arrows) waits for the
                    // frame, which lays it out anyway.
                    showing_big_step(true);
                    drawn.set(view);
                }));
            }
        });
    }
    // Only a step or the settings form is dear to draw; a sentence saying there is no
    // run is drawn at once.
    let dear = props.shown.is_some() || !view.draws_a_run();
    let body = match (&props.shown, &props.run) {
        _ if *drawn != view && dear => html! {
            <p class="nothing-yet" aria-busy="true">{ "Drawing…" }</p>
        },
        _ if !view.draws_a_run() => props.children.clone(),
        (Some(shown), _) => {
            let step = shown.clone();
            match view {
                ViewKind::Stack => html! { <StackView {step} /> },
                ViewKind::Heap => heap_panel(&HeapProps {
                    step,
                    series: props.plots.series.clone(),
                }),
                ViewKind::MemoryMap => {
                    html! { <MemoryMap {step} on_inspect={props.on_inspect.clone()} /> }
                }
                ViewKind::Paging => paging_panel(&StepProps { step }),
                ViewKind::Cache => cache_view(&StepProps { step }),
                ViewKind::Plots => plots_view(&PlotsProps {
                    step,
                    plots: props.plots.clone(),
                }),
                ViewKind::Console => console_view(&StepProps { step }),
                ViewKind::Problems => problems_view(&ProblemsProps {
                    step,
                    on_reveal: props.on_reveal.clone(),
                }),
                ViewKind::Settings => props.children.clone(),
            }
        }
        (None, RunState::Failed(message)) => html! {
            <pre class="run-failed" role="alert">{ message }</pre>
        },
        (None, RunState::Recording { recorded }) => html! {
            <p class="nothing-yet">{ format!("Running… {recorded} steps recorded so far.") }</p>
        },
        (None, _) => html! {
            <p class="nothing-yet">{ "Nothing to show yet: press Run, then step through the program." }</p>
        },
    };
    html! {
        <section
            class="view-panel"
            role="tabpanel"
            id={panel_id(view)}
            aria-labelledby={tab_id(view)}
            tabindex="0"
        >
            <h2>{ view.title() }</h2>
            <p class="view-purpose">{ view.purpose() }</p>
            { body }
        </section>
    }
}
