//! Network tools as a pod's container runs them (dnsutils `dig`); the DNS model itself is in
//! `crate::dns`, Services and endpoints in `crate::services`.

pub mod dig;
