//! Filters for the directory: kind, city and "online now". Changing one
//! rewrites the URL's query, which the home page derives its list from.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::domain::provider::{ProviderFilter, ProviderKind};

/// The query string for a filter (empty for "everything").
pub fn query_string(filter: &ProviderFilter) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = filter.kind {
        parts.push(format!("kind={}", kind.as_str()));
    }
    if let Some(city) = &filter.city {
        parts.push(format!("city={}", js_sys::encode_uri_component(city)));
    }
    if filter.online_only {
        parts.push("online=true".to_owned());
    }
    if parts.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", parts.join("&"))
    }
}

#[component]
pub fn ProviderFilters(filter: Memo<ProviderFilter>, cities: Memo<Vec<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |next: ProviderFilter| {
        navigate(
            &query_string(&next),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let set_kind = {
        let go = go.clone();
        move |ev| {
            let kind = event_target_value(&ev).parse::<ProviderKind>().ok();
            go(ProviderFilter {
                kind,
                ..filter.get_untracked()
            });
        }
    };
    let set_city = {
        let go = go.clone();
        move |ev| {
            let city = Some(event_target_value(&ev)).filter(|c| !c.is_empty());
            go(ProviderFilter {
                city,
                ..filter.get_untracked()
            });
        }
    };
    let set_online = move |ev| {
        let online_only = event_target_checked(&ev);
        go(ProviderFilter {
            online_only,
            ..filter.get_untracked()
        });
    };
    let kind_value = move || {
        filter.with(|f| {
            f.kind
                .map(ProviderKind::as_str)
                .unwrap_or_default()
                .to_owned()
        })
    };
    let city_value = move || filter.with(|f| f.city.clone().unwrap_or_default());

    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <label>
                "Kind"
                <select name="kind" on:change=set_kind prop:value=kind_value>
                    <option value="">"All"</option>
                    <option value="therapist">"Therapists"</option>
                    <option value="place">"Spa places"</option>
                </select>
            </label>
            <label>
                "City"
                <select name="city" on:change=set_city prop:value=city_value>
                    <option value="">"All cities"</option>
                    {move || {
                        cities
                            .get()
                            .into_iter()
                            .map(|city| view! { <option value=city.clone()>{city.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <label class="checkbox">
                <input type="checkbox" name="online" on:change=set_online prop:checked=move || filter.with(|f| f.online_only) />
                "Online now"
            </label>
        </form>
    }
}
