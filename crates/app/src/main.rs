//! Entry point of the Ordinal playground.

fn main() {
    ordinal_app::panic::install_hook();
    leptos::mount::mount_to_body(ordinal_app::App);
}
