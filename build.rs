//! Links the app's wasm with `--emit-relocs`, which the wasm splitter
//! (scripts/wasm-split-hook.mjs) needs to cut the module at its `#[lazy]`
//! points. A link argument of this one binary rather than RUSTFLAGS, so the
//! dependencies' build cache is shared and the release script's RUSTFLAGS do
//! not replace it.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=janji=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
