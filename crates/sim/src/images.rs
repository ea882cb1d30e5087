//! The image catalogue: well-known images and their real tags (SPEC §0 "Images"). A known image
//! with a tag the catalogue lacks fails to pull; an unknown image pulls; any image can be marked
//! broken or fixed by the user (`Cluster::set_image_broken`).

use std::collections::BTreeSet;

/// What a container started from an image does when it gets no command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultProcess {
    /// A server that idles and exits 0 shortly after SIGTERM.
    Server,
    /// A shell or interpreter: with no command and no terminal it exits 0 at once; as PID 1
    /// it ignores SIGTERM.
    Shell,
}

struct Entry {
    repository: &'static str,
    tags: &'static [&'static str],
    process: DefaultProcess,
}

const CATALOGUE: &[Entry] = &[
    Entry {
        repository: "nginx",
        tags: &[
            "latest", "stable", "alpine", "1.14.2", "1.16.1", "1.19", "1.20", "1.21", "1.23",
            "1.25", "1.25.3", "1.26", "1.27", "1.27.3", "1.28", "1.29",
        ],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "registry.k8s.io/nginx-slim",
        tags: &[
            "0.7", "0.8", "0.9", "0.10", "0.20", "0.21", "0.24", "0.26", "0.27",
        ],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "k8s.gcr.io/nginx-slim",
        tags: &["0.7", "0.8", "0.9", "0.10", "0.20"],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "busybox",
        tags: &[
            "latest", "1.28", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.36.1",
            "1.37", "stable", "musl", "glibc", "uclibc",
        ],
        process: DefaultProcess::Shell,
    },
    Entry {
        repository: "python",
        tags: &[
            "latest",
            "3",
            "3.6",
            "3.7",
            "3.8",
            "3.9",
            "3.10",
            "3.11",
            "3.12",
            "3.13",
            "3-slim",
            "3.11-slim",
            "3.12-slim",
            "3.12-alpine",
            "alpine",
        ],
        process: DefaultProcess::Shell,
    },
    Entry {
        repository: "zookeeper",
        tags: &[
            "latest", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.8.4", "3.9.2",
        ],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "registry.k8s.io/kubernetes-zookeeper",
        tags: &["1.0-3.4.10"],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "k8s.gcr.io/kubernetes-zookeeper",
        tags: &["1.0-3.4.10"],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "mysql",
        tags: &["latest", "5.6", "5.7", "8", "8.0", "8.4", "9", "lts"],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "redis",
        tags: &[
            "latest", "6", "6.2", "7", "7.0", "7.2", "7.4", "alpine", "7-alpine",
        ],
        process: DefaultProcess::Server,
    },
    Entry {
        repository: "alpine",
        tags: &["latest", "3", "3.18", "3.19", "3.20", "3.21"],
        process: DefaultProcess::Shell,
    },
    Entry {
        repository: "ubuntu",
        tags: &["latest", "20.04", "22.04", "24.04", "jammy", "noble"],
        process: DefaultProcess::Shell,
    },
];

/// Splits `repo[:tag][@digest]` into the repository (without `docker.io/library/`) and tag.
pub fn split_image(image: &str) -> (String, String) {
    let image = image.split('@').next().unwrap_or(image);
    let (repository, tag) = match image.rsplit_once(':') {
        // A colon inside the registry host (`host:5000/x`) is not a tag separator.
        Some((repo, tag)) if !tag.contains('/') => (repo, tag),
        _ => (image, "latest"),
    };
    let repository = repository.strip_prefix("docker.io/").unwrap_or(repository);
    let repository = repository.strip_prefix("library/").unwrap_or(repository);
    (repository.to_string(), tag.to_string())
}

/// The catalogue plus the user's broken marks.
#[derive(Debug, Clone, Default)]
pub struct ImageCatalogue {
    broken: BTreeSet<String>,
}

impl ImageCatalogue {
    /// Why pulling `image` fails, or `None` when it pulls.
    pub fn pull_error(&self, image: &str) -> Option<String> {
        if self.broken.contains(image) {
            return Some(format!(
                "failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": unexpected status from HEAD request: 503 Service Unavailable"
            ));
        }
        let (repository, tag) = split_image(image);
        let entry = CATALOGUE.iter().find(|e| e.repository == repository)?;
        if entry.tags.contains(&tag.as_str()) {
            return None;
        }
        Some(format!(
            "rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found"
        ))
    }

    /// What the image runs when the container has no command.
    pub fn default_process(&self, image: &str) -> DefaultProcess {
        let (repository, _) = split_image(image);
        CATALOGUE
            .iter()
            .find(|e| e.repository == repository)
            .map_or(DefaultProcess::Server, |e| e.process)
    }

    pub fn set_broken(&mut self, image: &str, broken: bool) {
        if broken {
            self.broken.insert(image.to_string());
        } else {
            self.broken.remove(image);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_image_with_unknown_tag_fails() {
        let c = ImageCatalogue::default();
        assert!(c.pull_error("registry.k8s.io/nginx-slim:0.8").is_none());
        assert!(c.pull_error("registry.k8s.io/nginx-slim:0.99").is_some());
        assert!(c.pull_error("docker.io/library/nginx:1.25").is_none());
        assert!(c.pull_error("example.com/unknown:anything").is_none());
        assert!(c.pull_error("localhost:5000/app").is_none());
    }

    #[test]
    fn broken_marks_toggle() {
        let mut c = ImageCatalogue::default();
        c.set_broken("nginx:1.25", true);
        assert!(c.pull_error("nginx:1.25").is_some());
        c.set_broken("nginx:1.25", false);
        assert!(c.pull_error("nginx:1.25").is_none());
    }
}
