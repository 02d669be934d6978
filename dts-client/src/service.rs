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

    /// The host for `region` as Alibaba's endpoint rules give it: the table's entry, else
    /// `<product>.<region>.<domain>` from the default endpoint (`dts.aliyuncs.com` ->
    /// `dts.mars-1.aliyuncs.com`); with `vpc`, `<product>-vpc.<region>.<domain>`.
    pub fn host_for(&self, region: &str, vpc: bool) -> std::borrow::Cow<'static, str> {
        let (product, domain) = self
            .default_endpoint
            .split_once('.')
            .unwrap_or((self.default_endpoint, "aliyuncs.com"));
        if vpc {
            return format!("{product}-vpc.{region}.{domain}").into();
        }
        match self.endpoints.iter().find(|(r, _)| *r == region) {
            Some((_, host)) => (*host).into(),
            None => format!("{product}.{region}.{domain}").into(),
        }
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
        assert_eq!(S.host_for("cn-hangzhou", false), "h.example");
        assert_eq!(S.host_for("mars-1", false), "d.mars-1.example");
        assert_eq!(S.host_for("cn-hangzhou", true), "d-vpc.cn-hangzhou.example");
    }
}
