//! Network tools as a pod's container runs them (dnsutils `dig`) and the endpoints and
//! EndpointSlice controllers; the DNS model itself is in `crate::dns`, Services and the
//! endpoints they select in `crate::services`.

pub mod dig;
mod endpoint_objects;
pub(crate) mod endpoints;
