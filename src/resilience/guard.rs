//! The guard around every backend call: the circuit breaker admits the call,
//! failures are retried per the policy (backoff, `Retry-After`), and the
//! breaker's open → half-open move is put on a timer the moment it opens.

use std::cell::RefCell;
use std::future::Future;
use std::rc::{Rc, Weak};

use super::breaker::{Breaker, BreakerConfig, BreakerSnapshot, Permit, Rejected, Transition};
use super::clock::{Clock, Random, Scheduler, Sleeper};
use super::retry::{Decision, Failure, RetryPolicy};

pub type TransitionListener = Rc<dyn Fn(Transition, BreakerSnapshot)>;

/// What the guard is given.
pub struct GuardDeps {
    pub clock: Rc<dyn Clock>,
    pub sleeper: Rc<dyn Sleeper>,
    pub scheduler: Rc<dyn Scheduler>,
    pub random: Rc<dyn Random>,
}

pub struct Guard {
    policy: RetryPolicy,
    breaker: RefCell<Breaker>,
    deps: GuardDeps,
    listeners: RefCell<Vec<TransitionListener>>,
    this: Weak<Guard>,
}

impl Guard {
    pub fn new(policy: RetryPolicy, breaker: BreakerConfig, deps: GuardDeps) -> Rc<Self> {
        Rc::new_cyclic(|this| Guard {
            policy,
            breaker: RefCell::new(Breaker::new(breaker)),
            deps,
            listeners: RefCell::new(Vec::new()),
            this: this.clone(),
        })
    }

    /// Calls `on_change` with every breaker transition.
    pub fn on_transition(&self, on_change: TransitionListener) {
        self.listeners.borrow_mut().push(on_change);
    }

    pub fn snapshot(&self) -> BreakerSnapshot {
        self.breaker.borrow().snapshot()
    }

    /// Runs `call(attempt)` (attempt is 1-based) under the breaker and the
    /// retry policy. A breaker that refuses the call ends it with `E::from`.
    pub async fn run<T, E, F, Fut>(&self, mut call: F) -> Result<T, E>
    where
        E: Failure + From<Rejected>,
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut attempt = 1;
        loop {
            let permit = self.admit().map_err(E::from)?;
            match call(attempt).await {
                Ok(value) => {
                    self.finish(permit, None);
                    return Ok(value);
                }
                Err(error) if !error.was_sent() => {
                    self.breaker.borrow_mut().on_not_sent(permit);
                    return Err(error);
                }
                Err(error) => {
                    self.finish(permit, Some(error.is_retryable()));
                    match self
                        .policy
                        .after_failure(attempt, &error, self.deps.random.unit())
                    {
                        Decision::GiveUp => return Err(error),
                        Decision::RetryAfter(wait) => self.deps.sleeper.sleep(wait).await,
                    }
                    attempt += 1;
                }
            }
        }
    }

    fn admit(&self) -> Result<Permit, Rejected> {
        self.breaker.borrow_mut().admit(self.deps.clock.now())
    }

    /// `failed` is `None` on success, `Some(counts)` on failure.
    fn finish(&self, permit: Permit, failed: Option<bool>) {
        let now = self.deps.clock.now();
        let transition = {
            let mut breaker = self.breaker.borrow_mut();
            match failed {
                None => breaker.on_success(permit),
                Some(counts) => breaker.on_failure(permit, now, counts),
            }
        };
        if let Some(t) = transition {
            self.announce(t);
        }
    }

    /// The timer's callback: an open breaker whose time is up half-opens.
    fn tick(&self) {
        let transition = self.breaker.borrow_mut().on_timer(self.deps.clock.now());
        if let Some(t) = transition {
            self.announce(t);
        }
    }

    fn announce(&self, transition: Transition) {
        if let Some(deadline) = self.breaker.borrow().next_deadline() {
            let wait = deadline.saturating_sub(self.deps.clock.now());
            let this = self.this.clone();
            self.deps.scheduler.schedule(
                wait,
                Box::new(move || {
                    if let Some(guard) = this.upgrade() {
                        guard.tick();
                    }
                }),
            );
        }
        let snapshot = self.snapshot();
        let listeners = self.listeners.borrow().clone();
        for listener in listeners {
            listener(transition, snapshot);
        }
    }
}

