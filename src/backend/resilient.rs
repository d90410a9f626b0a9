//! The resilience layer as adapters use it: every request an adapter sends
//! for a [`Call`] goes through [`Resilience::run`], which puts it under the
//! backend's circuit breaker and retry policy (one [`Guard`] per backend)
//! and reports a call that finally failed, once, to a sink (the Monitor).
//!
//! Adapters receive it in their `connect`, so a new adapter gets the same
//! policy by sending its requests through it.

use std::future::Future;
use std::rc::Rc;

use crate::resilience::guard::Guard;

use super::{BackendError, Call, Result};

/// Told about every call that failed after its retries.
pub type FailureSink = Rc<dyn Fn(&Call, &BackendError)>;

pub struct Resilience {
    guard: Rc<Guard>,
    on_failure: FailureSink,
}

impl Resilience {
    pub fn new(guard: Rc<Guard>, on_failure: FailureSink) -> Self {
        Self { guard, on_failure }
    }

    /// Runs `attempt(n)` (n = 1, 2, …) under the breaker and the retry
    /// policy; reports the final failure, if any.
    pub async fn run<T, F, Fut>(&self, call: &Call, attempt: F) -> Result<T>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let result = self.guard.run(attempt).await;
        if let Err(error) = &result {
            (self.on_failure)(call, error);
        }
        result
    }
}

/// Creates a record under a client-made id. If the backend says the id
/// exists (an earlier attempt landed but its answer was lost), the create
/// was already done: read the record and return it.
pub async fn create_once<T, C, R, RFut>(create: C, read: R) -> Result<T>
where
    C: Future<Output = Result<T>>,
    R: FnOnce() -> RFut,
    RFut: Future<Output = Result<T>>,
{
    match create.await {
        Err(BackendError::AlreadyExists) => read().await,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Operation;
    use crate::domain::ids::CorrelationId;
    use crate::resilience::guard::fakes::rig;
    use futures::executor::block_on;
    use std::cell::{Cell, RefCell};

    fn call() -> Call {
        Call::new(
            Operation::ListProviders,
            CorrelationId::parse("corr0000000001").unwrap(),
        )
    }

    fn resilience() -> (Resilience, Rc<RefCell<Vec<String>>>) {
        let failures = Rc::new(RefCell::new(Vec::new()));
        let sink = failures.clone();
        let r = Resilience::new(
            rig().guard,
            Rc::new(move |call: &Call, e: &BackendError| {
                sink.borrow_mut()
                    .push(format!("{} {e}", call.operation.name()))
            }),
        );
        (r, failures)
    }

    #[test]
    fn a_failed_call_is_retried_and_reported_once() {
        let (r, failures) = resilience();
        let attempts = Cell::new(0);
        let result: Result<()> = block_on(r.run(&call(), |_| {
            attempts.set(attempts.get() + 1);
            async { Err(BackendError::Unavailable { status: 503 }) }
        }));
        assert_eq!(result, Err(BackendError::Unavailable { status: 503 }));
        assert_eq!(attempts.get(), 3);
        assert_eq!(
            failures.borrow().len(),
            1,
            "one record per failed operation, not per attempt"
        );
        assert!(failures.borrow()[0].starts_with("providers.list"));
    }

    #[test]
    fn final_errors_are_not_retried_and_successes_not_reported() {
        let (r, failures) = resilience();
        let attempts = Cell::new(0);
        let result: Result<()> = block_on(r.run(&call(), |_| {
            attempts.set(attempts.get() + 1);
            async { Err(BackendError::NotFound) }
        }));
        assert_eq!((result, attempts.get()), (Err(BackendError::NotFound), 1));
        let ok: Result<u8> = block_on(r.run(&call(), |_| async { Ok(1) }));
        assert_eq!(ok, Ok(1));
        assert_eq!(failures.borrow().len(), 1);
    }

    #[test]
    fn a_create_whose_id_exists_reads_the_record_instead() {
        let read_called = Cell::new(false);
        let result = block_on(create_once(
            async { Err::<u32, _>(BackendError::AlreadyExists) },
            || {
                read_called.set(true);
                async { Ok(42) }
            },
        ));
        assert_eq!(result, Ok(42));
        assert!(read_called.get());
        let other = block_on(create_once(
            async { Err::<u32, _>(BackendError::Forbidden) },
            || async { Ok(1) },
        ));
        assert_eq!(
            other,
            Err(BackendError::Forbidden),
            "only 'already exists' means done"
        );
    }
}
