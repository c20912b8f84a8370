//! Settings: every knob of the machine in groups (one fieldset each), a preset to start
//! from, and next to each field why an edit was refused. They apply on the next Run.

use std::cell::RefCell;
use std::rc::Rc;

use memplay_session::settings_form::{Field, FieldKind, FieldMap, Group, Preset, SettingsForm};
use yew::prelude::*;

use crate::state::SettingsChange;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub form: SettingsForm,
    pub on_change: Callback<SettingsChange>,
}

/// Text typed into a field and not yet committed (by leaving the field). Yew writes an
/// input's `value` back on every render, so without this a render for any other reason
/// (the draft being saved, a run's progress) would wipe what the learner is typing.
type Typing = Rc<RefCell<FieldMap<String>>>;

#[function_component]
pub fn SettingsPanel(props: &SettingsProps) -> Html {
    let form = &props.form;
    let typing: Typing = use_mut_ref(FieldMap::default);
    let preset = form.preset();
    let on_preset = {
        let on_change = props.on_change.clone();
        let typing = typing.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(preset) = Preset::from_id(&select.value()) {
                typing.borrow_mut().clear();
                on_change.emit(SettingsChange::Choose(preset));
            }
        })
    };
    let refused = form.refused().count();
    html! {
        <div class="settings-view" role="region" aria-label="Machine settings">
            <p class="settings-note">
                { "Settings apply on the next Run; the run shown keeps the settings it ran with. \
                   While a field shows a problem, Run is refused until it is fixed or a preset is chosen." }
            </p>
            <div class="setting setting-preset">
                <label for="setting-preset">{ "Preset" }</label>
                <select id="setting-preset" aria-describedby="setting-preset-help" onchange={on_preset}>
                    { for Preset::ALL.into_iter().map(|p| html! {
                        <option value={p.id()} selected={preset == Some(p)}>{ p.name() }</option>
                    }) }
                    if preset.is_none() {
                        <option value="" selected=true disabled=true>{ "Custom" }</option>
                    }
                </select>
                <p id="setting-preset-help" class="setting-help">
                    { preset.map_or("Your own settings: choose a preset to start again from one.", Preset::description) }
                </p>
            </div>
            if refused > 0 {
                <p class="settings-refused">
                    <span aria-hidden="true">{ "✗ " }</span>
                    { format!("{refused} {} not valid: see the message next to it.", if refused == 1 { "field is" } else { "fields are" }) }
                </p>
            }
            { for Group::ALL.into_iter().map(|group| html! {
                <fieldset class="settings-group" id={format!("settings-{}", group.id())}>
                    <legend>{ group.title() }</legend>
                    <p class="group-help">{ group.help() }</p>
                    { for group.fields().map(|field| field_row(form, field, &typing, &props.on_change)) }
                </fieldset>
            }) }
        </div>
    }
}

/// One field: its label, its input, its help and, if its last edit was refused, why.
fn field_row(
    form: &SettingsForm,
    field: Field,
    typing: &Typing,
    on_change: &Callback<SettingsChange>,
) -> Html {
    let id = format!("setting-{}", field.id());
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let error = form.error(field);
    let described_by = if error.is_some() {
        format!("{error_id} {help_id}")
    } else {
        help_id.clone()
    };
    let invalid = error.is_some().then_some("true");
    let text = form.text(field);
    let edit = {
        let on_change = on_change.clone();
        move |text: String| on_change.emit(SettingsChange::Edit { field, text })
    };
    let input = match field.kind() {
        FieldKind::Number { .. } => {
            let shown = typing.borrow().get(field).cloned().unwrap_or(text);
            let oninput = {
                let typing = typing.clone();
                Callback::from(move |event: InputEvent| {
                    let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                    typing.borrow_mut().insert(field, input.value());
                })
            };
            // Leaving the field ends the typing even when no change event comes (the text
            // was typed back to what it was); a change, if any, comes first and commits.
            let onblur = {
                let typing = typing.clone();
                Callback::from(move |_: FocusEvent| {
                    typing.borrow_mut().remove(field);
                })
            };
            let typing = typing.clone();
            let onchange = Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                typing.borrow_mut().remove(field);
                edit(input.value());
            });
            html! {
                <input
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    spellcheck="false"
                    id={id.clone()}
                    value={shown}
                    aria-invalid={invalid}
                    aria-describedby={described_by}
                    {oninput}
                    {onchange}
                    {onblur}
                />
            }
        }
        FieldKind::Choice { options } => {
            let onchange = Callback::from(move |event: Event| {
                let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                edit(select.value());
            });
            html! {
                <select id={id.clone()} aria-invalid={invalid} aria-describedby={described_by} {onchange}>
                    { for options.into_iter().map(|option| html! {
                        <option value={option.value.clone()} selected={option.value == text}>{ option.label }</option>
                    }) }
                </select>
            }
        }
        FieldKind::Toggle => {
            let onchange = Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                edit(input.checked().to_string());
            });
            html! {
                <input
                    type="checkbox"
                    id={id.clone()}
                    checked={text == "true"}
                    aria-invalid={invalid}
                    aria-describedby={described_by}
                    {onchange}
                />
            }
        }
    };
    let help = match field.range_hint() {
        Some(range) => format!("{} ({range}.)", field.help()),
        None => field.help().to_string(),
    };
    html! {
        <div class={classes!("setting", error.is_some().then_some("setting-invalid"))}>
            <label for={id.clone()}>{ field.label() }</label>
            { input }
            if let Some(error) = error {
                <p id={error_id} class="setting-error" role="alert">
                    <span aria-hidden="true">{ "✗ " }</span>{ &error.message }
                </p>
            }
            <p id={help_id} class="setting-help">{ help }</p>
        </div>
    }
}