#[cfg(test)]
pub(crate) mod fakes {
    use super::*;
    use crate::resilience::clock::{ManualClock, Millis, SleepFuture};
    use std::cell::Cell;
    use std::time::Duration;

    /// Sleeps that return at once after moving the manual clock, recording
    /// every wait.
    pub struct RecordingSleeper {
        pub clock: ManualClock,
        pub waits: RefCell<Vec<Duration>>,
    }

    impl Sleeper for RecordingSleeper {
        fn sleep(&self, duration: Duration) -> SleepFuture {
            self.waits.borrow_mut().push(duration);
            self.clock.advance(duration);
            Box::pin(async {})
        }
    }

    type Task = (Millis, Box<dyn FnOnce()>);

    /// Keeps scheduled tasks until the test runs the due ones.
    #[derive(Default)]
    pub struct ManualScheduler {
        pub tasks: RefCell<Vec<Task>>,
        pub clock: ManualClock,
    }

    impl ManualScheduler {
        pub fn run_due(&self) {
            let now = self.clock.now();
            let due: Vec<_> = {
                let mut tasks = self.tasks.borrow_mut();
                let (due, later): (Vec<_>, Vec<_>) =
                    tasks.drain(..).partition(|(at, _)| *at <= now);
                *tasks = later;
                due
            };
            for (_, task) in due {
                task();
            }
        }
    }

    impl Scheduler for ManualScheduler {
        fn schedule(&self, after: Duration, task: Box<dyn FnOnce()>) {
            let at = self.clock.now().plus(after);
            self.tasks.borrow_mut().push((at, task));
        }
    }

    pub struct FixedRandom(pub Cell<f64>);

    impl Random for FixedRandom {
        fn unit(&self) -> f64 {
            self.0.get()
        }
    }

    pub struct Rig {
        pub guard: Rc<Guard>,
        pub clock: ManualClock,
        pub sleeper: Rc<RecordingSleeper>,
        pub scheduler: Rc<ManualScheduler>,
    }

