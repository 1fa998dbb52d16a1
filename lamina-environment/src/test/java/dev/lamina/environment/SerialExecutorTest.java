package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void quickTaskRunsOnTheSubmittingPlatformThread() {
        SerialExecutor serial = new SerialExecutor("t", () -> true);
        List<Thread> ran = new ArrayList<>();

        serial.execute(() -> ran.add(Thread.currentThread()));

        assertThat(ran).containsExactly(Thread.currentThread());
    }

    @Test
    void taskThatMayBlockLeavesAPlatformThreadForAVirtualOne() {
        SerialExecutor serial = new SerialExecutor("t", () -> false);
        List<Thread> ran = Collections.synchronizedList(new ArrayList<>());

        serial.execute(() -> ran.add(Thread.currentThread()));

        await().atMost(WAIT).until(() -> ran.size() == 1);
        assertThat(ran.get(0).isVirtual()).isTrue();
    }

    @Test
    void virtualThreadsRunEvenBlockingTasksThemselves() throws Exception {
        SerialExecutor serial = new SerialExecutor("t", () -> false);
        List<Thread> ran = Collections.synchronizedList(new ArrayList<>());
        Thread submitter = Thread.ofVirtual().start(() -> serial.execute(() -> ran.add(Thread.currentThread())));
        submitter.join();

        assertThat(ran).containsExactly(submitter);
    }

    @Test
    void taskSubmittedByATaskRunsAfterItNotInsideIt() {
        SerialExecutor serial = new SerialExecutor("t", () -> true);
        List<String> order = new ArrayList<>();

        serial.execute(() -> {
            order.add("outer start");
            serial.execute(() -> order.add("inner"));
            order.add("outer end");
        });

        assertThat(order).containsExactly("outer start", "outer end", "inner");
    }

    @Test
    void taskSubmittedWhileAnotherRunsWaitsForItThenRunsInOrder() throws Exception {
        SerialExecutor serial = new SerialExecutor("t", () -> true);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger running = new AtomicInteger();
        Thread first = Thread.ofPlatform().start(() -> serial.execute(() -> {
            running.incrementAndGet();
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add("first");
            running.decrementAndGet();
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            int n = i;
            serial.execute(() -> { // queued: the first task still runs
                if (running.incrementAndGet() > 1) {
                    overlap.set(true);
                }
                order.add("next " + n);
                running.decrementAndGet();
            });
        }
        assertThat(order).isEmpty();
        release.countDown();
        first.join();

        assertThat(order).containsExactly("first", "next 0", "next 1", "next 2");
        assertThat(overlap).isFalse();
    }

    @Test
    void longRunOnAPlatformThreadIsHandedToAVirtualThread() {
        SerialExecutor serial = new SerialExecutor("t", () -> true);
        List<Thread> ran = Collections.synchronizedList(new ArrayList<>());
        serial.execute(() -> {
            for (int i = 0; i < 200; i++) {
                serial.execute(() -> ran.add(Thread.currentThread()));
            }
        });

        await().atMost(WAIT).until(() -> ran.size() == 200);
        assertThat(ran).contains(Thread.currentThread());
        assertThat(ran.get(199).isVirtual()).as("the rest ran on a virtual thread").isTrue();
    }

    @Test
    void inExecutorIsTrueOnlyInsideATask() {
        SerialExecutor serial = new SerialExecutor("t", () -> true);
        List<Boolean> inside = new ArrayList<>();

        serial.execute(() -> inside.add(serial.inExecutor()));

        assertThat(inside).containsExactly(true);
        assertThat(serial.inExecutor()).isFalse();
    }

    @Test
    void afterShutdownTasksAreRefusedAndQueuedOnesStillRun() {
        SerialExecutor serial = new SerialExecutor("t", () -> false);
        AtomicInteger ran = new AtomicInteger();
        serial.execute(ran::incrementAndGet);
        serial.shutdown();

        assertThatThrownBy(() -> serial.execute(ran::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        assertThat(serial.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(1);
    }
}
