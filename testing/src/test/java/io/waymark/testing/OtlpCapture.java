package io.waymark.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A minimal OTLP/HTTP logs receiver on 127.0.0.1 that keeps every log record, decoded with the official bindings. */
final class OtlpCapture implements AutoCloseable {

    private final HttpServer server;
    private final List<LogRecord> records = new ArrayList<>();

    private OtlpCapture() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/logs", exchange -> {
            ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
            synchronized (this) {
                request.getResourceLogsList().forEach(r -> r.getScopeLogsList().forEach(s -> records.addAll(s.getLogRecordsList())));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    static OtlpCapture start() throws IOException {
        return new OtlpCapture();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<LogRecord> logRecords() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
