package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A platform thread finds its writer in a table by thread id (the ThreadLocal only when its slot is
 * another live thread's): two live threads whose ids share a slot must each write with their own writer.
 */
class PlatformWritersTest {

    private static final EventType TICK = new EventType("platformwriterstest", "tick", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("n", FieldType.INT)));
    private static final int IDENTITY = WireFormat.identityWord(1, 1);

    /** One event on the calling thread: its writer, after the thread id in its header was checked. */
    private static EventWriter emitOne(int n) {
        EventWriter writer = EventWriter.begin(TICK, IDENTITY);
        assertNotNull(writer);
        writer.putInt(n);
        writer.finish();
        writer.release();
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
}
