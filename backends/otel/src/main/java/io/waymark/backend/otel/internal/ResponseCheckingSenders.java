package io.waymark.backend.otel.internal;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lets the backend read the collector's answer, which the SDK's OTLP/HTTP exporter does not: it calls
 * any 2xx a success, so a partial success ({@code ExportLogsPartialSuccess.rejected_log_records}) or a
 * body that is no OTLP response would pass unseen. This component loader hands the exporter a sender
 * provider that wraps the JDK HTTP client sender; the wrapper parses each 2xx answer's body before the
 * exporter sees it and records what it found in the {@link ExportAnswers} of the request, which the
 * export thread reads once the export completed.
 */
public final class ResponseCheckingSenders implements ComponentLoader {

    private final ComponentLoader delegate;
    private final ExportAnswers answers;

    public ResponseCheckingSenders(ClassLoader classLoader, ExportAnswers answers) {
        this.delegate = ComponentLoader.forClassLoader(classLoader);
        this.answers = answers;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Iterable<T> load(Class<T> spiClass) {
        if (spiClass != HttpSenderProvider.class) {
            return delegate.load(spiClass);
        }
        HttpSenderProvider jdk = null;
        for (T provider : delegate.load(spiClass)) {
            HttpSenderProvider candidate = (HttpSenderProvider) provider;
            if (jdk == null || candidate.getClass().getName().contains(".jdk.")) {
                jdk = candidate; // the JDK sender when present: this backend ships it and excludes OkHttp
            }
        }
        if (jdk == null) {
            return List.of();
        }
        HttpSenderProvider wrapped = jdk;
        return (Iterable<T>) List.of((HttpSenderProvider) config -> new CheckingSender(wrapped.createSender(config), answers));
    }

    /** The answers of the exports in flight, by the generation the export thread set before it exported. */
    public static final class ExportAnswers {
        private volatile long generation;
        private volatile Answer last = Answer.NONE;

        /** Starts a new export: later answers belong to it. */
        public void begin(long newGeneration) {
            this.last = Answer.NONE;
            this.generation = newGeneration;
        }

        /** The answer recorded for {@code forGeneration}, or {@link Answer#NONE}. */
        public Answer answer(long forGeneration) {
            Answer answer = last;
            return answer.generation() == forGeneration ? answer : Answer.NONE;
        }

        void record(Answer answer) {
            last = answer;
        }

        long generation() {
            return generation;
        }
    }

    /**
     * What a 2xx answer said.
     *
     * @param generation the export it answered
     * @param rejected {@code rejected_log_records} of a partial success, or 0
     * @param message the partial success's {@code error_message}, or empty
     * @param unreadable whether the body was not an OTLP response at all
     */
    public record Answer(long generation, long rejected, String message, boolean unreadable) {
        static final Answer NONE = new Answer(-1, 0, "", false);
    }

    private static final class CheckingSender implements HttpSender {
        private final HttpSender delegate;
        private final ExportAnswers answers;

        CheckingSender(HttpSender delegate, ExportAnswers answers) {
            this.delegate = delegate;
            this.answers = answers;
        }

        @Override
        public void send(MessageWriter messageWriter, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
            long generation = answers.generation(); // send runs inside export(): the export thread set it just before
            delegate.send(messageWriter, response -> {
                int status = response.getStatusCode();
                if (status >= 200 && status < 300) {
                    answers.record(ExportResponses.read(generation, response.getResponseBody()));
                }
                onResponse.accept(response);
            }, onError);
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
