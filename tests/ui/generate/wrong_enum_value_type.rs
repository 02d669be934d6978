// `Direction` takes one of its documented values (an enum, or a string naming one), not a
// number.

dts_macros::generate!("specs/good", relative_to = file, module = foo_ops);

fn start(client: &foo_ops::Client) -> foo_ops::operation::start_foo::StartFooRequest {
    client.start_foo("foo-1").direction(2)
}

fn main() {
    let _ = start;
}
