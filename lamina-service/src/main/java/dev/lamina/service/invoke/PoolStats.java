package dev.lamina.service.invoke;

/**
 * A read-only snapshot of the environment pool, for tests, benchmarks and (later) metrics.
 *
 * @param concurrency     invokes admitted and not yet finished (each counts until its environment is free again),
 *                        including those waiting for a start slot
 * @param environments    environments alive: busy or idle (not those being closed)
 * @param busy            environments serving an invoke
 * @param idle            warm environments waiting for an invoke
 * @param starting        start slots in use (environments on their first invoke)
 * @param waitingForStart invokes waiting for a start slot or a warm environment
 * @param created         environments created since start (cold starts)
 * @param reused          invokes served by a warm environment since start
 * @param throttled       invokes refused with 429 since start
 * @param closed          environments closed since start (spun down, retired, broken or at shutdown)
 */
public record PoolStats(int concurrency, int environments, int busy, int idle, int starting, int waitingForStart,
        long created, long reused, long throttled, long closed) {}
