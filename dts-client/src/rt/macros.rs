//! The boilerplate every action shares, written once: the generated code invokes these macros
//! (through `rt::`) instead of repeating the same impls per action.

/// Implements the request-builder methods every action has (`timeout`, `max_attempts` and
/// `send`) for `$request`, whose fields are `client`, `input` (with a `write` method) and
/// `options`; `send` resolves to `$output` or `$error`, and `$capacity` is the number of
/// parameters the action has.
#[doc(hidden)]
#[macro_export]
macro_rules! __request_methods {
    ($request:ident => $output:ident, $error:ident, $capacity:literal) => {
        impl $request {
            /// Limits this call, all attempts included, to `timeout`.
            #[inline]
            pub fn timeout(mut self, timeout: ::core::time::Duration) -> Self {
                self.options.timeout = ::core::option::Option::Some(timeout);
                self
            }

            /// Makes at most `attempts` attempts for this call (1 sends once).
            #[inline]
            pub fn max_attempts(mut self, attempts: u32) -> Self {
                self.options.max_attempts = ::core::option::Option::Some(attempts);
                self
            }

            /// Sends the request; the call resolves to the decoded response.
            ///
            #[doc = concat!("Fails with the [`", stringify!($error), "`] variant of the error code the service answers with.")]
            #[inline]
            pub fn send(self) -> $crate::rt::Pending<$output, $error> {
                let mut params = $crate::rt::Params::with_capacity($capacity);
                self.input.write(&mut params);
                $crate::rt::Pending::new(self.client, &OPERATION, params, self.options)
            }
        }
    };
}

/// Implements `From<Error>`, `ActionError`, `Display` and `std::error::Error` for the action
/// error enum `$name`: the codes listed go to their variants, the other codes of
/// `$common_ty` (when given) to the `$common` variant, everything else to `$unhandled`.
#[doc(hidden)]
#[macro_export]
macro_rules! __action_error {
    (
        $name:ident, $unhandled:ident, [$($own:ident($code:literal)),* $(,)?]
        $(, $common:ident($common_ty:path))?
    ) => {
        impl ::core::convert::From<$crate::Error> for $name {
            #[inline]
            fn from(e: $crate::Error) -> Self {
                $crate::__action_error!(@classify e, $unhandled, [$($own($code)),*] $(, $common($common_ty))?)
            }
        }
        $crate::__error_impls!($name, [$($own,)* $unhandled] $(, $common)?);
    };
    (@classify $e:ident, $unhandled:ident, [] $(, $common:ident($common_ty:path))?) => {
        $crate::__action_error!(@other $e, $unhandled $(, $common($common_ty))?)
    };
    (@classify $e:ident, $unhandled:ident, [$($own:ident($code:literal)),+] $(, $common:ident($common_ty:path))?) => {
        match $e.code().unwrap_or_default() {
            $($code => Self::$own($e),)+
            _ => $crate::__action_error!(@other $e, $unhandled $(, $common($common_ty))?),
        }
    };
    (@other $e:ident, $unhandled:ident) => {
        Self::$unhandled($e)
    };
    (@other $e:ident, $unhandled:ident, $common:ident($common_ty:path)) => {
        match <$common_ty>::classify($e) {
            ::core::result::Result::Ok(c) => Self::$common(c),
            ::core::result::Result::Err(e) => Self::$unhandled(e),
        }
    };
}

/// Implements `ActionError`, `Display` and `std::error::Error` for the error enum `$name`,
/// whose `$variant`s wrap the client's error and whose `$common` variant (when given) wraps an
/// error that implements `ActionError` itself.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_impls {
    ($name:ident, [$($variant:ident),+ $(,)?] $(, $common:ident)?) => {
        impl $crate::ActionError for $name {
            #[inline]
            fn inner(&self) -> &$crate::Error {
                match self {
                    $(Self::$variant(e))|+ => e,
                    $(Self::$common(c) => $crate::ActionError::inner(c),)?
                }
            }
        }

        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt($crate::ActionError::inner(self), f)
            }
        }

        impl ::std::error::Error for $name {
            #[inline]
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::error::Error::source($crate::ActionError::inner(self))
            }
        }
    };
}

