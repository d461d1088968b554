package dev.renditions.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.renditions.core.events.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 reverse proxy on a loopback port, between an SDK client (whose endpoint is {@link #endpoint()})
 * and moto, that injects faults the real client code then has to survive:
 *
 * <ul>
 *   <li>{@link #failNext}: answers the next N requests that match a predicate itself, e.g. with S3's 503
 *       {@code SlowDown} or 500 {@code InternalError} (XML error bodies), without forwarding them;
 *   <li>{@link #failPutEventsEntries}: makes EventBridge PutEvents fail partially: only the entries chosen to succeed
 *       are forwarded to moto, and the answer reports the others, in entry order, with {@code ErrorCode} and
 *       {@code ErrorMessage} and a matching {@code FailedEntryCount}, exactly as EventBridge does.
 * </ul>
 *
 * <p>It records every request it saw ({@link #requests()}): method, path, query, {@code X-Amz-Target}, the status
 * it answered, whether that answer was injected, and for PutEvents the {@code Detail} of each entry.
 *
 * <p>Built on the JDK only ({@code com.sun.net.httpserver} in front, {@code java.net.http.HttpClient} to moto).
 * SigV4 signatures are not re-computed (moto does not check them). Bodies are held in memory: fine for tests.
 */
public final class FaultProxy implements AutoCloseable {
    public static final String PUT_EVENTS_TARGET = "AWSEvents.PutEvents";

    /** What a request is matched on. {@code path} is decoded; {@code query} raw; {@code target} may be null. */
    public record RequestLine(String method, String path, String query, String target) {
        public boolean isPutEvents() {
            return PUT_EVENTS_TARGET.equals(target);
        }
    }

    /**
     * One request the proxy saw.
     *
     * @param injected true when the proxy answered (part of) it itself
     * @param eventDetails for PutEvents, the {@code Detail} of every entry of the request, in order; else empty
     */
    public record Seen(RequestLine request, int status, boolean injected, List<String> eventDetails) {}

    /** An answer the proxy gives instead of forwarding. */
    public record Fault(int status, String contentType, String body) {
        /** S3's 503 SlowDown (a throttling error the SDK retries). */
        public static Fault slowDown() {
            return s3(503, "SlowDown", "Please reduce your request rate.");
        }

        /** S3's 500 InternalError. */
        public static Fault internalError() {
            return s3(500, "InternalError", "We encountered an internal error. Please try again.");
        }

        /** S3's 403 AccessDenied. */
        public static Fault accessDenied() {
            return s3(403, "AccessDenied", "Access Denied");
        }

        /** A JSON-protocol (EventBridge, Batch) 400 ThrottlingException. */
        public static Fault throttlingJson() {
            return json(400, "ThrottlingException", "Rate exceeded");
        }

        /** A JSON-protocol 500 InternalException. */
        public static Fault internalErrorJson() {
            return json(500, "InternalException", "Internal service error");
        }

        public static Fault s3(int status, String code, String message) {
            return new Fault(
                    status,
                    "application/xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                            + "</Message><RequestId>FAULTPROXY</RequestId><HostId>faultproxy</HostId></Error>");
        }

        public static Fault json(int status, String type, String message) {
            return new Fault(
                    status,
                    "application/x-amz-json-1.1",
                    "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    /** Chooses the PutEvents entries to fail: {@code index} in the request, {@code entry} as sent. */
    @FunctionalInterface
    public interface EntryFailure {
        boolean fails(int index, JsonNode entry);
    }

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "upgrade",
            "transfer-encoding",
            "keep-alive",
            "te",
            "trailer",
            "proxy-connection",
            "date");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private int entryFailureCalls;
    private EntryFailure entryFailure;
    private String entryErrorCode;
    private String entryErrorMessage;

    private static final class Rule {
        final Predicate<RequestLine> match;
        final Fault fault;
        int remaining;

        Rule(Predicate<RequestLine> match, Fault fault, int remaining) {
            this.match = match;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy on a free loopback port that forwards to {@code upstream} (e.g. {@link MotoServer#endpoint()}). */
    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(Objects.requireNonNull(upstream, "upstream"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: give this to the client under test as its endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Answers the next {@code count} requests that match with {@code fault} instead of forwarding them. Rules are
     * tried in the order they were added; {@code Integer.MAX_VALUE} means for ever.
     */
    public synchronized FaultProxy failNext(int count, Predicate<RequestLine> match, Fault fault) {
        rules.add(new Rule(Objects.requireNonNull(match), Objects.requireNonNull(fault), count));
        return this;
    }

    /**
     * For the next {@code calls} PutEvents requests, fails the entries {@code which} selects with
     * {@code ErrorCode=InternalFailure}; the others are forwarded. {@code Integer.MAX_VALUE}: for ever.
     */
    public FaultProxy failPutEventsEntries(int calls, EntryFailure which) {
        return failPutEventsEntries(calls, which, "InternalFailure", "injected by FaultProxy");
    }

    public synchronized FaultProxy failPutEventsEntries(
            int calls, EntryFailure which, String errorCode, String errorMessage) {
        this.entryFailureCalls = calls;
        this.entryFailure = Objects.requireNonNull(which);
        this.entryErrorCode = Objects.requireNonNull(errorCode);
        this.entryErrorMessage = Objects.requireNonNull(errorMessage);
        return this;
    }

    /** Forgets every fault: from now on everything is forwarded. */
    public synchronized void clearFaults() {
        rules.clear();
        entryFailureCalls = 0;
        entryFailure = null;
    }

    /** Every request seen so far, in arrival order. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** The requests seen so far that match. */
    public List<Seen> requests(Predicate<RequestLine> match) {
        return seen.stream().filter(s -> match.test(s.request())).toList();
    }

    public void clearRequests() {
        seen.clear();
    }

    // -- predicates

    public static Predicate<RequestLine> any() {
        return r -> true;
    }

    public static Predicate<RequestLine> method(String method) {
        return r -> r.method().equalsIgnoreCase(method);
    }

    public static Predicate<RequestLine> putEvents() {
        return RequestLine::isPutEvents;
    }

    /** Requests whose X-Amz-Target is {@code target}, e.g. {@code AWSBatchV20160810.SubmitJob}. */
    public static Predicate<RequestLine> target(String target) {
        return r -> target.equals(r.target());
    }

    /** S3 requests on a key (path-style): {@code /bucket/key}, decoded. */
    public static Predicate<RequestLine> s3Object(String method, String bucket, String key) {
        return r -> r.method().equalsIgnoreCase(method) && r.path().equals("/" + bucket + "/" + key);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // -- handling

    private void handle(HttpExchange ex) {
        try (ex) {
            URI uri = ex.getRequestURI();
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            RequestLine line = new RequestLine(
                    method,
                    uri.getPath(),
                    uri.getRawQuery(),
                    ex.getRequestHeaders().getFirst("X-Amz-Target"));
            byte[] body = ex.getRequestBody().readAllBytes();
            List<String> details = line.isPutEvents() ? details(body) : List.of();
            Fault fault = takeFault(line);
            if (fault != null) {
                seen.add(new Seen(line, fault.status(), true, details)); // before answering: no race with asserts
                ex.getResponseHeaders().set("Content-Type", fault.contentType());
                ex.getResponseHeaders().set("x-amz-request-id", "FAULTPROXY");
                send(ex, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            EntryFailure entries = line.isPutEvents() ? takeEntryFailure() : null;
            if (entries != null) {
                Answer a = partialPutEvents(ex, body, entries);
                seen.add(new Seen(line, a.status(), true, details));
                a.write(ex);
                return;
            }
            HttpResponse<byte[]> r = forward(ex, body);
            seen.add(new Seen(line, r.statusCode(), false, details));
            relay(ex, r);
        } catch (Exception e) {
            try {
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                send(ex, 502, ("fault proxy: " + e).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // headers may already be sent; the client sees a broken response
            }
        }
    }

    private synchronized Fault takeFault(RequestLine line) {
        for (Rule rule : rules) {
            if (rule.remaining > 0 && rule.match.test(line)) {
                if (rule.remaining != Integer.MAX_VALUE) {
                    rule.remaining--;
                }
                return rule.fault;
            }
        }
        return null;
    }

    private synchronized EntryFailure takeEntryFailure() {
        if (entryFailure == null || entryFailureCalls <= 0) {
            return null;
        }
        if (entryFailureCalls != Integer.MAX_VALUE) {
            entryFailureCalls--;
        }
        return entryFailure;
    }

    /** Either moto's answer, relayed as it is, or a PutEvents answer of our own. */
    private record Answer(int status, HttpResponse<byte[]> upstream, byte[] json) {
        void write(HttpExchange ex) throws IOException {
            if (upstream != null) {
                relay(ex, upstream);
            } else {
                ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                send(ex, status, json);
            }
        }
    }

    private Answer partialPutEvents(HttpExchange ex, byte[] body, EntryFailure which)
            throws IOException, InterruptedException {
        JsonNode request = Json.MAPPER.readTree(body);
        JsonNode entries = request.path("Entries");
        boolean[] failed = new boolean[entries.size()];
        ObjectNode forwarded = request.deepCopy();
        ArrayNode forwardedEntries = forwarded.putArray("Entries");
        for (int i = 0; i < entries.size(); i++) {
            failed[i] = which.fails(i, entries.get(i));
            if (!failed[i]) {
                forwardedEntries.add(entries.get(i));
            }
        }
        JsonNode upstreamEntries = Json.MAPPER.createArrayNode();
        int upstreamFailed = 0;
        if (!forwardedEntries.isEmpty()) {
            HttpResponse<byte[]> r = forward(ex, Json.MAPPER.writeValueAsBytes(forwarded));
            if (r.statusCode() != 200) {
                return new Answer(r.statusCode(), r, null);
            }
            JsonNode answer = Json.MAPPER.readTree(r.body());
            upstreamEntries = answer.path("Entries");
            upstreamFailed = answer.path("FailedEntryCount").asInt();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode outEntries = Json.MAPPER.createArrayNode();
        int injected = 0;
        int next = 0;
        for (boolean f : failed) {
            if (f) {
                injected++;
                outEntries.addObject().put("ErrorCode", entryErrorCode).put("ErrorMessage", entryErrorMessage);
            } else {
                outEntries.add(upstreamEntries.get(next++));
            }
        }
        out.put("FailedEntryCount", injected + upstreamFailed);
        out.set("Entries", outEntries);
        return new Answer(200, null, Json.MAPPER.writeValueAsBytes(out));
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        URI uri = ex.getRequestURI();
        String target = upstream.toString().replaceAll("/$", "")
                + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(60))
                .method(
                        ex.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String v : h.getValue()) {
                try {
                    rb.header(h.getKey(), v);
                } catch (IllegalArgumentException restricted) {
                    // a header the JDK client sets itself
                }
            }
        }
        return client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void relay(HttpExchange ex, HttpResponse<byte[]> r) throws IOException {
        for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
            String name = h.getKey();
            if (name.startsWith(":") || HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            ex.getResponseHeaders().put(name, new ArrayList<>(h.getValue()));
        }
        if ("HEAD".equalsIgnoreCase(ex.getRequestMethod())) {
            // a HEAD answer has no body but tells the object's length
            r.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders()
                    .set("Content-Length", v));
        }
        send(ex, r.statusCode(), r.body());
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean noBody =
                body.length == 0 || status == 204 || status == 304 || "HEAD".equalsIgnoreCase(ex.getRequestMethod());
        ex.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static List<String> details(byte[] body) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode e : Json.MAPPER.readTree(body).path("Entries")) {
                out.add(e.path("Detail").asText());
            }
            return List.copyOf(out);
        } catch (IOException e) {
            return List.of();
        }
    }
}
