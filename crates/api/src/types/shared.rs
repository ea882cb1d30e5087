//! `Shared<T>`: a part of an object that successive versions of it hold in common until one of
//! them changes it (copy on write).
//!
//! The store keeps every version of every object for the watch log, and most writes change
//! only a status: a pod's spec is written at creation and once more when it is bound to a node,
//! then its kubelet writes the status three or four times. With the spec shared, each of those
//! versions copies a pointer instead of the containers, volumes and tolerations.
//!
//! Reading goes through `Deref`; writing through `DerefMut` clones the value first if another
//! version still holds it, so code that sets `pod.spec.node_name` reads as before. Serialized,
//! compared and debug-printed exactly as the value itself.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

#[derive(Clone, Default, Eq)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }

    /// Whether two versions still hold the same value (not a copy of it).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The value itself, cloned only if another version still holds it.
    pub fn into_inner(self) -> T {
        Arc::unwrap_or_clone(self.0)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

impl<T: FromIterator<A>, A> FromIterator<A> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = A>>(items: I) -> Self {
        Shared::new(items.into_iter().collect())
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        // Versions that share the value are equal without comparing it field by field.
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

impl<'a, T> IntoIterator for &'a Shared<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Iterating mutably takes this version's own copy first (copy on write).
impl<'a, T: Clone> IntoIterator for &'a mut Shared<Vec<T>> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        Arc::make_mut(&mut self.0).iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_shares_until_one_side_writes() {
        let a = Shared::new(vec![1, 2]);
        let mut b = a.clone();
        assert!(Shared::ptr_eq(&a, &b));
        b.push(3);
        assert!(!Shared::ptr_eq(&a, &b));
        assert_eq!(*a, vec![1, 2]);
        assert_eq!(*b, vec![1, 2, 3]);
    }

    #[test]
    fn a_sole_holder_writes_in_place() {
        let mut a = Shared::new(vec![1]);
        let before: *const Vec<i32> = &*a;
        a.push(2);
        assert!(std::ptr::eq(before, &*a));
    }

    #[test]
    fn serialized_debug_printed_and_compared_as_the_value() {
        let a = Shared::new(vec!["x".to_string()]);
        assert_eq!(
            serde_json::to_string(&a).expect("serializes"),
            serde_json::to_string(&vec!["x"]).expect("serializes")
        );
        let back: Shared<Vec<String>> = serde_json::from_str(r#"["x"]"#).expect("parses");
        assert_eq!(back, a);
        assert_eq!(format!("{a:?}"), format!("{:?}", vec!["x"]));
        assert_ne!(a, Shared::new(vec!["y".to_string()]));
    }
}
