package io.dora.bench.soak;

import java.time.Duration;

/**
 * How long and how hard a soak runs.
 *
 * @param duration time at the steady rate, after calibration
 * @param loadShare share of the measured capacity to run at (0.7 for 70 %)
 * @param calibration time of the closed-loop run that measures capacity
 * @param sampleInterval time between two samples of both processes' figures
 * @param workers threads that issue calls (the rate decides how busy they are)
 */
public record SoakSettings(Duration duration, double loadShare, Duration calibration, Duration sampleInterval,
		int workers) {

	/** The ten-minute soak of the issue; {@code duration} overrides its length. */
	public static SoakSettings of(Duration duration) {
		Duration sample = (duration.compareTo(Duration.ofMinutes(2)) < 0) ? Duration.ofSeconds(5) : Duration.ofSeconds(15);
		return new SoakSettings(duration, 0.7, Duration.ofSeconds(15), sample, 32);
	}

}
