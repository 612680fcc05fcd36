package io.modelstore.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small server of the Cloud Storage JSON API on 127.0.0.1, for the requests google-cloud-storage makes that
 * Google's in-memory fake cannot answer: {@code ifGenerationMatch} preconditions (0 for create-new) with their
 * 412, page tokens across pages, resumable and multipart uploads, ranged media downloads, and bucket checks with
 * their 404 and 403. Behaviour follows Google's JSON API reference; each bucket's objects change under one lock,
 * so preconditions are atomic as on the service. Started before a test class, stopped after it.
 */
public final class GcsJsonApiServer implements BeforeAllCallback, AfterAllCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Objects per page of a listing: small, so that tests cross pages. */
    static final int PAGE_SIZE = 100;

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record StoredObject(byte[] data, long generation, Instant updated) {}

    private record Upload(String bucket, String name, Long ifGenerationMatch, ByteArrayOutputStream received) {}

    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Set<String> deniedBuckets = ConcurrentHashMap.newKeySet();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1_000);
    private final AtomicInteger listRequests = new AtomicInteger();
    private HttpServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // Without TCP_NODELAY, a response written in two parts waits for the client's delayed ACK: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "gcs-json-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop(0);
    }

    public String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Creates an empty bucket and returns its name. */
    public String newBucket() {
        String name = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
        buckets.put(name, new TreeMap<>());
        return name;
    }

    /** Makes every request on this bucket answer 403, as for credentials without access. */
    public void deny(String bucket) {
        deniedBuckets.add(bucket);
    }

    /** How many object listings (pages) were served. */
    public int listRequests() {
        return listRequests.get();
    }

    /** How many bytes the resumable uploads not finalised yet (or never to be) have received. */
    public long unfinishedUploadBytes() {
        return uploads.values().stream()
                .mapToLong(u -> {
                    synchronized (u) {
                        return u.received().size();
                    }
                })
                .sum();
    }

    public GcsStorage.Builder storage(String bucket) {
        return GcsStorage.builder()
                .project("test-project")
                .bucket(bucket)
                .host(host())
                .chunkSize(256 << 10);
    }

    // ------------------------------------------------------------------ requests

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (RuntimeException | IOException e) {
            // A bug in this server, not a GCS answer: make it loud in the test's output.
            System.err.println("GcsJsonApiServer cannot handle " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + ": " + e);
            e.printStackTrace();
            throw e;
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            Map<String, String> query = query(uri.getRawQuery());
            String method = exchange.getRequestMethod();
            if (path.startsWith("/download/")) {
                path = path.substring("/download".length());
            }
            if (path.startsWith("/upload/storage/v1/b/")) {
                upload(exchange, path.substring("/upload/storage/v1/b/".length()), query, method);
            } else if (path.startsWith("/storage/v1/b/")) {
                String rest = path.substring("/storage/v1/b/".length());
                int slash = rest.indexOf('/');
                String bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
                if (!checkBucket(exchange, bucket)) {
                    return;
                }
                if (slash < 0) {
                    send(
                            exchange,
                            200,
                            JSON.createObjectNode()
                                    .put("kind", "storage#bucket")
                                    .put("name", bucket)
                                    .put("id", bucket));
                } else if (rest.substring(slash).equals("/o")) {
                    list(exchange, bucket, query);
                } else if (rest.substring(slash).startsWith("/o/")) {
                    object(exchange, bucket, decode(rest.substring(slash + 3)), query, method);
                } else {
                    error(exchange, 400, "invalid", "Unsupported request " + method + " " + path);
                }
            } else {
                error(exchange, 400, "invalid", "Unsupported request " + method + " " + path);
            }
        }
    }

    private boolean checkBucket(HttpExchange exchange, String bucket) throws IOException {
        if (deniedBuckets.contains(bucket)) {
            error(exchange, 403, "forbidden", "test-account does not have storage.objects.list access to the bucket.");
            return false;
        }
        if (!buckets.containsKey(bucket)) {
            error(exchange, 404, "notFound", "The specified bucket does not exist.");
            return false;
        }
        return true;
    }

    private void list(HttpExchange exchange, String bucket, Map<String, String> query) throws IOException {
        listRequests.incrementAndGet();
        String prefix = query.getOrDefault("prefix", "");
        int max = Math.min(PAGE_SIZE, Integer.parseInt(query.getOrDefault("maxResults", String.valueOf(PAGE_SIZE))));
        String after = query.get("pageToken");
        ObjectNode page = JSON.createObjectNode().put("kind", "storage#objects");
        ArrayNode items = page.putArray("items");
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        synchronized (objects) {
            NavigableMap<String, StoredObject> tail = after == null
                    ? objects.tailMap(prefix, true)
                    : objects.tailMap(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8), false);
            String last = null;
            for (Map.Entry<String, StoredObject> e : tail.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                if (items.size() == max) {
                    page.put(
                            "nextPageToken",
                            Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
                    break;
                }
                items.add(resource(bucket, e.getKey(), e.getValue()));
                last = e.getKey();
            }
        }
        send(exchange, 200, page);
    }

    private void object(HttpExchange exchange, String bucket, String name, Map<String, String> query, String method)
            throws IOException {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        StoredObject current;
        synchronized (objects) {
            current = objects.get(name);
            if ("DELETE".equals(method)) {
                if (current == null) {
                    error(exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
                } else {
                    objects.remove(name);
                    exchange.sendResponseHeaders(204, -1);
                }
                return;
            }
        }
        if (current == null
                || (query.containsKey("generation")
                        && Long.parseLong(query.get("generation")) != current.generation())) {
            error(exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
            return;
        }
        if (!"media".equals(query.get("alt"))) {
            send(exchange, 200, resource(bucket, name, current));
            return;
        }
        byte[] data = current.data();
        int from = 0;
        int to = data.length;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] bounds = range.substring(6).split("-", -1);
            from = (int) Math.min(Long.parseLong(bounds[0]), data.length);
            to = bounds[1].isEmpty() ? data.length : (int) Math.min(Long.parseLong(bounds[1]) + 1, data.length);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("x-goog-generation", String.valueOf(current.generation()));
        exchange.getResponseHeaders().set("x-goog-stored-content-length", String.valueOf(data.length));
        exchange.getResponseHeaders().set("x-goog-hash", "crc32c=" + crc32c(data) + ",md5=" + md5(data));
        if (range != null) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + data.length);
        }
        int length = to - from;
        exchange.sendResponseHeaders(range != null && length < data.length ? 206 : 200, length == 0 ? -1 : length);
        try (OutputStream out = exchange.getResponseBody()) {
            // In slices: the JDK server allocates a buffer of each write's size, and a GiB overflows it.
            for (int at = from; at < to; at += 1 << 20) {
                out.write(data, at, Math.min(1 << 20, to - at));
            }
        }
    }

    private void upload(HttpExchange exchange, String rest, Map<String, String> query, String method)
            throws IOException {
        String bucket = decode(rest.substring(0, rest.indexOf('/')));
        if (!checkBucket(exchange, bucket)) {
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        Long ifGenerationMatch =
                query.containsKey("ifGenerationMatch") ? Long.parseLong(query.get("ifGenerationMatch")) : null;
        String type = query.get("uploadType");
        if ("multipart".equals(type)) {
            byte[][] parts = multipart(exchange.getRequestHeaders().getFirst("Content-Type"), body);
            String name = JSON.readTree(parts[0]).path("name").asText();
            commit(exchange, bucket, name, ifGenerationMatch, parts[1]);
        } else if ("media".equals(type)) {
            commit(exchange, bucket, query.get("name"), ifGenerationMatch, body);
        } else if ("resumable".equals(type) && "POST".equals(method)) {
            JsonNode meta = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            String name = meta.hasNonNull("name") ? meta.get("name").asText() : query.get("name");
            if (!preconditionHolds(bucket, name, ifGenerationMatch)) {
                error(
                        exchange,
                        412,
                        "conditionNotMet",
                        "At least one of the pre-conditions you specified did not hold.");
                return;
            }
            String id = UUID.randomUUID().toString();
            uploads.put(id, new Upload(bucket, name, ifGenerationMatch, new ByteArrayOutputStream()));
            exchange.getResponseHeaders()
                    .set(
                            "Location",
                            host() + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id);
            exchange.sendResponseHeaders(200, -1);
        } else if ("resumable".equals(type)) {
            Upload upload = uploads.get(query.get("upload_id"));
            if (upload == null) {
                error(exchange, 404, "notFound", "No such upload");
                return;
            }
            // Content-Range: "bytes FIRST-LAST/TOTAL", "bytes FIRST-LAST/*" or "bytes */TOTAL".
            String contentRange = exchange.getRequestHeaders().getFirst("Content-Range");
            synchronized (upload) {
                if (contentRange != null && !contentRange.startsWith("bytes */")) {
                    long first = Long.parseLong(contentRange.substring(6, contentRange.indexOf('-')));
                    int size = upload.received().size();
                    if (first < size) {
                        upload.received()
                                .write(body, (int) (size - first), (int) Math.max(0, body.length - (size - first)));
                    } else {
                        upload.received().write(body);
                    }
                }
                String total = contentRange == null
                        ? String.valueOf(upload.received().size())
                        : contentRange.substring(contentRange.indexOf('/') + 1);
                if (!total.equals("*")
                        && Long.parseLong(total) == upload.received().size()) {
                    uploads.remove(query.get("upload_id"));
                    commit(
                            exchange,
                            upload.bucket(),
                            upload.name(),
                            upload.ifGenerationMatch(),
                            upload.received().toByteArray());
                } else {
                    if (upload.received().size() > 0) {
                        exchange.getResponseHeaders()
                                .set("Range", "bytes=0-" + (upload.received().size() - 1));
                    }
                    exchange.sendResponseHeaders(308, -1);
                }
            }
        } else {
            error(exchange, 400, "invalid", "Unsupported upload " + method + " " + type);
        }
    }

    private boolean preconditionHolds(String bucket, String name, Long ifGenerationMatch) {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        synchronized (objects) {
            StoredObject current = objects.get(name);
            return ifGenerationMatch == null
                    || (ifGenerationMatch == 0
                            ? current == null
                            : current != null && current.generation() == ifGenerationMatch);
        }
    }

    private void commit(HttpExchange exchange, String bucket, String name, Long ifGenerationMatch, byte[] data)
            throws IOException {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        StoredObject stored;
        synchronized (objects) {
            if (!preconditionHolds(bucket, name, ifGenerationMatch)) {
                error(
                        exchange,
                        412,
                        "conditionNotMet",
                        "At least one of the pre-conditions you specified did not hold.");
                return;
            }
            stored = new StoredObject(data, generations.incrementAndGet(), Instant.now());
            objects.put(name, stored);
        }
        send(exchange, 200, resource(bucket, name, stored));
    }

    // ------------------------------------------------------------------ encoding

    private ObjectNode resource(String bucket, String name, StoredObject o) {
        return JSON.createObjectNode()
                .put("kind", "storage#object")
                .put("id", bucket + "/" + name + "/" + o.generation())
                .put("name", name)
                .put("bucket", bucket)
                .put("generation", String.valueOf(o.generation()))
                .put("metageneration", "1")
                .put("contentType", "application/octet-stream")
                .put("size", String.valueOf(o.data().length))
                .put("md5Hash", md5(o.data()))
                .put("crc32c", crc32c(o.data()))
                .put("timeCreated", o.updated().toString())
                .put("updated", o.updated().toString());
    }

    private static String md5(byte[] data) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        long v = crc.getValue();
        return Base64.getEncoder()
                .encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /** The parts of a multipart/related body: the JSON metadata, then the media. */
    private static byte[][] multipart(String contentType, byte[] body) {
        String boundary = contentType.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[][] parts = new byte[2][];
        int at = indexOf(body, delimiter, 0);
        for (int i = 0; i < 2; i++) {
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at) + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd);
            parts[i] = Arrays.copyOfRange(body, headersEnd, next);
            at = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("malformed multipart body");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange exchange, int status, String reason, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", status).put("message", message);
        error.putArray("errors")
                .addObject()
                .put("domain", "global")
                .put("reason", reason)
                .put("message", message);
        send(exchange, status, body);
    }
}
