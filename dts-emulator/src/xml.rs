//! `Format=XML` answers: the JSON body as XML under `<{Action}Response>` (errors under
//! `<Error>`), the way the gateway serializes for clients that ask for XML. An array is its
//! items repeated under the array's name; `null` is an empty element.

use serde_json::Value;

/// The XML document for `body` under the root element `root`.
pub(crate) fn to_xml(root: &str, body: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    element(&mut out, root, body);
    out
}

fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                element(out, name, item);
            }
        }
        Value::Object(map) => {
            open(out, name);
            for (k, v) in map {
                element(out, k, v);
            }
            close(out, name);
        }
        Value::Null => {
            open(out, name);
            close(out, name);
        }
        Value::String(s) => {
            open(out, name);
            escape(out, s);
            close(out, name);
        }
        other => {
            open(out, name);
            out.push_str(&other.to_string());
            close(out, name);
        }
    }
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_arrays_and_escapes() {
        let body = json!({"RequestId": "R<1>", "Success": true, "Count": 2,
            "DtsJobList": [{"DtsJobId": "a"}, {"DtsJobId": "b&c"}], "Empty": null});
        assert_eq!(
            to_xml("DescribeDtsJobsResponse", &body),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeDtsJobsResponse>\
             <RequestId>R&lt;1&gt;</RequestId><Success>true</Success><Count>2</Count>\
             <DtsJobList><DtsJobId>a</DtsJobId></DtsJobList>\
             <DtsJobList><DtsJobId>b&amp;c</DtsJobId></DtsJobList><Empty></Empty>\
             </DescribeDtsJobsResponse>"
        );
    }
}
