//! The lab page: a header, both labs, and the address kept in step with their inputs.

use std::rc::Rc;

use memplay_session::lab_page::{compare_allocators, compare_paging};
use yew::prelude::*;

use super::address;
use super::allocator_view::allocator_lab;
use super::paging_view::paging_lab;
use super::state::{LabAction, LabState};

#[function_component]
pub fn LabPage() -> Html {
    let state = use_reducer(|| LabState::from_query(&address::query()));
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: LabAction| state.dispatch(action))
    };
    let heap = use_memo(state.inputs.heap.clone(), compare_allocators);
    let paging = use_memo(state.inputs.paging.clone(), compare_paging);
    {
        let query = state.inputs.to_query();
        use_effect_with(query, |query| address::set_query(query));
    }
    use_effect_with((), |_| address::reveal_fragment());

    let notices = (!state.notices.is_empty()).then(|| {
        let dismiss = dispatch.reform(|_| LabAction::DismissNotices);
        html! {
            <div class="lab-notices" role="status">
                <ul>{ for state.notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        }
    });
    html! {
        <>
            <header class="lab-header">
                <h1>{ "memplay lab" }</h1>
                <nav aria-label="Labs">
                    <a href="#allocator">{ "Allocator lab" }</a>
                    <a href="#paging">{ "Paging lab" }</a>
                    <a href="index.html">{ "The playground" }</a>
                </nav>
                <p class="lab-intro">
                    { "Type an operation list or a reference string as OSTEP's homework gives it, \
                       and compare policies side by side. The page's address keeps what you \
                       type: copy it to share the exercise." }
                </p>
            </header>
            { notices.unwrap_or_default() }
            <main>
                { allocator_lab(&state.inputs.heap, Rc::clone(&heap), &dispatch) }
                { paging_lab(&state.inputs.paging, Rc::clone(&paging), &dispatch) }
            </main>
        </>
    }
}
