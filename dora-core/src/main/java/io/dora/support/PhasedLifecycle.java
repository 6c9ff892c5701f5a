package io.dora.support;

import org.springframework.context.SmartLifecycle;

/**
 * A {@link SmartLifecycle} in a fixed phase that remembers whether it runs: the part Dora's server bootstrap,
 * Redis registration and discovery have in common. Subclasses start and stop their work and say when it runs.
 */
public abstract class PhasedLifecycle implements SmartLifecycle {

	private final int phase;

	private volatile boolean running;

	/**
	 * @param phase the phase: started in ascending and stopped in descending order of phases
	 * @param running whether it counts as running before {@link #start()}
	 */
	protected PhasedLifecycle(int phase, boolean running) {
		this.phase = phase;
		this.running = running;
	}

	/** Records whether the lifecycle runs, which {@link #isRunning()} reports. */
	protected void setRunning(boolean running) {
		this.running = running;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
