//! Saving text as a file through the browser's download prompt.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `content` for download as `file_name` with the given MIME type.
pub fn save_text(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&content.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot build the file")?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make a download link")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot make a download link")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download; the object URL is no longer needed.
    Url::revoke_object_url(&url).map_err(|_| "cannot release the download link")?;
    Ok(())
}
