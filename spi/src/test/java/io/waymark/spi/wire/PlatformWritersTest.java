package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A platform thread finds its writer in a table by thread id of weak references (the ThreadLocal only when its
 * slot is another thread's): two live threads whose ids share a slot must each write with their own writer, and
 * an ended thread's writer, and the thread, must not be kept reachable by the table.
 */
class PlatformWritersTest {

    private static final EventType TICK = new EventType("platformwriterstest", "tick", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("n", FieldType.INT)));
    private static final int IDENTITY = WireFormat.identityWord(1, 1);

    /** One event on the calling thread: its writer, after the thread id in its header was checked. */
    private static EventWriter emitOne(int n) {
        EventWriter writer = ThreadWriters.begin(TICK, IDENTITY);
        assertNotNull(writer);
        writer.putInt(n);
        ThreadWriters.finish(writer);
        ThreadWriters.giveBack(writer);
        assertEquals(Thread.currentThread().getId(), writer.threadId(), "the record's thread");
        return writer;
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    void twoLiveThreadsWhoseIdsShareATableSlotEachWriteWithTheirOwnWriter() throws Exception {
        AtomicReference<EventWriter> firstWriter = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                firstWriter.set(emitOne(1)); // takes the slot
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                firstDone.countDown();
            }
            try {
                end.await(); // alive while the second thread emits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "first");
        first.start();
        firstDone.await();
        try {
            Thread second = null;
            for (int i = 0; i < 4096 && second == null; i++) { // ids are handed out in order: one shares the slot soon
                Thread candidate = new Thread(() -> {
                    try {
                        for (int n = 0; n < 3; n++) { // first event through the ThreadLocal, the next ones too
                            assertNotSame(firstWriter.get(), emitOne(n), "the other thread's writer");
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }, "second");
                if (candidate.getId() != first.getId() && ((candidate.getId() - first.getId()) & 1023) == 0) {
                    second = candidate;
                }
            }
            assertNotNull(second, "no thread id shared the first thread's slot");
            second.start();
            second.join();
        } finally {
            end.countDown();
            first.join();
        }
        assertNull(failure.get(), () -> "failed: " + failure.get());
    }

    @Test
    void anEndedThreadsWriterAndTheThreadAreNotKeptReachable() throws Exception {
        AtomicReference<WeakReference<EventWriter>> writer = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                emitOne(1);
                writer.set(new WeakReference<>(emitOne(2))); // the second event found the writer in the table
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ended");
        thread.start();
        thread.join();
        assertNull(failure.get(), () -> "failed: " + failure.get());
        WeakReference<Thread> ended = new WeakReference<>(thread);
        thread = null;
        // what an application server's redeploy needs: nothing of Waymark's keeps the thread (and its context
        // class loader) or its writer alive once the thread ended; the collector decides when, so ask a few times
        for (int i = 0; i < 50 && (writer.get().get() != null || ended.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(writer.get().get() == null, "the ended thread's writer was collected");
        assertTrue(ended.get() == null, "the ended thread was collected");
    }
}
