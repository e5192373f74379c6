//! Interleaved measurement for benchmarks on machines whose speed swings for
//! seconds at a time: variants run A B C, B C A, C A B, ... so that a slow
//! spell hits all of them alike, and results are medians and ratios, not
//! one-after-another group timings.

use std::time::Duration;

/// Samples of each variant, sorted.
pub struct Samples(
    /// Per variant, its samples in ascending order.
    pub Vec<Vec<Duration>>,
);

/// Runs `rounds` rounds; in each, every variant once, starting from a
/// different variant each round. `run(variant)` returns one sample.
pub fn interleave(
    variants: usize,
    rounds: usize,
    mut run: impl FnMut(usize) -> Duration,
) -> Samples {
    let mut samples = vec![Vec::with_capacity(rounds); variants];
    for round in 0..rounds {
        for offset in 0..variants {
            let variant = (round + offset) % variants;
            samples[variant].push(run(variant));
        }
    }
    for s in &mut samples {
        s.sort();
    }
    Samples(samples)
}

impl Samples {
    /// The median sample of `variant`.
    pub fn median(&self, variant: usize) -> Duration {
        let s = &self.0[variant];
        s[s.len() / 2]
    }

    /// The `p`-th percentile (0-100) of `variant`.
    pub fn percentile(&self, variant: usize, p: usize) -> Duration {
        let s = &self.0[variant];
        s[(s.len() - 1) * p / 100]
    }

    /// median(a) / median(b).
    pub fn ratio(&self, a: usize, b: usize) -> f64 {
        self.median(a).as_secs_f64() / self.median(b).as_secs_f64()
    }
}

/// `1.23 ms`, `45.6 µs`, `789 ns`.
pub fn show(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}
