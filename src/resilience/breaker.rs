//! The circuit breaker: after 5 consecutive retryable failures the backend is
//! left alone for 30 s, then one probe call decides whether to close again.
//!
//! A pure state machine. Time comes in as arguments, and the open →
//! half-open move happens only in [`Breaker::on_timer`], which the owner
//! calls when [`Breaker::next_deadline`] passes: a timer drives it, a late
//! call never does.

use std::time::Duration;

use super::clock::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive retryable failures that open the breaker.
    pub failure_threshold: u32,
    /// How long it stays open before a probe is allowed.
    pub open_for: Duration,
}

impl BreakerConfig {
    pub const STANDARD: BreakerConfig = BreakerConfig {
        failure_threshold: 5,
        open_for: Duration::from_secs(30),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

impl BreakerState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Closed => "closed",
            Self::Open => "open",
            Self::HalfOpen => "half-open",
        }
    }
}

/// A state change, for the Monitor and the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Opened {
        until: Millis,
    },
    HalfOpened,
    Closed,
    /// The probe failed: open again.
    Reopened {
        until: Millis,
    },
}

/// Why a call may not go out now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// Open: the next try is allowed after `retry_in`.
    Open { retry_in: Duration },
    /// Half-open and the one probe is already out.
    ProbeInFlight,
}

/// Permission for one call. Hand it back with the call's outcome.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "report the call's outcome with on_success or on_failure"]
pub struct Permit {
    epoch: u64,
    probe: bool,
}

/// What the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerSnapshot {
    pub state: BreakerState,
    pub consecutive_failures: u32,
    pub threshold: u32,
    pub last_failure: Option<Millis>,
    /// When an open breaker lets a probe through.
    pub half_open_at: Option<Millis>,
    pub probe_in_flight: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Closed { failures: u32 },
    Open { until: Millis },
    HalfOpen { probing: bool },
}

#[derive(Debug, Clone)]
pub struct Breaker {
    config: BreakerConfig,
    phase: Phase,
    /// Bumped on every state change, so outcomes of calls admitted under an
    /// earlier state are recognised and ignored.
    epoch: u64,
    last_failure: Option<Millis>,
}

