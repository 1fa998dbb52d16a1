package dev.lamina.environment;

import dev.lamina.environment.EnvironmentState.Idle;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes an idle environment's processes (contract §4.4, D40) and thaws them before anything is released to them.
 *
 * <p>Owns whether the processes are frozen, when the environment last became idle, its one pending freeze timer and
 * the freeze generation (a telemetry flush that completes after the environment was thawed again freezes nothing).
 * Confined to the environment's serial executor. The freeze timer fires on the shared event loops and submits from a
 * new virtual thread (a cgroup freeze polls until frozen: never on an event loop), so {@link #freezeNow} and the
 * thaws run on the serial thread, after the replies that led to them and before any parked request is completed.
 */
final class IdleFreezer {
    private static final Logger LOG = LoggerFactory.getLogger(IdleFreezer.class);
    /** How long an idle environment waits for its telemetry to be delivered before it is frozen. */
    private static final Duration FLUSH_BEFORE_FREEZE = Duration.ofSeconds(2);
    /**
     * How long an environment stays thawed once everything is parked after an invoke (or an init without one):
     * back-to-back invokes then skip the freeze and the thaw (D40).
     */
    static final Duration FREEZE_AFTER_IDLE = Duration.ofMillis(50);

    private final LocalEnvironment env;
    private final Freezer freezer;
    private final Ticker ticker;
    private final EnvironmentEvents events;
    private boolean frozen;
    private long generation;
    /** When the environment last became idle ({@link Ticker} nanos), and its one pending freeze timer. */
    private long idleSinceNanos;
    private ScheduledFuture<?> timer;

    IdleFreezer(LocalEnvironment env, Freezer freezer, Ticker ticker, EnvironmentEvents events) {
        this.env = env;
        this.freezer = freezer;
        this.ticker = ticker;
        this.events = events;
    }

    boolean frozen() {
        return frozen;
    }

    /**
     * Everything is parked and nothing waits: freeze once the environment has stayed idle for
     * {@link #FREEZE_AFTER_IDLE} (D40). One timer at a time: an invoke that comes back within the delay finds the
     * processes running (its thaw is a no-op) and re-arms nothing; the timer re-checks when it fires.
     */
    void freezeWhenIdle() {
        idleSinceNanos = ticker.nanos();
        if (timer == null && !frozen) {
            arm(FREEZE_AFTER_IDLE.toNanos());
        }
    }

    private void arm(long delayNanos) {
        timer = env.scheduleOffLoop(Duration.ofNanos(delayNanos), () -> {
            timer = null;
            if (env.run != null || !(env.lifecycle.state() instanceof Idle)) {
                return; // busy again: the end of that invoke arms a new timer
            }
            long left = FREEZE_AFTER_IDLE.toNanos() - (ticker.nanos() - idleSinceNanos);
            if (left > 0) {
                arm(left); // an invoke ran in between: wait out the rest of its idle period
            } else {
                freezeIfIdle();
            }
        });
    }

    /** Freeze now (after the telemetry is delivered); the replies that led here were already written. */
    private void freezeIfIdle() {
        if (!frozen && idle() && events.hasSubscribers()) {
            long g = ++generation; // deliver the telemetry first: a frozen subscriber cannot take it
            events.flush(FLUSH_BEFORE_FREEZE).whenComplete((ok, e) -> env.offLoop(() -> {
                if (g == generation) {
                    freezeNow();
                }
            }));
            return;
        }
        freezeNow();
    }

    private void freezeNow() {
        if (!frozen && idle()) {
            try {
                freezer.freeze(env.session, env.processes());
                frozen = true;
            } catch (IOException | RuntimeException e) {
                LOG.warn("environment {}: cannot freeze: {}", env.id(), e.toString());
            }
        }
    }

    private boolean idle() {
        return env.run == null && env.lifecycle.state() instanceof Idle && env.session != null;
    }

    /** Thaw before anything is released to a parked process, and before shutdown. */
    void thaw() {
        if (frozen) {
            frozen = false;
            try {
                freezer.thaw(env.session, env.processes());
            } catch (IOException | RuntimeException e) {
                LOG.error("environment {}: cannot thaw: {}", env.id(), e.toString());
            }
        }
    }
}
