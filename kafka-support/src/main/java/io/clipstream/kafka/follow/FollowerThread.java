package io.clipstream.kafka.follow;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.jboss.logging.Logger;

/**
 * The thread of a topic follower ({@link TopicTail}, the models follower): started once; stopped by a flag, a
 * signal that cuts its retry waits short and a wakeup of the consumer it may be blocked in; alive while it runs.
 */
public final class FollowerThread {

    private static final Logger LOG = Logger.getLogger(FollowerThread.class);

    private final String name;
    private final String description;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Consumer<?, ?> consumer;
    private Thread thread;

    /**
     * @param name        the thread's name
     * @param description what follows what, for the log ("the tail of images.duplicates")
     */
    public FollowerThread(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public synchronized void start(Runnable body) {
        if (thread != null) {
            throw new IllegalStateException(description + " was started already");
        }
        running = true;
        thread = Thread.ofPlatform().name(name).start(body);
    }

    /** True from the start until a stop was asked for. */
    public boolean running() {
        return running;
    }

    /** The consumer the follower reads with now, for a stop to wake it up; null when none is open. */
    public void reading(Consumer<?, ?> current) {
        consumer = current;
    }

    /** Asks the follower to stop and waits for its thread; it does nothing more once this returns (unless it hung). */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        stopSignal.countDown();
        Consumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && !t.join(timeout)) {
            LOG.errorf("%s did not stop within %s", description, timeout);
        }
    }

    /** False only when the thread ended while it should run (it gave up, or died of an error). */
    public boolean threadAlive() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        return t == null || t.isAlive() || !running;
    }

    /** Waits out {@code delay}; false when a stop was asked for meanwhile. */
    public boolean await(Duration delay) throws InterruptedException {
        return !stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** As {@link #await}, for a thread that ends on an interrupt: false then too, the interrupt kept. */
    public boolean pause(Duration delay) {
        try {
            return await(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
