//! The lab page (lab.html): the allocator and paging labs, a wasm of their own so the main
//! app's first load does not carry them.

fn main() {
    memplay_web::lab::start();
}
