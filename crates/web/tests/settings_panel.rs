//! The Settings panel in a real browser: what the learner is typing into a field survives
//! renders that happen for other reasons (the draft being saved, a run's progress) before
//! the field is left, and leaving it commits exactly that text.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use memplay_session::settings_form::{Field, SettingsForm};
use memplay_web::components::views::settings::SettingsPanel;
use memplay_web::state::SettingsChange;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlInputElement, InputEvent};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HostProps {
    /// Lets the test re-render the host, as the app re-renders on unrelated changes.
    rerender: Rc<RefCell<Option<Callback<()>>>>,
    changes: Rc<RefCell<Vec<SettingsChange>>>,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    let renders = use_state(|| 0u32);
    {
        let renders = renders.clone();
        *props.rerender.borrow_mut() = Some(Callback::from(move |()| renders.set(*renders + 1)));
    }
    // A fresh callback on every render, as the app makes one, so the panel re-renders too.
    let changes = props.changes.clone();
    let on_change = Callback::from(move |change| changes.borrow_mut().push(change));
    html! {
        <div data-renders={renders.to_string()}>
            <SettingsPanel form={SettingsForm::default()} {on_change} />
        </div>
    }
}

async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
}

#[wasm_bindgen_test]
async fn typing_survives_an_unrelated_render_and_leaving_the_field_commits_it() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let rerender = Rc::new(RefCell::new(None));
    let changes = Rc::new(RefCell::new(Vec::new()));
    let app = yew::Renderer::<Host>::with_root_and_props(
        root.clone(),
        HostProps {
            rerender: rerender.clone(),
            changes: changes.clone(),
        },
    )
    .render();
    settle().await;

    let input: HtmlInputElement = document
        .get_element_by_id("setting-frames")
        .expect("the frames field is drawn")
        .unchecked_into();
    let before = input.value();
    input.set_value("0");
    input
        .dispatch_event(&InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;

    let render = rerender
        .borrow()
        .clone()
        .expect("the host registered its re-render");
    render.emit(());
    settle().await;
    assert_eq!(
        root.first_element_child()
            .unwrap()
            .get_attribute("data-renders")
            .as_deref(),
        Some("1"),
        "the host re-rendered"
    );
    assert_eq!(
        input.value(),
        "0",
        "the text being typed (the field held {before}) was kept"
    );
    assert!(
        changes.borrow().is_empty(),
        "nothing is committed while typing"
    );

    input
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        *changes.borrow(),
        vec![SettingsChange::Edit {
            field: Field::Frames,
            text: "0".into()
        }]
    );
    app.destroy();
    root.remove();
}
