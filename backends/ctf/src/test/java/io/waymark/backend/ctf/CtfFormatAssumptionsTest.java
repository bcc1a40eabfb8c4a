package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facts about babeltrace2 that issue 14's memory-mapped stream files rely on (design section 13),
 * checked on hand-made CTF 1.8 traces written here byte by byte, independently of the backend: packets
 * whose {@code packet_size} exceeds their {@code content_size} (fixed-size packets, padded with zeros)
 * are read; a hidden {@code .waymark/} directory (the state file) in the trace directory is ignored;
 * zero bytes after the last packet (pre-allocated space a close or recovery failed to cut) are refused.
 * If a babeltrace2 version changes any of these, the on-disk format has to change with it.
 */
class CtfFormatAssumptionsTest {

    private static final UUID TRACE_UUID = UUID.fromString("12345678-1234-5678-1234-567812345678");
    private static final int CLASS_ID = 65536;
    private static final int HEADER = 80;

    @TempDir
    Path dir;

    @BeforeEach
    void needsBabeltrace() {
        Assumptions.assumeTrue(Babeltrace.available(), "babeltrace2 is not installed (.ci/run installs it)");
    }

    @Test
    void packetsPaddedBeyondTheirContentAreRead() throws Exception {
        Path compact = trace("compact", packets(false), new byte[0], false);
        Path padded = trace("padded", packets(true), new byte[0], false);
        List<String> events = read(compact);
        assertEquals(3, events.stream().filter(line -> line.contains("bench:orderPlaced")).count(), String.join("\n", events));
        assertTrue(events.stream().anyMatch(line -> line.contains("orderId = 3") && line.contains("\"SKU-333\"")),
                String.join("\n", events));
        assertTrue(events.stream().anyMatch(line -> line.contains("discarded 5 events")), String.join("\n", events));
        assertEquals(events, read(padded), "4096-byte packets holding 122 and 111 bytes read as compact ones");
    }

    @Test
    void aHiddenStateDirectoryInTheTraceIsIgnored() throws Exception {
        Path plain = trace("plain", packets(true), new byte[0], false);
        Path withState = trace("with-state", packets(true), new byte[0], true);
        assertTrue(Files.isRegularFile(withState.resolve(".waymark/state")));
        assertEquals(read(plain), read(withState));
    }

    @Test
    void zerosAfterTheLastPacketAreRefused() throws Exception {
        Path trailing = trace("trailing", packets(true), new byte[8192], true);
        Process process = new ProcessBuilder("babeltrace2", trailing.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("magic"), "refused for the packet magic of the zeros: " + output);
    }

    /** babeltrace2's output with the trace's directory (named in its warnings) replaced by {@code TRACE}. */
    private static List<String> read(Path trace) throws IOException, InterruptedException {
        return Babeltrace.read(trace).stream().map(line -> line.replace(trace.toString(), "TRACE")).toList();
    }

    /** Two packets of one stream: events 1 and 2, then event 3 with 5 events discarded before it. */
    private static byte[] packets(boolean padded) {
        byte[] first = packet(0, 1000, 2000, 0, padded, event(1000, 7, 1, "SKU-1"), event(2000, 8, 2, "SKU-22"));
        byte[] second = packet(1, 2000, 3000, 5, padded, event(3000, 7, 3, "SKU-333"));
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }

    private static byte[] event(long timestamp, long threadId, long orderId, String sku) {
        byte[] text = sku.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 8 + 8 + 2 + 2 + 8 + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(CLASS_ID).putLong(timestamp).putLong(threadId).putShort((short) 1).putShort((short) 0)
                .putLong(orderId).putInt(text.length).put(text).array();
    }

    private static byte[] packet(long sequence, long begin, long end, long discarded, boolean padded, byte[]... events) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] event : events) {
            body.writeBytes(event);
        }
        int content = HEADER + body.size();
        int size = padded ? 4096 : content;
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xC1FC1FC1).putLong(Long.reverseBytes(TRACE_UUID.getMostSignificantBits()))
                .putLong(Long.reverseBytes(TRACE_UUID.getLeastSignificantBits())) // uuid bytes in their own order
                .putInt(0).putLong(0)
                .putLong(begin).putLong(end).putLong(content * 8L).putLong(size * 8L).putLong(sequence).putLong(discarded)
                .put(body.toByteArray()).array(); // the rest stays zero: padding
    }

    private Path trace(String name, byte[] stream, byte[] trailing, boolean hiddenState) throws IOException {
        Path trace = Files.createDirectories(dir.resolve(name));
        Files.writeString(trace.resolve("metadata"), metadata());
        Files.write(trace.resolve("stream_0"), ByteBuffer.allocate(stream.length + trailing.length).put(stream).put(trailing).array());
        if (hiddenState) {
            byte[] state = new byte[128];
            System.arraycopy("WMKSTATE".getBytes(StandardCharsets.US_ASCII), 0, state, 0, 8);
            Arrays.fill(state, 8, state.length, (byte) 0xff);
            Files.write(Files.createDirectories(trace.resolve(".waymark")).resolve("state"), state);
        }
        return trace;
    }

    private static String metadata() {
        return """
                /* CTF 1.8 */

                typealias integer { size = 8; align = 8; signed = false; } := uint8_t;
                typealias integer { size = 16; align = 8; signed = false; byte_order = le; } := uint16_t;
                typealias integer { size = 32; align = 8; signed = false; byte_order = le; } := uint32_t;
                typealias integer { size = 64; align = 8; signed = false; byte_order = le; } := uint64_t;

                trace {
                	major = 1;
                	minor = 8;
                	uuid = "%s";
                	byte_order = le;
                	packet.header := struct {
                		integer { size = 32; align = 8; signed = false; byte_order = le; base = hex; } magic;
                		uint8_t uuid[16];
                		uint32_t stream_id;
                		uint64_t stream_instance_id;
                	};
                };

                env {
                	hostname = "h";
                	trace_name = "t";
                };

                clock {
                	name = waymark_monotonic;
                	freq = 1000000000;
                	offset_s = 1700000000;
                	offset = 0;
                	absolute = FALSE;
                };

                typealias integer { size = 64; align = 8; signed = false; byte_order = le; map = clock.waymark_monotonic.value; } := waymark_clock_t;

                stream {
                	id = 0;
                	packet.context := struct {
                		waymark_clock_t timestamp_begin;
                		waymark_clock_t timestamp_end;
                		uint64_t content_size;
                		uint64_t packet_size;
                		uint64_t packet_seq_num;
                		uint64_t events_discarded;
                	};
                	event.header := struct {
                		uint32_t id;
                		waymark_clock_t timestamp;
                	};
                	event.context := struct {
                		integer { size = 64; align = 8; signed = true; byte_order = le; } tid;
                		uint16_t schema_version;
                		uint16_t flags;
                	};
                };

                event {
                	name = "bench:orderPlaced";
                	id = %d;
                	stream_id = 0;
                	fields := struct {
                		integer { size = 64; align = 8; signed = true; byte_order = le; } orderId;
                		uint32_t _sku_length;
                		integer { size = 8; align = 8; signed = false; encoding = UTF8; } sku[_sku_length];
                	};
                };
                """.formatted(TRACE_UUID, CLASS_ID);
    }
}
