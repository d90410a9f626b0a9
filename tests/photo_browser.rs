//! Preparing photos in a real browser (the wasm-bindgen-test tier, headless
//! Chromium): a large noisy picture comes out small enough, and a page
//! dressed up as a PNG is refused. Run alone with
//! `cargo test --target wasm32-unknown-unknown --test photo_browser`.

// Canvases and files exist only in the browser; on the host this file is
// empty so that `cargo test` and `clippy --all-targets` pass over it.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use janji::domain::attachment::{AttachmentError, MAX_SIDE, TARGET_BYTES};
use janji::platform::photo::{Progress, prepare};
use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Blob, CanvasRenderingContext2d, File, FilePropertyBag, HtmlCanvasElement, ImageBitmap,
};

wasm_bindgen_test_configure!(run_in_browser);

/// A small deterministic generator (xorshift32), so that the picture, and
/// so the figures the test prints, are the same on every run.
struct Prng(u32);

impl Prng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

fn canvas(width: u32, height: u32) -> (HtmlCanvasElement, CanvasRenderingContext2d) {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .unchecked_into::<CanvasRenderingContext2d>();
    (canvas, context)
}

fn colour(rng: &mut Prng, alpha: f64) -> String {
    format!(
        "rgba({},{},{},{alpha})",
        rng.below(256),
        rng.below(256),
        rng.below(256)
    )
}

/// A 4000 × 3000 picture that does not compress easily, like a detailed
/// photo: banded colour, thousands of overlapping translucent rectangles,
/// and fine noise over everything (a tile of random pixels drawn four times
/// its size, which keeps the PNG under the 15 MB pick limit).
fn noisy_picture(width: u32, height: u32) -> HtmlCanvasElement {
    let mut rng = Prng(0x9E37_79B9);
    let (canvas, context) = canvas(width, height);
    let (w, h) = (f64::from(width), f64::from(height));
    for band in 0..100 {
        context.set_fill_style_str(&colour(&mut rng, 1.0));
        context.fill_rect(f64::from(band) * w / 100.0, 0.0, w / 100.0 + 1.0, h);
    }
    for _ in 0..4000 {
        context.set_fill_style_str(&colour(&mut rng, 0.4));
        let (x, y) = (rng.below(width), rng.below(height));
        let (rw, rh) = (1 + rng.below(400), 1 + rng.below(400));
        context.fill_rect(f64::from(x), f64::from(y), f64::from(rw), f64::from(rh));
    }
    let (tw, th) = (width / 4, height / 4);
    let tile = noise_tile(&mut rng, tw, th);
    context.set_image_smoothing_enabled(false);
    context.set_global_alpha(0.35);
    context
        .draw_image_with_html_canvas_element_and_dw_and_dh(&tile, 0.0, 0.0, w, h)
        .unwrap();
    canvas
}

/// A canvas of random pixels.
fn noise_tile(rng: &mut Prng, width: u32, height: u32) -> HtmlCanvasElement {
    let (tile, context) = canvas(width, height);
    for y in 0..height {
        for x in 0..width {
            let v = rng.next();
            context.set_fill_style_str(&format!(
                "rgb({},{},{})",
                v & 0xFF,
                (v >> 8) & 0xFF,
                (v >> 16) & 0xFF
            ));
            context.fill_rect(f64::from(x), f64::from(y), 1.0, 1.0);
        }
    }
    tile
}

/// The canvas as a PNG file, as a camera roll or a screenshot tool would
/// hand one over.
async fn png_file(canvas: &HtmlCanvasElement, name: &str) -> File {
    let promise = Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            resolve.call1(&JsValue::UNDEFINED, &blob).unwrap();
        });
        canvas
            .to_blob_with_type(callback.unchecked_ref(), "image/png")
            .unwrap();
    });
    let blob: Blob = JsFuture::from(promise).await.unwrap().unchecked_into();
    let options = FilePropertyBag::new();
    options.set_type("image/png");
    File::new_with_blob_sequence_and_options(&Array::of1(&blob), name, &options).unwrap()
}