    pub fn rig() -> Rig {
        let clock = ManualClock::starting_at(1_000_000);
        let sleeper = Rc::new(RecordingSleeper {
            clock: clock.clone(),
            waits: RefCell::new(Vec::new()),
        });
        let scheduler = Rc::new(ManualScheduler {
            tasks: RefCell::new(Vec::new()),
            clock: clock.clone(),
        });
        let guard = Guard::new(
            RetryPolicy::STANDARD,
            BreakerConfig::STANDARD,
            GuardDeps {
                clock: Rc::new(clock.clone()),
                sleeper: sleeper.clone(),
                scheduler: scheduler.clone(),
                random: Rc::new(FixedRandom(Cell::new(0.5))),
            },
        );
        Rig {
            guard,
            clock,
            sleeper,
            scheduler,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fakes::*;
    use super::*;
    use crate::resilience::breaker::BreakerState;
    use crate::resilience::retry::fakes::{FINAL, TRANSIENT, TestFailure};
    use futures::executor::block_on;
    use proptest::prelude::*;
    use std::cell::Cell;
    use std::time::Duration;

    #[derive(Debug, PartialEq)]
    enum TestError {
        Call(TestFailure),
        Refused(Rejected),
    }

    impl Failure for TestError {
        fn is_retryable(&self) -> bool {
            matches!(self, TestError::Call(f) if f.retryable)
        }
        fn retry_after(&self) -> Option<Duration> {
            match self {
                TestError::Call(f) => f.retry_after,
                TestError::Refused(_) => None,
            }
        }
    }

    impl From<Rejected> for TestError {
        fn from(r: Rejected) -> Self {
            TestError::Refused(r)
        }
    }

    /// Runs one guarded call whose attempts answer from `answers` in order.
    fn call(rig: &Rig, answers: &[Result<u32, TestFailure>]) -> (Result<u32, TestError>, u32) {
        let calls = Cell::new(0);
        let result = block_on(rig.guard.run(|attempt| {
            calls.set(calls.get() + 1);
            assert_eq!(attempt, calls.get());
            let answer = answers[(attempt - 1) as usize].map_err(TestError::Call);
            async move { answer }
        }));
        (result, calls.get())
    }

    #[test]
    fn a_call_that_fails_twice_then_succeeds_waits_300_then_600_ms() {
        let rig = rig();
        let (result, calls) = call(&rig, &[Err(TRANSIENT), Err(TRANSIENT), Ok(7)]);
        assert_eq!(result, Ok(7));
        assert_eq!(calls, 3);
        assert_eq!(
            *rig.sleeper.waits.borrow(),
            [Duration::from_millis(300), Duration::from_millis(600)]
        );
    }

    #[test]
    fn rate_limit_advice_sets_the_wait() {
        let rig = rig();
        let limited = TestFailure {
            retryable: true,
            retry_after: Some(Duration::from_secs(2)),
        };
        let (result, _) = call(&rig, &[Err(limited), Ok(1)]);
        assert_eq!(result, Ok(1));
        assert_eq!(*rig.sleeper.waits.borrow(), [Duration::from_secs(2)]);
    }

    #[test]
    fn the_breaker_opens_and_a_timer_half_opens_it() {
        let rig = rig();
        let events = Rc::new(RefCell::new(Vec::new()));
        let seen = events.clone();
        rig.guard
            .on_transition(Rc::new(move |t, _| seen.borrow_mut().push(t)));
        // Two calls of three failed attempts: the fifth failure opens it.
        let (first, _) = call(&rig, &[Err(TRANSIENT), Err(TRANSIENT), Err(TRANSIENT)]);
        assert_eq!(first, Err(TestError::Call(TRANSIENT)));
        let (second, calls) = call(&rig, &[Err(TRANSIENT), Err(TRANSIENT), Err(TRANSIENT)]);
        assert_eq!(calls, 2, "the third attempt is refused by the open breaker");
        assert!(matches!(
            second,
            Err(TestError::Refused(Rejected::Open { .. }))
        ));
        assert!(matches!(events.borrow()[0], Transition::Opened { .. }));
        assert_eq!(rig.guard.snapshot().state, BreakerState::Open);

        rig.clock.advance(Duration::from_secs(29));
        rig.scheduler.run_due();
        assert_eq!(
            rig.guard.snapshot().state,
            BreakerState::Open,
            "not before 30 s"
        );
        rig.clock.advance(Duration::from_secs(2));
        rig.scheduler.run_due();
        assert_eq!(
            rig.guard.snapshot().state,
            BreakerState::HalfOpen,
            "the timer moved it, no call needed"
        );
        assert_eq!(events.borrow()[1], Transition::HalfOpened);

        let (probe, calls) = call(&rig, &[Ok(5)]);
        assert_eq!((probe, calls), (Ok(5), 1));
        assert_eq!(events.borrow()[2], Transition::Closed);
    }

    fn answer() -> impl Strategy<Value = Result<u32, TestFailure>> {
        prop_oneof![
            any::<u32>().prop_map(Ok),
            (any::<bool>(), prop::option::of(0u64..5)).prop_map(|(retryable, secs)| Err(
                TestFailure {
                    retryable,
                    retry_after: secs.map(Duration::from_secs)
                }
            )),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn calls_stop_at_success_a_final_error_or_the_attempt_limit(
            answers in prop::collection::vec(answer(), 3),
        ) {
            let rig = rig();
            let (result, calls) = call(&rig, &answers);
            let limit = RetryPolicy::STANDARD.max_attempts as usize;
            let expected_calls = answers
                .iter()
                .position(|a| a.is_ok() || a.as_ref().is_err_and(|f| !f.retryable))
                .map_or(limit, |i| i + 1)
                .min(limit);
            prop_assert_eq!(calls as usize, expected_calls);
            prop_assert_eq!(result, answers[expected_calls - 1].map_err(TestError::Call));
            prop_assert_eq!(rig.sleeper.waits.borrow().len(), expected_calls - 1);
        }

        #[test]
        fn every_retryable_error_uses_all_attempts_and_a_final_one_only_one(retryable in any::<bool>()) {
            let rig = rig();
            let failure = if retryable { TRANSIENT } else { FINAL };
            let (_, calls) = call(&rig, &[Err(failure), Err(failure), Err(failure)]);
            prop_assert_eq!(calls, if retryable { RetryPolicy::STANDARD.max_attempts } else { 1 });
        }
    }
}
