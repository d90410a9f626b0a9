//! Preparing a picked photo for upload in the browser: its first bytes are
//! judged by `domain::attachment`, the browser decodes it, and a canvas
//! re-encodes it smaller (following the domain's `EncodePlan`) until it is
//! under the byte target. WebP is written where the browser can, JPEG
//! elsewhere. The result is a new file made from pixels only, so nothing of
//! the original (metadata such as the location, or anything hidden after
//! the picture) goes up; an animated GIF goes as its first frame.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap, ImageEncodeOptions,
    OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

use crate::domain::attachment::{
    self, AttachmentError, Attempt, EncodePlan, OutputFormat, PreparedPhoto,
};

/// How far along a photo is, for the composer to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading the file's first bytes to see what it is.
    Reading,
    /// The browser is decoding the picture.
    Decoding,
    /// Encoding try `attempt` (from 1) at a size and quality.
    Encoding {
        attempt: u32,
    },
    Done,
}

/// The bytes read to tell what a file is (more than `sniff` needs).
const HEAD_BYTES: f64 = 16.0;

/// Prepares `file` as the next photo of a message that already holds
/// `already`: checked, decoded, and re-encoded to at most
/// `attachment::MAX_SIDE` pixels on its long side and under
/// `attachment::TARGET_BYTES`. `progress` hears each step. Returns the
/// encoded file and what it is.
pub async fn prepare(
    file: &File,
    already: usize,
    progress: impl Fn(Progress),
) -> Result<(Blob, PreparedPhoto), AttachmentError> {
    let name = file.name();
    let unreadable = || AttachmentError::Unreadable { name: name.clone() };
    let unsupported = || AttachmentError::Unsupported { name: name.clone() };

    progress(Progress::Reading);
    let head = read_head(file).await.map_err(|_| unreadable())?;
    attachment::check_picked(&name, &file.type_(), file.size() as u64, &head, already)?;

    progress(Progress::Decoding);
    let bitmap = Bitmap(decode(file).await.map_err(|_| unreadable())?);
    let (original_width, original_height) = (bitmap.0.width(), bitmap.0.height());
    if original_width == 0 || original_height == 0 {
        return Err(unreadable());
    }

    let canvas = Canvas::new().map_err(|_| unsupported())?;
    let plan = EncodePlan::new(original_width, original_height);
    let mut format = OutputFormat::Webp;
    let (mut previous, mut last_size, mut tries) = (None, None, 0);
    while let Some(attempt) = plan.next_attempt(previous, last_size) {
        tries += 1;
        progress(Progress::Encoding { attempt: tries });
        let mut blob = canvas
            .encode(&bitmap.0, attempt, format)
            .await
            .map_err(|_| unsupported())?;
        // A browser that cannot write WebP answers with another type (PNG)
        // rather than failing; from then on every try is JPEG.
        if format == OutputFormat::Webp && blob.type_() != format.mime() {
            format = OutputFormat::Jpeg;
            blob = canvas
                .encode(&bitmap.0, attempt, format)
                .await
                .map_err(|_| unsupported())?;
        }
        if blob.type_() != format.mime() {
            return Err(unsupported());
        }
        let bytes = blob.size() as u64;
        if EncodePlan::fits(bytes) {
            progress(Progress::Done);
            let photo = PreparedPhoto {
                mime: format.mime().to_owned(),
                width: attempt.width,
                height: attempt.height,
                bytes,
                original_bytes: file.size() as u64,
                original_width,
                original_height,
            };
            return Ok((blob, photo));
        }
        previous = Some(attempt);
        last_size = Some(bytes);
    }
    Err(AttachmentError::NotSmallEnough { name })
}

