package io.waymark.backend.otel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP logs receiver on 127.0.0.1 inside the test JVM: decodes every request with the official
 * {@code opentelemetry-proto} bindings and answers as told (success, an error status, a partial success,
 * a body that is no OTLP response, slowly).
 */
final class OtlpReceiver implements AutoCloseable {

    enum Answer { OK, BAD_REQUEST, UNAVAILABLE, PARTIAL, GARBAGE }

    private volatile Answer answer = Answer.OK;
    private volatile long delayMillis;
    private volatile long rejectPerRequest;
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
    private final List<ExportLogsServiceRequest> requests = new ArrayList<>();
    private final List<byte[]> rawRequests = new ArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private HttpServer server;
    private int port;

    /** Starts on a free port. */
    static OtlpReceiver start() throws IOException {
        OtlpReceiver receiver = new OtlpReceiver();
        receiver.listen(0);
        return receiver;
    }

    private void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        server.createContext("/v1/logs", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops listening (connections are refused) until {@link #restart()}. */
    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        listen(port);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    void answer(Answer next) {
        this.answer = next;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Holds every request (no answer) until {@link #release()}. */
    void hold() {
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    void rejectPerRequest(long count) {
        this.rejectPerRequest = count;
    }

    /** Log records in requests answered with a full or partial success, less those it rejected. */
    long accepted() {
        return accepted.get();
    }

    /** Log records in every request decoded. */
    long received() {
        return received.get();
    }

    synchronized List<ExportLogsServiceRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized List<byte[]> rawRequests() {
        return List.copyOf(rawRequests);
    }

    /** Every log record received, in order. */
    synchronized List<LogRecord> logRecords() {
        List<LogRecord> all = new ArrayList<>();
        for (ExportLogsServiceRequest request : requests) {
            for (ResourceLogs resource : request.getResourceLogsList()) {
                for (ScopeLogs scope : resource.getScopeLogsList()) {
                    all.addAll(scope.getLogRecordsList());
                }
            }
        }
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
        int count = 0;
        for (ResourceLogs resource : request.getResourceLogsList()) {
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                count += scope.getLogRecordsCount();
            }
        }
        synchronized (this) {
            requests.add(request);
            rawRequests.add(body);
        }
        received.addAndGet(count);
        try {
            gate.await(); // held: the export hangs until the test releases it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer now = answer;
        switch (now) {
            case OK -> {
                accepted.addAndGet(count);
                respond(exchange, 200, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
            }
            case PARTIAL -> {
                long rejected = Math.min(count, rejectPerRequest);
                accepted.addAndGet(count - rejected);
                respond(exchange, 200, ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess
                        .newBuilder().setRejectedLogRecords(rejected).setErrorMessage("too many attributes")).build().toByteArray());
            }
            case GARBAGE -> respond(exchange, 200, "<html>this is no OTLP response</html>".getBytes(StandardCharsets.UTF_8));
            case BAD_REQUEST -> respond(exchange, 400, new byte[0]);
            case UNAVAILABLE -> respond(exchange, 503, new byte[0]);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        release();
        stop();
    }
}
