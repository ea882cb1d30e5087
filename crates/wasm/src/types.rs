//! TypeScript names for the values that cross the boundary as plain JS objects. The shapes
//! are declared in `types.d.ts`, which wasm-bindgen appends to the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ClusterOptions")]
    pub type ClusterOptionsArg;

    #[wasm_bindgen(typescript_type = "ApplyOptions")]
    pub type ApplyOptionsArg;

    #[wasm_bindgen(typescript_type = "ExecOptions")]
    pub type ExecOptionsArg;

    #[wasm_bindgen(typescript_type = "LogsOptions")]
    pub type LogsOptionsArg;

    #[wasm_bindgen(typescript_type = "ApplyResult")]
    pub type ApplyResult;

    #[wasm_bindgen(typescript_type = "CommandResult")]
    pub type CommandResult;

    #[wasm_bindgen(typescript_type = "Duration")]
    pub type DurationArg;

    #[wasm_bindgen(typescript_type = "WatchCallback")]
    pub type WatchCallback;

    #[wasm_bindgen(typescript_type = "ObjectRef | KubeObject")]
    pub type ObjectRefArg;

    #[wasm_bindgen(typescript_type = "ClusterEvent[]")]
    pub type EventList;

    #[wasm_bindgen(typescript_type = "Reason[]")]
    pub type ReasonList;

    #[wasm_bindgen(typescript_type = "Diagnostic[]")]
    pub type DiagnosticList;

    #[wasm_bindgen(typescript_type = "DnsRecord[]")]
    pub type DnsRecordList;

    #[wasm_bindgen(typescript_type = "Completion[]")]
    pub type CompletionList;

    #[wasm_bindgen(typescript_type = "Unsubscribe")]
    pub type Unsubscribe;
}
