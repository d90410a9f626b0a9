//! The browser entry point: everything happens in [`janji::app::mount`].

fn main() {
    janji::app::mount();
}
