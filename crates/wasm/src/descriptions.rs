//! `installDescriptions`: hands the schema's descriptions (`schema-descriptions.txt`, shipped
//! beside the module rather than inside it, to keep the module small) to the api crate. The
//! package's entry points call it for you: Node's at import, the browser's from `init()`.

use wasm_bindgen::prelude::*;

/// Installs the text of the package's `schema-descriptions.txt`, which `explain` and the
/// descriptions of `complete` read. Without it both still work, with empty descriptions.
/// Installing again is a no-op. Throws a `DescriptionsError` for a file from another build.
#[wasm_bindgen(js_name = installDescriptions)]
pub fn install_descriptions(text: &str) -> Result<(), JsValue> {
    ordinal_api::schema::descriptions::install(text)
        .map_err(|message| crate::convert::error("DescriptionsError", &message, &[]))
}
