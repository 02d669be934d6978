// `StartFoo` requires `FooId`, so the generated method takes it as an argument.

dts_macros::generate!("specs/good", relative_to = file, module = foo_ops);

fn start(client: &foo_ops::Client) -> foo_ops::operation::start_foo::StartFooRequest {
    client.start_foo()
}

fn main() {
    let _ = start;
}
