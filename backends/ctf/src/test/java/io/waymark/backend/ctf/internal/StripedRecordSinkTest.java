package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.WireFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sink over a backend's stripes: which stripe a thread claims, and nothing claimed once detached. */
class StripedRecordSinkTest {

    private static final EventType TYPE = new EventType("sinktest", "tick", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("n", FieldType.INT)));

    private static Stripe[] stripes(int count) {
        Stripe[] stripes = new Stripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe(i, 2, 4096, true, packet -> {}, new byte[16], new EventClasses());
        }
        return stripes;
    }

    @Test
    void theStripeCountMustBeAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StripedRecordSink.over(stripes(3)));
        assertTrue(e.getMessage().contains("3 is not a power of two"), e.getMessage());
    }

    @Test
    void eachWriterMustBeItsStripesOwn() {
        Stripe[] stripes = stripes(2);
        EventWriter[] swapped = {stripes[1].writer(), stripes[0].writer()};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StripedRecordSink(stripes, swapped, 1, new long[StripedRecordSink.STEP_SLOTS]));
        assertTrue(e.getMessage().contains("writers[0] is not the writer of stripes[0]"), e.getMessage());
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    void aThreadClaimsItsHomeStripeOrTheNextFreeOneWithThatStripesWriter() {
        Stripe[] stripes = stripes(4);
        StripedRecordSink sink = StripedRecordSink.over(stripes);
        int home = StripedRecordSink.home(Thread.currentThread().getId(), sink.mask());
        int identity = WireFormat.identityWord(1, TYPE.id());

        EventWriter first = sink.claim(TYPE, identity, 1L);
        assertSame(stripes[home].writer(), first);
        EventWriter second = sink.claim(TYPE, identity, 2L); // the home stripe is held (by this thread): the next one
        assertSame(stripes[(home + 1) & 3].writer(), second);
        second.putInt(2);
        stripes[(home + 1) & 3].commit(second);
        first.putInt(1);
        stripes[home].commit(first);
        assertSame(stripes[(home + 1) & 3].writer(), sink.claim(TYPE, identity, 3L),
                "both free again: the thread starts at the stripe it last stepped to, not where another thread may be");
        stripes[(home + 1) & 3].abort(stripes[(home + 1) & 3].writer());
        assertEquals((home + 1) & 3, sink.first(Thread.currentThread().getId()));
        assertEquals(home, sink.first(Thread.currentThread().getId() + StripedRecordSink.STEP_SLOTS),
                "a thread whose id shares the slot is not taken for this one: it starts at its own home");
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    void twoThreadsWhoseIdsNameOneStripeSettleOnTwo() throws Exception {
        Stripe[] stripes = stripes(4);
        StripedRecordSink sink = StripedRecordSink.over(stripes);
        int identity = WireFormat.identityWord(1, TYPE.id());
        int home = StripedRecordSink.home(Thread.currentThread().getId(), sink.mask());
        java.util.concurrent.atomic.AtomicReference<EventWriter> claimed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other;
        do { // a thread whose id names this thread's home stripe (one in four does)
            other = new Thread(() -> claimed.set(sink.claim(TYPE, identity, 5L)));
        } while (StripedRecordSink.home(other.getId(), sink.mask()) != home);

        EventWriter mine = sink.claim(TYPE, identity, 4L); // holds the shared home stripe
        assertSame(stripes[home].writer(), mine);
        other.start();
        other.join();
        assertSame(stripes[(home + 1) & 3].writer(), claimed.get(), "the other thread met it busy and stepped on");
        stripes[(home + 1) & 3].abort(claimed.get());
        stripes[home].abort(mine);
        assertEquals((home + 1) & 3, sink.first(other.getId()), "it starts there from now on, off the shared stripe");
        assertEquals(home, sink.first(Thread.currentThread().getId()), "this thread keeps its home");
    }

    @Test
    void aClosedStripeTakesNoEventEvenWithRoomLeftInItsPacket() {
        Stripe[] stripes = stripes(1);
        StripedRecordSink sink = StripedRecordSink.over(stripes);
        int identity = WireFormat.identityWord(1, TYPE.id());
        EventWriter writer = sink.claim(TYPE, identity, 1L); // opens a packet with room for many more
        writer.putInt(1);
        writer.finish(); // commits it to the stripe, as Probe.commit does
        stripes[0].lock();
        stripes[0].close();
        stripes[0].unlock();
        assertNull(sink.claim(TYPE, identity, 2L), "closed: a late event");
        assertTrue(stripes[0].tryLock(), "the refused claim gave the stripe back");
        stripes[0].unlock();
        assertEquals(0, stripes[0].discardedEvents(), "a late event is not counted");
        stripes[0].lock();
        byte[] stream = stripes[0].snapshot();
        stripes[0].unlock();
        assertEquals(CtfLayout.PACKET_HEADER_SIZE + CtfLayout.EVENT_HEADER_SIZE + 4,
                stream.length, "the packet holds the one event before the close");
    }

    @Test
    void aClaimThatMeetsALiveStripeWithTheStubsWriterMidDetachFailsAndFreesTheStripe() {
        Stripe[] stripes = stripes(1);
        StripedRecordSink sink = StripedRecordSink.over(stripes);
        sink.writers()[0] = Stripe.closedStub().writer(); // what a claim may see while detach() replaces the arrays
        long dropped = EventWriter.droppedEvents();
        assertNull(EventWriter.claim(sink, TYPE, WireFormat.identityWord(1, TYPE.id())), "nothing is written");
        assertEquals(dropped + 1, EventWriter.droppedEvents(), "the failed claim is counted");
        assertTrue(stripes[0].tryLock(), "the stripe was given back");
        stripes[0].unlock();
    }

    @Test
    void onceDetachedNoStripeIsClaimedAndNoneIsReachable() {
        Stripe[] stripes = stripes(2);
        StripedRecordSink sink = StripedRecordSink.over(stripes);
        assertNotNull(sink.claim(TYPE, WireFormat.identityWord(1, TYPE.id()), 1L));
        stripes[0].unlock();
        stripes[1].unlock();
        sink.detach();
        assertNull(sink.claim(TYPE, WireFormat.identityWord(1, TYPE.id()), 2L), "a late event finds no room");
        assertNull(sink.claim(TYPE, WireFormat.identityWord(1, TYPE.id()), 3L), "nor does the one after it");
        for (int i = 0; i < 2; i++) {
            Stripe held = sink.stripes()[i];
            assertFalse(List.of(stripes).contains(held), "no stripe of the backend is reachable");
            assertSame(held.writer(), sink.writers()[i], "each slot holds the stub's own writer");
            assertTrue(held.tryLock(), "a late claim gave the stub back");
            held.unlock();
        }
        assertEquals(0, stripes[0].discardedEvents() + stripes[1].discardedEvents(), "a late event is not counted");
        assertEquals(0, sink.stripes()[0].discardedEvents(), "not even by the stub");
    }
}
