//! [`Fault`]s on httpmock's own answer (`Then`): what a typed mock's
//! `then.fault(..)` (added by `build/codegen.rs`) and a raw mock's call, for
//! an answer the generated helpers do not type (they type only the
//! documented statuses).

use httpmock::Then;

use crate::fault::Fault;

/// [`Fault`]s on an httpmock answer.
pub trait ThenFaultExt {
    /// Answers with `fault`.
    fn fault(self, fault: Fault) -> Self;
}

impl ThenFaultExt for Then {
    fn fault(self, fault: Fault) -> Self {
        assert!(
            !fault.cut_short,
            "Fault::cut_short is the fake XONE's: httpmock's server will not send fewer bytes than its Content-Length"
        );
        let mut then = self.status(fault.status).body(fault.body);
        for (name, value) in fault.headers {
            then = then.header(name, value);
        }
        match fault.delay {
            Some(delay) => then.delay(delay),
            None => then,
        }
    }
}
