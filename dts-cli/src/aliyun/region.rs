//! `--region` (or `ALIBABA_CLOUD_REGION_ID`, or the profile's `region_id`, as the client
//! resolves them) also fills the action's `RegionId` (else `Region`) parameter when the user
//! did not set it, as the aliyun CLI does.

use super::facts::Facts;

/// The parameter to fill and its value, or `None` when there is nothing to fill: no region,
/// no region parameter, or one the user set.
pub fn fill(
    facts: &Facts,
    given: &[(String, String)],
    region: Option<&str>,
) -> Option<(String, String)> {
    let region = region.filter(|r| !r.is_empty())?;
    let name = ["RegionId", "Region"]
        .into_iter()
        .find(|n| facts.has_param(n))?;
    if given.iter().any(|(k, _)| k == name) {
        return None;
    }
    Some((name.to_owned(), region.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(params: &[&str]) -> Facts {
        Facts {
            params: params.iter().map(|p| p.to_string()).collect(),
            ..Facts::default()
        }
    }

    #[test]
    fn region_id_first_then_region_and_never_over_the_user() {
        let both = facts(&["Region", "RegionId", "PageSize"]);
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(
            fill(&both, &[], Some("cn-hangzhou")),
            Some(pair("RegionId", "cn-hangzhou"))
        );
        assert_eq!(
            fill(&facts(&["Region"]), &[], Some("cn-beijing")),
            Some(pair("Region", "cn-beijing"))
        );
        assert_eq!(
            fill(
                &both,
                &[pair("RegionId", "cn-beijing")],
                Some("cn-hangzhou")
            ),
            None
        );
        // `Region` beside `RegionId` is a filter (DescribeDtsJobs): `RegionId` is still filled.
        assert_eq!(
            fill(&both, &[pair("Region", "cn-beijing")], Some("cn-hangzhou")),
            Some(pair("RegionId", "cn-hangzhou"))
        );
        assert_eq!(
            fill(
                &facts(&["Region"]),
                &[pair("Region", "x")],
                Some("cn-hangzhou")
            ),
            None
        );
        assert_eq!(fill(&facts(&["DtsJobId"]), &[], Some("cn-hangzhou")), None);
        assert_eq!(fill(&both, &[], None), None);
    }
}
