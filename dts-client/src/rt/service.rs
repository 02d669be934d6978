//! Static facts about the service a client talks to.

/// The API version, default endpoint and regional endpoints of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The API version sent as `Version=`.
    pub version: &'static str,
    /// The host used when no region is set or the region has no entry.
    pub default_endpoint: &'static str,
    /// `(region id, host)` pairs.
    pub endpoints: &'static [(&'static str, &'static str)],
}

impl ServiceInfo {
    /// The host for `region`: its entry in [`endpoints`](Self::endpoints), else the default.
    pub fn endpoint_for(&self, region: &str) -> &'static str {
        self.endpoints
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(self.default_endpoint, |(_, host)| host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_without_an_entry_use_the_default_endpoint() {
        static S: ServiceInfo = ServiceInfo {
            version: "v",
            default_endpoint: "d.example",
            endpoints: &[("cn-hangzhou", "h.example")],
        };
        assert_eq!(S.endpoint_for("cn-hangzhou"), "h.example");
        assert_eq!(S.endpoint_for("mars-1"), "d.example");
    }
}