/// Implements `Decode` for the response struct `$name`, whose `$field`s are `Option`s or
/// `Vec`s read from the members named `$wire`, each with its position `$idx` (0, 1, ...) in
/// the list. The generator lists them in the byte order of `$wire`, which bodies sorted by
/// member name (as many services send them) follow: the reader tries the member after the
/// last one found before it looks a name up.
#[doc(hidden)]
#[macro_export]
macro_rules! __response {
    ($name:ident $(, $idx:literal $field:ident($wire:literal))* $(,)?) => {
        // Generated responses are no example of how to implement `Decode`: leave them out of
        // the "other types implement" list of an unsatisfied-bound error.
        #[diagnostic::do_not_recommend]
        impl $crate::rt::decode::Decode for $name {
            #[inline]
            fn decode(value: &$crate::rt::Value) -> ::core::option::Option<Self> {
                value.as_object()?;
                ::core::option::Option::Some(Self {
                    $($field: $crate::rt::decode::member(value, $wire),)*
                })
            }

            fn read(r: &mut $crate::rt::decode::Reader<'_>) -> ::core::option::Option<Self> {
                $crate::__read_struct!(r $(, $idx $field($wire))*)
            }
        }
    };
}

/// The body of a generated `Decode::read`: `Self::default()` with the members of the next
/// object read into their fields, or `None` when the value is not an object.
#[doc(hidden)]
#[macro_export]
macro_rules! __read_struct {
    ($r:ident $(, $idx:literal $field:ident($wire:literal))*) => {{
        const KEYS: &[&str] = &[$($wire),*];
        const TABLE: $crate::rt::decode::KeyTable = $crate::rt::decode::KeyTable::new(KEYS);
        #[allow(unused_mut)] // a struct without members
        let mut out = <Self as ::core::default::Default>::default();
        let mut members = $r.members(KEYS, &TABLE);
        while let ::core::option::Option::Some(i) = members.next($r) {
            match i {
                $($idx => $crate::rt::decode::read_member_into($r, &mut out.$field),)*
                _ => {
                    let _ = $r.skip();
                }
            }
        }
        members.finished().then_some(out)
    }};
}

/// Implements `Decode` (keeping the body), `PartialEq` (of the fields, not of the body) and
/// the body accessors `raw` and `with_raw` for the output struct `$name`, whose `$field`s are
/// `Option`s or `Vec`s read from the members named `$wire` (listed as for `__response`) and
/// whose private field `raw` is a [`RawBody`](crate::rt::RawBody).
#[doc(hidden)]
#[macro_export]
macro_rules! __output {
    ($name:ident $(, $idx:literal $field:ident($wire:literal))* $(,)?) => {
        #[diagnostic::do_not_recommend]
        impl $crate::rt::decode::Decode for $name {
            #[inline]
            fn decode(value: &$crate::rt::Value) -> ::core::option::Option<Self> {
                Self::decode_body(::core::clone::Clone::clone(value))
            }

            #[inline]
            fn decode_body(body: $crate::rt::Value) -> ::core::option::Option<Self> {
                body.as_object()?;
                ::core::option::Option::Some(Self {
                    $($field: $crate::rt::decode::member(&body, $wire),)*
                    raw: $crate::rt::RawBody::new(body),
                })
            }

            fn read(r: &mut $crate::rt::decode::Reader<'_>) -> ::core::option::Option<Self> {
                $crate::__read_struct!(r $(, $idx $field($wire))*)
            }

            #[inline]
            fn keep_body(&mut self, body: $crate::rt::RawBody) {
                self.raw = body;
            }
        }

        impl ::core::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                let _ = other;
                $(if self.$field != other.$field {
                    return false;
                })*
                true
            }
        }

        impl $name {
            /// The whole body this output was read from, members the spec does not list
            /// included (`null` for an output built by hand). Not compared by `==`.
            #[inline]
            pub fn raw(&self) -> &$crate::rt::Value {
                self.raw.get()
            }

            /// This output with `body` as its [`raw`](Self::raw) body, for tests of code that
            /// reads members the spec does not list; the typed fields are left as they are.
            #[inline]
            pub fn with_raw(mut self, body: $crate::rt::Value) -> Self {
                self.raw = $crate::rt::RawBody::new(body);
                self
            }
        }
    };
}

/// Implements [`FlatObject`](crate::rt::FlatObject) and [`Encode`](crate::rt::Encode) for
/// the request struct `$name`, whose `$field`s are optional scalars sent as `prefix.$wire`.
#[doc(hidden)]
#[macro_export]
macro_rules! __flat_object {
    ($name:ident $(, $field:ident($wire:literal))* $(,)?) => {
        impl $crate::rt::FlatObject for $name {
            #[inline]
            fn write_flat(&self, prefix: &str, p: &mut $crate::rt::Params) {
                let _ = (prefix, &p);
                $(p.add(
                    &::std::format!("{prefix}.{}", $wire),
                    &self.$field,
                    $crate::rt::Style::Flat,
                );)*
            }
        }

        impl $crate::rt::Encode for $name {
            #[inline]
            fn encode(&self, name: &str, _: $crate::rt::Style, p: &mut $crate::rt::Params) {
                $crate::rt::FlatObject::write_flat(self, name, p);
            }
        }
    };
}
