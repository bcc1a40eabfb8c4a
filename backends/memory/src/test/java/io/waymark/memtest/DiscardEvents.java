package io.waymark.memtest;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.View;
import java.util.function.IntConsumer;

/** Events that sessions lose, for the discard accounting tests. */
@TraceProvider("memtest.discards")
@Stable
public interface DiscardEvents {

    @Tracepoint(id = 1)
    void tick(int emitter, int sequence);

    /** An event whose view accessor may emit this event again, on the same thread, while it is being encoded. */
    @Tracepoint(id = 2)
    void nested(@View(Depth.class) Node node);

    @Tracepoint(id = 3)
    void payload(int sequence, byte[] body);

    /** The view of {@link Node}. */
    interface Depth {
        int level();
    }

    /** A view argument whose accessor runs {@code inside} first (which may emit). */
    final class Node {
        private final int level;
        private final IntConsumer inside;

        public Node(int level, IntConsumer inside) {
            this.level = level;
            this.inside = inside;
        }

        public int level() {
            inside.accept(level);
            return level;
        }
    }
}
