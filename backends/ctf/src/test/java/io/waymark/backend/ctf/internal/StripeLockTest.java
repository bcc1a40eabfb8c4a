package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stripe's try-lock: held by one thread id at a time; a claim given back twice is given back once. */
class StripeLockTest {

    private static Stripe stripe() {
        return new Stripe(0, 2, 4096, true, packet -> {}, new byte[16], new EventClasses());
    }

    @Test
    void oneHolderAtATime() {
        Stripe stripe = stripe();
        assertTrue(stripe.tryLock(7));
        assertFalse(stripe.tryLock(8), "held by thread 7");
        assertFalse(stripe.tryLock(7), "not re-entrant: a nested event takes another stripe");
        stripe.unlock();
        assertTrue(stripe.tryLock(8));
    }

    @Test
    void givingAClaimBackAgainNeverFreesAnotherThreadsClaim() {
        // thread 7's commit freed the stripe, thread 8 claimed it, then thread 7 (not knowing whether its
        // failed commit freed it) gives its claim back once more
        Stripe stripe = stripe();
        assertTrue(stripe.tryLock(7));
        stripe.unlock();
        assertTrue(stripe.tryLock(8));
        stripe.releaseIfHeldBy(7);
        assertFalse(stripe.tryLock(9), "thread 8 still holds the stripe");
        stripe.releaseIfHeldBy(8);
        assertTrue(stripe.tryLock(9), "its holder gave it back");
    }

    @Test
    void aClaimGivenBackAfterAFailureIsFree() {
        Stripe stripe = stripe();
        assertTrue(stripe.tryLock(7));
        stripe.releaseIfHeldBy(7); // a StackOverflowError before the commit could free it
        assertTrue(stripe.tryLock(8));
    }
}