fn text_file(text: &str, name: &str, declared_type: &str) -> File {
    let options = FilePropertyBag::new();
    options.set_type(declared_type);
    File::new_with_str_sequence_and_options(&Array::of1(&text.into()), name, &options).unwrap()
}

async fn decoded_size(blob: &Blob) -> (u32, u32) {
    let window = web_sys::window().unwrap();
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(blob).unwrap())
        .await
        .unwrap()
        .unchecked_into();
    let size = (bitmap.width(), bitmap.height());
    bitmap.close();
    size
}

#[wasm_bindgen_test]
async fn a_large_noisy_photo_comes_out_at_most_1600_px_and_under_500_kb() {
    let file = png_file(&noisy_picture(4000, 3000), "big-noisy.png").await;
    let steps = RefCell::new(Vec::new());
    let started = js_sys::Date::now();
    let (blob, photo) = prepare(&file, 0, |p| steps.borrow_mut().push(p))
        .await
        .expect("the photo is prepared");
    let took = js_sys::Date::now() - started;
    let steps = steps.into_inner();
    let tries = steps
        .iter()
        .filter(|p| matches!(p, Progress::Encoding { .. }))
        .count();
    console_log!(
        "photo prepared: before {} bytes, {}x{} {}; after {} bytes, {}x{} {} ({} encoding tries, {:.0} ms)",
        file.size(),
        photo.original_width,
        photo.original_height,
        file.type_(),
        photo.bytes,
        photo.width,
        photo.height,
        photo.mime,
        tries,
        took
    );

    assert_eq!((photo.original_width, photo.original_height), (4000, 3000));
    assert_eq!(photo.original_bytes, file.size() as u64);
    assert!(photo.width.max(photo.height) <= MAX_SIDE, "{photo:?}");
    let skew = (i64::from(photo.width) * 3 - i64::from(photo.height) * 4).abs();
    assert!(skew <= 4, "not 4:3: {photo:?}");
    assert!(photo.bytes < TARGET_BYTES, "{photo:?}");
    assert_eq!(photo.bytes, blob.size() as u64);
    assert_eq!(photo.mime, "image/webp");
    assert_eq!(blob.type_(), "image/webp");
    assert_eq!(photo.file_name(0), "photo-1.webp");
    assert_eq!(decoded_size(&blob).await, (photo.width, photo.height));
    assert_eq!(
        steps[..3],
        [
            Progress::Reading,
            Progress::Decoding,
            Progress::Encoding { attempt: 1 }
        ]
    );
    assert_eq!(steps.last(), Some(&Progress::Done));
}

#[wasm_bindgen_test]
async fn an_html_page_named_png_is_refused_as_not_a_photo() {
    let file = text_file(
        "<!doctype html><html><body><script>alert(1)</script></body></html>",
        "x.png",
        "image/png",
    );
    let steps = RefCell::new(Vec::new());
    let refused = prepare(&file, 0, |p| steps.borrow_mut().push(p)).await;
    let err = refused.expect_err("an HTML page is refused");
    assert_eq!(
        err,
        AttachmentError::NotAnImage {
            name: "x.png".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "“x.png” is not a photo. You can send JPEG, PNG, WebP or GIF images."
    );
    // Refused on its first bytes: the browser never tried to decode it.
    assert_eq!(steps.into_inner(), vec![Progress::Reading]);
}

#[wasm_bindgen_test]
async fn a_small_photo_is_kept_at_its_size_and_a_fifth_is_refused() {
    let file = png_file(&noisy_picture(40, 30), "small.png").await;
    let (_, photo) = prepare(&file, 3, |_| {}).await.unwrap();
    assert_eq!((photo.width, photo.height), (40, 30));

    let err = prepare(&file, 4, |_| {}).await.unwrap_err();
    assert_eq!(err, AttachmentError::TooMany { max: 4 });
}

#[wasm_bindgen_test]
async fn an_svg_drawing_is_refused_as_one() {
    let svg = text_file(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "logo.svg",
        "image/svg+xml",
    );
    let err = prepare(&svg, 0, |_| {}).await.unwrap_err();
    assert_eq!(
        err,
        AttachmentError::Svg {
            name: "logo.svg".into()
        }
    );
}