/// The file's first bytes (fewer if it is shorter).
async fn read_head(file: &File) -> Result<Vec<u8>, JsValue> {
    let head = file.slice_with_f64_and_f64(0.0, HEAD_BYTES)?;
    let buffer = JsFuture::from(head.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Decodes the picture (turned upright as its EXIF orientation says, the
/// browser's default for `createImageBitmap`).
async fn decode(file: &File) -> Result<ImageBitmap, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let bitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?).await?;
    bitmap.dyn_into()
}

/// A decoded picture, closed when dropped (also when preparing fails or is
/// abandoned), so that its pixels are freed at once rather than whenever
/// the garbage collector runs.
struct Bitmap(ImageBitmap);

impl Drop for Bitmap {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Where the picture is drawn and encoded: an `OffscreenCanvas` where the
/// browser has one (no DOM node, `convertToBlob` returns a promise), else a
/// detached `<canvas>` element.
enum Canvas {
    Offscreen(OffscreenCanvas, OffscreenCanvasRenderingContext2d),
    Element(HtmlCanvasElement, CanvasRenderingContext2d),
}

impl Canvas {
    fn new() -> Result<Self, JsValue> {
        let has_offscreen = js_sys::Reflect::has(&js_sys::global(), &"OffscreenCanvas".into())?;
        if has_offscreen && let Ok(canvas) = Self::offscreen() {
            return Ok(canvas);
        }
        Self::element()
    }

    fn offscreen() -> Result<Self, JsValue> {
        let canvas = OffscreenCanvas::new(1, 1)?;
        let context = canvas
            .get_context("2d")?
            .ok_or_else(|| JsValue::from_str("no 2d context"))?
            .dyn_into()?;
        Ok(Self::Offscreen(canvas, context))
    }

    fn element() -> Result<Self, JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        let context = canvas
            .get_context("2d")?
            .ok_or_else(|| JsValue::from_str("no 2d context"))?
            .dyn_into()?;
        Ok(Self::Element(canvas, context))
    }

    /// Draws `bitmap` at the attempt's size and encodes it.
    async fn encode(
        &self,
        bitmap: &ImageBitmap,
        attempt: Attempt,
        format: OutputFormat,
    ) -> Result<Blob, JsValue> {
        let (w, h) = (f64::from(attempt.width), f64::from(attempt.height));
        // Resizing the canvas clears it and resets the context's settings,
        // so they are set again on every try.
        let context: &JsValue = match self {
            Self::Offscreen(canvas, context) => {
                canvas.set_width(attempt.width);
                canvas.set_height(attempt.height);
                context.as_ref()
            }
            Self::Element(canvas, context) => {
                canvas.set_width(attempt.width);
                canvas.set_height(attempt.height);
                context.as_ref()
            }
        };
        // The best resampling the browser has: the default ("low") shows
        // jagged edges when a 4000 px photo is drawn at 1600.
        js_sys::Reflect::set(context, &"imageSmoothingQuality".into(), &"high".into())?;
        // JPEG has no transparency; transparent pixels would turn black.
        let opaque_ground = format == OutputFormat::Jpeg;
        match self {
            Self::Offscreen(canvas, context) => {
                context.set_image_smoothing_enabled(true);
                if opaque_ground {
                    context.set_fill_style_str("#fff");
                    context.fill_rect(0.0, 0.0, w, h);
                }
                context.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)?;
                let options = ImageEncodeOptions::new();
                options.set_type(format.mime());
                options.set_quality(attempt.quality);
                let blob = JsFuture::from(canvas.convert_to_blob_with_options(&options)?).await?;
                blob.dyn_into()
            }
            Self::Element(canvas, context) => {
                context.set_image_smoothing_enabled(true);
                if opaque_ground {
                    context.set_fill_style_str("#fff");
                    context.fill_rect(0.0, 0.0, w, h);
                }
                context.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)?;
                element_to_blob(canvas, format.mime(), attempt.quality).await
            }
        }
    }
}

impl Drop for Canvas {
    /// Gives the pixel buffer back at once: a phone preparing four photos
    /// should not hold four canvases until the garbage collector runs.
    fn drop(&mut self) {
        match self {
            Self::Offscreen(canvas, _) => {
                canvas.set_width(0);
                canvas.set_height(0);
            }
            Self::Element(canvas, _) => {
                canvas.set_width(0);
                canvas.set_height(0);
            }
        }
    }
}

/// `canvas.toBlob`, whose answer comes to a callback (null when encoding
/// failed), as a future.
async fn element_to_blob(
    canvas: &HtmlCanvasElement,
    mime: &str,
    quality: f64,
) -> Result<Blob, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            // The promise ignores what resolving it returns.
            let _ = resolve.call1(&JsValue::UNDEFINED, &blob);
        });
        let started = canvas.to_blob_with_type_and_encoder_options(
            callback.unchecked_ref(),
            mime,
            &JsValue::from_f64(quality),
        );
        if let Err(e) = started {
            let _ = reject.call1(&JsValue::UNDEFINED, &e);
        }
    });
    let blob = JsFuture::from(promise).await?;
    if blob.is_null() {
        return Err(JsValue::from_str("the canvas could not be encoded"));
    }
    blob.dyn_into()
}
