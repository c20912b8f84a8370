//! The lab forms' controls: labelled text fields, menus and check boxes that report their
//! new value, and the message that says what is wrong with the input (and which field it
//! names, so that field is marked invalid and described by the message).

use yew::prelude::*;

/// Whether `error` (`size: ...`, `first-fit: align: ...`) is about the field `key`.
pub fn names_field(error: Option<&str>, key: &str) -> bool {
    error.is_some_and(|e| e.starts_with(&format!("{key}:")) || e.contains(&format!(": {key}:")))
}

pub struct TextField<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// A hint under the field (what it accepts).
    pub hint: &'a str,
    pub value: &'a str,
    /// The id of the error message when it is about this field.
    pub error_id: Option<&'a str>,
    pub wide: bool,
    pub onchange: Callback<String>,
}

/// A text field that reports its value when it is committed (Enter, or leaving it).
pub fn text_field(field: TextField<'_>) -> Html {
    let onchange = field.onchange.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    let hint_id = format!("{}-hint", field.id);
    let described = match field.error_id {
        Some(error) => format!("{hint_id} {error}"),
        None => hint_id.clone(),
    };
    html! {
        <div class={classes!("field", field.wide.then_some("wide"))}>
            <label for={field.id.to_string()}>{ field.label }</label>
            <input
                id={field.id.to_string()}
                type="text"
                value={field.value.to_string()}
                spellcheck="false"
                autocomplete="off"
                aria-invalid={field.error_id.is_some().then_some("true")}
                aria-describedby={described}
                {onchange}
            />
            <span class="hint" id={hint_id}>{ field.hint }</span>
        </div>
    }
}

/// A menu of `options` (value, text), reporting the chosen value.
pub fn select_field(
    id: &str,
    label: &str,
    options: &[(&str, &str)],
    selected: &str,
    onchange: Callback<String>,
) -> Html {
    let onchange = onchange.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label }</label>
            <select id={id.to_string()} {onchange}>
                { for options.iter().map(|&(value, text)| html! {
                    <option value={value.to_string()} selected={value == selected}>{ text }</option>
                }) }
            </select>
        </div>
    }
}

/// A check box with its label after it.
pub fn check_box(id: &str, label: &str, checked: bool, onchange: Callback<bool>) -> Html {
    let onchange = onchange.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    html! {
        <label class="check" for={id.to_string()}>
            <input id={id.to_string()} type="checkbox" {checked} {onchange} />
            { label }
        </label>
    }
}

/// What is wrong with the input, announced when it appears.
pub fn error_message(id: &str, error: Option<&str>) -> Html {
    match error {
        Some(error) => html! {
            <p class="lab-error" id={id.to_string()} role="alert">
                <strong>{ "Cannot compare: " }</strong>{ error }
            </p>
        },
        None => html! {},
    }
}

/// A form whose Enter key or button commits the fields (their change events) and does
/// nothing else.
pub fn lab_form(label_id: &str, children: Html) -> Html {
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    html! {
        <form class="lab-form" aria-labelledby={label_id.to_string()} {onsubmit}>
            { children }
            <button type="submit">{ "Compare" }</button>
        </form>
    }
}

/// A table of inputs compared side by side: a row per item of the input (numbered, then the
/// item as its row header) and, per column (a policy or allocator) a group of cells headed
/// by `sub_heads`. Each row's cells come whole from `rows`; the table scrolls in its own
/// labelled region, so the page never scrolls sideways.
pub fn compare_table(
    id: &str,
    caption: &str,
    item: &str,
    columns: &[&str],
    sub_heads: &[&str],
    rows: impl Iterator<Item = (String, Html)>,
) -> Html {
    let caption_id = format!("{id}-caption");
    let span = sub_heads.len().to_string();
    html! {
        <div class="table-scroll" role="region" aria-labelledby={caption_id.clone()} tabindex="0">
            <table class="compare" id={format!("{id}-table")}>
                <caption id={caption_id}>{ caption }</caption>
                <colgroup span="2" />
                { for columns.iter().map(|_| html! { <colgroup span={span.clone()} class="policy" /> }) }
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">{ "#" }</th>
                        <th scope="col" rowspan="2">{ item }</th>
                        { for columns.iter().map(|name| html! { <th scope="colgroup" colspan={span.clone()}>{ *name }</th> }) }
                    </tr>
                    <tr>
                        { for columns.iter().flat_map(|_| sub_heads.iter().map(|head| html! { <th scope="col">{ *head }</th> })) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.enumerate().map(|(i, (item, cells))| html! {
                        <tr>
                            <td class="num">{ i + 1 }</td>
                            <th scope="row">{ item }</th>
                            { cells }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