impl Breaker {
    pub fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            phase: Phase::Closed { failures: 0 },
            epoch: 0,
            last_failure: None,
        }
    }

    /// Asks to make a call now.
    pub fn admit(&mut self, now: Millis) -> Result<Permit, Rejected> {
        match &mut self.phase {
            Phase::Closed { .. } => Ok(Permit {
                epoch: self.epoch,
                probe: false,
            }),
            Phase::Open { until } => Err(Rejected::Open {
                retry_in: until.saturating_sub(now),
            }),
            Phase::HalfOpen { probing: true } => Err(Rejected::ProbeInFlight),
            Phase::HalfOpen { probing } => {
                *probing = true;
                Ok(Permit {
                    epoch: self.epoch,
                    probe: true,
                })
            }
        }
    }

    /// The call answered (any answer that is not a retryable failure).
    pub fn on_success(&mut self, permit: Permit) -> Option<Transition> {
        if permit.epoch != self.epoch {
            return None;
        }
        match self.phase {
            Phase::Closed { .. } => {
                self.phase = Phase::Closed { failures: 0 };
                None
            }
            Phase::HalfOpen { .. } if permit.probe => {
                Some(self.change(Phase::Closed { failures: 0 }, Transition::Closed))
            }
            _ => None,
        }
    }

    /// The call never left the device (it is offline): nothing was learned
    /// about the backend. A probe's slot is freed for the next call.
    pub fn on_not_sent(&mut self, permit: Permit) {
        if permit.epoch == self.epoch && permit.probe {
            self.phase = Phase::HalfOpen { probing: false };
        }
    }

    /// The call failed. `counts` is false for answers that prove the backend
    /// is up (4xx): those close a probe like a success.
    pub fn on_failure(&mut self, permit: Permit, now: Millis, counts: bool) -> Option<Transition> {
        if !counts {
            return self.on_success(permit);
        }
        self.last_failure = Some(now);
        if permit.epoch != self.epoch {
            return None;
        }
        let until = now.plus(self.config.open_for);
        match self.phase {
            Phase::Closed { failures } if failures + 1 >= self.config.failure_threshold => {
                Some(self.change(Phase::Open { until }, Transition::Opened { until }))
            }
            Phase::Closed { failures } => {
                self.phase = Phase::Closed {
                    failures: failures + 1,
                };
                None
            }
            Phase::HalfOpen { .. } if permit.probe => {
                Some(self.change(Phase::Open { until }, Transition::Reopened { until }))
            }
            _ => None,
        }
    }

    /// Called by the owner's timer: an open breaker whose time is up lets
    /// one probe through.
    pub fn on_timer(&mut self, now: Millis) -> Option<Transition> {
        match self.phase {
            Phase::Open { until } if now >= until => {
                Some(self.change(Phase::HalfOpen { probing: false }, Transition::HalfOpened))
            }
            _ => None,
        }
    }

    /// When the owner's timer should next call [`Breaker::on_timer`].
    pub fn next_deadline(&self) -> Option<Millis> {
        match self.phase {
            Phase::Open { until } => Some(until),
            _ => None,
        }
    }

    pub fn snapshot(&self) -> BreakerSnapshot {
        let (state, failures, half_open_at, probe_in_flight) = match self.phase {
            Phase::Closed { failures } => (BreakerState::Closed, failures, None, false),
            Phase::Open { until } => (
                BreakerState::Open,
                self.config.failure_threshold,
                Some(until),
                false,
            ),
            Phase::HalfOpen { probing } => (
                BreakerState::HalfOpen,
                self.config.failure_threshold,
                None,
                probing,
            ),
        };
        BreakerSnapshot {
            state,
            consecutive_failures: failures,
            threshold: self.config.failure_threshold,
            last_failure: self.last_failure,
            half_open_at,
            probe_in_flight,
        }
    }

    fn change(&mut self, phase: Phase, transition: Transition) -> Transition {
        self.phase = phase;
        self.epoch += 1;
        transition
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T0: Millis = Millis(1_000_000);

    fn open_breaker() -> Breaker {
        let mut b = Breaker::new(BreakerConfig::STANDARD);
        for i in 0..5 {
            let p = b.admit(T0).unwrap();
            let t = b.on_failure(p, T0, true);
            assert_eq!(t.is_some(), i == 4);
        }
        b
    }

    #[test]
    fn opens_after_five_consecutive_retryable_failures() {
        let b = open_breaker();
        assert_eq!(b.snapshot().state, BreakerState::Open);
        assert_eq!(b.next_deadline(), Some(T0.plus(Duration::from_secs(30))));
    }

    #[test]
    fn a_success_resets_the_count() {
        let mut b = Breaker::new(BreakerConfig::STANDARD);
        for _ in 0..4 {
            let p = b.admit(T0).unwrap();
            b.on_failure(p, T0, true);
        }
        let p = b.admit(T0).unwrap();
        b.on_success(p);
        let p = b.admit(T0).unwrap();
        assert_eq!(b.on_failure(p, T0, true), None);
        assert_eq!(b.snapshot().consecutive_failures, 1);
    }

    #[test]
    fn client_errors_never_count() {
        let mut b = Breaker::new(BreakerConfig::STANDARD);
        for _ in 0..20 {
            let p = b.admit(T0).unwrap();
            assert_eq!(b.on_failure(p, T0, false), None);
        }
        assert_eq!(b.snapshot().state, BreakerState::Closed);
    }

    #[test]
    fn calls_that_never_left_the_device_change_nothing_and_free_the_probe() {
        let mut b = Breaker::new(BreakerConfig::STANDARD);
        for _ in 0..4 {
            let p = b.admit(T0).unwrap();
            b.on_failure(p, T0, true);
        }
        for _ in 0..10 {
            let p = b.admit(T0).unwrap();
            b.on_not_sent(p);
        }
        assert_eq!(
            b.snapshot().consecutive_failures,
            4,
            "neither counted nor reset"
        );

        let mut b = open_breaker();
        let t = T0.plus(Duration::from_secs(30));
        b.on_timer(t);
        let probe = b.admit(t).unwrap();
        b.on_not_sent(probe);
        assert_eq!(
            b.snapshot().state,
            BreakerState::HalfOpen,
            "still waiting for a real probe"
        );
        let probe = b.admit(t).expect("the next call may probe");
        assert_eq!(b.on_success(probe), Some(Transition::Closed));
    }

    #[test]
    fn open_rejects_with_the_time_left() {
        let mut b = open_breaker();
        let later = T0.plus(Duration::from_secs(12));
        assert_eq!(
            b.admit(later),
            Err(Rejected::Open {
                retry_in: Duration::from_secs(18)
            })
        );
    }

    #[test]
    fn half_open_comes_from_the_timer_not_from_a_late_call() {
        let mut b = open_breaker();
        let after = T0.plus(Duration::from_secs(31));
        assert!(
            b.admit(after).is_err(),
            "a call past the deadline does not half-open the breaker"
        );
        assert_eq!(
            b.on_timer(T0.plus(Duration::from_secs(29))),
            None,
            "an early timer changes nothing"
        );
        assert_eq!(b.on_timer(after), Some(Transition::HalfOpened));
        assert_eq!(b.snapshot().state, BreakerState::HalfOpen);
    }

    #[test]
    fn half_open_lets_exactly_one_probe_through() {
        let mut b = open_breaker();
        let t = T0.plus(Duration::from_secs(30));
        b.on_timer(t);
        let probe = b.admit(t).unwrap();
        assert_eq!(b.admit(t), Err(Rejected::ProbeInFlight));
        assert_eq!(b.admit(t), Err(Rejected::ProbeInFlight));
        assert_eq!(b.on_success(probe), Some(Transition::Closed));
        assert!(b.admit(t).is_ok());
    }

    #[test]
    fn a_failed_probe_reopens_for_another_thirty_seconds() {
        let mut b = open_breaker();
        let t = T0.plus(Duration::from_secs(30));
        b.on_timer(t);
        let probe = b.admit(t).unwrap();
        let until = t.plus(Duration::from_secs(30));
        assert_eq!(
            b.on_failure(probe, t, true),
            Some(Transition::Reopened { until })
        );
        assert_eq!(b.next_deadline(), Some(until));
    }

    #[test]
    fn a_client_error_on_the_probe_closes_the_breaker() {
        let mut b = open_breaker();
        let t = T0.plus(Duration::from_secs(30));
        b.on_timer(t);
        let probe = b.admit(t).unwrap();
        assert_eq!(b.on_failure(probe, t, false), Some(Transition::Closed));
    }

    #[test]
    fn outcomes_of_calls_from_an_earlier_state_are_ignored() {
        let mut b = Breaker::new(BreakerConfig::STANDARD);
        let early = b.admit(T0).unwrap();
        for _ in 0..5 {
            let p = b.admit(T0).unwrap();
            b.on_failure(p, T0, true);
        }
        assert_eq!(
            b.on_success(early),
            None,
            "a slow success does not close an open breaker"
        );
        assert_eq!(b.snapshot().state, BreakerState::Open);
    }

    // ---- Model-based test -------------------------------------------------

    /// A deliberately plain reference model of the same rules.
    #[derive(Debug, Clone, Default)]
    struct Model {
        mode: u8, // 0 closed, 1 open, 2 half-open
        fails: u32,
        open_until: u64,
        probe_out: bool,
        version: u64,
        last_failure: Option<u64>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct ModelPermit {
        version: u64,
        probe: bool,
    }

    impl Model {
        fn admit(&mut self, now: u64) -> Result<ModelPermit, Rejected> {
            if self.mode == 1 {
                return Err(Rejected::Open {
                    retry_in: Duration::from_millis(self.open_until.saturating_sub(now)),
                });
            }
            if self.mode == 2 {
                if self.probe_out {
                    return Err(Rejected::ProbeInFlight);
                }
                self.probe_out = true;
                return Ok(ModelPermit {
                    version: self.version,
                    probe: true,
                });
            }
            Ok(ModelPermit {
                version: self.version,
                probe: false,
            })
        }

        fn finish(
            &mut self,
            p: ModelPermit,
            now: u64,
            failed: bool,
            counts: bool,
        ) -> Option<Transition> {
            let bad = failed && counts;
            if bad {
                self.last_failure = Some(now);
            }
            if p.version != self.version {
                return None;
            }
            match (self.mode, bad, p.probe) {
                (0, false, _) => {
                    self.fails = 0;
                    None
                }
                (0, true, _) => {
                    self.fails += 1;
                    if self.fails >= 5 {
                        self.mode = 1;
                        self.open_until = now + 30_000;
                        self.version += 1;
                        Some(Transition::Opened {
                            until: Millis(self.open_until),
                        })
                    } else {
                        None
                    }
                }
                (2, false, true) => {
                    self.mode = 0;
                    self.fails = 0;
                    self.probe_out = false;
                    self.version += 1;
                    Some(Transition::Closed)
                }
                (2, true, true) => {
                    self.mode = 1;
                    self.open_until = now + 30_000;
                    self.probe_out = false;
                    self.version += 1;
                    Some(Transition::Reopened {
                        until: Millis(self.open_until),
                    })
                }
                _ => None,
            }
        }

        fn timer(&mut self, now: u64) -> Option<Transition> {
            if self.mode == 1 && now >= self.open_until {
                self.mode = 2;
                self.probe_out = false;
                self.version += 1;
                return Some(Transition::HalfOpened);
            }
            None
        }

        fn state(&self) -> BreakerState {
            [
                BreakerState::Closed,
                BreakerState::Open,
                BreakerState::HalfOpen,
            ][self.mode as usize]
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        Call,
        Finish {
            pick: usize,
            failed: bool,
            counts: bool,
        },
        Advance {
            ms: u64,
        },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => Just(Step::Call),
            4 => (any::<usize>(), any::<bool>(), prop::bool::weighted(0.8))
                .prop_map(|(pick, failed, counts)| Step::Finish { pick, failed, counts }),
            2 => prop_oneof![0u64..2_000, 25_000u64..40_000].prop_map(|ms| Step::Advance { ms }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        #[test]
        fn breaker_matches_the_reference_model(steps in prop::collection::vec(step(), 1..80)) {
            let mut breaker = Breaker::new(BreakerConfig::STANDARD);
            let mut model = Model::default();
            let mut now = T0.0;
            let mut permits: Vec<(Permit, ModelPermit)> = Vec::new();
            for step in steps {
                match step {
                    Step::Call => match (breaker.admit(Millis(now)), model.admit(now)) {
                        (Ok(p), Ok(m)) => {
                            prop_assert_eq!(p.probe, m.probe);
                            permits.push((p, m));
                        }
                        (Err(a), Err(b)) => prop_assert_eq!(a, b),
                        (a, b) => prop_assert!(false, "admit diverged: {:?} vs {:?}", a, b),
                    },
                    Step::Finish { pick, failed, counts } => {
                        if permits.is_empty() {
                            continue;
                        }
                        let (p, m) = permits.swap_remove(pick % permits.len());
                        let got = if failed {
                            breaker.on_failure(p, Millis(now), counts)
                        } else {
                            breaker.on_success(p)
                        };
                        prop_assert_eq!(got, model.finish(m, now, failed, counts));
                    }
                    Step::Advance { ms } => {
                        now += ms;
                        // The owner's timer fires when the deadline has passed.
                        let due = breaker.next_deadline().is_some_and(|d| d.0 <= now);
                        let got = if due { breaker.on_timer(Millis(now)) } else { None };
                        let expected = if model.mode == 1 && now >= model.open_until { model.timer(now) } else { None };
                        prop_assert_eq!(got, expected);
                    }
                }
                let snap = breaker.snapshot();
                prop_assert_eq!(snap.state, model.state());
                prop_assert_eq!(snap.last_failure, model.last_failure.map(Millis));
                prop_assert_eq!(snap.probe_in_flight, model.mode == 2 && model.probe_out);
                if model.mode == 0 {
                    prop_assert_eq!(snap.consecutive_failures, model.fails);
                }
                if model.mode == 1 {
                    prop_assert_eq!(snap.half_open_at, Some(Millis(model.open_until)));
                }
            }
        }
    }
}
