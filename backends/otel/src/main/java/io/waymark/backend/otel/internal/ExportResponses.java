package io.waymark.backend.otel.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads an {@code ExportLogsServiceResponse} (protobuf) by hand: the one field that matters,
 * {@code partial_success} (1) with {@code rejected_log_records} (1, int64) and {@code error_message}
 * (2, string). Unknown fields are skipped as the protobuf rules say; a body that breaks the wire format
 * is reported as unreadable. No protobuf library: the backend needs no more than this.
 */
final class ExportResponses {

    private ExportResponses() {}

    static ResponseCheckingSenders.Answer read(long generation, byte[] body) {
        if (body == null || body.length == 0) {
            return new ResponseCheckingSenders.Answer(generation, 0, "", false); // an empty message: full success
        }
        try {
            Reader outer = new Reader(body, 0, body.length);
            long rejected = 0;
            String message = "";
            while (outer.more()) {
                long tag = outer.varint();
                if (tag >>> 3 == 1 && (tag & 7) == 2) {
                    int length = outer.length();
                    Reader inner = new Reader(body, outer.at, outer.at + length);
                    outer.at += length;
                    while (inner.more()) {
                        long innerTag = inner.varint();
                        if (innerTag >>> 3 == 1 && (innerTag & 7) == 0) {
                            rejected = inner.varint();
                        } else if (innerTag >>> 3 == 2 && (innerTag & 7) == 2) {
                            int messageLength = inner.length();
                            message = new String(body, inner.at, messageLength, StandardCharsets.UTF_8);
                            inner.at += messageLength;
                        } else {
                            inner.skip(innerTag);
                        }
                    }
                } else {
                    outer.skip(tag);
                }
            }
            return new ResponseCheckingSenders.Answer(generation, rejected, message, false);
        } catch (IllegalStateException e) {
            return new ResponseCheckingSenders.Answer(generation, 0, "", true);
        }
    }

    /** A cursor over protobuf wire format that throws {@link IllegalStateException} at anything malformed. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        int at;

        Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.at = start;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw new IllegalStateException("truncated varint");
                }
                byte b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        int length() {
            long length = varint();
            if (length < 0 || length > end - at) {
                throw new IllegalStateException("length " + length + " runs past the end");
            }
            return (int) length;
        }

        void skip(long tag) {
            if (tag >>> 3 == 0) {
                throw new IllegalStateException("field number 0");
            }
            switch ((int) (tag & 7)) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new IllegalStateException("wire type " + (tag & 7)); // groups are not in OTLP
            }
        }

        private void advance(int count) {
            if (count > end - at) {
                throw new IllegalStateException("field runs past the end");
            }
            at += count;
        }
    }
}
